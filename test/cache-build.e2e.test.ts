/**
 * Builds, diffs, history and checks with the persistent cache write what
 * they write without it: warm or cold, with damaged entries, and with two
 * builds sharing one cache at once.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {copyFixture, fixtures, git, listFiles, runCli, tempDir} from './helpers.js'

/** Every file of a folder with its bytes, for comparing two builds. */
async function contents(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const file of await listFiles(dir)) out[file] = (await fs.readFile(path.join(dir, file))).toString('base64')
  return out
}

async function cacheEntries(dir: string): Promise<string[]> {
  return (await listFiles(dir)).map((d) => path.join(dir, d))
}

describe('the persistent cache in builds and diffs', () => {
  it('a second build loads what the first rendered; damaged entries are ignored; the output never changes', async () => {
    const dir = await copyFixture(path.join(fixtures, 'access'))
    const cache = path.join(await tempDir(), 'cache')
    const build = async (out: string, ...extra: string[]) => {
      const run = await runCli(['build', '-q', '--format', 'html', '--out', out, ...extra], dir)
      expect(run.status, run.stderr).toBe(0)
      return contents(path.join(dir, out))
    }
    const plain = await build('plain', '--no-cache')
    expect(await build('cold', '--cache', cache)).toEqual(plain)
    const stored = await cacheEntries(cache)
    expect(stored.length).toBeGreaterThan(0)
    expect(await build('warm', '--cache', cache)).toEqual(plain)
    // A flipped byte, a truncated entry, another version: each ignored, the build the same.
    const damages: Array<(bytes: Buffer) => Buffer> = [
      (bytes) => Buffer.from(bytes.map((d, i) => (i === bytes.length - 3 ? d ^ 0x20 : d))),
      (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2)),
      (bytes) => Buffer.from(bytes.toString('utf8').replace(/"version":"[^"]*"/, '"version":"0.0.0+other"'))
    ]
    for (const damage of damages) {
      for (const file of await cacheEntries(cache)) await fs.writeFile(file, damage(await fs.readFile(file)))
      const run = await runCli(['build', '-q', '--format', 'html', '--out', 'damaged', '--cache', cache], dir, {KAITEI_DEBUG: '1'})
      expect(run.status, run.stderr).toBe(0)
      expect(run.stderr).toMatch(/cache: ignored .*(checksum mismatch|truncated|another version)/)
      expect(await contents(path.join(dir, 'damaged'))).toEqual(plain)
    }
  })

  it('two builds at once, sharing one cache, both succeed with the same output', async () => {
    const dir = await copyFixture(path.join(fixtures, 'access'))
    const cache = path.join(await tempDir(), 'cache')
    const [a, b] = await Promise.all([
      runCli(['build', '-q', '--format', 'html', '--out', 'one', '--cache', cache], dir),
      runCli(['build', '-q', '--format', 'html', '--out', 'two', '--cache', cache], dir)
    ])
    expect(a.status, a.stderr).toBe(0)
    expect(b.status, b.stderr).toBe(0)
    expect(await contents(path.join(dir, 'one'))).toEqual(await contents(path.join(dir, 'two')))
    expect((await cacheEntries(cache)).filter((d) => d.endsWith('.tmp'))).toEqual([])
    expect(await contents(path.join(dir, 'one'))).toEqual((await (async () => {
      const run = await runCli(['build', '-q', '--format', 'html', '--out', 'three', '--no-cache'], dir)
      expect(run.status).toBe(0)
      return contents(path.join(dir, 'three'))
    })()))
  })

  it('diff, history and check say the same cold, warm and without a cache; KAITEI_CACHE names the folder', async () => {
    const dir = await copyFixture(path.join(fixtures, 'statute'))
    // The statute's versions as commits.
    const repo = await tempDir()
    await git(repo, 'init', '-q', '-b', 'main')
    for (const version of ['v1', 'v2', 'v3']) {
      await fs.cp(path.join(dir, version), repo, {recursive: true})
      await git(repo, 'add', '-A')
      await git(repo, 'commit', '-q', '-m', version)
    }
    const cache = path.join(await tempDir(), 'cache')
    for (const args of [['diff', 'HEAD~2', 'HEAD', '--format', 'json'], ['history', '--json'], ['check']]) {
      const none = await runCli([...args, '--no-cache'], repo)
      const cold = await runCli(args, repo, {KAITEI_CACHE: cache})
      const warm = await runCli(args, repo, {KAITEI_CACHE: cache})
      expect(none.status, none.stderr).toBe(0)
      expect(cold.stdout).toBe(none.stdout)
      expect(warm.stdout).toBe(none.stdout)
    }
    expect((await cacheEntries(cache)).length).toBeGreaterThan(0)
  })
})
