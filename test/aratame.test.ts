/**
 * 改め文: hand-written expected sentences for each kind of change, and a
 * round trip — a small applier reads the generated sentences and turns the
 * old text into the new one exactly, over the diff tests' 300 edit scripts.
 */
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {random} from '../bench/generate-policy.js'
import {aratame, amendBlock, renderAratameText} from '../src/diff/aratame.js'
import type {VersionDiff} from '../src/diff/diff-versions.js'
import {diffModels} from '../src/diff/engine.js'
import type {Block, Section} from '../src/diff/model.js'
import {diffText} from '../src/diff/text-diff.js'
import {edit, generated} from './edits.js'
import {fixtures} from './helpers.js'

/** `「…」` at the start of `text` (nested brackets kept): its content and what follows. */
function quote(text: string): {value: string; rest: string} {
  expect(text[0], text).toBe('「')
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '「') depth++
    else if (text[i] === '」' && --depth === 0) return {value: text.slice(1, i), rest: text.slice(i + 1)}
  }
  throw new Error('unbalanced 「」 in ' + text)
}

/** Where `phrase` stands in `text`: it must stand there once (a quoted phrase names one place). */
function only(text: string, phrase: string): number {
  const at = text.indexOf(phrase)
  expect(at, '「' + phrase + '」 in 「' + text + '」').not.toBe(-1)
  expect(text.indexOf(phrase, at + 1), '「' + phrase + '」 twice in 「' + text + '」').toBe(-1)
  return at
}

/**
 * Apply `{address}中「A」を「B」に改め、「C」を削り、「D」の下に「E」を加える。` to
 * a block's text, phrase by phrase, each searched in the text as it stands.
 */
function apply(sentence: string, address: string, old: string): string {
  expect(sentence.startsWith(address + '中'), sentence).toBe(true)
  let rest = sentence.slice(address.length + 1)
  let text = old
  while (rest !== '') {
    const a = quote(rest)
    rest = a.rest
    if (rest.startsWith('を削')) {
      const at = only(text, a.value)
      text = text.slice(0, at) + text.slice(at + a.value.length)
      // 削り、 between, 削る。 at the end.
      rest = rest.slice(2)
      if (rest.startsWith('り')) rest = rest.slice(1)
    } else if (rest.startsWith('を「')) {
      const b = quote(rest.slice(1))
      const at = only(text, a.value)
      text = text.slice(0, at) + b.value + text.slice(at + a.value.length)
      rest = b.rest
      expect(rest[0]).toBe('に')
      rest = rest.slice(1)
      // 「A」を「B」に、「C」を「D」に改める: one verb for several.
      if (rest.startsWith('、「')) {
        rest = rest.slice(1)
        continue
      }
      expect(rest.startsWith('改め'), rest).toBe(true)
      rest = rest.slice(2)
    } else if (rest.startsWith('の下に') || rest.startsWith('の上に')) {
      const below = rest.startsWith('の下に')
      const b = quote(rest.slice(3))
      const at = only(text, a.value)
      const point = below ? at + a.value.length : at
      text = text.slice(0, point) + b.value + text.slice(point)
      rest = b.rest
      // 「A」の下に「B」を、「C」の下に「D」を加える: one verb for several.
      if (rest.startsWith('を、「')) {
        rest = rest.slice(2)
        continue
      }
      expect(rest.startsWith('を加え'), rest).toBe(true)
      rest = rest.slice(3)
    } else {
      throw new Error('unexpected ' + rest)
    }
    // The verb's ending: 、 between, る。 at the end.
    if (rest.startsWith('、')) rest = rest.slice(1)
    else {
      expect(rest).toBe('る。')
      rest = ''
    }
  }
  return text
}

describe('改め文 round trip: applying the sentence to the old text gives the new text', () => {
  const next = random(42)
  const cases = Array.from({length: 300}, () => {
    const before = generated(next, 5 + Math.floor(next() * 60))
    return [before, edit(next, before)] as const
  })
  it.each(cases.map((d, i) => [i, d[0], d[1]]))('edit script %i', (_, before, after) => {
    if (before === after) return
    const sentence = amendBlock('第1章8(1)', before, diffText(before, after))
    expect(sentence, 'no sentence for a change').toBeDefined()
    expect(apply(sentence!, '第1章8(1)', before)).toBe(after)
  })
})

