/**
 * Differences inside a block, at the granularity a reader expects: words
 * (Intl.Segmenter for Japanese, which has no spaces), refined to characters
 * where a word is only partly changed (多要素 → 二要素: one character).
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

/** Words and the spaces and punctuation between them. */
export function tokenize(text: string): string[] {
  if (!japanese.test(text)) return text.match(/\s+|[\p{L}\p{N}_'’-]+|[^\s\p{L}\p{N}_]/gu) ?? []
  const out: string[] = []
  // Sentences of at most ~1,000 characters for the segmenter.
  for (const sentence of text.match(/[^。！？]{1,1000}[。！？]?|[。！？]/g) ?? []) {
    for (const {segment} of segmenter.segment(sentence)) out.push(segment)
  }
  return out
}

/** Segments turning `a` into `b`: equal + delete spell `a`, equal + insert spell `b`. */
export function diffText(a: string, b: string): Segment[] {
  if (a === b) return a ? [{type: 'equal', text: a}] : []
  const parts = diffArrays(tokenize(a), tokenize(b))
  const out: Segment[] = []
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    const text = part.value.join('')
    if (part.removed && parts[i + 1]?.added) {
      const inserted = parts[i + 1]!.value.join('')
      refine(text, inserted, out)
      i++
    } else if (part.added && parts[i + 1]?.removed) {
      refine(parts[i + 1]!.value.join(''), text, out)
      i++
    } else {
      push(out, part.added ? 'insert' : part.removed ? 'delete' : 'equal', text)
    }
  }
  return out
}

/** A replaced run: by characters if the words share enough of them, else whole. */
function refine(removed: string, added: string, out: Segment[]) {
  const chars = diffChars(removed, added)
  let common = 0
  for (const part of chars) if (!part.added && !part.removed) common += part.value.length
  if (common >= Math.max(removed.length, added.length) * 0.34) {
    // Deletions before insertions at each change, as readers expect.
    for (const part of chars) push(out, part.added ? 'insert' : part.removed ? 'delete' : 'equal', part.value)
  } else {
    push(out, 'delete', removed)
    push(out, 'insert', added)
  }
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

/** Similarity of two texts (Dice coefficient of character bigrams), 0 to 1. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1
  if (a.length < 2 || b.length < 2) return 0
  const grams = new Map<string, number>()
  for (let i = 0; i < a.length - 1; i++) {
    const gram = a.slice(i, i + 2)
    grams.set(gram, (grams.get(gram) ?? 0) + 1)
  }
  let shared = 0
  for (let i = 0; i < b.length - 1; i++) {
    const gram = b.slice(i, i + 2)
    const count = grams.get(gram)
    if (count) {
      shared++
      grams.set(gram, count - 1)
    }
  }
  return (2 * shared) / (a.length - 1 + b.length - 1)
}
