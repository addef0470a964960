/**
 * The policy's own numbering, recognised and kept as written: 第1章, 序, `1`,
 * `5.1`, `(1)`, `①`, `ア`, `(ア)`; statutes' 第三十六条の二, 第四章の二,
 * 第2条（定義）, 号 (一, 二, 十一), イロハ, 附則（平成17年6月29日法律第73号）;
 * and English `Chapter 1`, `Article 5`, `1.2`, `A.`, `(a)`, `i.`, `(iv)`.
 *
 * A recognised number gives the id segment of its section (`ch1`, `art36_2`,
 * `5-1`, `p1`, `c1`, `g3`, `r4`) and numeric values for the sequence check.
 */

export type NumberKind =
  | 'preface'
  | 'chapter'
  | 'part'
  /** 節, 款, 目: divisions inside a chapter. */
  | 'division'
  | 'article'
  | 'supplementary'
  | 'arabic'
  | 'paren'
  | 'circled'
  | 'katakana'
  | 'paren-katakana'
  | 'paren-latin'
  /** 号 of a statute: 一, 二, 十一 (followed by a space). */
  | 'kanji'
  /** `A.`, `b)`: a letter as a number. */
  | 'latin'
  /** `i.`, `IV.`: roman numerals. */
  | 'roman'
  /** `(iv)`. */
  | 'paren-roman'

export interface SectionNumber {
  kind: NumberKind
  /** The number exactly as written: `第1章`, `(1)`, `5.1`. */
  text: string
  /** Id segment derived from the number: `ch1`, `p1`, `5-1`. */
  segment: string
  /** Numeric value(s) for sequence checks: `5.1` → `[5, 1]`. */
  value: number[]
  /** Branch numbers of a statute's inserted article or chapter: 第三十六条の二 → `[2]`. */
  branch?: number[]
}

export interface Numbered {
  number: SectionNumber
  /** The rest of the text after the number and its separator. */
  rest: string
}

const kanjiDigits: Record<string, number> = {
  〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9
}

/** `十二` → 12, `百二十` → 120, `12` / `１２` → 12. */
export function parseJapaneseNumeral(text: string): number | undefined {
  const ascii = text.normalize('NFKC')
  if (/^\d+$/.test(ascii)) return Number(ascii)
  if (!/^[〇一二三四五六七八九十百千]+$/.test(text)) return undefined
  let total = 0
  let current = 0
  for (const char of text) {
    if (char === '千' || char === '百' || char === '十') {
      const unit = char === '千' ? 1000 : char === '百' ? 100 : 10
      total += (current || 1) * unit
      current = 0
    } else {
      current = current * 10 + kanjiDigits[char]!
    }
  }
  return total + current
}

/** Circled numbers ① (1) to ㊿ (50). */
export function circledValue(char: string): number | undefined {
  const code = char.codePointAt(0)!
  if (code >= 0x2460 && code <= 0x2473) return code - 0x2460 + 1
  if (code >= 0x3251 && code <= 0x325f) return code - 0x3251 + 21
  if (code >= 0x32b1 && code <= 0x32bf) return code - 0x32b1 + 36
  return undefined
}

// 五十音 order, as Japanese rules list ア, イ, ウ …
const katakana =
  'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン'
// … and いろは order, as statutes list イ, ロ, ハ … (ヰ and ヱ included).
export const iroha = 'イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス'

const numeral = '[0-9０-９〇一二三四五六七八九十百千]+'
const units: Record<string, {kind: NumberKind; prefix: string}> = {
  章: {kind: 'chapter', prefix: 'ch'},
  編: {kind: 'part', prefix: 'part'},
  部: {kind: 'part', prefix: 'part'},
  節: {kind: 'division', prefix: 'sec'},
  款: {kind: 'division', prefix: 'sub'},
  目: {kind: 'division', prefix: 'div'},
  条: {kind: 'article', prefix: 'art'}
}

/** Roman numerals i … mmm (lower or upper case), or `undefined`. */
export function romanValue(text: string): number | undefined {
  const roman = text.toLowerCase()
  if (!/^m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/.test(roman) || roman === '') return undefined
  const values: Record<string, number> = {i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000}
  let total = 0
  for (let i = 0; i < roman.length; i++) {
    const value = values[roman[i]!]!
    const next = values[roman[i + 1] ?? ''] ?? 0
    total += value < next ? -value : value
  }
  return total
}

/**
 * A caption's date and number as an id segment: （平成17年6月29日法律第73号）
 * → `2005-06-29-73`; other captions as a slug.
 */
