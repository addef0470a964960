/**
 * kaitei in a policy repository of its own: packed, installed as a
 * dependency into a fresh project that keeps a small policy in git, and run
 * with `npx kaitei` — build (with PDFs where there is a browser), history,
 * diff — with themes and fonts found from the installed package. And
 * `npx kaitei` in kaitei's own checkout after `npm ci`.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {findBrowser} from '../src/browser.js'
import {fixtures, repoRoot, runProgram, runSync, tempDir} from './helpers.js'

const canPrint = Boolean(findBrowser()) || Boolean(process.env.CI)
const env = {...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false'}

function run(cwd: string, command: string, ...args: string[]) {
  const result = runSync(command, args, {cwd, encoding: 'utf8', env})
  return {status: result.status, output: result.stdout + result.stderr, stdout: result.stdout}
}

async function git(cwd: string, ...args: string[]) {
  const result = run(cwd, 'git', '-c', 'user.name=policy', '-c', 'user.email=policy@example.com', ...args)
  if (result.status !== 0) throw new Error(result.output)
}

describe('a policy repository of its own', () => {
  let project: string

  beforeAll(async () => {
    const packs = await tempDir('kaitei-pack-')
    // `npm test` compiled dist/ already; packing checks what the package holds.
    const packed = run(repoRoot, 'npm', 'pack', '--ignore-scripts', '--pack-destination', packs)
    expect(packed.status, packed.output).toBe(0)
    const tarball = path.join(packs, packed.stdout.trim().split('\n').pop()!)
    project = await tempDir('kaitei-project-')
    await fs.writeFile(path.join(project, 'package.json'), JSON.stringify({name: 'city-policy', private: true}, null, 2))
    const installed = run(project, 'npm', 'install', '--prefer-offline', '--no-audit', '--no-fund', tarball)
    expect(installed.status, installed.output).toBe(0)
    await git(project, 'init', '-q', '-b', 'main')
    await fs.writeFile(path.join(project, '.gitignore'), 'node_modules\nbuild\n')
    for (const version of ['v1', 'v2']) {
      await fs.cp(path.join(fixtures, 'english', version), project, {recursive: true})
      await git(project, 'add', '-A')
      await git(project, 'commit', '-q', '-m', version)
    }
  })

  it('has a kaitei command that knows its version', async () => {
    const version = JSON.parse(await fs.readFile(path.join(repoRoot, 'package.json'), 'utf8')).version
    const result = run(project, 'npx', '--no-install', 'kaitei', '--version')
    expect(result.output.trim()).toBe(version)
  })

  it('builds every version, with themes and fonts from the installed package', async () => {
    const result = run(project, 'npx', '--no-install', 'kaitei', 'build', '--all-versions', '--format', canPrint ? 'html,pdf' : 'html')
    expect(result.status, result.output).toBe(0)
    const page = await fs.readFile(path.join(project, 'build', 'staff', 'index.html'), 'utf8')
    expect(page).toContain('The on-call engineer can be reached at extension 9999.')
    const assets = await fs.readdir(path.join(project, 'build', 'staff', 'assets'))
    expect(assets).toEqual(expect.arrayContaining(['kaitei.css', 'search.js', 'fonts.css', 'fonts']))
    expect((await fs.readdir(path.join(project, 'build', 'staff', 'assets', 'fonts'))).length).toBeGreaterThan(2)
    expect(await fs.readdir(path.join(project, 'build', 'staff', 'versions'))).toEqual(['2024-04-01', '2025-06-01'])
    if (canPrint) expect((await fs.stat(path.join(project, 'build', 'staff', 'acme-isp.pdf'))).size).toBeGreaterThan(10_000)
  })

  it('reports history and diffs', () => {
    const history = run(project, 'npx', '--no-install', 'kaitei', 'history')
    expect(history.status, history.output).toBe(0)
    expect(history.output).toContain('2025-06-01  amended')
    const diff = run(project, 'npx', '--no-install', 'kaitei', 'diff', '2024-04-01', '2025-06-01', '--format', 'md', '--audience', 'public')
    expect(diff.status, diff.output).toBe(0)
    expect(diff.output).toContain('<ins>Administrators must review access rights every quarter.</ins>')
  })
})

describe('kaitei\'s own checkout', () => {
  it('has `npx kaitei` after npm ci (the README\'s pull-request workflow)', () => {
    const result = run(repoRoot, 'npx', '--no-install', 'kaitei', '--version')
    expect(result.status, result.output).toBe(0)
  })
})
