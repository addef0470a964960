import fs from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {copyFixture, fixtures, listFiles, runCli} from './helpers.js'

describe('atomic builds', () => {
  it('a failed build leaves the previous build untouched and exits non-zero', async () => {
    const dir = await copyFixture(path.join(fixtures, 'valid'))
    const first = await runCli(['build', '-q', '--format', 'html'], dir)
    expect(first.status).toBe(0)
    const out = path.join(dir, 'build')
    const before = await listFiles(out)
    const page = await fs.readFile(path.join(out, 'all', 'index.html'), 'utf8')
    expect(page).toContain('This policy sets the rules.')

    // Break the front matter and change the text.
    const source = path.join(dir, 'docs', 'a.md')
    await fs.writeFile(source, (await fs.readFile(source, 'utf8')).replace('title: Chapter 1', 'title: [unclosed').replace('sets the rules', 'NEW TEXT'))
    const failed = await runCli(['build', '--format', 'html'], dir)
    expect(failed.status).toBe(1)
    expect(failed.stderr).toMatch(/docs\/a\.md:2:\d+: Unexpected YAML syntax/)
    expect(failed.stderr).toContain('the previous build was left as it was')

    expect(await listFiles(out)).toEqual(before)
    expect(await fs.readFile(path.join(out, 'all', 'index.html'), 'utf8')).toBe(page)
    // No staging folders are left behind.
    expect((await fs.readdir(dir)).filter((d) => d.startsWith('build.'))).toEqual([])
  })

  it('a successful build replaces the previous one completely', async () => {
    const dir = await copyFixture(path.join(fixtures, 'valid'))
    expect((await runCli(['build', '-q', '--format', 'html'], dir)).status).toBe(0)
    await fs.writeFile(path.join(dir, 'build', 'all', 'stale.txt'), 'old')
    const source = path.join(dir, 'docs', 'a.md')
    await fs.writeFile(source, (await fs.readFile(source, 'utf8')).replace('sets the rules', 'sets the new rules'))
    expect((await runCli(['build', '-q', '--format', 'html'], dir)).status).toBe(0)
    const files = await listFiles(path.join(dir, 'build'))
    expect(files).not.toContain('all/stale.txt')
    expect(await fs.readFile(path.join(dir, 'build', 'all', 'index.html'), 'utf8')).toContain('sets the new rules')
  })

  it('refuses to replace a folder kaitei did not make', async () => {
    const dir = await copyFixture(path.join(fixtures, 'valid'))
    const precious = path.join(dir, 'precious')
    await fs.mkdir(precious)
    await fs.writeFile(path.join(precious, 'notes.txt'), 'keep me')
    const run = await runCli(['build', '--format', 'html', '--out', 'precious'], dir)
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Refusing to replace')
    expect(await fs.readFile(path.join(precious, 'notes.txt'), 'utf8')).toBe('keep me')
  })
})

describe('kaitei build --audience', () => {
  it('rebuilds only the named editions and leaves the others as they were', async () => {
    const dir = await copyFixture(path.join(fixtures, 'access'))
    expect((await runCli(['build', '-q', '--format', 'html'], dir)).status).toBe(0)
    const publicPage = await fs.readFile(path.join(dir, 'build', 'public', 'index.html'), 'utf8')
    const source = path.join(dir, 'docs', '01-general.md')
    await fs.writeFile(source, (await fs.readFile(source, 'utf8')).replace('毎年見直す', '毎年度見直す'))

    const run = await runCli(['build', '-q', '--format', 'html', '--audience', 'staff', '-a', 'security'], dir)
    expect(run.status).toBe(0)
    expect(await fs.readFile(path.join(dir, 'build', 'staff', 'index.html'), 'utf8')).toContain('毎年度見直す')
    expect(await fs.readFile(path.join(dir, 'build', 'security', 'index.html'), 'utf8')).toContain('毎年度見直す')
    expect(await fs.readFile(path.join(dir, 'build', 'public', 'index.html'), 'utf8')).toBe(publicPage)
    expect((await fs.readdir(path.join(dir, 'build'))).sort()).toEqual(['kaitei-build.json', 'public', 'security', 'staff'])
  })

  it('rejects an unknown audience', async () => {
    const run = await runCli(['build', '--audience', 'everyone', '-c', path.join(fixtures, 'access', 'kaitei.yaml'), '-o', path.join(fixtures, 'access', 'never')])
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Unknown audience `everyone`, expected one of public, staff, security')
  })
})