function captionSegment(caption: string): string {
  const inner = caption.replace(/^[\s（(]+|[）)\s]+$/g, '')
  const date = /((?:明治|大正|昭和|平成|令和)(?:元|[0-9０-９〇一二三四五六七八九十]+)年[0-9０-９〇一二三四五六七八九十]+月[0-9０-９〇一二三四五六七八九十]+日|\d{4}-\d{2}-\d{2})/.exec(inner)
  const number = /第([0-9０-９〇一二三四五六七八九十百千]+)号/.exec(inner)
  if (date) {
    const written = date[1]!.replace(/[〇一二三四五六七八九十]+/g, (d) => String(parseJapaneseNumeral(d) ?? d))
    const parsed = parseDateLoose(written)
    if (parsed) return parsed + (number ? '-' + parseJapaneseNumeral(number[1]!) : '')
  }
  return slugify(inner)
}

/** A 和暦 or ISO date to ISO without the era checks (captions only: they name, they are not validated). */
function parseDateLoose(text: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (iso) return text
  const match = /^(明治|大正|昭和|平成|令和)(元|\d+)年(\d+)月(\d+)日$/.exec(text.normalize('NFKC'))
  if (!match) return undefined
  const start: Record<string, number> = {明治: 1868, 大正: 1912, 昭和: 1926, 平成: 1989, 令和: 2019}
  const year = start[match[1]!]! + (match[2] === '元' ? 1 : Number(match[2])) - 1
  return year + '-' + match[3]!.padStart(2, '0') + '-' + match[4]!.padStart(2, '0')
}

const patterns: Array<[RegExp, (m: RegExpExecArray) => SectionNumber | undefined]> = [
  [
    // 第1章, 第三十六条の二, 第2条（定義） (a caption right after the number).
    new RegExp('^(第(' + numeral + ')([章編部節款目条])((?:の' + numeral + ')*))(?=[ \\t\\u3000（(]|$)[ \\t\\u3000]*'),
    (m) => {
      const value = parseJapaneseNumeral(m[2]!)
      if (value === undefined) return undefined
      const {kind, prefix} = units[m[3]!]!
      const branch = m[4] ? m[4].split('の').slice(1).map((d) => parseJapaneseNumeral(d)!) : []
      if (branch.some((d) => d === undefined)) return undefined
      // 第六条の二 is `art6_2`: `art6-2` is 第六条第二項.
      return {kind, text: m[1]!, segment: prefix + [value, ...branch].join('_'), value: [value], ...(branch.length ? {branch} : {})}
    }
  ],
  [/^(序)(?:[ \t\u3000]+|$)/, (m) => ({kind: 'preface', text: m[1]!, segment: 'preface', value: [0]})],
  [
    // 附則, 附則（平成17年6月29日法律第73号）: several 附則 are told apart by their captions.
    /^((?:附則|付則)(?:[ \t\u3000]*[（(][^）)]*[）)])?)(?:[ \t\u3000]+|$)/,
    (m) => {
      const caption = m[1]!.replace(/^(附則|付則)/, '')
      return {kind: 'supplementary', text: m[1]!, segment: caption.trim() ? 'suppl-' + captionSegment(caption) : 'suppl', value: [0]}
    }
  ],
  [
    /^((?:Chapter|CHAPTER|Part|PART)[ \t]+(\d+))[.:]?(?:[ \t]+|$)/,
    (m) => ({kind: 'chapter', text: m[1]!, segment: 'ch' + Number(m[2]), value: [Number(m[2])]})
  ],
  [
    /^((?:Article|ARTICLE|Section|SECTION|§)[ \t]*(\d+))[.:]?(?:[ \t]+|$)/,
    (m) => ({kind: 'article', text: m[1]!, segment: 'art' + Number(m[2]), value: [Number(m[2])]})
  ],
  [
    /^(([0-9０-９]+(?:[.．][0-9０-９]+)*)[.．]?)(?:[ \t\u3000]+|$)/,
    (m) => {
      const value = m[2]!.normalize('NFKC').split('.').map(Number)
      return {kind: 'arabic', text: m[1]!, segment: value.join('-'), value}
    }
  ],
  [
    /^([(（]([0-9０-９]+)[)）])[ \t\u3000]*/,
    (m) => {
      const value = Number(m[2]!.normalize('NFKC'))
      return {kind: 'paren', text: m[1]!, segment: 'p' + value, value: [value]}
    }
  ],
  [
    /^([\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])[ \t\u3000]*/,
    (m) => {
      const value = circledValue(m[1]!)!
      return {kind: 'circled', text: m[1]!, segment: 'c' + value, value: [value]}
    }
  ],
  [
    /^([(（]([\u30a2-\u30f3\u30f0\u30f1])[)）])[ \t\u3000]*/,
    (m) => {
      const index = katakana.indexOf(m[2]!)
      if (index < 0) return undefined
      return {kind: 'paren-katakana', text: m[1]!, segment: 'pk' + (index + 1), value: [index + 1]}
    }
  ],
  [
    /^([\u30a2-\u30f3\u30f0\u30f1])[ \t\u3000]+/,
    (m) => {
      const index = katakana.indexOf(m[1]!)
      if (index < 0) return katakanaAsIroha(m[1]!)
      return {kind: 'katakana', text: m[1]!, segment: 'k' + (index + 1), value: [index + 1]}
    }
  ],
  [
    // 号: 一, 二, 十一 followed by a space (一般 is a word, not a number).
    /^([〇一二三四五六七八九十百]+)[ \t\u3000]+/,
    (m) => {
      const value = parseJapaneseNumeral(m[1]!)
      return value === undefined ? undefined : {kind: 'kanji', text: m[1]!, segment: 'g' + value, value: [value]}
    }
  ],
  [
    /^([(（]([ivxlcdm]+|[IVXLCDM]+)[)）])[ \t]*/,
    (m) => {
      // `(i)`, `(v)`, `(x)`: roman, as lists of clauses use them; `(c)`, `(d)`: letters.
      const value = romanValue(m[2]!)
      if (value === undefined || (m[2]!.length === 1 && !/[ivxIVX]/.test(m[2]!))) return undefined
      return {kind: 'paren-roman', text: m[1]!, segment: 'pr' + value, value: [value]}
    }
  ],
  [
    /^(\(([a-z])\))[ \t]*/,
    (m) => ({kind: 'paren-latin', text: m[1]!, segment: 'p' + m[2]!, value: [m[2]!.charCodeAt(0) - 96]})
  ],
  [
    // `ii.`, `IV.`: roman numerals of two letters or more.
    /^(([ivxlcdm]{2,}|[IVXLCDM]{2,})[.)])[ \t]+/,
    (m) => {
      const value = romanValue(m[2]!)
      return value === undefined ? undefined : {kind: 'roman', text: m[1]!, segment: 'r' + value, value: [value]}
    }
  ],
  [
    // `A.`, `b)`: one letter. (`i.` and `I.` may be roman: the sections
    // plugin decides by their neighbours.)
    /^(([A-Za-z])[.)])[ \t]+/,
    (m) => {
      const letter = m[2]!
      return {kind: 'latin', text: m[1]!, segment: letter.toLowerCase(), value: [letter.toLowerCase().charCodeAt(0) - 96]}
    }
  ]
]

