/**
 * The policy's own numbering, recognised and kept as written: 第1章, 序, `1`,
 * `5.1`, `(1)`, `①`, `ア`, `(ア)`, and English `Chapter 1`, `1.2`, `(a)`.
 *
 * A recognised number gives the id segment of its section (`ch1`, `5-1`,
 * `p1`, `c1`) and numeric values for the sequence check.
 */

export type NumberKind =
  | 'preface'
  | 'chapter'
  | 'part'
  | 'article'
  | 'supplementary'
  | 'arabic'
  | 'paren'
  | 'circled'
  | 'katakana'
  | 'paren-katakana'
  | 'paren-latin'

export interface SectionNumber {
  kind: NumberKind
  /** The number exactly as written: `第1章`, `(1)`, `5.1`. */
  text: string
  /** Id segment derived from the number: `ch1`, `p1`, `5-1`. */
  segment: string
  /** Numeric value(s) for sequence checks: `5.1` → `[5, 1]`. */
  value: number[]
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

const separator = '(?:[ \\t\\u3000]+|$)'
const patterns: Array<[RegExp, (m: RegExpExecArray) => SectionNumber | undefined]> = [
  [
    new RegExp('^(第([0-9０-９〇一二三四五六七八九十百]+)([章編部節条]))' + separator),
    (m) => {
      const value = parseJapaneseNumeral(m[2]!)
      if (value === undefined) return undefined
      const unit = m[3]!
      const kind: NumberKind = unit === '章' ? 'chapter' : unit === '条' ? 'article' : 'part'
      const prefix = unit === '章' ? 'ch' : unit === '条' ? 'art' : unit === '節' ? 'sec' : 'part'
      return {kind, text: m[1]!, segment: prefix + value, value: [value]}
    }
  ],
  [/^(序)(?:[ \t\u3000]+|$)/, (m) => ({kind: 'preface', text: m[1]!, segment: 'preface', value: [0]})],
  [/^(附則|付則)(?:[ \t\u3000]+|$)/, (m) => ({kind: 'supplementary', text: m[1]!, segment: 'suppl', value: [0]})],
  [
    /^((?:Chapter|CHAPTER)[ \t]+(\d+))[.:]?(?:[ \t]+|$)/,
    (m) => ({kind: 'chapter', text: m[1]!, segment: 'ch' + Number(m[2]), value: [Number(m[2])]})
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
    /^([(（]([\u30a2-\u30f3])[)）])[ \t\u3000]*/,
    (m) => {
      const index = katakana.indexOf(m[2]!)
      if (index < 0) return undefined
      return {kind: 'paren-katakana', text: m[1]!, segment: 'pk' + (index + 1), value: [index + 1]}
    }
  ],
  [
    /^([\u30a2-\u30f3])[ \t\u3000]+/,
    (m) => {
      const index = katakana.indexOf(m[1]!)
      if (index < 0) return undefined
      return {kind: 'katakana', text: m[1]!, segment: 'k' + (index + 1), value: [index + 1]}
    }
  ],
  [
    /^(\(([a-z])\))[ \t]*/,
    (m) => ({kind: 'paren-latin', text: m[1]!, segment: 'p' + m[2]!, value: [m[2]!.charCodeAt(0) - 96]})
  ]
]

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
