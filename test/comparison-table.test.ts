/**
 * The 新旧対照表 as 法制執務 writes it: each convention asserted on the
 * table's structure (rows, cells, lines, underlines), no screenshots.
 */
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import type {VersionDiff} from '../src/diff/diff-versions.js'
import {diffModels} from '../src/diff/engine.js'
import type {Block, Section} from '../src/diff/model.js'
import {renderComparisonTable} from '../src/diff/render-table.js'
import {amendmentWord} from '../src/labels.js'
import {parseJapaneseNumeral} from '../src/numbering.js'
import {StatuteGenerator, statuteModel} from './fuzz/statutes.js'
import {fixtures} from './helpers.js'

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

  it('stay within one outline level, the chapter\'s heading line opening the row under it (「1～7　（略）」, not 「第1章～7（略）」)', () => {
    expect(rows(table(before, after))).toEqual([
      'omitted: 第1章 総則 / 1～7　（略） | 第1章 総則 / 1～7　（略）',
      'changed: 8 条8 / 本文8[を改めた]。 | 8 条8 / 本文8[である]。',
      'omitted: 9　（略） | 9　（略）',
      'omitted: 第2章　（略） | 第2章　（略）'
    ])
  })

  it('never cross list levels inside a section (「②～④（略）」 and 「(2)・(3)（略）」, not 「②～(3)（略）」); a shown item keeps its parent\'s first line', () => {
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
      'changed: 第1章 総則 / 1 対策 / (1) 対策 / ①一[番目] / ②～④（略） / (2)・(3)（略） / (4) [第四] | 第1章 総則 / 1 対策 / (1) 対策 / ①一[つ目] / ②～④（略） / (2)・(3)（略） / (4) [四番]'
    ])
  })

  it('name which 附則 they leave out, by their captions', () => {
    const supplementary = (id: string, caption: string) => section(id, '附則（' + caption + '）', '', 1, ['この規程は、公布の日から施行する。'])
    const old = [chapter(1, '総則'), section('art1', '第一条', '目的', 2, ['目的を定める。']), supplementary('suppl-a', '平成17年6月29日規程第73号'), supplementary('suppl-b', '平成26年6月13日規程第15号')]
    const neu = [old[0]!, section('art1', '第一条', '目的', 2, ['目的を定め直す。']), old[2]!, old[3]!]
    expect(rows(table(old, neu)).at(-1)).toBe('omitted: 附則（平成17年6月29日規程第73号）・附則（平成26年6月13日規程第15号）（略） | 附則（平成17年6月29日規程第73号）・附則（平成26年6月13日規程第15号）（略）')
  })
})

