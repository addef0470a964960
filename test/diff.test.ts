/**
 * The diff engine and its renderers.
 */
import {describe, expect, it} from 'vitest'
import {random} from '../bench/generate-policy.js'
import {edit, generated} from './edits.js'
import {diffBlocks, diffModels} from '../src/diff/engine.js'
import type {Block, Section} from '../src/diff/model.js'
import {diffText, editedCharacters, markedCharacters, sides, type Segment} from '../src/diff/text-diff.js'

describe('text diff: applying the changes to the old text gives the new text', () => {
  const next = random(42)
  const cases = Array.from({length: 300}, () => {
    const before = generated(next, 5 + Math.floor(next() * 60))
    return [before, edit(next, before)] as const
  })
  it.each(cases.map((d, i) => [i, d[0], d[1]]))('edit script %i', (_, before, after) => {
    const segments = diffText(before, after)
    expect(sides(segments)).toEqual({old: before, new: after})
    // No two neighbouring segments of one type.
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.type).not.toBe(segments[i - 1]!.type)
  })

  it('holds for whole sections of blocks', () => {
    const rng = random(7)
    for (let n = 0; n < 50; n++) {
      const before: Block[] = Array.from({length: 3 + Math.floor(rng() * 6)}, () => ({kind: 'paragraph' as const, text: generated(rng, 20), markup: ''}))
      const after = before.filter(() => rng() > 0.2).map((d) => (rng() > 0.6 ? {...d, text: edit(rng, d.text)} : d))
      if (rng() > 0.5) after.splice(Math.floor(rng() * after.length), 0, {kind: 'paragraph', text: generated(rng, 15), markup: ''})
      const changes = diffBlocks(before, after)
      expect(changes.filter((d) => d.kind !== 'added').map((d) => sides(d.segments).old)).toEqual(before.map((d) => d.text))
      expect(changes.filter((d) => d.kind !== 'removed').map((d) => sides(d.segments).new)).toEqual(after.map((d) => d.text))
    }
  })
})

describe('changes are marked in units a reader can name', () => {
  const show = (segments: Segment[]) => segments.map((d) => (d.type === 'equal' ? d.text : d.type === 'delete' ? '[-' + d.text + '-]' : '{+' + d.text + '+}')).join('')
  it.each([
    ['a one-character change widens to its word (not 「三要素」)', '端末への多要素認証の導入等', '端末への二要素認証の導入等', '端末への[-多要素-]{+二要素+}認証の導入等'],
    ['whole numbers: 三十八 → 四十六, not 三 → 四', '第三十八条を適用する。', '第四十六条を適用する。', '第[-三十八-]{+四十六+}条を適用する。'],
    ['never a lone kanji numeral: it takes its counter', '第一号に掲げる事項', '第二号に掲げる事項', '第[-一号-]{+二号+}に掲げる事項'],
    ['a numeral that only grows is still whole', '第九条', '第十九条', '第[-九条-]{+十九条+}'],
    ['a lone kanji dropped from a word widens to the word', '職員等は、遵守する。', '職員は、遵守する。', '[-職員等-]{+職員+}は、遵守する。'],
    ['a particle is a unit of its own', '職員は遵守する', '職員が遵守する', '職員[-は-]{+が+}遵守する'],
    ['a word for a word', '本市のあらゆる情報資産', '本市の全ての情報資産', '本市の[-あらゆる-]{+全ての+}情報資産'],
    ['the changed part of a compound', '情報セキュリティ責任者', '情報セキュリティ管理者', '情報セキュリティ[-責任者-]{+管理者+}'],
    ['digits are whole numbers and may stand alone', '平成26年4月1日から5年', '平成27年4月1日から10年', '平成[-26-]{+27+}年4月1日から[-5-]{+10+}年'],
    ['English: whole words, not letters', 'the colour of the policy', 'the color of the policy', 'the [-colour-]{+color+} of the policy'],
    ['punctuation is its own unit', '情報資産を管理し保護する', '情報資産を管理し、保護する', '情報資産を管理し{+、+}保護する']
  ])('%s', (_, before, after, expected) => {
    const segments = diffText(before, after)
    expect(show(segments)).toBe(expected)
    expect(sides(segments)).toEqual({old: before, new: after})
  })

  it('reports honestly: characters a minimal edit touches, and characters marked', () => {
    const segments = diffText('端末への多要素認証の導入等', '端末への二要素認証の導入等')
    expect(editedCharacters('端末への多要素認証の導入等', '端末への二要素認証の導入等')).toBe(2)
    expect(markedCharacters(segments)).toBe(6)
  })
})

