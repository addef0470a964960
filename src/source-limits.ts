/**
 * Limits on what a source file may ask of the parser. Hostile or broken
 * input — 10,000 nested `>`, 50,000 `*` around a word, lists nested by
 * indentation four hundred levels deep — makes micromark's work grow with
 * the square (or worse) of the nesting, or overflows the stack of every
 * tree walker after it. Real policies come nowhere near these limits; a file
 * that does is refused with a positioned error before it is parsed (its
 * front matter is still read), never rendered half-way.
 */

export interface SourceLimits {
  /** Largest source file, in characters (default: 10,000,000). */
  maxCharacters: number
  /** Deepest nesting of block quotes and list items (default: 32). */
  maxNesting: number
  /** Most emphasis markers (`*`, `_`) in one paragraph (default: 1,000). */
  maxEmphasisMarkers: number
  /** Most brackets (`[`, `]`) in one paragraph (default: 2,000). */
  maxBrackets: number
  /** Deepest nesting of raw HTML elements (default: 100). */
  maxHtmlNesting: number
  /** Deepest nesting of `:::` directive blocks (default: 32). */
  maxDirectiveNesting: number
  /** Deepest syntax tree, checked after parsing (default: 100). */
  maxTreeDepth: number
}

export const defaultSourceLimits: SourceLimits = {
  maxCharacters: 10_000_000,
  maxNesting: 32,
  maxEmphasisMarkers: 1000,
  maxBrackets: 2000,
  maxHtmlNesting: 100,
  maxDirectiveNesting: 32,
  maxTreeDepth: 100
}

export interface LimitProblem {
  reason: string
  line: number
  column: number
  ruleId: 'source-limit'
}

const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr'])

/** Check a source text against the limits; the first problem found of each kind, with its place. */
export function checkSourceLimits(text: string, limits: SourceLimits = defaultSourceLimits): LimitProblem[] {
  const problems: LimitProblem[] = []
  const problem = (reason: string, line: number, column = 1) => problems.push({reason, line, column, ruleId: 'source-limit'})
  if (text.length > limits.maxCharacters) {
    problem(
      'Unexpected source of ' + text.length.toLocaleString('en') + ' characters, expected at most ' + limits.maxCharacters.toLocaleString('en') +
        ' (split it into several files in `sources`)',
      1
    )
    return problems
  }
  let nestingReported = false
  const reported = new Set<string>()
  let htmlReported = false
  let directives = 0
  let directivesReported = false
  let fence: string | undefined
  let paragraph = {emphasis: 0, brackets: 0, line: 1}
  let html = 0
  let lineNumber = 0
  let start = 0
  while (start <= text.length) {
    lineNumber++
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    const line = text.slice(start, end)
    start = end + 1
    // Code fences: their lines are text, whatever they hold.
    const fenceMark = /^[ \t>]*(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined
      if (end === text.length) break
      continue
    }
    if (fenceMark) {
      fence = fenceMark
      if (end === text.length) break
      continue
    }
    if (/^[ \t]*$/.test(line)) {
      paragraph = {emphasis: 0, brackets: 0, line: lineNumber + 1}
      if (end === text.length) break
      continue
    }
    // Containers opened on this line (`> > - 1.`), and list items nested by indentation.
    const container = /[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))/y
    let markers = 0
    while (container.exec(line)) markers++
    // A new list item, quote, table row or heading starts new inline content.
    if (markers > 0 || /^[ \t]*[|#]/.test(line)) paragraph = {emphasis: 0, brackets: 0, line: lineNumber}
    if (!nestingReported) {
      const indent = /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length
      const nesting = markers + (markers > 0 ? Math.floor(indent / 2) : 0)
      if (nesting > limits.maxNesting) {
        nestingReported = true
        problem(
          'Unexpected block quotes or lists nested ' + nesting + ' levels deep, expected at most ' + limits.maxNesting +
            ' (deeper nesting is refused: it costs the parser far more than it is worth)',
          lineNumber
        )
      }
    }
    for (const char of line) {
      if (char === '*' || char === '_') paragraph.emphasis++
      else if (char === '[' || char === ']') paragraph.brackets++
    }
    for (const [count, limit, what, escape] of [
      [paragraph.emphasis, limits.maxEmphasisMarkers, 'emphasis markers (`*`, `_`)', '`\\*`'],
      [paragraph.brackets, limits.maxBrackets, 'brackets (`[`, `]`)', '`\\[`']
    ] as const) {
      if (count <= limit || reported.has(what)) continue
      reported.add(what)
      problem(
        'Unexpected ' + count.toLocaleString('en') + '+ ' + what + ' in one paragraph, expected at most ' + limit.toLocaleString('en') + ' (escape them as ' + escape + ' or put the text in code)',
        paragraph.line
      )
    }
    // `:::name` opens a directive block, a bare `:::` closes one; blocks
    // never closed nest to the end of the file (micromark's work grows with
    // the square of the depth).
    if (!directivesReported && line.includes(':::')) {
      const fenceText = line.replace(/^(?:[ \t]*>)*[ \t]*/, '')
      if (/^:{3,}[ \t]*[A-Za-z]/.test(fenceText)) directives++
      else if (/^:{3,}[ \t]*$/.test(fenceText) && directives > 0) directives--
      if (directives > limits.maxDirectiveNesting) {
        directivesReported = true
        problem(
          'Unexpected `:::` blocks nested ' + directives + ' deep, expected at most ' + limits.maxDirectiveNesting +
            ' (close each block with `:::` before the next opens, or nest fewer)',
          lineNumber
        )
      }
    }
    if (!htmlReported && line.includes('<')) {
      for (const match of line.matchAll(/<(\/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(\/?)>/g)) {
        if (voidElements.has(match[2]!.toLowerCase()) || match[3]) continue
        html += match[1] ? -1 : 1
        if (html < 0) html = 0
        if (html > limits.maxHtmlNesting) {
          htmlReported = true
          problem('Unexpected raw HTML nested ' + html + ' elements deep, expected at most ' + limits.maxHtmlNesting, lineNumber, (match.index ?? 0) + 1)
          break
        }
      }
    }
    if (end === text.length) break
  }
  return problems
}

/** The end of the front matter (`---` … `---`), if the text starts with one. */
export function frontMatterEnd(text: string): number | undefined {
  const match = /^---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/.exec(text)
  return match ? match[0].length : undefined
}
