/**
 * Lint rules in `kaitei check`: each fires on a fixture that breaks it,
 * at its exact place; each is quiet on the sample and the statute
 * fixtures; `lint:` in kaitei.yaml turns each off, to a warning or to an
 * error.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {copyFixture, fixtures, runCli} from './helpers.js'

interface Record {
  file: string
  line: number
  column: number
  severity: string
  rule: string
  message: string
}

async function check(config: string, cwd?: string): Promise<{status: number | null; records: Record[]}> {
  const result = await runCli(['check', '-c', config, '--format', 'json', '--no-cache'], cwd)
  return {status: result.status, records: JSON.parse(result.stdout) as Record[]}
}

const where = (records: Record[], rule: string) => records.filter((d) => d.rule === rule).map((d) => d.file.replace(/^.*\/docs\//, 'docs/').replace(/^.*\/kaitei\.yaml$/, 'kaitei.yaml') + ':' + d.line + ':' + d.column + ' ' + d.severity)

describe('lint rules', () => {
  it('cross-reference: references to sections that do not exist, at their place; other laws and valid ones left alone', async () => {
    const {status, records} = await check(path.join(fixtures, 'lint', 'kaitei.yaml'))
    expect(status).toBe(0)
    expect(where(records, 'cross-reference')).toEqual([
      'docs/a.md:13:17 warning',
      'docs/a.md:13:45 warning',
      'docs/a.md:17:10 warning',
      'docs/a.md:44:1 warning',
      'docs/b.md:5:11 warning',
      'docs/b.md:11:30 warning',
      'docs/b.md:11:38 warning',
      'docs/c.md:5:41 warning'
    ])
    const messages = records.filter((d) => d.rule === 'cross-reference').map((d) => d.message)
    expect(messages[0]).toBe('Unexpected reference `上記12`: no section 12 in 第1章 総則, expected a section that exists (renumbered?)')
    expect(messages[2]).toBe('Unexpected reference `下記(2)`: no section (2) in 3 対策, expected a section that exists (renumbered?)')
    // A number a citing phrase follows (「1.2に定める」); a paragraph (項) and an item (号) of an article.
    expect(messages[3]).toBe('Unexpected reference `1.2`: no section 1.2 in 第1章 総則, expected a section that exists (renumbered?)')
    expect(messages[5]).toBe('Unexpected reference `第二条第三項`: 第二条 has no 第三項, expected a paragraph that exists')
    expect(messages[6]).toBe('Unexpected reference `第三条第二号`: 第三条 has no 第二号, expected an item that exists')
    expect(messages.join('\n')).not.toMatch(/上記2`|上記1`|`第二条`|第二条第二項`|第三条第一号|二百四十四|同法|第2章`|Section 3\.1|`\(1\)`/)
  })

  it('defined-term: a term a 定義 section defines and the text never uses; a term quoted as one that is not defined', async () => {
    const {records} = await check(path.join(fixtures, 'lint', 'kaitei.yaml'))
    expect(where(records, 'defined-term')).toEqual(['docs/a.md:27:1 warning', 'docs/a.md:40:25 warning'])
    const messages = records.filter((d) => d.rule === 'defined-term').map((d) => d.message)
    expect(messages[0]).toBe('Unexpected defined term `外部記録媒体` that the text never uses, expected it used or its definition removed')
    expect(messages[1]).toContain('Unexpected 「暗号鍵」 quoted as a defined term that is not defined')
    // Used as Japanese uses them: 通信経路の分割 as 通信経路を分割し; an item's term (管理区域); 「本規程」 defined where it first appears; a document cited.
    expect(messages.join('\n')).not.toMatch(/通信経路|管理区域|本規程|認証基盤設定基準|情報資産/)
  })

  it('a reference to a section that exists becomes a link to it, in the page and so in the PDF', async () => {
    const dir = await copyFixture(path.join(fixtures, 'lint'))
    const build = await runCli(['build', '--format', 'html', '--no-cache', '-q'], dir)
    expect(build.status, build.stderr).toBe(0)
    const page = await fs.readFile(path.join(dir, 'build', 'all', 'index.html'), 'utf8')
    expect(page).toContain('<a href="#ch1-1" class="cross-reference">上記1</a>')
    expect(page).toContain('<a href="#ch1-2" class="cross-reference">上記2</a>')
    expect(page).toContain('<a href="#art2" class="cross-reference">第二条</a>')
    expect(page).toContain('<a href="#art2-2" class="cross-reference">第二条第二項</a>')
    expect(page).toContain('<a href="#art3-g1" class="cross-reference">第三条第一号</a>')
    expect(page).toContain('<a href="#ch1-6-p1" class="cross-reference">(1)</a>に掲げる')
    expect(page).toContain('<a href="#ch3-3-1" class="cross-reference">Section 3.1</a>')
    // 「第2章」 in a.md names the chapter b.md holds: the edition, which sees both files, links it.
    expect(page).toContain('<a href="#ch2" class="cross-reference">第2章</a>')
    // No link to nothing, nor to another law's article; no reference left pending.
    expect(page).not.toMatch(/class="cross-reference">(?:上記12|第4章|第九条|第二百四十四条|第二条第三項|第三条第二号|1\.2)/)
    expect(page).not.toContain('data-kaitei-reference')
    expect(page).toContain('上記12の対策')
    expect(page).toContain('第4章の定めによる')
  })

  it('a reference into a chapter an edition withholds is words alone in that edition, a link in the one that shows it', async () => {
    const dir = await copyFixture(path.join(fixtures, 'lint'))
    const config = path.join(dir, 'kaitei.yaml')
    await fs.writeFile(config, (await fs.readFile(config, 'utf8')) + 'audiences:\n  - name: public\n    label: 公開\n    public: true\n  - name: staff\n    label: 庁内限定\n    includes: public\n')
    const b = path.join(dir, 'docs', 'b.md')
    await fs.writeFile(b, '---\naccess: staff\nwithheld: remove\n---\n\n' + (await fs.readFile(b, 'utf8')))
    const build = await runCli(['build', '--format', 'html', '--no-cache', '-q'], dir)
    expect(build.status, build.stderr).toBe(0)
    const pub = await fs.readFile(path.join(dir, 'build', 'public', 'index.html'), 'utf8')
    const staff = await fs.readFile(path.join(dir, 'build', 'staff', 'index.html'), 'utf8')
    expect(staff).toContain('<a href="#ch2" class="cross-reference">第2章</a>')
    expect(pub).toContain('第2章に定めるところによるほか')
    expect(pub).not.toContain('#ch2"')
    expect(pub).not.toContain('data-kaitei-reference')
  })

  it('history: a future date without `status: 予定`', async () => {
    const {records} = await check(path.join(fixtures, 'lint', 'kaitei.yaml'))
    expect(where(records, 'history-future')).toEqual(['kaitei.yaml:11:11 warning'])
    const dir = await copyFixture(path.join(fixtures, 'lint'))
    const config = path.join(dir, 'kaitei.yaml')
    await fs.writeFile(config, (await fs.readFile(config, 'utf8')).replace('    type: 改定\n', '    type: 改定\n    status: 予定\n'))
    expect(where((await check(config)).records, 'history-future')).toEqual([])
  })

  it('is quiet on the sample and on the statute and policy fixtures', async () => {
    const sets = ['statute/v1', 'statute/v5', 'gyosei-tetsuzuki/v1', 'gyosei-tetsuzuki/v3', 'english/v2', 'chapter-insert/v2', 'terms/v2', 'terms-move/v2', 'policy-set/v2', 'access', 'valid']
    for (const config of ['kaitei.yaml', ...sets.map((d) => path.join(fixtures, d, 'kaitei.yaml'))]) {
      const {records} = await check(config)
      expect(records.filter((d) => ['cross-reference', 'defined-term', 'history-future', 'numbering-sequence', 'link-anchor'].includes(d.rule)), config).toEqual([])
    }
  })

  it('lint: off, warn and error are honoured, per rule', async () => {
    const dir = await copyFixture(path.join(fixtures, 'lint'))
    const config = path.join(dir, 'kaitei.yaml')
    const base = await fs.readFile(config, 'utf8')
    await fs.writeFile(config, base + 'lint:\n  cross-reference: error\n  history: off\n')
    const strict = await check(config)
    expect(strict.status).toBe(1)
    expect(strict.records.filter((d) => d.rule === 'cross-reference').every((d) => d.severity === 'error')).toBe(true)
    expect(where(strict.records, 'history-future')).toEqual([])
    await fs.writeFile(config, base + 'lint:\n  cross-reference: off\n  defined-term: off\n  history: error\n')
    const quiet = await check(config)
    expect(where(quiet.records, 'cross-reference')).toEqual([])
    expect(where(quiet.records, 'defined-term')).toEqual([])
    expect(where(quiet.records, 'history-future')).toEqual(['kaitei.yaml:11:11 error'])
    // numbering: the duplicate-section-id fixture numbers 1 after 1.
    const numbering = await copyFixture(path.join(fixtures, 'duplicate-section-id'))
    const numberingConfig = path.join(numbering, 'kaitei.yaml')
    const text = await fs.readFile(numberingConfig, 'utf8')
    expect(where((await check(numberingConfig)).records, 'numbering-sequence').length).toBeGreaterThan(0)
    await fs.writeFile(numberingConfig, text + 'lint:\n  numbering: off\n')
    expect(where((await check(numberingConfig)).records, 'numbering-sequence')).toEqual([])
    await fs.writeFile(numberingConfig, text + 'lint:\n  numbering: error\n')
    expect((await check(numberingConfig)).records.filter((d) => d.rule === 'numbering-sequence').every((d) => d.severity === 'error')).toBe(true)
    // An unknown rule or level is a config error at its place.
    await fs.writeFile(config, base + 'lint:\n  crossreference: error\n')
    const typo = await runCli(['check', '-c', config])
    expect(typo.status).toBe(1)
    expect(typo.stderr).toMatch(/kaitei\.yaml:14:3: Unexpected key `crossreference`/)
  })

  it('the build honours lint: too (an error stops it)', async () => {
    const dir = await copyFixture(path.join(fixtures, 'lint'))
    const config = path.join(dir, 'kaitei.yaml')
    await fs.writeFile(config, (await fs.readFile(config, 'utf8')) + 'lint:\n  history: error\n')
    const build = await runCli(['build', '-c', config, '--format', 'html', '--no-cache'], dir)
    expect(build.status).toBe(1)
    expect(build.stderr).toContain('[history-future]')
  })

  it('a build stops on cross-reference and defined-term made errors, read from the edition that sees most even when only a looser one is built', async () => {
    const dir = await copyFixture(path.join(fixtures, 'lint'))
    const config = path.join(dir, 'kaitei.yaml')
    const base = await fs.readFile(config, 'utf8')
    // As warnings (the default) they are check's: the build says nothing of them.
    const quiet = await runCli(['build', '-c', config, '--format', 'html', '--no-cache'], dir)
    expect(quiet.status, quiet.stderr).toBe(0)
    expect(quiet.stderr).not.toContain('[cross-reference]')
    await fs.writeFile(config, base + 'lint:\n  cross-reference: error\n')
    const build = await runCli(['build', '-c', config, '--format', 'html', '--no-cache'], dir)
    expect(build.status).toBe(1)
    expect(build.stderr).toMatch(/docs\/a\.md:13:17: Unexpected reference `上記12`.*\[cross-reference\]/)
    // Read once, the other rule's findings are shown at their own severity.
    expect(build.stderr).toContain('warning: Unexpected defined term `外部記録媒体`')
    // b.md for staff only, the public edition built alone: 「第2章」 exists (the staff edition shows it), and 上記12 still does not.
    const b = path.join(dir, 'docs', 'b.md')
    await fs.writeFile(b, '---\naccess: staff\nwithheld: remove\n---\n\n' + (await fs.readFile(b, 'utf8')))
    await fs.writeFile(config, base + 'audiences:\n  - name: public\n    label: 公開\n    public: true\n  - name: staff\n    label: 庁内限定\n    includes: public\nlint:\n  defined-term: error\n')
    const one = await runCli(['build', '-c', config, '--format', 'html', '--no-cache', '--audience', 'public'], dir)
    expect(one.status).toBe(1)
    expect(one.stderr).toContain('[defined-term]')
    expect(one.stderr).not.toMatch(/`第2章`|`第二条`/)
  })
})
