import {spawn, spawnSync, type ChildProcess, type SpawnSyncOptions} from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const fixtures = path.join(repoRoot, 'test', 'fixtures')
export const cliPath = path.join(repoRoot, 'dist', 'bin', 'cli.js')

export interface CliRun {
  status: number | null
  /** The signal that ended it, if one did. */
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface RunOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Written to its standard input, which is then closed. */
  input?: string
  /** Accepted for the shape of `spawnSync`'s options: output is always UTF-8 text. */
  encoding?: 'utf8'
}

/** Children the tests started and that still run: killed after each test (test/setup.ts). */
const live = new Set<ChildProcess>()

/** Kill every child a test left running (its time limit hit while a child ran). */
export function killLiveChildren(): void {
  for (const child of live) child.kill('SIGKILL')
  live.clear()
}

/**
 * Run a program asynchronously: while it runs, the test's time limit (set
 * in vitest.config.ts) still applies — a hung child fails its test at the
 * limit, and is killed after it.
 */
export function runProgram(command: string, args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe']})
    live.add(child)
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', (error) => {
      live.delete(child)
      reject(error)
    })
    child.on('close', (status, signal) => {
      live.delete(child)
      resolve({status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8')})
    })
    child.stdin.on('error', () => {})
    child.stdin.end(options.input)
  })
}

/** The time limit of the tests of this project, in ms (vitest.config.ts sets it). */
export const testLimit = Number(process.env.KAITEI_TEST_LIMIT_MS ?? 60_000)

/**
 * A quick tool run synchronously (`pdftotext`, `pdfinfo`, `qpdf`, `ps`):
 * killed at the test's limit, and then an error that says so.
 */
export function runSync(command: string, args: readonly string[], options: SpawnSyncOptions = {}) {
  const result = spawnSync(command, args, {encoding: 'utf8', timeout: testLimit, killSignal: 'SIGKILL', ...options})
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
    throw new Error(command + ' ' + args.join(' ') + ': still running after ' + testLimit / 1000 + ' s (the test\'s limit), killed')
  }
  return result as typeof result & {stdout: string; stderr: string}
}

/** Run the compiled CLI (`npm test` compiles first) as a user would. */
export function runCli(args: string[], cwd = repoRoot, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runProgram(process.execPath, [cliPath, ...args], {cwd, env: {...process.env, NO_COLOR: '1', ...env}})
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

/** Run git in `cwd` (a test repository: fixed identity, no signing), asynchronously. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const result = await runProgram('git', ['-c', 'user.name=kaitei', '-c', 'user.email=kaitei@example.invalid', '-c', 'commit.gpgsign=false', ...args], {cwd})
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
  await git(dir, 'init', '-q', '-b', 'main')
  for (const [index, version] of versions.entries()) {
    const history = versions.slice(0, index + 1).map((d) => '  - {date: ' + d.date + ', type: ' + d.type + '}\n').join('')
    await fs.writeFile(path.join(dir, 'docs', 'a.md'), version.text)
    await fs.writeFile(path.join(dir, 'kaitei.yaml'), config + 'history:\n' + history)
    await git(dir, 'add', '-A')
    await git(dir, 'commit', '-q', '-m', version.type + ' ' + version.date)
  }
  return dir
}
