import {spawnSync} from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const fixtures = path.join(repoRoot, 'test', 'fixtures')
export const cliPath = path.join(repoRoot, 'dist', 'bin', 'cli.js')

export interface CliRun {
  status: number | null
  stdout: string
  stderr: string
}

/** Run the compiled CLI (`npm test` compiles first) as a user would. */
export function runCli(args: string[], cwd = repoRoot): CliRun {
  const result = spawnSync(process.execPath, [cliPath, ...args], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})
  return {status: result.status, stdout: result.stdout, stderr: result.stderr}
}

/** A fresh temporary folder, removed by the caller's `afterAll` if wanted. */
export async function tempDir(prefix = 'kaitei-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix))
}

/** Copy a fixture folder (or the repository's sample) to a temp folder. */
export async function copyFixture(from: string): Promise<string> {
  const dir = await tempDir()
  await fs.cp(from, dir, {recursive: true, filter: (src) => !/[/\\](node_modules|build|dist|\.git)$/.test(src)})
  return dir
}

/** Every file under `dir`, relative, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (current: string) => {
    for (const entry of await fs.readdir(current, {withFileTypes: true})) {
      const full = path.join(current, entry.name)
      if (entry.isDirectory()) await walk(full)
      else out.push(path.relative(dir, full))
    }
  }
  await walk(dir)
  return out.sort()
}

/** The seed's 目次 entries: [number, title] as the city printed them. */
export async function seedTocEntries(): Promise<Array<[string, string]>> {
  const seed = await fs.readFile(path.join(fixtures, 'seed.txt'), 'utf8')
  const start = seed.indexOf('<目 次>')
  const end = seed.indexOf('## 序')
  return seed
    .slice(start, end)
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line) => {
      const [number, title] = line.split('\t')
      return [number!.trim(), title!.trim()] as [string, string]
    })
}

/** Run git in `cwd` (a test repository: fixed identity, no signing). */
export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=kaitei', '-c', 'user.email=kaitei@example.invalid', '-c', 'commit.gpgsign=false', ...args], {cwd, encoding: 'utf8'})
  if (result.status !== 0) throw new Error('git ' + args.join(' ') + ': ' + result.stderr)
  return result.stdout
}

export interface VersionText {
  /** The amendment: ISO date and type (策定, 改定, 改正 …). */
  date: string
  type: string
  /** `docs/a.md` as it stood after the amendment. */
  text: string
}

/**
 * A policy in a fresh git repository, one commit per amendment, each
 * adding its history entry: for tests of history, diffs and versions.
 */
export async function gitPublication(versions: readonly VersionText[], config = 'id: s\ntitle: 試験規程\nowner: 試験課\nsources: [docs/a.md]\n'): Promise<string> {
  const dir = await tempDir('kaitei-git-')
  await fs.mkdir(path.join(dir, 'docs'))
  git(dir, 'init', '-q', '-b', 'main')
  for (const [index, version] of versions.entries()) {
    const history = versions.slice(0, index + 1).map((d) => '  - {date: ' + d.date + ', type: ' + d.type + '}\n').join('')
    await fs.writeFile(path.join(dir, 'docs', 'a.md'), version.text)
    await fs.writeFile(path.join(dir, 'kaitei.yaml'), config + 'history:\n' + history)
    git(dir, 'add', '-A')
    git(dir, 'commit', '-q', '-m', version.type + ' ' + version.date)
  }
  return dir
}
