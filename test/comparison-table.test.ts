/**
 * The 新旧対照表 as 法制執務 writes it: each convention asserted on the
 * table's structure (rows, cells, lines, underlines), no screenshots.
 */
import {describe, expect, it} from 'vitest'
import type {VersionDiff} from '../src/diff/diff-versions.js'
import {diffModels} from '../src/diff/engine.js'
import type {Block, Section} from '../src/diff/model.js'
import {renderComparisonTable} from '../src/diff/render-table.js'
import {amendmentWord} from '../src/labels.js'

/** A section: `id number title level`, then its blocks. */
function section(id: string, number: string | undefined, title: string, level: number, blocks: Array<string | Partial<Block>> = []): Section {
  return {
    id,
    number,
    title,
    level,
    blocks: blocks.map((d) => (typeof d === 'string' ? {kind: 'paragraph', text: d, markup: d} : {kind: 'paragraph', markup: d.text!, text: '', ...d}))
  }
}

function table(before: Section[], after: Section[], word = '改定', options: Parameters<typeof renderComparisonTable>[1] = {lang: 'ja'}, previousTitle?: string): string {
  const diff: VersionDiff = {
    publication: {id: 'p', title: '規程', amendmentWord: word, marking: '取扱注意', previousTitle},
    from: {spec: 'a', label: '旧'},
    to: {spec: 'b', label: '新'},
    changes: diffModels({sections: before}, {sections: after})
  }
  return renderComparisonTable(diff, options)
}

