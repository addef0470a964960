/**
 * Fail closed on access markers the parser could not read.
 *
 * Anything in the source that looks like an access marker (see
 * `marker-syntax.ts`: any colons before `access` in any case or width, a
 * line starting with `::`, an attribute block naming `audience`) must be a
 * marker the parser read; otherwise it is an error at its position — a
 * mistyped `:::access {audience=security}` would otherwise publish the
 * block it was meant to withhold. Also errors:
 *
 * - a marker inside raw HTML or inside an image's alt text (both would be
 *   printed as written, with the text they mark);
 * - a marker inside indented code or a code fence that is never closed
 *   (code by accident); only closed fenced code and inline code show
 *   marker syntax as text, on purpose;
 * - an attribute written twice (`{audience=public audience=security}`: the
 *   parser keeps one silently);
 * - an empty `::access{…}` or `:access{…}`: a leaf or a span without a
 *   label marks nothing, and the lines after it were meant to be inside;
 * - a span's attributes over two lines (the parser reads them; the rule,
 *   as for blocks, is one line).
 */
import {visit} from 'unist-util-visit'
import type {Nodes, Root} from 'mdast'
import type {VFile} from 'vfile'
import {findMarkerCandidates, markerHints, readAttributes, type MarkerCandidate} from './marker-syntax.js'

export interface RemarkPolicyAccessMarkersOptions {
  /** Directive name of access markers (default: `'access'`). */
  name?: string
  /** Names of the publication's audiences: an attribute block naming one looks like a marker (default: none). */
  audiences?: readonly string[]
}

interface Range {
  start: number
  end: number
}

type Place = 'html' | 'alt' | 'indented-code' | 'unclosed-fence'