/** A section: `id number title level`, then its blocks. */
function section(id: string, number: string | undefined, title: string, level: number, blocks: Array<string | Partial<Block>> = []): Section {
  return {id, number, title, level, blocks: blocks.map((d) => (typeof d === 'string' ? {kind: 'paragraph', text: d, markup: d} : {kind: 'paragraph', text: '', markup: '', ...d}))}
}

function sentences(before: Section[], after: Section[], word = '改定', previousTitle?: string): string[] {
  const diff: VersionDiff = {
    publication: {id: 'p', title: '試験規程', amendmentWord: word, previousTitle},
    from: {spec: 'a', label: '旧'},
    to: {spec: 'b', label: '新'},
    changes: diffModels({sections: before}, {sections: after})
  }
  const document = aratame(diff)
  return [document.intro, ...document.sentences.flatMap((d) => [d.text, ...(d.body ?? []).map((line) => '　' + line)])]
}

const item = (number: string, text: string, depth = 0): Partial<Block> => ({kind: 'item', number, text: number + text, depth})
const chapter = (n: string, title: string) => section('ch' + n, '第' + n + '章', title, 1)

describe('改め文 for each kind of change (expected sentences written by hand)', () => {
  const policy = [
    chapter('1', '総則'),
    section('ch1-7', '7', '情報資産への脅威', 2, ['情報資産に対する脅威を想定する。']),
    section('ch1-8', '8', '情報セキュリティ対策', 2, [
      '次の対策を講ずる。',
      item('(1)', ' 物理的セキュリティ'),
      item('①', 'サーバ等の管理を行う。', 1),
      item('②', '端末への二要素認証の導入等を行う。', 1),
      item('(2)', ' 人的セキュリティ'),
      item('(3)', ' 技術的セキュリティ')
    ]),
    section('ch1-9', '9', '監査', 2, ['監査を実施する。']),
    section('ch1-13', '13', '外部サービスの利用', 2, ['外部委託する場合には契約を締結する。']),
    section('ch1-13-1', '13.1', '約款による外部サービス', 3, ['利用手順を定める。'])
  ]
  const changed = (id: string, blocks: Array<string | Partial<Block>>, title?: string) =>
    policy.map((d) => (d.id === id ? {...d, title: title ?? d.title, blocks: section('', '', '', 0, blocks).blocks} : d))
  const blocks8 = policy.find((d) => d.id === 'ch1-8')!.blocks

  const cases: Array<[string, Section[], Section[], string[]]> = [
    ['a word replaced in a numbered item: the address is the document\'s own numbering', policy,
      changed('ch1-8', blocks8.map((d) => (d.number === '②' ? {...d, text: '②端末への多要素認証の導入等を行う。'} : d))),
      ['第1章8(1)②中「二要素」を「多要素」に改める。']],
    ['two replacements in one block share one verb', policy,
      changed('ch1-7', ['資産に対する脅威を予測する。']),
      ['第1章7中「情報」を削り、「想定」を「予測」に改める。']],
    ['a phrase deleted', policy,
      changed('ch1-8', blocks8.map((d) => (d.number === '①' ? {...d, text: '①サーバの管理を行う。'} : d))),
      ['第1章8(1)①中「サーバ等」を「サーバ」に改める。']],
    ['words inserted after a phrase: 「…」の下に「…」を加える', policy,
      changed('ch1-9', ['監査を定期的に実施する。']),
      ['第1章9中「監査を」の下に「定期的に」を加える。']],
    ['words inserted at the start: 「…」の上に「…」を加える', policy,
      changed('ch1-9', ['毎年監査を実施する。']),
      ['第1章9中「監査」の上に「毎年」を加える。']],
    ['a replacement, a deletion and an insertion in one sentence (改め、削り、加える)', policy,
      changed('ch1-13', ['外部に委託する場合は契約する。']),
      ['第1章13中「外部」の下に「に」を加え、「には」を「は」に改め、「を締結」を削る。']],
    ['two insertions share one verb', policy,
      changed('ch1-7', ['全ての情報資産に対する外部の脅威を想定する。']),
      ['第1章7中「情報」の上に「全ての」を、「に対する」の下に「外部の」を加える。']],
    ['words inserted: the phrase before them is two characters at least', policy,
      changed('ch1-13', ['外部委託する場合には、書面で契約を締結する。']),
      ['第1章13中「には」の下に「、書面で」を加える。']],
    ['a phrase that occurs twice is widened until it names one place', policy,
      changed('ch1-7', ['情報資産に対する脅威を想定し、情報資産を守る。']),
      ['第1章7中「する。」を「し、情報資産を守る。」に改める。']],
    ['a section deleted', policy, policy.filter((d) => d.id !== 'ch1-9'), ['第1章9を削る。']],
    ['two adjacent sections deleted: 「…から…までを削る」', policy, policy.filter((d) => d.id !== 'ch1-9' && d.id !== 'ch1-7'), ['第1章7を削る。', '第1章9を削る。']],
    ['a section added after a place, its text following', policy,
      [...policy, section('ch1-13-2', '13.2', 'クラウドサービスの利用', 3, ['保存場所を確認する。'])],
      ['第1章13.1の次に次のように加える。', '　13.2 クラウドサービスの利用', '　保存場所を確認する。']],
    ['a section\'s heading changed: 見出し', policy, changed('ch1-9', ['監査を実施する。'], '情報セキュリティ監査'), ['第1章9の見出し中「監査」の上に「情報セキュリティ」を加える。']],
    ['a chapter\'s title changed: 章名', policy.map((d) => (d.id === 'ch1' ? {...d, title: '総則及び目的'} : d)), policy, ['第1章の章名中「及び目的」を削る。']],
    ['an item deleted', policy, changed('ch1-8', blocks8.filter((d) => d.number !== '(3)')), ['第1章8(3)を削る。']],
    ['an item added after another', policy, changed('ch1-8', [...blocks8, item('(4)', ' 運用')]), ['第1章8(3)の次に次のように加える。', '　(4) 運用']],
    ['a block rewritten whole when a phrase cannot be quoted (a line break)', policy,
      changed('ch1-8', blocks8.map((d) => (d.number === '(2)' ? {...d, text: '(2) 人的\n職員の教育'} : d))),
      ['第1章8(2)を次のように改める。', '　(2) 人的', '　職員の教育']]
  ]

  it.each(cases.map(([name, before, after, expected]) => [name, before, after, expected] as const))('%s', (_, before, after, expected) => {
    expect(sentences(before, after)).toEqual(['試験規程の一部を次のように改定する。', ...expected])
  })

  const article = (n: string, title: string, blocks: string[] = ['本文。']) => section('art' + n, '第' + n + '条', title, 2, blocks)
  const statute = [
    section('ch1', '第一章', '総則', 1),
    article('一', '目的', ['この条例は、市政の公正な運営の確保に資することを目的とする。']),
    article('二', '定義', ['この条例において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。', '一　実施機関　市長及び教育委員会をいう。', '二　公文書　職員が作成した文書をいう。', '２　前項第二号の規定にかかわらず、次に掲げるものは、公文書に含まない。']),
    article('三', '責務', ['実施機関は、この条例を解釈し、運用する。']),
    section('ch2', '第二章', '公文書の開示', 1),
    article('四', '開示請求権', ['何人も、公文書の開示を請求することができる。'])
  ]
  const statuteCases: Array<[string, Section[], Section[], string[]]> = [
    ['a statute: 第二条第一項第一号 (articles without their chapter; 項 and 号 in kanji)', statute,
      statute.map((d) => (d.id === 'art二' ? {...d, blocks: d.blocks.map((b) => (b.text.startsWith('一　') ? {...b, text: '一　実施機関　市長、教育委員会及び選挙管理委員会をいう。'} : b))} : d)),
      ['第二条第一項第一号中「及び」を「、」に改め、「委員会」の下に「及び選挙管理委員会」を加える。']],
    ['a statute: 第二条第二項', statute,
      statute.map((d) => (d.id === 'art二' ? {...d, blocks: d.blocks.map((b) => (b.text.startsWith('２') ? {...b, text: '２　前項第二号の規定にかかわらず、次に掲げるものは、公文書に含まないものとする。'} : b))} : d)),
      ['第二条第二項中「ない」の下に「ものとする」を加える。']],
    ['a statute: renumbering and an article added: 「第二章中第四条を第五条とし、第一章中第三条を第四条とし、第二条の次に次の一条を加える」 (the 目次 first)', statute,
      [...statute.slice(0, 3), article('三', '公文書の管理', ['実施機関は、公文書を適正に管理する。']), {...statute[3]!, id: 'art四x', number: '第四条'}, ...statute.slice(4).map((d) => (d.id === 'art四' ? {...d, number: '第五条'} : d))],
      // Read in order: 第四条 moves first (from the end), then 第三条; each last of its chapter, so the chapter is named.
      [
        '目次中「第一章　総則（第一条―第三条）」を「第一章　総則（第一条―第四条）」に、「第二章　公文書の開示（第四条）」を「第二章　公文書の開示（第五条）」に改める。',
        '第二章中第四条を第五条とし、第一章中第三条を第四条とし、第二条の次に次の一条を加える。', '　第三条 公文書の管理', '　実施機関は、公文書を適正に管理する。'
      ]],
    ['a statute: a chapter\'s title changed: 章名 and 目次', statute, statute.map((d) => (d.id === 'ch2' ? {...d, title: '公文書の開示等'} : d)),
      ['目次中「第二章　公文書の開示（第四条）」を「第二章　公文書の開示等（第四条）」に改める。', '第二章の章名中「開示」を「開示等」に改める。']]
  ]
  const law = ['一', '二', '三', '四', '五'].map((n) => article(n, '条' + n, ['第' + n + '条の本文。']))
  const renumbered = (from: Section, to: string): Section => ({...from, id: from.id + 'x', number: '第' + to + '条'})
  statuteCases.push(
    ['a statute: an article deleted and the next moved up: 「第三条を削り、第四条を第三条とし、第五条を第四条とする」', law,
      [law[0]!, law[1]!, renumbered(law[3]!, '三'), renumbered(law[4]!, '四')].map((d, i) => (i >= 2 ? {...d, id: law[i + 1]!.id} : d)),
      ['第三条を削り、第四条を第三条とし、第五条を第四条とする。']],
    ['a statute: an article added before three that move down: 「…までを一条ずつ繰り下げ、…の次に次の一条を加える」', law.slice(0, 4),
      [law[0]!, article('二', '新しい条', ['新しい本文。']), ...law.slice(1, 4).map((d, i) => ({...d, number: '第' + ['三', '四', '五'][i] + '条'}))],
      ['第二条から第四条までを一条ずつ繰り下げ、第一条の次に次の一条を加える。', '　第二条 新しい条', '　新しい本文。']]
  )
  it.each(statuteCases.map(([name, before, after, expected]) => [name, before, after, expected] as const))('%s', (_, before, after, expected) => {
    expect(sentences(before, after, '改正')).toEqual(['試験規程の一部を次のように改正する。', ...expected])
  })

  it('the 題名 first, and the intro names the title being amended', () => {
    const old = [chapter('1', '総則'), section('ch1-1', '1', '目的', 2, ['目的である。'])]
    expect(sentences(old, old, '改定', '試験要綱')).toEqual(['試験要綱の一部を次のように改定する。', '題名中「要綱」を「規程」に改める。'])
  })

  it('ends with its 附則: the 施行日, the act named by the kind of text it amends', () => {
    const old = [chapter('1', '総則'), section('ch1-1', '1', '目的', 2, ['目的である。'])]
    const neu = [chapter('1', '総則'), section('ch1-1', '1', '目的', 2, ['目的とする。'])]
    const of = (title: string, word: string) =>
      aratame({
        publication: {id: 'p', title, amendmentWord: word},
        from: {spec: 'a', label: '旧'},
        to: {spec: 'b', label: '新', amendment: {date: '2026-03-25', key: '2026-03-25', type: word, effective: '令和8年4月1日'}},
        changes: diffModels({sections: old}, {sections: neu})
      }).supplementary
    expect(of('試験市情報公開条例', '改正')).toBe('この条例は、令和8年4月1日から施行する。')
    expect(of('試験市情報セキュリティポリシー', '改定')).toBe('この改定は、令和8年4月1日から施行する。')
  })

  it('as text: the marking, the intro, each sentence, the added text indented', () => {
    const diff: VersionDiff = {
      publication: {id: 'p', title: '試験規程', amendmentWord: '改定', marking: '取扱注意'},
      from: {spec: 'a', label: '旧'},
      to: {spec: 'b', label: '新', amendment: {date: '2026-03-25', key: '2026-03-25', type: '改定', effective: '令和8年4月1日'}},
      changes: diffModels({sections: policy}, {sections: [...policy, section('ch1-13-2', '13.2', '新設', 3, ['本文。'])]})
    }
    expect(renderAratameText(aratame(diff))).toBe(
      '取扱注意\n\n　試験規程の一部を次のように改定する。\n\n　第1章13.1の次に次のように加える。\n　　13.2 新設\n　　本文。\n\n　　　附　則\n　この規程は、令和8年4月1日から施行する。\n'
    )
  })
})

