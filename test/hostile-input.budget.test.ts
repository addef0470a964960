/**
 * Hostile and broken input gets a positioned error or is rendered within
 * seconds (the `budget` project's time limit in vitest.config.ts, set for a
 * busy 2-core machine):
 * never a stack overflow, a hang or a quadratic blow-up.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {build, BuildFailedError} from '../src/publish/build.js'
import {tempDir} from './helpers.js'
import {checkSourceLimits} from '../src/source-limits.js'

const head = '---\ntitle: 第1章 総則\n---\n\n# 第1章 総則\n\n'
/** The body starts on line 7. */
const bodyLine = 7

async function buildBody(body: string): Promise<{ok: true; html: string} | {ok: false; errors: string[]}> {
  const dir = await tempDir('kaitei-hostile-')
  await fs.mkdir(path.join(dir, 'docs'))
  await fs.writeFile(path.join(dir, 'docs', 'a.md'), head + body)
  await fs.writeFile(path.join(dir, 'kaitei.yaml'), 'id: h\ntitle: 試験\nowner: 試験課\nsources: [docs/a.md]\n')
  try {
    await build({config: path.join(dir, 'kaitei.yaml'), formats: ['html']})
    return {ok: true, html: await fs.readFile(path.join(dir, 'build', 'all', 'index.html'), 'utf8')}
  } catch (error) {
    if (!(error instanceof BuildFailedError)) throw error
    return {ok: false, errors: error.messages.filter((d) => d.fatal).map((d) => d.line + ':' + d.column + ' ' + d.reason + ' [' + d.ruleId + ']')}
  } finally {
    await fs.rm(dir, {recursive: true, force: true})
  }
}

const refused: Array<[string, () => string, number, RegExp]> = [
  ['10,000 nested block quotes', () => '>'.repeat(10_000) + ' 深い\n', 0, /nested 10000 levels deep, expected at most 32/],
  ['lists nested 2,000 levels by indentation', () => Array.from({length: 2000}, (_, i) => ' '.repeat(i * 2) + '- 項目').join('\n') + '\n', 32, /nested 33 levels deep/],
  ['10,000 list markers on one line', () => '- '.repeat(10_000) + '項目\n', 0, /nested 10000 levels deep/],
  ['50,000 `*` around a word', () => '*'.repeat(50_000) + '語' + '*'.repeat(50_000) + '\n', 0, /emphasis markers \(`\*`, `_`\) in one paragraph, expected at most 1,000/],
  ['5,000 nested emphases', () => '*a '.repeat(5000) + '語' + ' a*'.repeat(5000) + '\n', 0, /emphasis markers/],
  ['50,000 `_` around a word', () => '_'.repeat(50_000) + '語' + '_'.repeat(50_000) + '\n', 0, /emphasis markers/],
  ['20,000 nested brackets', () => '['.repeat(20_000) + '語' + ']'.repeat(20_000) + '\n', 0, /brackets \(`\[`, `\]`\) in one paragraph, expected at most 2,000/],
  ['10,000 nested raw HTML elements', () => '<div>'.repeat(10_000) + '語' + '</div>'.repeat(10_000) + '\n', 0, /raw HTML nested 101 elements deep, expected at most 100/],
  ['1,000 nested `:::` blocks, each fence longer', () => Array.from({length: 1000}, (_, i) => ':'.repeat(3 + i) + 'access{audience=security}').join('\n') + '\n', 32, /`:::` blocks nested 33 deep, expected at most 32/],
  ['1,000 unclosed `:::note` blocks', () => ':::note\n'.repeat(1000), 32, /`:::` blocks nested 33 deep/],
  ['a file of 11 million characters', () => 'あ'.repeat(11_000_000) + '\n', -6, /source of 11,000,\d+ characters, expected at most 10,000,000/]
]

describe('hostile input is refused with a positioned error', () => {
  it.each(refused)('%s', async (_, body, line, reason) => {
    const result = await buildBody(body())
    expect(result.ok).toBe(false)
    const errors = (result as {errors: string[]}).errors
    expect(errors.some((d) => d.startsWith(bodyLine + line + ':') && reason.test(d) && d.endsWith('[source-limit]')), errors.join('\n')).toBe(true)
  })
})

describe('marker-like runs are judged in linear time', () => {
  it.each([
    ['a line of 200,000 colons', () => ':'.repeat(200_000) + '\n', /that closes no block/],
    ['200,000 colons before `access[`', () => ':'.repeat(200_000) + 'access[秘密]\n', /access/],
    ['a line of 100,000 `{`', () => '{'.repeat(100_000) + 'audience\n', /not an access marker kaitei can read/],
    ['100,000 `{=` pairs', () => '{='.repeat(100_000) + '}\n', /not an access marker kaitei can read/]
  ])('%s: a positioned error', async (_, body, reason) => {
    const result = await buildBody(body())
    expect(result.ok).toBe(false)
    const errors = (result as {errors: string[]}).errors
    expect(errors.some((d) => d.startsWith(bodyLine + ':') && reason.test(d)), errors.join('\n')).toBe(true)
  })
})

describe('large but honest input is rendered', () => {
  it('20,000 headings (linear: no step walks every heading for every heading)', async () => {
    const body = Array.from({length: 20_000}, (_, i) => '## ' + (i + 1) + ' 見出し' + i + '\n\n本文' + i + '。\n').join('\n')
    const result = await buildBody(body)
    expect(result.ok).toBe(true)
    expect((result as {html: string}).html).toContain('見出し19999')
  })

  it('5,000 footnotes, each in its own paragraph (linear: sections cut between paragraphs)', async () => {
    const body = Array.from({length: 5000}, (_, i) => '本文' + i + '[^n' + i + ']。\n\n[^n' + i + ']: 注記' + i + '\n').join('\n')
    const result = await buildBody(body)
    expect(result.ok).toBe(true)
    const html = (result as {html: string}).html
    expect(html).toContain('注記4999')
    expect(html.match(/data-footnote-ref/g)).toHaveLength(5000)
  })

  it('emphasis nested 30 deep and lists nested 30 deep', async () => {
    const emphasis = '*'.repeat(30) + '強調' + '*'.repeat(30)
    const lists = Array.from({length: 30}, (_, i) => ' '.repeat(i * 2) + '- 項目' + i).join('\n')
    const result = await buildBody(emphasis + '\n\n' + lists + '\n')
    expect(result.ok).toBe(true)
    expect((result as {html: string}).html).toContain('項目29')
  })

  it('a fill-in line of underscores and a long table', async () => {
    const table = '| 区分 | 内容 |\n| --- | --- |\n' + Array.from({length: 3000}, (_, i) => '| ' + i + ' | **重要** な_項目_ |').join('\n')
    const result = await buildBody('氏名 ' + '_'.repeat(60) + '\n\n' + table + '\n')
    expect(result.ok).toBe(true)
  })
})

describe('source limits', () => {
  it('ignore fenced code and count per paragraph', () => {
    expect(checkSourceLimits('```\n' + '>'.repeat(100) + '\n```\n')).toEqual([])
    expect(checkSourceLimits(('**太字**の段落。\n\n').repeat(2000))).toEqual([])
    expect(checkSourceLimits(Array.from({length: 500}, () => '- **太字**の項目').join('\n'))).toEqual([])
  })
})
