/**
 * Numbers as 法制執務 writes them in 改め文: 条, 項 and 号 in kanji
 * (第四十六条, 第二項, 第三号), the kinds of provisions by their numbers, and
 * the number a block of a statute starts with (２　… is a 項, 一　… a 号).
 */
import {parseJapaneseNumeral} from '../../numbering.js'

const digits = '〇一二三四五六七八九'

/** A kanji numeral: 3 → 三, 12 → 十二, 46 → 四十六, 120 → 百二十. */
export function kanji(n: number): string {
  if (n < 10) return digits[n]!
  if (n < 100) return (n >= 20 ? digits[Math.floor(n / 10)] : '') + '十' + (n % 10 ? digits[n % 10] : '')
  if (n < 1000) return (n >= 200 ? digits[Math.floor(n / 100)] : '') + '百' + (n % 100 ? kanji(n % 100) : '')
  return String(n)
}

/** Digits written in kanji inside a text (a date, a number): 平成27年4月1日 → 平成二十七年四月一日; 元年 stays. */
export function kanjiNumerals(text: string): string {
  return text.replace(/[0-9０-９]+/g, (run) => kanji(Number(run.normalize('NFKC'))))
}

const numeral = '[〇一二三四五六七八九十百千0-9０-９]+'
export const isArticle = (number: string | undefined) => number !== undefined && new RegExp('^第' + numeral + '条').test(number)
export const isChapter = (number: string | undefined) => number !== undefined && new RegExp('^第' + numeral + '[章編節款目]').test(number)
export const isSupplementary = (number: string | undefined) => number !== undefined && /^附\s*則/.test(number)

/** The unit a chapter-like number counts in: 章, 節 … */
export function chapterUnit(number: string): string {
  return new RegExp('^第' + numeral + '([章編節款目])').exec(number)?.[1] ?? '章'
}

/** The leading number of a statute's block: a 項 (`２`) or a 号 (`一`), with its value; the first 項 is unnumbered. */
export function blockNumber(text: string): {kind: 'paragraph' | 'item'; written: string; value: number} | undefined {
  const paragraph = /^([0-9０-９]+)[\u3000 ]/.exec(text)
  if (paragraph) return {kind: 'paragraph', written: paragraph[1]!, value: Number(paragraph[1]!.normalize('NFKC'))}
  const item = /^([〇一二三四五六七八九十百千]+)[\u3000 ]/.exec(text)
  if (item) return {kind: 'item', written: item[1]!, value: parseJapaneseNumeral(item[1]!)!}
  return undefined
}

/**
 * How an amending act names a 附則: 附則 for the law's own; a later act's
 * by that act (附則（平成十七年六月二十九日条例第二十号） → 平成十七年条例第二十号附則).
 */
export function supplementaryName(number: string): string {
  const caption = /^附\s*則[（(](.+?)[）)]/.exec(number)?.[1]
  if (!caption) return '附則'
  const act = /^(.+?年).*?日(.+)$/.exec(caption)
  return (act ? act[1]! + act[2]! : caption) + "附則"
}

/** 条, 項 or 号 as a clause counts them: 次の一条, 次の二項, 次の三号. */
export function countedUnit(kind: string): string | undefined {
  return {article: '条', paragraph: '項', item: '号'}[kind]
}
