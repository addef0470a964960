/**
 * The 新旧対照表, as 法制執務 writes it: 改正後 (or 改定後, by the
 * publication's own word) on the left, 改正前 on the right, the changed
 * words underlined (傍線) on both sides, and everything else elided.
 *
 * - A changed section keeps the heading lines of the sections above it
 *   (第1章 …, 2 定義) for context; its unchanged siblings are elided as
 *   ranges within one outline level, named at that level: 「1～7（略）」
 *   inside 第1章, never 「第1章～7（略）」 across levels. A range of 附則
 *   names them by their captions.
 * - Inside a section, unchanged blocks are elided the same way (「②～④（略）」
 *   among items of one list level); a changed item keeps its parent item's
 *   first line; a table with a change stays a table.
 * - A section replaced as a whole is one row (both sides marked), not
 *   （削る） beside （新設）; a new section's heading is marked; a section
 *   only renumbered or moved shows its number change marked.
 */
import type {Element, ElementContent} from 'hast'
import {h} from 'hastscript'
import {labelsFor, comparedLabel} from '../labels.js'
import {block} from '../page/html.js'
import type {VersionDiff} from './diff-versions.js'
import type {BlockChange, SectionChange, SectionRef} from './engine.js'
import {diffPage, segmentNodes} from './render-html.js'
import {diffText, type Segment} from './text-diff.js'

export interface ComparisonTableOptions {
  lang: string
  /** Path prefix of the assets folder (default: `assets/`). */
  assets?: string
  /** Whether search engines may index the page (public editions). */
  public?: boolean
  /** Column order (default: `['new', 'old']`: 改正後 | 改正前). */
  order?: Array<'new' | 'old'>
  /** Column labels (default: 改正後 / 改正前 by the publication's word, or Amended / Current). */
  labels?: {new?: string; old?: string; remarks?: string}
  /** Add a 備考 column (default: `false`). */
  remarks?: boolean
}

type Side = 'new' | 'old'
type Cells = Record<Side, ElementContent[]>

interface Node {
  change: SectionChange
  level: number
  children: Node[]
}

/** Whether a section has a row of its own (a change of text, heading, number or place). */
const shown = (section: SectionChange) => section.kind !== 'unchanged' || section.renumbered || section.moved || section.formattingOnly
const interesting = (node: Node): boolean => shown(node.change) || node.children.some(interesting)

/** The sections as an outline: each under the nearest earlier section of a smaller level. */
function outline(sections: readonly SectionChange[]): Node[] {
  const roots: Node[] = []
  const stack: Node[] = []
  for (const change of sections) {
    const level = (change.new ?? change.old)!.level
    const node: Node = {change, level, children: []}
    while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop()
    ;(stack.length > 0 ? stack[stack.length - 1]!.children : roots).push(node)
    stack.push(node)
  }
  return roots
}

/** How a range names a section: its number as written (附則 with its caption), else its title. */
const bound = (ref: SectionRef | undefined) => (ref ? ref.number || ref.title : '')

