/**
 * Differences inside a block, in units a reader can name: words
 * (Intl.Segmenter for Japanese, which has no spaces), whole numbers
 * (三十八 → 四十六, never 三 → 四 inside them), and never a lone character
 * where it is part of a word: 二要素 → 多要素, not 二 → 多 (which a reader
 * would take for 「三要素」). `editedCharacters` keeps the measure honest:
 * the characters a minimal edit touches, beside the characters marked.
 *
 * The Node 20 segmenter is quadratic in input length: it only ever sees one
 * block, cut at 。 when a block is long.
 */
import {diffArrays, diffChars} from 'diff'

export interface Segment {
  type: 'equal' | 'insert' | 'delete'
  text: string
}

const japanese = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/
const segmenter = new Intl.Segmenter('ja', {granularity: 'word'})
/** Characters of a number as documents write it: kanji numerals and digits (half- and full-width). */
const numeral = /[〇一二三四五六七八九十百千万億零壱弐参0-9０-９]/
const numerals = /^[〇一二三四五六七八九十百千万億零壱弐参0-9０-９]+$/
/** A token a word can be built of (kanji, katakana, letters, digits), as opposed to kana particles and punctuation. */
const wordLike = /^[\p{Script=Han}\p{Script=Katakana}ー々〆ヶ\p{Script=Latin}\p{N}]+$/u

/** Words and the spaces and punctuation between them; numbers whole. */
export function tokenize(text: string): string[] {
  if (!japanese.test(text)) return text.match(/\s+|[\p{L}\p{N}_'’-]+|[^\s\p{L}\p{N}_]/gu) ?? []
  const out: string[] = []
  // Sentences of at most ~1,000 characters for the segmenter.
  for (const sentence of text.match(/[^。！？]{1,1000}[。！？]?|[。！？]/g) ?? []) {
    for (const {segment} of segmenter.segment(sentence)) {
      // The segmenter cuts 第三十八条 as 第三|十八条: cut at the edges of numbers, then join the pieces of one number.
      for (const piece of numeral.test(segment) ? (segment.match(/[〇一二三四五六七八九十百千万億零壱弐参0-9０-９]+|[^〇一二三四五六七八九十百千万億零壱弐参0-9０-９]+/g) ?? []) : [segment]) {
        const last = out.length - 1
        if (last >= 0 && numerals.test(piece) && numerals.test(out[last]!)) out[last] += piece
        else out.push(piece)
      }
    }
  }
  return out
}

interface Part {
  type: Segment['type']
  tokens: string[]
}

/** Segments turning `a` into `b`: equal + delete spell `a`, equal + insert spell `b`. */
export function diffText(a: string, b: string): Segment[] {
  if (a === b) return a ? [{type: 'equal', text: a}] : []
  const parts: Part[] = []
  const before = tokenize(a)
  const after = tokenize(b)
  // Past the time limit (a pathological block), the block is one replacement.
  const diffed = diffArrays(before, after, {timeout: 2000}) ?? [
    {removed: true, added: false, value: before, count: before.length},
    {added: true, removed: false, value: after, count: after.length}
  ]
  for (const part of diffed) {
    parts.push({type: part.added ? 'insert' : part.removed ? 'delete' : 'equal', tokens: [...part.value]})
  }
  widen(parts)
  const out: Segment[] = []
  // Deletions before insertions at each change, as readers expect.
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    if (part.type === 'equal') {
      push(out, 'equal', part.tokens.join(''))
      continue
    }
    let deleted = ''
    let inserted = ''
    for (; i < parts.length && parts[i]!.type !== 'equal'; i++) {
      if (parts[i]!.type === 'delete') deleted += parts[i]!.tokens.join('')
      else inserted += parts[i]!.tokens.join('')
    }
    i--
    push(out, 'delete', deleted)
    push(out, 'insert', inserted)
  }
  return out
}

/**
 * A change of a lone character that is part of a word (二 of 二要素, 等 of
 * 職員等, 一 of 第一号) widens to the word: the neighbouring word-like token
 * joins both sides (the following one first, as a numeral or prefix
 * modifies what follows: 一号 → 二号). Particles and
 * punctuation stay as they are: 「は」 and 「、」 are units a reader names.
 */
function widen(parts: Part[]) {
  for (let i = 0; i < parts.length; i++) {
    if (parts[i]!.type === 'equal') continue
    let end = i
    while (end + 1 < parts.length && parts[end + 1]!.type !== 'equal') end++
    const group = parts.slice(i, end + 1)
    const deleted = group.filter((d) => d.type === 'delete').flatMap((d) => d.tokens).join('')
    const inserted = group.filter((d) => d.type === 'insert').flatMap((d) => d.tokens).join('')
    const lone = (text: string) => [...text].length === 1 && wordLike.test(text) && !/[0-9０-９]/.test(text)
    const changed = deleted || inserted
    if (lone(deleted) || lone(inserted)) {
      const before = i > 0 ? parts[i - 1] : undefined
      const after = end + 1 < parts.length ? parts[end + 1] : undefined
      const next = after?.tokens[0]
      const previous = before?.tokens.at(-1)
      const take = (token: string, where: 'before' | 'after') => {
        let del = group.find((d) => d.type === 'delete')
        let ins = group.find((d) => d.type === 'insert')
        if (!del) parts.splice(i, 0, (del = {type: 'delete', tokens: []})), end++
        if (!ins) parts.splice(end + 1, 0, (ins = {type: 'insert', tokens: []})), end++
        if (where === 'after') {
          parts[end + 1]!.tokens.shift()
          del.tokens.push(token)
          ins.tokens.push(token)
        } else {
          parts[i - 1]!.tokens.pop()
          del.tokens.unshift(token)
          ins.tokens.unshift(token)
        }
      }
      if (next !== undefined && wordLike.test(next) && !numerals.test(changed + next)) take(next, 'after')
      else if (previous !== undefined && wordLike.test(previous)) take(previous, 'before')
      else if (next !== undefined && wordLike.test(next)) take(next, 'after')
    }
    i = end
  }
  // Equal parts emptied by widening go (their neighbours merge on output).
  for (let i = parts.length - 1; i >= 0; i--) if (parts[i]!.tokens.length === 0) parts.splice(i, 1)
}

/** Characters a minimal edit touches (old and new): the honest measure beside the characters marked. */
export function editedCharacters(a: string, b: string): number {
  let count = 0
  for (const part of diffChars(a, b)) if (part.added || part.removed) count += [...part.value].length
  return count
}

/** Characters marked as changed by a list of segments (old and new). */
export function markedCharacters(segments: readonly Segment[]): number {
  let count = 0
  for (const segment of segments) if (segment.type !== 'equal') count += [...segment.text].length
  return count
}

function push(out: Segment[], type: Segment['type'], text: string) {
  if (!text) return
  const last = out[out.length - 1]
  if (last && last.type === type) last.text += text
  else out.push({type, text})
}

/** The old and new texts a list of segments spells. */
export function sides(segments: readonly Segment[]): {old: string; new: string} {
  let before = ''
  let after = ''
  for (const segment of segments) {
    if (segment.type !== 'insert') before += segment.text
    if (segment.type !== 'delete') after += segment.text
  }
  return {old: before, new: after}
}