describe('precision and recall on known edits to the seed', () => {
  const purpose = '本市が目指す電子自治体を実現するためには、本市の所有するあらゆる情報資産を様々な脅威から保護する統一的な対策を確立することが必要不可欠なことである。'
  const measures = '情報資産を外部からの不正なアクセス等から適切に保護するため、情報資産のアクセス制御、ネットワーク管理等の技術面の対策を講ずる。また、緊急事態が発生した際に迅速な対応を可能とするための危機管理対策を講ずる。'

  /** Character positions marked in the old and the new text. */
  function marked(segments: Segment[]) {
    const old = new Set<number>()
    const neu = new Set<number>()
    let a = 0
    let b = 0
    for (const segment of segments) {
      const length = [...segment.text].length
      if (segment.type === 'equal') {
        a += length
        b += length
      } else if (segment.type === 'delete') {
        for (let i = 0; i < length; i++) old.add(a + i)
        a += length
      } else {
        for (let i = 0; i < length; i++) neu.add(b + i)
        b += length
      }
    }
    return {old, neu}
  }

  const range = (start: number, length: number) => new Set(Array.from({length}, (_, i) => start + i))

  const cases: Array<{name: string; before: string; after: string; truth: {old: Set<number>; neu: Set<number>}}> = [
    (() => {
      const at = purpose.indexOf('あらゆる')
      return {name: 'a word replaced', before: purpose, after: purpose.replace('あらゆる', '全ての'), truth: {old: range(at, 4), neu: range(at, 3)}}
    })(),
    (() => {
      const at = purpose.indexOf('確立する') + 4
      const clause = 'とともに、定期的に見直し'
      return {name: 'a clause inserted', before: purpose, after: purpose.slice(0, at) + clause + purpose.slice(at), truth: {old: new Set<number>(), neu: range(at, [...clause].length)}}
    })(),
    (() => {
      const sentence = 'また、緊急事態が発生した際に迅速な対応を可能とするための危機管理対策を講ずる。'
      const rest = measures.replace(sentence, '')
      return {name: 'a sentence moved', before: measures, after: sentence + rest, truth: {old: range(measures.indexOf(sentence), [...sentence].length), neu: range(0, [...sentence].length)}}
    })()
  ]

  it.each(cases.map((d) => [d.name, d] as const))('%s: the marked characters are the true edit', (name, c) => {
    const got = marked(diffText(c.before, c.after))
    const hit = [...got.old].filter((d) => c.truth.old.has(d)).length + [...got.neu].filter((d) => c.truth.neu.has(d)).length
    const markedCount = got.old.size + got.neu.size
    const truthCount = c.truth.old.size + c.truth.neu.size
    const precision = markedCount ? hit / markedCount : 1
    const recall = truthCount ? hit / truthCount : 1
    console.log(`${name}: precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)} (${markedCount} marked, ${truthCount} true)`)
    expect(recall).toBe(1)
    expect(precision).toBeGreaterThanOrEqual(0.85)
  })

  it('a renumbered section is matched and reported as renumbered, with no text change', () => {
    const section = (id: string, number: string, title: string, text: string): Section => ({id, number, title, level: 2, parent: 'ch1', blocks: [{kind: 'paragraph', text, markup: text}]})
    const before = {sections: [section('ch1-12', '12', '情報セキュリティ監査の実施', '定期的に監査を実施する。'), section('ch1-13', '13', '評価及び見直しの実施', '見直しを実施する。')]}
    const after = {sections: [section('ch1-12', '12', '情報セキュリティ監査の実施', '定期的に監査を実施する。'), section('ch1-13', '13', '外部評価', '第三者による評価を受ける。'), section('ch1-14', '14', '評価及び見直しの実施', '見直しを実施する。')]}
    const model = diffModels(before, after)
    expect(model.sections.map((d) => [d.old?.number ?? '-', d.new?.number ?? '-', d.kind, d.renumbered])).toEqual([
      ['12', '12', 'unchanged', false],
      ['-', '13', 'added', false],
      ['13', '14', 'unchanged', true]
    ])
    expect(model.summary.sections).toMatchObject({added: 1, renumbered: 1, changed: 0})
  })

  it('formatting-only changes are reported as such', () => {
    const changes = diffBlocks([{kind: 'paragraph', text: '重要な規定', markup: '重要な規定'}], [{kind: 'paragraph', text: '重要な規定', markup: '**重要**な規定'}])
    expect(changes.map((d) => d.kind)).toEqual(['formatting'])
  })
})