/** The 新旧対照表. */
export function renderComparisonTable(diff: VersionDiff, options: ComparisonTableOptions): string {
  const words = labelsFor(options.lang)
  const word = diff.publication.amendmentWord
  const order = options.order ?? ['new', 'old']
  const labels = {
    new: options.labels?.new ?? words.newColumn(word),
    old: options.labels?.old ?? words.oldColumn(word),
    remarks: options.labels?.remarks ?? words.remarks
  }
  const omitted = (text: string) => h('p.omitted', text + words.omitted)
  const range = (first: string, last: string) => (first === last ? first : first + words.rangeDash + last)
  const rows: Element[] = []
  const row = (cells: Cells, className: string) =>
    h('tr', {className: ['row-' + className]}, [...order.map((side) => h('td', cells[side])), ...(options.remarks ? [h('td')] : [])])

  const heading = (section: SectionChange, side: Side): ElementContent[] => {
    const ref = section[side]
    if (!ref) return []
    const text = (ref.number ? ref.number + ' ' : '') + ref.title
    // A new or deleted section's heading is marked; a changed one shows what changed (a renumbering included).
    const segments: Segment[] =
      section.old && section.new ? section.heading : [{type: side === 'new' ? 'insert' : 'delete', text}]
    return text ? [h('p.heading', segmentNodes(segments, side, 'underline'))] : []
  }
  const whole = (section: SectionChange, side: Side): ElementContent[] => [
    ...heading(section, side),
    ...blockNodes(
      section.blocks.map((d) => ({...d, segments: [{type: side === 'new' ? ('insert' as const) : ('delete' as const), text: (d[side] ?? d.new ?? d.old)!.text}]})),
      side,
      {omitted, range}
    )
  ]

  const list = (nodes: Node[]) => {
    let run: Node[] = []
    const flush = () => {
      if (run.length === 0) return
      const first = run[0]!.change
      const last = run[run.length - 1]!.change
      rows.push(row({new: [omitted(range(bound(first.new), bound(last.new)))], old: [omitted(range(bound(first.old), bound(last.old)))]}, 'omitted'))
      run = []
    }
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!
      const section = node.change
      if (!interesting(node)) {
        run.push(node)
        continue
      }
      flush()
      const next = nodes[i + 1]
      // Replaced as a whole: the deleted section and the new one in its place are one row.
      if (next && node.children.length === 0 && next.children.length === 0 && next.level === node.level &&
        ((section.kind === 'removed' && next.change.kind === 'added') || (section.kind === 'added' && next.change.kind === 'removed'))) {
        const added = section.kind === 'added' ? section : next.change
        const removed = section.kind === 'removed' ? section : next.change
        rows.push(row({new: whole(added, 'new'), old: whole(removed, 'old')}, 'replaced'))
        i++
        continue
      }
      if (section.kind === 'added') rows.push(row({new: whole(section, 'new'), old: [h('p.placeholder', words.addedPlaceholder)]}, 'added'))
      else if (section.kind === 'removed') rows.push(row({new: [h('p.placeholder', words.removedPlaceholder)], old: whole(section, 'old')}, 'removed'))
      else if (shown(section)) {
        rows.push(row({new: [...heading(section, 'new'), ...blockNodes(section.blocks, 'new', {omitted, range})], old: [...heading(section, 'old'), ...blockNodes(section.blocks, 'old', {omitted, range})]}, 'changed'))
      } else {
        // Only for context: the heading line (its own text, unchanged, left out).
        rows.push(row({new: heading(section, 'new'), old: heading(section, 'old')}, 'context'))
      }
      list(node.children)
    }
    flush()
  }
  // The 題名 first, when the amendment changed it.
  const {previousTitle} = diff.publication
  if (previousTitle !== undefined && previousTitle !== diff.publication.title) {
    const segments = diffText(previousTitle, diff.publication.title)
    rows.push(row({new: [h('p.heading', segmentNodes(segments, 'new', 'underline'))], old: [h('p.heading', segmentNodes(segments, 'old', 'underline'))]}, 'title'))
  }
  list(outline(diff.changes.sections))

  const title = words.comparisonTitle + ' ' + comparedLabel(diff) + ' — ' + diff.publication.title
  const head = h('tr', [
    ...order.map((side) => h('th', {scope: 'col'}, labels[side])),
    ...(options.remarks ? [h('th', {scope: 'col', className: ['remarks']}, labels.remarks)] : [])
  ])
  const main = h(
    'main.comparison',
    block(
      h('h1', diff.publication.title + ' ' + words.comparisonTitle + (diff.partial ? words.partialMark : '')),
      h('p.diff-versions', diff.from.label + ' → ' + diff.to.label + (diff.audience ? words.forAudience(diff.audience.label) : '')),
      h('p.comparison-note', words.comparisonNote(word)),
      // A table of an edition that cannot see every change says so.
      diff.partial ? h('p.partial-note', partialNoteFor(words, word)) : undefined,
      h('table', {className: ['comparison-table', ...(options.remarks ? ['with-remarks'] : [])]}, block(h('thead', head), h('tbody', block(rows))))
    )
  )
  return diffPage(diff, title, options.lang, [main], {landscape: true, assets: options.assets, robots: options.public})
}

