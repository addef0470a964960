/**
 * Changes inside a text, as 改め文 quote them:
 * 「A」を「B」に改め、「C」を削り、「D」の下に「E」を加える.
 *
 * A quoted phrase names one place in the text as it stands when the phrase
 * is read (the edits before it applied): it is unique there (and among the
 * texts searched with it), at least two characters, never punctuation
 * alone, its brackets balanced, its characters exactly the text's (U+3000
 * is not U+0020), and made of whole words — widened by words until it is,
 * and never cutting a run of kanji or katakana into a piece of one (「佐人」
 * from 保佐人). Edits too close to be named apart are one.
 */
import {diffText, tokenize, type Segment} from '../text-diff.js'

/** One change in a text: old[start, end) becomes `text`. */
interface Edit {
  start: number
  end: number
  text: string
}

export interface TextEdit {
  form: 'replace' | 'delete' | 'insert'
  /** The quoted part: `「A」を「B」に`, `「C」を`, `「D」の下に「E」を`. */
  text: string
}

/** The edits a list of segments makes to its old text, in order. */
export function editsOf(segments: readonly Segment[]): Edit[] {
  const edits: Edit[] = []
  let at = 0
  let open: Edit | undefined
  for (const segment of segments) {
    if (segment.type === 'equal') {
      if (open) edits.push(open)
      open = undefined
      at += segment.text.length
      continue
    }
    open ??= {start: at, end: at, text: ''}
    if (segment.type === 'delete') {
      at += segment.text.length
      open.end = at
    } else open.text += segment.text
  }
  if (open) edits.push(open)
  return edits
}

function occurrences(text: string, phrase: string): number {
  if (!phrase) return Infinity
  let count = 0
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) count++
  return count
}

const kanjiChar = /[\p{Script=Han}々〆ヶ]/u
const katakanaChar = /[\p{Script=Katakana}ー]/u

/** Kanji that are a word of their own inside a run of kanji (with their kana): 及び, 又は, 並びに, 若しくは, 且つ. */
const conjunctions = new Set(['及', '又', '並', '若', '且', '乃', '但', '即', '尚', '亦'])

/**
 * Where a quoted phrase may start or end: between words, but never inside a
 * run of kanji or of katakana unless both sides keep two characters of it —
 * or the word after is one kanji with its kana ending (及び in
 * 市長及び教育委員会): 保佐人 is never cut into 保 and 佐人, 第三条 into 三条.
 */
function boundaries(text: string): number[] {
  const out = [0]
  let at = 0
  for (const token of tokenize(text)) out.push((at += token.length))
  return out.filter((offset) => {
    if (offset === 0 || offset === text.length) return true
    for (const run of [kanjiChar, katakanaChar]) {
      if (!run.test(text[offset - 1]!) || !run.test(text[offset]!)) continue
      let left = offset
      while (left > 0 && run.test(text[left - 1]!)) left--
      let right = offset
      while (right < text.length && run.test(text[right]!)) right++
      if (offset - left >= 2 && right - offset >= 2) continue
      if (run === kanjiChar && right - offset === 1 && conjunctions.has(text[offset]!)) continue
      return false
    }
    return true
  })
}

/** A phrase a reader can find: two characters at least, a letter or digit in it, its 「」 balanced. */
function quotable(phrase: string): boolean {
  return [...phrase].length >= 2 && /[\p{L}\p{N}]/u.test(phrase) && balanced(phrase)
}

function balanced(text: string): boolean {
  let depth = 0
  for (const char of text) {
    if (char === '「') depth++
    else if (char === '」' && --depth < 0) return false
  }
  return depth === 0
}

interface Phrase {
  form: 'replace' | 'delete' | 'below' | 'above'
  start: number
  end: number
}

/**
 * The phrase that names an edit's place in `text`, widened by whole words
 * until it is unique: the changed words themselves (replace, delete), the
 * words before an insertion (「X」の下に) or, at the start, after it
 * (「X」の上に). `limit`: where the next edit starts (a phrase may not reach it).
 */