describe('改め文 of real amendments of 行政手続法, sentence by sentence (test/fixtures/gyosei-tetsuzuki)', () => {
  async function document(from: string, to: string, effective: string) {
    const {loadPublication} = await import('../src/publication.js')
    const {compareSides} = await import('../src/diff/diff-versions.js')
    const dir = path.join(fixtures, 'gyosei-tetsuzuki')
    const before = await loadPublication(path.join(dir, from, 'kaitei.yaml'))
    const after = await loadPublication(path.join(dir, to, 'kaitei.yaml'))
    const diff = await compareSides(
      after.config,
      undefined,
      {side: {spec: from, label: from}, publication: before},
      {side: {spec: to, label: to, amendment: {date: '', key: '', type: '一部改正', effective}}, publication: after}
    )
    return aratame(diff)
  }

  it('平成17年法律第73号: a chapter inserted before 補則, which moves with its article', async () => {
    const result = await document('v1', 'v2', '平成18年4月1日')
    // The title with the law's number; the 目次 first, lines added set out whole (as the act itself does).
    expect(result.intro).toBe('行政手続法（抄）（平成五年法律第八十八号）の一部を次のように改正する。')
    expect(result.sentences.map((d) => d.text)).toEqual([
      '目次中「第六章　補則（第三十八条）」を「第六章　意見公募手続等（第三十八条―第四十五条）\n第七章　補則（第四十六条）」に改める。',
      // The last article of a chapter moved: the chapter named first (第○章中第○条を第△条とし), then the chapter itself (同章).
      '第六章中第三十八条を第四十六条とし、同章を第七章とし、第五章の次に次の一章を加える。'
    ])
    expect(result.sentences[1]!.body!.slice(0, 3)).toEqual([
      // As the act prints it (平成17年法律第73号): 第六章　and its name; the caption on its own line, the number opening the first 項.
      '第六章　意見公募手続等',
      '（命令等を定める場合の一般原則）',
      '第三十八条　命令等を定める機関は、命令等を定めるに当たっては、当該命令等がこれを定める根拠となる法令の趣旨に適合するものとなるようにしなければならない。'
    ])
    // A 法律 takes effect in kanji numerals.
    expect(result.supplementary).toBe('この法律は、平成十八年四月一日から施行する。')
  })

  it('平成26年法律第70号: a 項 inserted, the 項 after it renumbered as structure; an article at the end of a chapter; a chapter の二', async () => {
    const result = await document('v2', 'v3', '平成27年4月1日')
    expect(result.sentences.map((d) => d.text)).toEqual([
      '目次中「第四章　行政指導（第三十二条―第三十六条）」を「第四章　行政指導（第三十二条―第三十六条の二）\n第四章の二　処分等の求め（第三十六条の三）」に改める。',
      // The act's own words.
      '第三十五条第三項を同条第四項とし、同条第二項中「前項」を「前二項」に改め、同項を同条第三項とし、同条第一項の次に次の一項を加える。',
      '第四章中第三十六条の次に次の一条を加える。',
      '第四章の次に次の一章を加える。'
    ])
    // The new 項 with its 号, as one insertion; U+3000 kept as the text writes it.
    expect(result.sentences[1]!.body).toEqual([
      '２　行政指導に携わる者は、当該行政指導をする際に、行政機関が許認可等をする権限又は許認可等に基づく処分をする権限を行使し得る旨を示すときは、その相手方に対して、次に掲げる事項を示さなければならない。',
      '一　当該権限を行使し得る根拠となる法令の条項',
      '二　前号の条項に規定する要件',
      '三　当該権限の行使が前号の要件に適合する理由'
    ])
    expect(result.supplementary).toBe('この法律は、平成二十七年四月一日から施行する。')
  })
})

