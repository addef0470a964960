import {describe, expect, it} from 'vitest'
import {parseJapaneseNumeral, recogniseNumber} from '../src/numbering.js'

describe('recogniseNumber keeps numbers as written', () => {
  it.each([
    ['第1章 四街道市情報セキュリティ基本方針', '第1章', 'ch1', '四街道市情報セキュリティ基本方針'],
    ['第十二章 雑則', '第十二章', 'ch12', '雑則'],
    ['第２章 対策基準', '第２章', 'ch2', '対策基準'],
    ['序 情報セキュリティポリシーの構成', '序', 'preface', '情報セキュリティポリシーの構成'],
    ['1 目的', '1', '1', '目的'],
    ['13 評価及び見直しの実施', '13', '13', '評価及び見直しの実施'],
    ['5.1 情報資産の分類', '5.1', '5-1', '情報資産の分類'],
    ['14.3　見直し', '14.3', '14-3', '見直し'],
    ['(1) パソコン等', '(1)', 'p1', 'パソコン等'],
    ['（12） 通信経路の分割', '（12）', 'p12', '通信経路の分割'],
    ['①マイナンバー利用事務系においては', '①', 'c1', 'マイナンバー利用事務系においては'],
    ['⑪ 十一番目', '⑪', 'c11', '十一番目'],
    ['ア 総則', 'ア', 'k1', '総則'],
    ['(イ) 細目', '(イ)', 'pk2', '細目'],
    ['Chapter 3 Access control', 'Chapter 3', 'ch3', 'Access control'],
    ['2.4. Passwords', '2.4.', '2-4', 'Passwords'],
    ['(b) Contractors', '(b)', 'pb', 'Contractors'],
    ['附則', '附則', 'suppl', ''],
    // Statutes.
    ['第三十六条の二 （補正）', '第三十六条の二', 'art36_2', '（補正）'],
    ['第2条（定義）', '第2条', 'art2', '（定義）'],
    ['第四章の二 雑則', '第四章の二', 'ch4_2', '雑則'],
    ['第一節 通則', '第一節', 'sec1', '通則'],
    ['十一　市長', '十一', 'g11', '市長'],
    ['附則（平成17年6月29日法律第73号）', '附則（平成17年6月29日法律第73号）', 'suppl-2005-06-29-73', ''],
    ['附則（平成十七年六月二十九日条例第二十号）', '附則（平成十七年六月二十九日条例第二十号）', 'suppl-2005-06-29-20', ''],
    ['附則 (抄)', '附則 (抄)', 'suppl-抄', ''],
    // English.
    ['A. Scope', 'A.', 'a', 'Scope'],
    ['Article 12 Payment', 'Article 12', 'art12', 'Payment'],
    ['iv. fourth', 'iv.', 'r4', 'fourth'],
    ['(iii) third', '(iii)', 'pr3', 'third']
  ])('%s', (text, number, segment, rest) => {
    const result = recogniseNumber(text)
    expect(result?.number.text).toBe(number)
    expect(result?.number.segment).toBe(segment)
    expect(result?.rest).toBe(rest)
  })

  it.each([['2026年度の計画'], ['情報資産の分類'], ['10月1日から'], ['Introduction'], ['一般の職員は'], ['Appendix']])('%s has no number', (text) => {
    expect(recogniseNumber(text)).toBeUndefined()
  })

  it('reads kanji numerals', () => {
    expect(parseJapaneseNumeral('二十三')).toBe(23)
    expect(parseJapaneseNumeral('百五')).toBe(105)
    expect(parseJapaneseNumeral('１０')).toBe(10)
  })
})