function phraseFor(edit: Edit, text: string, limit: number, unique: (phrase: string) => boolean): Phrase | 'merge' | undefined {
  const cuts = boundaries(text)
  const good = (phrase: string) => quotable(phrase) && unique(phrase)
  if (edit.start === edit.end) {
    // Words before the insertion (「A」の下に) or after it (「A」の上に): the first that names one place;
    // of the two, a phrase with a word in it (kanji, katakana, letters) rather than particles and commas.
    let below: Phrase | undefined
    let above: Phrase | 'merge' | undefined
    for (let from = cuts.filter((d) => d < edit.start).pop(); from !== undefined; from = cuts.filter((d) => d < from!).pop()) {
      if (!cuts.includes(edit.start)) break
      if (good(text.slice(from, edit.start))) {
        below = {form: 'below', start: from, end: edit.start}
        break
      }
    }
    for (let to = cuts.find((d) => d > edit.start); to !== undefined; to = cuts.find((d) => d > to!)) {
      if (to > limit) {
        above = 'merge'
        break
      }
      if (!cuts.includes(edit.start)) break
      if (good(text.slice(edit.start, to))) {
        above = {form: 'above', start: edit.start, end: to}
        break
      }
    }
    const worded = (phrase: Phrase) => /[\p{Script=Han}\p{Script=Katakana}\p{Script=Latin}\p{N}]/u.test(text.slice(phrase.start, phrase.end))
    // Words that begin with a comma go after what they follow (「には」の下に「、書面で」).
    const leansBack = /^[\p{P}]/u.test(edit.text)
    if (below && (leansBack || worded(below) || !above || above === 'merge' || !worded(above))) return below
    if (above && above !== 'merge') return above
    if (above === 'merge') return 'merge'
    // Inside a word: the word itself is replaced.
    const left = cuts.filter((d) => d <= edit.start).pop() ?? 0
    const right = cuts.find((d) => d >= edit.start && d > left) ?? text.length
    if (right > limit) return 'merge'
    edit = {start: left, end: right, text: text.slice(left, edit.start) + edit.text + text.slice(edit.start, right)}
  }
  let start = cuts.filter((d) => d <= edit.start).pop() ?? 0
  let end = cuts.find((d) => d >= edit.end) ?? text.length
  if (end > limit && edit.end <= limit) return 'merge'
  while (!good(text.slice(start, end))) {
    const right = cuts.find((d) => d > end)
    const left = cuts.filter((d) => d < start).pop()
    if (right !== undefined && right <= limit) end = right
    else if (left !== undefined) start = left
    else if (right !== undefined) return 'merge'
    else return undefined
  }
  return {form: edit.text === '' && start === edit.start && end === edit.end ? 'delete' : 'replace', start, end}
}

/**
 * The quoted edits that turn `old` into `neu`, each read in the text as the
 * edits before it left it, or `undefined` when some change cannot be quoted
 * (it spans a line break): the caller rewrites the text whole.
 */
export function textEdits(old: string, segments: readonly Segment[], others: readonly string[] = []): TextEdit[] | undefined {
  const unique = (text: string) => (phrase: string) => occurrences(text, phrase) + others.reduce((sum, d) => sum + occurrences(d, phrase), 0) === 1
  const edits = editsOf(segments)
  const parts: TextEdit[] = []
  let current = old
  let shift = 0
  for (let index = 0; index < edits.length; index++) {
    const edit = edits[index]!
    const here = {start: edit.start + shift, end: edit.end + shift, text: edit.text}
    const next = edits[index + 1]
    const phrase = phraseFor(here, current, next ? next.start + shift : current.length, unique(current))
    if (phrase === 'merge') {
      // Named together with the next edit: one replacement of both and the words between.
      edits.splice(index, 2, {start: edit.start, end: next!.end, text: edit.text + old.slice(edit.end, next!.start) + next!.text})
      index--
      continue
    }
    if (!phrase) return undefined
    // The edit as the phrase widened it.
    const start = Math.min(phrase.start, here.start)
    const end = Math.max(phrase.end, here.end)
    const quoted = current.slice(phrase.start, phrase.end)
    const replaced = current.slice(start, here.start) + here.text + current.slice(here.end, end)
    if (/[\n\r]/.test(quoted + replaced + here.text)) return undefined
    if (phrase.form === 'below') parts.push({form: 'insert', text: '「' + quoted + '」の下に「' + here.text + '」を'})
    else if (phrase.form === 'above') parts.push({form: 'insert', text: '「' + quoted + '」の上に「' + here.text + '」を'})
    else if (phrase.form === 'delete') parts.push({form: 'delete', text: '「' + quoted + '」を'})
    else {
      // What replaces it may be anything, brackets balanced (it is quoted too).
      if (!balanced(replaced)) return undefined
      parts.push(replaced === '' ? {form: 'delete', text: '「' + quoted + '」を'} : {form: 'replace', text: '「' + quoted + '」を「' + replaced + '」に'})
    }
    current = current.slice(0, start) + replaced + current.slice(end)
    // Later edits stand at old offsets past this one: moved by what the text gained.
    shift = current.length - old.length
  }
  return parts
}

/** Continuative and final forms: 改め、… 改める。 */
const verbs = {replace: ['改め', '改める'], delete: ['削り', '削る'], insert: ['加え', '加える']} as const

/**
 * Edits after `subject` (`第五条中`) as one clause: consecutive edits of one
 * kind share a verb (「A」を「B」に、「C」を「D」に改め); `final`: the last
 * verb ends the sentence (改める。), else it continues (改め).
 */
export function editClause(subject: string, parts: readonly TextEdit[], final: boolean): string {
  let out = subject
  parts.forEach((part, index) => {
    const next = parts[index + 1]
    out += part.text
    if (next && next.form === part.form && part.form !== 'delete') out += '、'
    else if (next) out += verbs[part.form][0] + '、'
    else out += final ? verbs[part.form][1] + '。' : verbs[part.form][0]
  })
  return out
}

/**
 * The sentence that turns a text's old form into its new one:
 * `{address}中「A」を「B」に改め、「C」を削り、「D」の下に「E」を加える。`,
 * or undefined when a change cannot be quoted.
 */
export function amendBlock(address: string, old: string, segments: readonly Segment[], others: readonly string[] = []): string | undefined {
  const parts = textEdits(old, segments, others)
  return parts && parts.length > 0 ? editClause(address + '中', parts, true) : undefined
}

/** The segments between two texts (words as units). */
export function segmentsOf(old: string, neu: string): Segment[] {
  return diffText(old, neu)
}
