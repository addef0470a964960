/**
 * `cross-reference` read against the draft amendment: `kaitei check` in a
 * working tree that renumbers sections reports each reference the
 * amendment left naming what it named before, with the number it has now
 * (test/fixtures/renumber-reference/README.md; the expected messages are
 * written out by hand).
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {startPreview} from '../src/preview/server.js'
import {fixtures, git, runCli, tempDir} from './helpers.js'

interface Record {
  file: string
  line: number
  column: number
  severity: string
  rule: string
  message: string
}

const fixture = path.join(fixtures, 'renumber-reference')

/** v1 committed as the version in force, v2 in the working tree. */
async function draft(): Promise<string> {
  const dir = await tempDir('kaitei-draft-')
  await fs.cp(path.join(fixture, 'v1'), dir, {recursive: true})
  await git(dir, 'init', '-q', '-b', 'main')
  await git(dir, 'add', '-A')
  await git(dir, 'commit', '-q', '-m', '策定')
  await fs.rm(path.join(dir, 'docs'), {recursive: true})
  await fs.cp(path.join(fixture, 'v2'), dir, {recursive: true})
  return dir
}

async function check(dir: string): Promise<Record[]> {
  const result = await runCli(['check', '--format', 'json', '--no-cache'], dir)
  expect(result.stderr).toBe('')
  return (JSON.parse(result.stdout) as Record[]).filter((d) => d.rule === 'cross-reference')
}

const at = (record: Record) => record.file.replace(/^.*\/docs\//, 'docs/') + ':' + record.line + ':' + record.column

describe('cross-reference against the draft amendment', () => {
  let dir: string
  beforeAll(async () => {
    dir = await draft()
  })

  it('reports an unchanged reference to a renumbered section with its new number, and one to a removed section', async () => {
    const records = await check(dir)
    expect(records.map((d) => at(d) + ' ' + d.message)).toEqual([
      'docs/a.md:17:1 Unexpected reference `上記2`: it named 2 脅威 in 令和6年4月1日 策定, which this amendment renumbers 3, expected `上記3`',
      'docs/a.md:17:11 Unexpected reference `第2章`: it named 第2章 対策基準 in 令和6年4月1日 策定, which this amendment renumbers 第3章, expected `第3章`',
      'docs/b.md:5:1 Unexpected reference `上記1`: it named 1 物理的対策 in 令和6年4月1日 策定, which this amendment removes, expected a reference to a section that exists'
    ])
  })

  it('kaitei preview reports them among its warnings while one writes', async () => {
    const preview = await startPreview({config: path.join(dir, 'kaitei.yaml'), port: 0, watch: false})
    try {
      const warnings = preview.workspace.state.good!.warnings.filter((d) => d.rule === 'cross-reference')
      expect(warnings.map((d) => d.file + ':' + d.line + ':' + d.column)).toEqual(['docs/a.md:17:1', 'docs/a.md:17:11', 'docs/b.md:5:1'])
      expect(warnings[0]!.message).toContain('which this amendment renumbers 3, expected `上記3`')
      // The draft it shows is the same amendment, renumbering included.
      expect(preview.workspace.state.good!.drafts.get('all')!.diff.changes.summary.sections.renumbered).toBeGreaterThan(0)
    } finally {
      await preview.close()
    }
  })

  it('is quiet once the references are brought along, and without a version in force', async () => {
    const fixed = await draft()
    const a = path.join(fixed, 'docs', 'a.md')
    await fs.writeFile(a, (await fs.readFile(a, 'utf8')).replace('上記2の脅威に備え、第2章に定める', '上記3の脅威に備え、第3章に定める'))
    const b = path.join(fixed, 'docs', 'b.md')
    await fs.writeFile(b, (await fs.readFile(b, 'utf8')).replace('上記1の対策と併せて、', ''))
    expect(await check(fixed)).toEqual([])
    // The same text without git: nothing is in force, nothing was renumbered (上記2 and 第2章 exist).
    const bare = await tempDir('kaitei-draft-')
    await fs.cp(path.join(fixture, 'v2'), bare, {recursive: true})
    expect(await check(bare)).toEqual([])
  })

  it('kaitei preview shows no page while a reference made an error is wrong, and says where', async () => {
    const strict = await draft()
    const config = path.join(strict, 'kaitei.yaml')
    await fs.writeFile(config, (await fs.readFile(config, 'utf8')) + 'lint:\n  cross-reference: error\n')
    const preview = await startPreview({config, port: 0, watch: false})
    try {
      expect(preview.workspace.state.good).toBeUndefined()
      expect(preview.workspace.state.problems.map((d) => d.file + ':' + d.line + ':' + d.column + ' ' + d.rule)).toEqual([
        'docs/a.md:17:1 cross-reference',
        'docs/a.md:17:11 cross-reference',
        'docs/b.md:5:1 cross-reference'
      ])
    } finally {
      await preview.close()
    }
  })

  it('a version in force that cannot be read is said, and the check goes on', async () => {
    // The committed config lists a file the commit does not hold.
    const dir = await tempDir('kaitei-draft-')
    await fs.cp(path.join(fixture, 'v1', 'kaitei.yaml'), path.join(dir, 'kaitei.yaml'))
    await git(dir, 'init', '-q', '-b', 'main')
    await git(dir, 'add', '-A')
    await git(dir, 'commit', '-q', '-m', '策定')
    await fs.cp(path.join(fixture, 'v1', 'docs'), path.join(dir, 'docs'), {recursive: true})
    const result = await runCli(['check', '--format', 'json', '--no-cache'], dir)
    expect(result.status, result.stderr).toBe(0)
    const records = (JSON.parse(result.stdout) as Record[]).filter((d) => d.rule === 'draft-amendment' || d.rule === 'cross-reference')
    expect(records.map((d) => path.basename(d.file) + ' ' + d.severity + ' ' + d.rule + ' ' + d.message)).toEqual([
      'kaitei.yaml warning draft-amendment Cannot read references against the version in force: Cannot find source `docs/a.md`, expected a Markdown file listed in `sources`; Cannot find source `docs/b.md`, expected a Markdown file listed in `sources`; they are read by the working tree alone'
    ])
    // Not a wrong reference: `cross-reference: error` does not make it one.
    await fs.appendFile(path.join(dir, 'kaitei.yaml'), 'lint:\n  cross-reference: error\n')
    expect((await runCli(['check', '--no-cache'], dir)).status).toBe(0)
  })

  it('is off with the rule', async () => {
    const off = await draft()
    const config = path.join(off, 'kaitei.yaml')
    await fs.writeFile(config, (await fs.readFile(config, 'utf8')) + 'lint:\n  cross-reference: off\n')
    expect(await check(off)).toEqual([])
  })
})