/** A katakana not in 五十音 as written here (ヰ, ヱ): いろは only. */
function katakanaAsIroha(char: string): SectionNumber | undefined {
  const index = iroha.indexOf(char)
  return index < 0 ? undefined : {kind: 'katakana', text: char, segment: 'i' + (index + 1), value: [index + 1]}
}

/** A katakana number read in いろは order (a statute's イ, ロ, ハ). */
export function asIroha(number: SectionNumber): SectionNumber {
  const char = number.text.replace(/[()（）]/g, '')
  const index = iroha.indexOf(char)
  if (index < 0) return number
  const prefix = number.kind === 'paren-katakana' ? 'pi' : 'i'
  return {...number, segment: prefix + (index + 1), value: [index + 1]}
}

/** A one-letter `i.` / `v.` / `x.` read as a roman numeral. */
export function asRoman(number: SectionNumber): SectionNumber {
  const letter = number.text.replace(/[.)]/g, '')
  const value = romanValue(letter)
  return value === undefined ? number : {...number, kind: 'roman', segment: 'r' + value, value: [value]}
}

/**
 * Recognise the number at the start of a heading or list item text.
 * `'5.1 情報資産の分類'` → `{number: {kind: 'arabic', text: '5.1', segment: '5-1', value: [5, 1]}, rest: '情報資産の分類'}`.
 */
export function recogniseNumber(text: string): Numbered | undefined {
  for (const [pattern, build] of patterns) {
    const match = pattern.exec(text)
    if (!match) continue
    const number = build(match)
    if (!number) continue
    return {number, rest: text.slice(match[0].length)}
  }
  return undefined
}

/** Kinds that are chapters: they reset the id path at the top of a file. */
export function isChapterLike(kind: NumberKind): boolean {
  return kind === 'chapter' || kind === 'preface' || kind === 'supplementary' || kind === 'part'
}

/**
 * The number as a value to compare across versions: 第三十八条 and 38, 二 and
 * 2, B. and 2 alike (`[38]`, `[36, 2]` for 第三十六条の二); `undefined`
 * when there is none.
 */
export function numberValue(text: string | undefined): number[] | undefined {
  if (!text) return undefined
  const number = recogniseNumber(text + ' ')?.number
  return number ? [...number.value, ...(number.branch ?? [])] : undefined
}

/**
 * Turn a title into an id segment for sections without a number (an explicit
 * `{#id}` is better: a retitled section keeps its anchor only with one).
 */
export function slugify(text: string): string {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s\u3000]+/g, '-')
      .replace(/[^\p{L}\p{N}_-]/gu, '')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '') || 'section'
  )
}

/**
 * The anchor GitHub (and most Markdown sites) gives a heading: its text in
 * lower case, punctuation and symbols dropped, each space a hyphen
 * (`## 2. Scope` → `2-scope`, `## A. Definitions` → `a-definitions`,
 * `## 1 目的` → `1-目的`). kaitei's own ids come from the number path; these
 * are kept as aliases, so that links written for GitHub still land.
 */
export function githubSlug(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-')
}