describe('（略） in a statute, as 法制執務 writes it', () => {
  // Hand-written: the lines a 法規担当 writes for each change, column by column.
  const article = (blocks: string[]) => [chapter(1, '総則'), section('art5', '第五条', '定義', 2, blocks)]
  const cells = (html: string) => rows(html).map((d) => d.replace(/^[a-z]+: /, '').split(' | '))

  it('keep the numbers of the 項 and 号 they stand for; the first 項 is the article\'s line (第五条　（略）), under its caption', () => {
    const before = ['本文である。', '２　第二項である。', '３　次に掲げるものをいう。', '一　実施機関の職員', '二　市長が定める者', '三　審査会の委員', '４　第四項である。']
    const after = before.map((d) => (d === '二　市長が定める者' ? '二　教育委員会が定める者' : d))
    expect(cells(table(article(before), article(after), '改正'))).toEqual([
      ['第1章 総則 / （定義） / 第五条　（略） / ２　（略） / ３　（略） / 一　（略） / 二　[教育委員会]が定める者 / 三　（略） / ４　（略）',
        '第1章 総則 / （定義） / 第五条　（略） / ２　（略） / ３　（略） / 一　（略） / 二　[市長]が定める者 / 三　（略） / ４　（略）']
    ])
  })

  it('name two siblings 「五・六」 and three or more 「一～三」; the 項 after them by their own numbers (「２・３　（略）」)', () => {
    const items = ['一', '二', '三', '四', '五', '六'].map((d) => d + '　号の' + d)
    const before = ['次に掲げるものをいう。', ...items, '２　第二項である。', '３　第三項である。']
    const after = before.map((d) => (d.startsWith('四　') ? '四　号の四を改める' : d))
    expect(cells(table(article(before), article(after), '改正'))[0]![0]).toBe(
      '第1章 総則 / （定義） / 第五条　（略） / 一～三　（略） / 四　号の四[を改める] / 五・六　（略） / ２・３　（略）'
    )
  })

  it('changes the article line itself when the first 項 changes, the number before it', () => {
    const before = ['この規則は、実施機関の手続を定める。', '２　第二項である。']
    const after = ['この規則は、実施機関の手続及び基準を定める。', '２　第二項である。']
    expect(cells(table(article(before), article(after), '改正'))[0]).toEqual([
      '第1章 総則 / （定義） / 第五条　この規則は、実施機関の手続[及び基準]を定める。 / ２　（略）',
      '第1章 総則 / （定義） / 第五条　この規則は、実施機関の手続を定める。 / ２　（略）'
    ])
  })

  it('a renumbered article shows its new number on the article line, marked', () => {
    const old = [chapter(1, '総則'), section('art5', '第五条', '定義', 2, ['本文である。', '２　第二項である。'])]
    const neu = [chapter(1, '総則'), section('art5', '第六条', '定義', 2, ['本文である。', '２　第二項を改めた。'])]
    expect(cells(table(old, neu, '改正'))[0]).toEqual(['第1章 総則 / （定義） / 第[六条]　（略） / ２　第二項[を改めた]。', '第1章 総則 / （定義） / 第[五条]　（略） / ２　第二項[である]。'])
  })

  it('one run per level: an omitted item\'s children are in its line (「(1)～(4)（略）」, not 「(1)（略）／①～③（略）／(2)～(4)（略）」)', () => {
    const item = (number: string, depth: number, text = '項目'): Partial<Block> => ({kind: 'item', number, text: number + ' ' + text, depth})
    const blocks = [item('(1)', 0), item('①', 1), item('②', 1), item('③', 1), item('(2)', 0), item('(3)', 0), item('(4)', 0), item('(5)', 0)]
    const old = [chapter(1, '総則'), section('s1', '1', '対策', 2, blocks)]
    const neu = [chapter(1, '総則'), section('s1', '1', '対策', 2, blocks.map((d) => (d.number === '(5)' ? item('(5)', 0, '改めた項目') : d)))]
    expect(cells(table(old, neu))[0]![0]).toBe('第1章 総則 / 1 対策 / (1)～(4)（略） / (5) [改めた]項目')
  })

  it('never two （略） in a row for one stretch of text: a paragraph, its list and a table left out are one （略）', () => {
    const blocks: Array<string | Partial<Block>> = [
      '次のとおりとする。',
      {kind: 'item', number: '(1)', text: '(1) 一つ', depth: 0},
      {kind: 'item', number: '(2)', text: '(2) 二つ', depth: 0},
      {kind: 'row', text: '区分 | 期間'},
      '最後の段落である。'
    ]
    const old = [chapter(1, '総則'), section('s1', '1', '対策', 2, blocks)]
    const neu = [chapter(1, '総則'), section('s1', '1', '対策', 2, [...blocks.slice(0, 4), '最後の段落とする。'])]
    expect(cells(table(old, neu))[0]![0]).toBe('第1章 総則 / 1 対策 / （略） / 最後の段落[とする]。')
  })

  it('English tables name the columns After / Before (the old text is not "current" once amended) and say (omitted) apart from the number', () => {
    const old = [chapter(1, 'General'), ...[1, 2, 3].map((n) => section('s' + n, String(n), 'Clause ' + n, 2, ['Text ' + n + '.']))]
    const neu = old.map((d) => (d.id === 's3' ? {...d, blocks: [{kind: 'paragraph' as const, text: 'New text 3.', markup: ''}]} : d))
    const html = table(old, neu, 'amendment', {lang: 'en'})
    expect(html).toContain('<th scope="col">After</th><th scope="col">Before</th>')
    expect(html).not.toMatch(/Current|Amended/)
    expect(rows(html)[0]).toBe('omitted: 第1章 General / 1, 2 (omitted) | 第1章 General / 1, 2 (omitted)')
  })
})