/** Each body row as `class: new cell | old cell`, paragraphs joined by ` / `, underlines as [ ], line breaks as ⏎, inner tables as {a|b}. */
function rows(html: string): string[] {
  const body = html.slice(html.indexOf('<tbody>') + 7, html.lastIndexOf('</tbody>'))
  const out: string[] = []
  for (const match of body.matchAll(/<tr class="row-([a-z]+)">([\s\S]*?)<\/tr>\s*(?=<tr class="row-|$)/g)) {
    // Inner tables first (their cells are not the row's).
    const flat = match[2]!.replace(/<table class="inner-table">\s*<tbody>([\s\S]*?)<\/tbody>\s*<\/table>/g, (_, inner: string) =>
      '<p>' + [...inner.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => '{' + [...r[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1]).join('|') + '}').join('') + '</p>'
    )
    const cells = [...flat.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) =>
      cell[1]!
        .replace(/<span class="changed">/g, '[')
        .replace(/<\/span>/g, ']')
        .replace(/<br>/g, '⏎')
        .split('</p>')
        .map((d) => d.replace(/<[^>]+>/g, '').trim())
        .filter(Boolean)
        .join(' / ')
    )
    out.push(match[1] + ': ' + cells.join(' | '))
  }
  return out
}

const chapter = (n: number, title: string) => section('ch' + n, '第' + n + '章', title, 1)

describe('（略） ranges', () => {
  const before = [
    chapter(1, '総則'),
    ...Array.from({length: 9}, (_, i) => section('ch1-' + (i + 1), String(i + 1), '条' + (i + 1), 2, ['本文' + (i + 1) + 'である。'])),
    chapter(2, '対策'),
    section('ch2-1', '1', '対策の一', 2, ['対策の本文である。'])
  ]
  const after = before.map((d) => (d.id === 'ch1-8' ? {...d, blocks: [{kind: 'paragraph' as const, text: '本文8を改めた。', markup: ''}]} : d))

  it('stay within one outline level, under the heading line of the chapter (「1～7（略）」, not 「第1章～7（略）」)', () => {
    expect(rows(table(before, after))).toEqual([
      'context: 第1章 総則 | 第1章 総則',
      'omitted: 1～7（略） | 1～7（略）',
      'changed: 8 条8 / 本文8[を改めた]。 | 8 条8 / 本文8[である]。',
      'omitted: 9（略） | 9（略）',
      'omitted: 第2章（略） | 第2章（略）'
    ])
  })

  it('never cross list levels inside a section (「②～④（略）」 and 「(2)～(3)（略）」, not 「②～(3)（略）」); a shown item keeps its parent\'s first line', () => {
    const item = (number: string, text: string, depth: number): Partial<Block> => ({kind: 'item', number, text: number + text, depth})
    const blocks = [
      item('(1)', ' 対策\n詳細は次のとおり。', 0),
      item('①', '一つ目', 1),
      item('②', '二つ目', 1),
      item('③', '三つ目', 1),
      item('④', '四つ目', 1),
      item('(2)', ' 二番', 0),
      item('(3)', ' 三番', 0),
      item('(4)', ' 四番', 0)
    ]
    const old = [chapter(1, '総則'), section('ch1-1', '1', '対策', 2, blocks)]
    const changed = blocks.map((d) => (d.number === '①' ? {...d, text: '①一番目'} : d.number === '(4)' ? {...d, text: '(4) 第四'} : d))
    const neu = [chapter(1, '総則'), section('ch1-1', '1', '対策', 2, changed)]
    expect(rows(table(old, neu))).toEqual([
      'context: 第1章 総則 | 第1章 総則',
      'changed: 1 対策 / (1) 対策 / ①一[番目] / ②～④（略） / (2)～(3)（略） / (4) [第四] | 1 対策 / (1) 対策 / ①一[つ目] / ②～④（略） / (2)～(3)（略） / (4) [四番]'
    ])
  })

  it('name which 附則 they leave out, by their captions', () => {
    const supplementary = (id: string, caption: string) => section(id, '附則（' + caption + '）', '', 1, ['この規程は、公布の日から施行する。'])
    const old = [chapter(1, '総則'), section('art1', '第一条', '目的', 2, ['目的を定める。']), supplementary('suppl-a', '平成17年6月29日規程第73号'), supplementary('suppl-b', '平成26年6月13日規程第15号')]
    const neu = [old[0]!, section('art1', '第一条', '目的', 2, ['目的を定め直す。']), old[2]!, old[3]!]
    expect(rows(table(old, neu)).at(-1)).toBe('omitted: 附則（平成17年6月29日規程第73号）～附則（平成26年6月13日規程第15号）（略） | 附則（平成17年6月29日規程第73号）～附則（平成26年6月13日規程第15号）（略）')
  })
})

describe('rows', () => {
  it('a section replaced as a whole is one row, both sides marked (not （削る） beside （新設）)', () => {
    const old = [chapter(1, '総則'), section('ch1-1', '1', '目的', 2, ['目的である。']), section('ch1-2', '2', '旧制度', 2, ['旧い制度の全く別の本文。'])]
    const neu = [chapter(1, '総則'), section('ch1-1', '1', '目的', 2, ['目的である。']), section('ch1-2x', '2', 'クラウド', 2, ['新しい本文はまるで異なる内容である。'])]
    const got = rows(table(old, neu))
    expect(got.filter((d) => d.startsWith('replaced'))).toEqual(['replaced: [2 クラウド] / [新しい本文はまるで異なる内容である。] | [2 旧制度] / [旧い制度の全く別の本文。]'])
    expect(got.join('\n')).not.toMatch(/（削る）|（新設）/)
  })

  it('a changed 題名 is the first row', () => {
    const old = [chapter(1, '総則'), section('ch1-1', '1', '目的', 2, ['目的である。'])]
    expect(rows(table(old, old, '改定', {lang: 'ja'}, '要綱'))[0]).toBe('title: [規程] | [要綱]')
  })

  it('a new section\'s heading is marked; the other side says （新設）', () => {
    const old = [chapter(1, '総則'), section('ch1-1', '1', '目的', 2, ['目的である。'])]
    const neu = [...old, section('ch1-2', '2', '新しい条', 2, ['新しい本文。'])]
    expect(rows(table(old, neu)).at(-1)).toBe('added: [2 新しい条] / [新しい本文。] | （新設）')
  })

  it('a renumbered section shows its number change marked', () => {
    const old = [chapter(1, '総則'), section('ch1-3', '3', '定義', 2, ['定義である。'])]
    const neu = [chapter(1, '総則'), section('ch1-4', '4', '定義', 2, ['定義である。'])]
    expect(rows(table(old, neu))).toContain('changed: [4] 定義 / （略） | [3] 定義 / （略）')
  })

  it('item titles do not run into their bodies, and a table in a section stays a table', () => {
    const old = [
      chapter(1, '総則'),
      section('ch1-1', '1', '対策', 2, [{kind: 'item', number: '(5)', text: '(5) 外部委託\n外部委託する場合には契約を締結する。', depth: 0}, {kind: 'row', text: '区分 | 期間'}, {kind: 'row', text: '文書 | 5年'}])
    ]
    const neu = [
      chapter(1, '総則'),
      section('ch1-1', '1', '対策', 2, [{kind: 'item', number: '(5)', text: '(5) 外部サービスの利用\n外部委託する場合には契約を締結する。', depth: 0}, {kind: 'row', text: '区分 | 期間'}, {kind: 'row', text: '文書 | 10年'}])
    ]
    expect(rows(table(old, neu))).toContain('changed: 1 対策 / (5) 外部[サービスの利用]⏎外部委託する場合には契約を締結する。 / {区分|期間}{文書|[10]年} | 1 対策 / (5) 外部[委託]⏎外部委託する場合には契約を締結する。 / {区分|期間}{文書|[5]年}')
  })
})

describe('words', () => {
  it('follow the publication\'s own amendment type: 改定 for a policy, 改正 for a statute', () => {
    expect(amendmentWord(['策定', '改定', '一部改定'])).toBe('改定')
    expect(amendmentWord(['制定', '一部改正'])).toBe('改正')
    expect(amendmentWord(['制定'])).toBe('改正')
    const old = [chapter(1, '総則'), section('ch1-1', '1', '目的', 2, ['目的である。'])]
    const neu = [chapter(1, '総則'), section('ch1-1', '1', '目的', 2, ['目的とする。'])]
    const policy = table(old, neu, '改定')
    expect(policy).toContain('<th scope="col">改定後</th><th scope="col">改定前</th>')
    expect(policy).toContain('（傍線部分は改定部分）')
    const statute = table(old, neu, '改正')
    expect(statute).toContain('<th scope="col">改正後</th><th scope="col">改正前</th>')
    expect(statute).toContain('（傍線部分は改正部分）')
  })

  it('carry the edition\'s marking: a banner and the stylesheet that prints it on every page', () => {
    const old = [chapter(1, '総則'), section('ch1-1', '1', '目的', 2, ['目的である。'])]
    const html = table(old, old)
    expect(html).toContain('<div class="edition-banner" role="note"><span class="marking">取扱注意</span></div>')
    expect(html).toContain('<link rel="stylesheet" href="assets/marking.css">')
  })
})