describe('改め文 forms a 法規担当 writes (hand-written)', () => {
  const article = (n: string, title: string, blocks: string[] = ['本文。'], level = 2) => section('art' + n, '第' + n + '条', '（' + title + '）', level, blocks)
  const law = [
    section('ch1', '第一章', '総則', 1),
    article('一', '目的', ['この条例は、公正な運営に資することを目的とする。']),
    article('二', '定義', ['この条例において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。', '一　実施機関　市長をいう。', '二　公文書　職員が作成した文書をいう。', '２　前項の規定にかかわらず、被保佐人である者の文書は、公文書に含まない。']),
    article('三', '責務', ['実施機関は、この条例を解釈し、運用する。']),
    section('suppl', '附則', '', 1, ['この条例は、公布の日から施行する。', '２　この条例の施行の際現にされている請求は、従前の例による。'])
  ]
  const changed = (id: string, blocks: string[]) => law.map((d) => (d.id === id ? {...d, blocks: section('', '', '', 0, blocks).blocks} : d))

  it('changes of one article in a row are one sentence, chained with 同条', () => {
    const blocks = law[2]!.blocks.map((d) => d.text)
    const after = changed('art二', [blocks[0]!, '一　実施機関　市長及び教育委員会をいう。', blocks[2]!, blocks[3]!.replace('含まない', '含まないものとする')])
    expect(sentences(law, after, '改正').slice(1)).toEqual(['第二条第一項第一号中「市長」の下に「及び教育委員会」を加え、同条第二項中「ない」の下に「ものとする」を加える。'])
  })

  it('a word is quoted whole: never 「佐人」 out of 被保佐人', () => {
    const blocks = law[2]!.blocks.map((d) => d.text)
    const after = changed('art二', [...blocks.slice(0, 3), blocks[3]!.replace('被保佐人', '被補助人')])
    expect(sentences(law, after, '改正').slice(1)).toEqual(['第二条第二項中「被保佐人」を「被補助人」に改める。'])
  })

  it('附則 is addressed as 附則 (附則第二項), never as a bare 第二項 or an article of the main provisions', () => {
    const after = law.map((d) => (d.id === 'suppl' ? {...d, blocks: section('', '', '', 0, [d.blocks[0]!.text, '２　この条例の施行の際現にされている請求は、なお従前の例による。']).blocks} : d))
    expect(sentences(law, after, '改正').slice(1)).toEqual(['附則第二項中「従前」の上に「なお」を加える。'])
    const articles = [...law.slice(0, 4), section('suppl', '附則', '', 1), section('suppl-art1', '第一条', '（施行期日）', 2, ['この条例は、公布の日から施行する。']), section('suppl-art2', '第二条', '（経過措置）', 2, ['従前の例による。'])]
    const amended = articles.map((d) => (d.id === 'suppl-art2' ? {...d, blocks: section('', '', '', 0, ['なお従前の例による。']).blocks} : d))
    expect(sentences(articles, amended, '改正').slice(1)).toEqual(['附則第二条中「従前」の上に「なお」を加える。'])
  })

  it('a provision replaced whole under its own number: 「第三条を次のように改める」 with the whole article', () => {
    const after = law.map((d) => (d.id === 'art三' ? {...d, blocks: section('', '', '', 0, ['市長は、毎年度、公文書の管理の状況を公表しなければならない。']).blocks} : d))
    const result = sentences(law, after, '改正')
    expect(result.slice(1)).toEqual(['第三条を次のように改める。', '　（責務）', '　第三条　市長は、毎年度、公文書の管理の状況を公表しなければならない。'])
  })

  it('several articles added at one place come out in their order, as one insertion (次の二条)', () => {
    const after = [...law.slice(0, 3), article('三', '新一'), article('四', '新二'), {...law[3]!, id: 'art五', number: '第五条'}, law[4]!]
    const result = sentences(law, after, '改正')
    // 第三条, last of its chapter, moves first (the chapter named), then the two are added after 第二条, in their order.
    expect(result).toContain('第一章中第三条を第五条とし、第二条の次に次の二条を加える。')
    expect(result.indexOf('　（新一）')).toBeGreaterThan(0)
    expect(result.indexOf('　（新一）')).toBeLessThan(result.indexOf('　（新二）'))
    expect(result[result.indexOf('　（新一）') + 1]).toMatch(/^　第三条　/)
    expect(result[result.indexOf('　（新二）') + 1]).toMatch(/^　第四条　/)
  })
})

