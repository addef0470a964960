/**
 * How alike two texts are, in units a reader would count: words where the
 * script spaces its words (English: `limitation`, `liability`), characters
 * where it does not (Japanese: 情, 報). Two texts are compared by their
 * pairs of neighbouring units (shingles), so that what two unrelated
 * paragraphs share — `of the`, `to`, `the Service`; 「する」 — weighs little:
 * unrelated English paragraphs score about 0.05, a paragraph with one word in
 * ten changed about 0.8. (Character pairs, used before, gave unrelated
 * English paragraphs 0.5 and more: every English text shares `th`, `he`,
 * `in`.)
 *
 * The value is the Dice coefficient of the two multisets of shingles, 0 to 1.
 */

/** Words of spaced scripts (lower case), single characters of unspaced ones; punctuation and symbols left out. */
export function units(text: string): string[] {
  const out: string[] = []
  for (const match of text.matchAll(/[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Nd}_'’]+|[^\s\p{P}\p{S}\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Nd}]/gu)) {
    out.push(match[0].toLowerCase())
  }
  return out
}

/** The shingles of a text, counted: neighbouring pairs of units (one unit alone when it has one). */
export function shingles(text: string): Map<string, number> {
  const list = units(text)
  const out = new Map<string, number>()
  if (list.length === 1) out.set(list[0]!, 1)
  for (let i = 0; i + 1 < list.length; i++) {
    const key = list[i] + '\u0000' + list[i + 1]
    out.set(key, (out.get(key) ?? 0) + 1)
  }
  return out
}

/** Dice coefficient of two shingle multisets. */
export function diceOf(a: Map<string, number>, b: Map<string, number>): number {
  let sizeA = 0
  let sizeB = 0
  let shared = 0
  for (const count of a.values()) sizeA += count
  for (const [key, count] of b) {
    sizeB += count
    const other = a.get(key)
    if (other) shared += Math.min(other, count)
  }
  return sizeA + sizeB === 0 ? 0 : (2 * shared) / (sizeA + sizeB)
}

/** How alike two texts are, 0 to 1 (1: equal; 0: nothing in common or either empty). */
export function similarity(a: string, b: string): number {
  if (a === b) return a.trim() === '' ? 0 : 1
  return diceOf(shingles(a), shingles(b))
}

/**
 * How alike two titles are: the Dice coefficient of their words (or
 * characters), not of pairs of them — a title is too short for pairs
 * (`Termination` → `Suspension and Termination`: 0.5; 総則及び目的 → 総則: 0.5;
 * 補則 → 意見公募手続等: 0).
 */
export function titleSimilarity(a: string, b: string): number {
  if (a === b) return a.trim() === '' ? 0 : 1
  const count = (text: string) => {
    const out = new Map<string, number>()
    for (const unit of units(text)) out.set(unit, (out.get(unit) ?? 0) + 1)
    return out
  }
  return diceOf(count(a), count(b))
}
