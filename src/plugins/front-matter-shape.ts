/**
 * Front matter that the parser did not read. A file's front matter says
 * whom it is for (`access: security`); front matter the parser skipped is
 * published as text, and the file with it, in every edition. So anything at
 * the top of a file that looks like front matter must be the `---` block the
 * parser read, or it is an error at its place:
 *
 * - a first line of dashes or pluses that opened no block: a blank line or
 *   a byte-order mark's neighbour before it, indentation, four dashes, `+++`
 *   (TOML), or a block closed with `...` (pandoc's end marker) or never
 *   closed;
 * - a second block right after the one that was read;
 * - a line such as `access: security` or `title: …` (a key of kaitei's own
 *   front matter, in any case or width, give or take a letter) before the
 *   file's first heading.
 *
 * Code (fenced or indented) is text on purpose and never looked at.
 */
import {editDistance} from '../text.js'

export interface FrontMatterProblem {
  reason: string
  line: number
  column: number
}

export interface FrontMatterShapeOptions {
  /** Offset where the front matter the parser read ends (none read: `undefined`). */
  readEnd?: number
  /** Line of the file's first real heading: key-like lines are looked for above it (default: the whole file). */
  stopLine?: number
  /** Keys of kaitei's own front matter. */
  keys: readonly string[]
}

/** A line of three or more dashes or pluses, of any width, alone on its line. */
const fenceLike = /^([ \t\u3000]*)([-－‐‑‒–—―─━ー]{3,}|[+＋]{3,}|\.{3})[ \t\u3000]*$/

export function unreadFrontMatter(source: string, options: FrontMatterShapeOptions): FrontMatterProblem[] {
  const lines = splitLines(source)
  const problems: FrontMatterProblem[] = []
  const readEnd = options.readEnd
  // The first line after what was read.
  let first = 0
  if (readEnd !== undefined) {
    while (first < lines.length && lines[first]!.start < readEnd) first++
  }
  let next = first
  while (next < lines.length && lines[next]!.text.replace(/^\uFEFF/, '').trim() === '') next++
  const opening = next < lines.length ? fenceLike.exec(lines[next]!.text.replace(/^\uFEFF/, '')) : null
  // After a block that was read, a rule (`---`) is a second block only if a key follows it.
  const second = readEnd !== undefined && opening !== null && /^[ \t]*[A-Za-z_][\w-]*[ \t]*:/.test(lines[next + 1]?.text ?? '')
  if (opening && opening[2] !== '...' && (readEnd === undefined || second)) {
    const line = next + 1
    const mark = opening[2]!
    let reason: string
    if (readEnd !== undefined) {
      reason = 'Unexpected second front matter block, expected one `---` block at the top of the file (the second is not read: its keys would be published as text)'
    } else if (/^[+＋]/.test(mark)) {
      reason = 'Unexpected TOML front matter (`' + mark + '`), expected YAML between `---` lines: kaitei reads only YAML, and would publish this as text'
    } else if (next > 0) {
      reason = 'Unexpected ' + next + ' blank line' + (next === 1 ? '' : 's') + ' before the front matter, expected `---` on the first line of the file (otherwise it is not read, and would be published as text)'
    } else if (opening[1]) {
      reason = 'Unexpected indentation before `' + mark + '`, expected `---` at the start of the first line (otherwise the front matter is not read, and would be published as text)'
    } else if (mark !== '---') {
      reason = 'Unexpected `' + mark + '` opening the front matter, expected exactly three half-width dashes, `---` (otherwise it is not read, and would be published as text)'
    } else {
      const dots = lines.findIndex((d, index) => index > next && /^\.{3}[ \t]*$/.test(d.text))
      reason =
        dots >= 0
          ? 'Unexpected `...` closing the front matter on line ' + (dots + 1) + ', expected `---` (kaitei reads only `---` … `---`; this block would be published as text)'
          : 'Unexpected front matter that is never closed, expected a `---` line after its last key (otherwise it is not read, and would be published as text)'
    }
    problems.push({reason, line, column: opening[1]!.length + 1})
    return problems
  }
  if (opening && readEnd === undefined) {
    // `...` on the first line: a YAML end marker with nothing before it.
    problems.push({reason: 'Unexpected `...` at the top of the file, expected front matter between `---` lines', line: next + 1, column: 1})
    return problems
  }

  // Keys of the front matter written where nothing reads them.
  const stop = options.stopLine ?? lines.length + 1
  let fence: string | undefined
  for (let index = first; index < lines.length && index + 1 < stop; index++) {
    const text = lines[index]!.text.replace(/^\uFEFF/, '')
    const fenceMark = /^[ \t]{0,3}(`{3,}|~{3,})/.exec(text)?.[1]
    if (fence) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined
      continue
    }
    if (fenceMark) {
      fence = fenceMark
      continue
    }
    if (/^(?: {4}|\t)/.test(text) || !/[:=：＝]/.test(text)) continue
    const key = keyOf(text, options.keys)
    if (key) {
      problems.push({
        reason:
          'Unexpected `' + excerpt(text.trim()) + '` before the first heading, which looks like the front matter key `' + key +
          '` but is not read, expected it inside the `---` block on the first lines of the file (as text it would be published, and not obeyed)',
        line: index + 1,
        column: text.length - text.trimStart().length + 1
      })
      break
    }
  }
  return problems
}

/** The own key a line starts with as `key:` or `key =` (folded: any width and case, a letter off), if any. */
export function keyOf(line: string, keys: readonly string[]): string | undefined {
  const folded = line.slice(0, 40).normalize('NFKC').toLowerCase()
  const match = /^[ \t]*([a-z_][a-z_-]{0,15})[ \t]*[:=]/.exec(folded)
  if (!match) return undefined
  const word = match[1]!
  return keys.find((key) => word === key || (key.length >= 5 && editDistance(word, key) <= 1))
}

function excerpt(text: string): string {
  return text.length > 40 ? text.slice(0, 40) + '…' : text
}

/** Lines as the parser sees them: ended by LF, CRLF or a lone CR. */
function splitLines(source: string): Array<{text: string; start: number}> {
  const out: Array<{text: string; start: number}> = []
  let start = 0
  for (const match of source.matchAll(/\r\n|\r|\n/g)) {
    out.push({text: source.slice(start, match.index), start})
    start = match.index + match[0].length
  }
  out.push({text: source.slice(start), start})
  return out
}
