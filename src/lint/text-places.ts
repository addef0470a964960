/**
 * Where a lint rule's finding is: a stretch of a text node as a source
 * position, and the section a line of a file belongs to.
 */
import type {Text} from 'mdast'
import type {Position} from 'unist'
import type {SectionInfo} from '../file-data.js'

export interface LintDocument {
  /** Absolute path (messages name it). */
  path: string
  /** The file's text (a list item's first line names the term it defines). */
  text?: string
  /** The file's syntax tree (mdast), with positions. */
  tree: unknown
  /** An excerpt (（抄）): chapters and articles it cites may be ones it leaves out. */
  partial?: boolean
  /** Ids of the sections of this file. */
  sectionIds: ReadonlySet<string>
}

/** The place of `length` characters at `index` of a text node (escapes aside, text is as written). */
export function placeIn(node: Text, index: number, length: number): Position {
  const at = (offset: number) => {
    let line = node.position!.start.line
    let column = node.position!.start.column
    for (const char of node.value.slice(0, offset)) {
      if (char === '\n') {
        line++
        column = 1
      } else column += char.length
    }
    return {line, column}
  }
  return {start: at(index), end: at(index + length)}
}

/** The last section of `sections` (one file's, in order of their lines) that starts at or before `line`: a binary search. */
export function sectionAt(sections: readonly SectionInfo[], line: number): SectionInfo | undefined {
  let low = 0
  let high = sections.length - 1
  let found: SectionInfo | undefined
  while (low <= high) {
    const middle = (low + high) >> 1
    const start = sections[middle]!.position?.start.line ?? 0
    if (start <= line) {
      found = sections[middle]
      low = middle + 1
    } else high = middle - 1
  }
  return found
}