describe('partial documents and markings', () => {
  const config =
    'id: p\ntitle: 試験規程\nowner: 試験課\nmarking: 取扱注意\nsources: [docs/a.md]\naudiences:\n' +
    '  - {name: public, label: 公開, marking: 公開, public: true, withheld: headings}\n' +
    '  - {name: staff, label: 庁内, marking: 庁内限定, includes: public}\n' +
    '  - {name: security, label: 担当, marking: 担当者限定, includes: staff}\n'
  const v1 = '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n## 1 目的\n\n公開の本文。\n\n:::access{audience=staff}\n## 2 庁内手続\n\n庁内の手続は別に定める。\n:::\n'
  const v2 = v1.replace('公開の本文。', '公開の本文とする。').replace('別に定める。', '総務課が別に定める。') + '\n:::access{audience=security}\n## 3 緊急連絡\n\n夜間は当番者に連絡する。\n:::\n'

  async function compare(audience?: 'public' | 'staff' | 'security') {
    const {loadPublicationFromText} = await import('../src/publication.js')
    const {compareSides} = await import('../src/diff/diff-versions.js')
    const {resolveAudience} = await import('../src/access/audiences.js')
    const load = (text: string) => loadPublicationFromText(config, '/p/kaitei.yaml', {readSource: async () => text})
    const before = await load(v1)
    const after = await load(v2)
    return compareSides(after.config, audience ? resolveAudience(after.config, audience) : undefined, {side: {spec: 'a', label: '旧'}, publication: before}, {side: {spec: 'b', label: '新', amendment: {date: '', key: '', type: '改定', effective: '令和8年4月1日'}}, publication: after})
  }

  it('a public 改め文 and 新旧対照表 of changes in withheld text say they are partial, and insert no （非公開）', async () => {
    const diff = await compare('public')
    expect(diff.partial).toBe(true)
    const text = renderAratameText(aratame(diff))
    expect(text).toContain('（抄）')
    expect(text).toContain('（注）この版で非公開とされている部分の改定は、示していない。')
    expect(text).not.toContain('（非公開）')
    expect(text).toContain('第1章1中「本文」の下に「とする」を加える。')
    const {renderComparisonTable} = await import('../src/diff/render-table.js')
    const table = renderComparisonTable(diff, {lang: 'ja'})
    expect(table).toContain('新旧対照表（抄）</h1>')
    expect(table).toContain('<p class="partial-note">（注）この版で非公開とされている部分の改定は、示していない。</p>')
    // The editions that see everything make whole documents.
    expect((await compare('security')).partial).toBeUndefined()
    expect(renderAratameText(aratame(await compare('security')))).not.toContain('（抄）')
  })

  it('every output of kaitei diff carries the marking of the strictest audience whose text it holds', async () => {
    const {renderMarkdown, renderText} = await import('../src/diff/render-text.js')
    // Without an audience: the full text, security text included — marked as the security edition is.
    const full = await compare()
    expect(full.publication.marking).toBe('担当者限定')
    expect(renderText(full).split('\n')[0]).toBe('担当者限定')
    expect(renderMarkdown(full).split('\n')[0]).toBe('**担当者限定**')
    expect(renderAratameText(aratame(full)).split('\n')[0]).toBe('担当者限定')
    // An edition's diff: its own marking.
    expect(renderText(await compare('public')).split('\n')[0]).toBe('公開')
    expect(renderMarkdown(await compare('staff')).split('\n')[0]).toBe('**庁内限定**')
  })
})