export default function remarkPolicyAccessMarkers(options?: RemarkPolicyAccessMarkersOptions) {
  const name = options?.name ?? 'access'

  return function (tree: Root, file: VFile) {
    // A file refused for its size or nesting is not rendered at all (see
    // remark-policy-limits): its markers need no second look.
    if (tree.data?.kaitei?.refused) return
    const source = String(file.value)
    const lines = lineStarts(source)
    const point = (offset: number) => {
      let low = 0
      let high = lines.length - 1
      while (low < high) {
        const mid = (low + high + 1) >> 1
        if (lines[mid]! <= offset) low = mid
        else high = mid - 1
      }
      return {line: low + 1, column: offset - lines[low]! + 1, offset}
    }
    const report = (reason: string, offset: number, ruleId = 'access-marker') => {
      file.message(reason, {place: point(offset), source: 'kaitei', ruleId}).fatal = true
    }

    // What the parser read: directive starts, closing fences, attribute blocks.
    const directiveStarts = new Set<number>()
    // Unknown container and leaf directives (already errors of remark-policy-directives).
    const blockDirectiveStarts = new Set<number>()
    const closingLines = new Set<number>()
    const accessStarts = new Set<number>()
    const attributeRanges: Range[] = []
    // Where marker syntax is text on purpose, or printed as written.
    const literal: Range[] = []
    const special: Array<Range & {place: Place}> = []

    const look = (node: Nodes) => {
      const start = node.position?.start.offset
      const end = node.position?.end.offset
      if (start !== undefined && end !== undefined) {
        if (node.type === 'containerDirective' || node.type === 'leafDirective' || node.type === 'textDirective') {
          directiveStarts.add(start)
          if (node.type !== 'textDirective' && node.name !== name) blockDirectiveStarts.add(start)
          if (node.type === 'containerDirective') {
            const closing = closingFence(source, end)
            if (closing !== undefined) closingLines.add(closing)
          }
          if (node.name === name) {
            accessStarts.add(start)
            checkDirective(node, start)
          }
        } else if (node.type === 'inlineCode' || node.type === 'yaml') {
          literal.push({start, end})
        } else if (node.type === 'code') {
          const fence = /^[ \t]*(`{3,}|~{3,})/.exec(source.slice(start, start + 40))
          if (!fence) special.push({start, end, place: 'indented-code'})
          else if (isClosedFence(source, start, end, fence[1]!)) literal.push({start, end})
          else special.push({start, end, place: 'unclosed-fence'})
        } else if (node.type === 'html') {
          special.push({start, end, place: 'html'})
        } else if (node.type === 'image') {
          special.push({start, end, place: 'alt'})
        }
      }
    }

    /** Attributes written twice; a leaf or span that marks nothing. */
    function checkDirective(node: Nodes & {type: 'containerDirective' | 'leafDirective' | 'textDirective'}, start: number) {
      let at = start
      while (source[at] === ':') at++
      at += name.length
      if (source[at] === '[') at = skipLabel(source, at)
      const block = readAttributes(source, at)
      if (block) {
        attributeRanges.push({start: at, end: block.end})
        // The parser reads a span's attributes over a line break; the rule
        // is one line (README), as for blocks, where the parser insists.
        const lineBreak = source.slice(at, block.end).search(/\r|\n/)
        if (lineBreak >= 0) {
          report('Unexpected line break inside the attributes of `' + name + '`, expected `{…}` on one line (attributes cannot span lines)', at)
        }
        const seen = new Set<string>()
        for (const attribute of block.attributes) {
          if (seen.has(attribute.key)) {
            report(
              'Unexpected second `' + attribute.key + '` on `' + name + '`, expected each attribute once (the parser would keep only one of them)',
              attribute.offset,
              'access-attribute'
            )
          }
          seen.add(attribute.key)
          if (attribute.value?.endsWith(',') && !attribute.quoted) {
            report('Unexpected comma after `' + attribute.key + '=' + attribute.value + '`, expected attributes separated by spaces', attribute.offset, 'access-attribute')
          }
        }
      }
      if (node.type !== 'containerDirective' && node.children.length === 0) {
        const written = node.type === 'leafDirective' ? '::' + name : ':' + name
        report(
          'Unexpected empty `' + written + '{…}` that marks nothing, expected ' +
            (node.type === 'leafDirective'
              ? '`:::' + name + '{…}` on its own line before the block and `:::` after it'
              : 'the marked text in brackets: `:' + name + '[…]{…}`'),
          start
        )
      }
    }

    const candidates = findMarkerCandidates(source, 0, source.length, options?.audiences)
    if (candidates.length === 0) return
    visit(tree, (node: Nodes) => {
      look(node)
    })

    const inside = (ranges: Range[], offset: number) => ranges.find((d) => offset >= d.start && offset < d.end)
    const reported = new Set<number>()
    for (const candidate of candidates) {
      if (inside(literal, candidate.offset)) continue
      if (readAsMarker(candidate)) continue
      const line = point(candidate.offset).line
      if (reported.has(line)) continue
      reported.add(line)
      const where = inside(special, candidate.offset) as (Range & {place: Place}) | undefined
      report(reasonFor(candidate, where?.place), candidate.offset)
    }

    /** Whether the parser read this marker-like text as a marker. */
    function readAsMarker(candidate: MarkerCandidate): boolean {
      // Inside a parsed attribute block (a `note` may mention anything).
      if (inside(attributeRanges, candidate.offset)) return true
      switch (candidate.kind) {
        case 'fence':
          return directiveStarts.has(candidate.offset) || closingLines.has(lineOf(candidate.offset))
        case 'inline':
          return accessStarts.has(candidate.offset) || blockDirectiveStarts.has(candidate.offset)
        case 'attributes':
          return false
      }
    }

    function lineOf(offset: number) {
      return lines[point(offset).line - 1]!
    }

    function reasonFor(candidate: MarkerCandidate, place: Place | undefined): string {
      const lineEnd = source.indexOf('\n', candidate.offset)
      const written = source.slice(candidate.offset, lineEnd < 0 ? source.length : lineEnd).trim()
      const excerpt = written.length > 48 ? written.slice(0, 48) + '…' : written
      switch (place) {
        case 'html':
          return 'Unexpected access marker `' + excerpt + '` inside raw HTML, expected markers outside HTML blocks (leave a blank line after an HTML tag: the lines up to the next blank line are HTML, printed as written)'
        case 'alt':
          return 'Unexpected access marker `' + excerpt + '` in the alt text of an image, expected the whole image inside `:' + name + '[…]{audience=…}`'
        case 'indented-code':
          return 'Unexpected access marker `' + excerpt + '` inside indented code, expected it indented less than four spaces (indented lines are code, printed as written)'
        case 'unclosed-fence':
          return 'Unexpected access marker `' + excerpt + '` inside a code fence that is never closed, expected the fence closed before it'
      }
      if (candidate.kind === 'fence' && /^[:：﹕∶꞉˸︓]+$/.test(written)) {
        return 'Unexpected `' + excerpt + '` that closes no block, expected it after a `:::' + name + '{audience=NAME}` line that kaitei can read (is the opening marker mistyped?)'
      }
      const hints = markerHints(written)
      return (
        'Unexpected `' + excerpt + '` that is not an access marker kaitei can read, expected `:::' + name + '{audience=NAME}` on its own line' +
        ' (or `:' + name + '[text]{audience=NAME}` in a line)' + (hints.length > 0 ? ': ' + hints.join('; ') : '')
      )
    }
  }
}

/** Offsets where lines start. */
function lineStarts(source: string): number[] {
  const out = [0]
  for (let at = source.indexOf('\n'); at >= 0; at = source.indexOf('\n', at + 1)) out.push(at + 1)
  return out
}

/** The start of the closing `:::` line of a container ending at `end`, if it has one. */
function closingFence(source: string, end: number): number | undefined {
  const lineStart = source.lastIndexOf('\n', end - 1) + 1
  return /^[ \t>]*:{3,}[ \t]*$/.test(source.slice(lineStart, end)) ? lineStart : undefined
}

/** Whether the fenced code from `start` to `end` ends with its closing fence. */
function isClosedFence(source: string, start: number, end: number, fence: string): boolean {
  const lineStart = source.lastIndexOf('\n', end - 1) + 1
  if (lineStart <= start) return false
  const last = source.slice(lineStart, end).replace(/^[ \t>]*/, '').trimEnd()
  return last.length >= fence.length && [...last].every((d) => d === fence[0])
}

/** After a `[label]` starting at `at` (balanced brackets, escapes). */
function skipLabel(source: string, at: number): number {
  let depth = 0
  for (let i = at; i < source.length; i++) {
    const char = source[i]
    if (char === '\\') {
      i++
      continue
    }
    if (char === '[') depth++
    else if (char === ']') {
      depth--
      if (depth === 0) return i + 1
    }
  }
  return source.length
}

export {remarkPolicyAccessMarkers}