describe('（略） over 300 generated statute amendments', () => {
  // What kind of number an omitted line names: a line never follows another of the same kind (one run per level)
  // unless it is the lead of the deeper line shown after it (３　（略） before its 一), and a bare （略） never
  // follows or precedes another.
  const kind = (line: string) => {
    const number = line.replace(/\u3000?（略）$/, '')
    if (number === '') return 'bare'
    if (/^第.+条/.test(number)) return 'article'
    if (/^[0-9０-９]/.test(number)) return 'paragraph'
    if (/^[〇一二三四五六七八九十]/.test(number)) return 'item'
    if (/^[ア-ン]/.test(number)) return 'iroha'
    return 'other'
  }
  const depth = {bare: 0, article: 0, paragraph: 0, item: 1, iroha: 2, other: 3} as const
  const value = (n: string) => (/^[0-9０-９]+$/.test(n) ? Number(n.normalize('NFKC')) : parseJapaneseNumeral(n))
  it.each(Array.from({length: Number(process.env.KAITEI_ARATAME_SEEDS ?? 300)}, (_, i) => i + 1))('seed %i', (seed) => {
    const generator = new StatuteGenerator(seed)
    const statute = generator.statute()
    const {after} = generator.amend(statute)
    for (const row of rows(table(statuteModel(statute), statuteModel(after), '改正'))) {
      for (const cell of row.replace(/^[a-z]+: /, '').split(' | ')) {
        const lines = cell.split(' / ')
        for (const [i, line] of lines.entries()) {
          if (!line.endsWith('（略）')) continue
          // A range of numbers names three or more; two are joined by ・.
          const range = /^(.+?)～(.+?)\u3000（略）$/.exec(line)
          if (range && !range[1]!.startsWith('第')) expect(value(range[2]!)! - value(range[1]!)!, line).toBeGreaterThanOrEqual(2)
          const previous = lines[i - 1]
          if (previous?.endsWith('（略）')) {
            expect(kind(line), cell).not.toBe('bare')
            expect(kind(previous), cell).not.toBe('bare')
            const next = lines[i + 1]
            const lead = next !== undefined && depth[kind(next.endsWith('（略）') ? next : next.replace(/^\[/, '').replace(/\u3000.*$/, '\u3000（略）'))] > depth[kind(line)]
            if (!lead) expect(kind(line), cell).not.toBe(kind(previous))
          }
        }
      }
    }
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
    expect(rows(table(old, neu))).toContain('changed: 第1章 総則 / [4] 定義 / （略） | 第1章 総則 / [3] 定義 / （略）')
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
    expect(rows(table(old, neu))).toContain('changed: 第1章 総則 / 1 対策 / (5) 外部[サービスの利用]⏎外部委託する場合には契約を締結する。 / {区分|期間}{文書|[10]年} | 第1章 総則 / 1 対策 / (5) 外部[委託]⏎外部委託する場合には契約を締結する。 / {区分|期間}{文書|[5]年}')
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

describe('the 新旧対照表 of a real act (行政手続法, 平成26年法律第70号: test/fixtures/gyosei-tetsuzuki)', () => {
  it('第三十五条: the new 第二項 with its 号 marked, the old 第二項・第三項 renumbered, their 号 in one line', async () => {
    const {loadPublication} = await import('../src/publication.js')
    const {compareSides} = await import('../src/diff/diff-versions.js')
    const dir = path.join(fixtures, 'gyosei-tetsuzuki')
    const before = await loadPublication(path.join(dir, 'v2', 'kaitei.yaml'))
    const after = await loadPublication(path.join(dir, 'v3', 'kaitei.yaml'))
    const diff = await compareSides(after.config, undefined, {side: {spec: 'v2', label: 'v2'}, publication: before}, {side: {spec: 'v3', label: 'v3'}, publication: after})
    const got = rows(renderComparisonTable(diff, {lang: 'ja'}))
    expect(got[0]).toBe('omitted: 第一章　（略） | 第一章　（略）')
    expect(got[1]).toBe('omitted: 第四章 行政指導 / 第三十二条～第三十四条　（略） | 第四章 行政指導 / 第三十二条～第三十四条　（略）')
    const [neu, old] = got[2]!.replace(/^changed: /, '').split(' | ').map((d) => d.split(' / ').map((line) => line.slice(0, 12)))
    expect(neu).toEqual(['（行政指導の方式）', '第三十五条　（略）', '[２　行政指導に携わる者', '[一　当該権限を行使し得', '[二　前号の条項に規定す', '[三　当該権限の行使が前', '[３]　行政指導が口頭で', '[４]　前項の規定は、次', '一・二　（略）'])
    expect(old).toEqual(['（行政指導の方式）', '第三十五条　（略）', '[２]　行政指導が口頭で', '[３]　前項の規定は、次', '一・二　（略）'])
  })
})