interface Elision {
  omitted: (text: string) => Element
  range: (first: string, last: string) => string
}

/**
 * One side of a section's blocks: changed blocks with underlines; unchanged
 * runs elided as （略） or 「②～④（略）」, a range never crossing a list
 * level; a changed item keeps its parent item's first line; a table with a
 * change shown whole, as a table.
 */
function blockNodes(blocks: readonly BlockChange[], side: Side, elision: Elision): Element[] {
  const mine = blocks.filter((d) => d[side])
  const out: Element[] = []
  let run: BlockChange[] = []
  const flush = () => {
    if (run.length === 0) return
    // Runs split where the list level or the kind of block changes.
    let start = 0
    for (let i = 1; i <= run.length; i++) {
      const a = run[i - 1]![side]!
      const b = run[i]?.[side]
      if (b && b.depth === a.depth && b.kind === a.kind) continue
      const part = run.slice(start, i)
      const numbers = part.map((d) => d[side]!.number)
      out.push(elision.omitted(numbers.every(Boolean) ? elision.range(numbers[0]!, numbers[numbers.length - 1]!) : ''))
      start = i
    }
    run = []
  }
  // Tables with a change are shown whole.
  const tableChanged = new Set<number>()
  for (let i = 0; i < mine.length; ) {
    let end = i
    while (end < mine.length && mine[end]![side]!.kind === 'row') end++
    if (end > i) {
      if (mine.slice(i, end).some((d) => d.kind !== 'unchanged' && d.kind !== 'formatting')) for (let j = i; j < end; j++) tableChanged.add(j)
      i = end
    } else i++
  }
  for (let i = 0; i < mine.length; i++) {
    const change = mine[i]!
    const own = change[side]!
    if (tableChanged.has(i)) {
      flush()
      const rows: Element[] = []
      for (; i < mine.length && tableChanged.has(i); i++) rows.push(tableRow(mine[i]!, side))
      i--
      out.push(h('table.inner-table', h('tbody', rows)))
      continue
    }
    if (change.kind === 'unchanged' || change.kind === 'formatting') {
      run.push(change)
      continue
    }
    // A nested item keeps the first line of each parent item elided before it.
    const parents: BlockChange[] = []
    let depth = own.depth ?? 0
    for (let j = run.length - 1; j >= 0 && depth > 0; j--) {
      const candidate = run[j]![side]!
      if (candidate.kind === 'item' && (candidate.depth ?? 0) < depth) {
        parents.unshift(run[j]!)
        depth = candidate.depth ?? 0
      }
    }
    if (parents.length > 0) {
      const cut = run.indexOf(parents[0]!)
      const after = run.slice(cut)
      run = run.slice(0, cut)
      flush()
      for (const item of after) {
        if (!parents.includes(item)) {
          run.push(item)
          continue
        }
        flush()
        out.push(h('p', firstLine(item[side]!.text)))
      }
    }
    flush()
    out.push(h('p', segmentNodes(change.segments, side, 'underline')))
  }
  flush()
  return out
}

/** A parent item for context: its first line (its number and title), the rest elided. */
function firstLine(text: string): string {
  const end = text.indexOf('\n')
  return end === -1 ? text : text.slice(0, end)
}

/** A table row of the model (`a | b | c`) as cells, the marks kept in their cells. */
function tableRow(change: BlockChange, side: Side): Element {
  const cells: ElementContent[][] = [[]]
  const segments = change.kind === 'unchanged' || change.kind === 'formatting' ? [{type: 'equal' as const, text: change[side]!.text}] : change.segments
  for (const segment of segments) {
    const parts = segment.text.split(' | ')
    for (const [index, part] of parts.entries()) {
      if (index > 0) cells.push([])
      if (part) cells[cells.length - 1]!.push(...segmentNodes([{type: segment.type, text: part}], side, 'underline'))
    }
  }
  return h('tr', cells.map((d) => h('td', d)))
}

/** The partial note in the table's words (改定 or 改正). */
function partialNoteFor(words: ReturnType<typeof labelsFor>, word: string): string {
  return words.partialNote.replace('変更', word)
}
