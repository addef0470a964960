/**
 * The 新旧対照表, as 法制執務 writes it: 改正後 (or 改定後, by the
 * publication's own word) on the left, 改正前 on the right, the changed
 * words underlined (傍線) on both sides, and everything else elided.
 *
 * - Unchanged sections are elided as ranges within one outline level
 *   (「第三十二条～第三十四条　（略）」, two as 「五・六」), never across
 *   levels; a range of 附則 names them by their captions. Heading lines kept
 *   for context open the cells of the row under them, so a page never ends on
 *   a heading.
 * - An article of a statute is written as in the act: its caption on a line
 *   of its own, its number opening its first 項 (第三十五条　（略）).
 * - Inside a section, unchanged blocks are elided by level: one line per run
 *   (「２・３　（略）」, 「(1)～(4)（略）」), an omitted item's children in its
 *   line; a changed 号 keeps its 項's line (「３　（略）」) and an item its
 *   parent's first line; a table with a change stays a table.
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
import type {Block} from './model.js'
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
  const omitted = (numbers: string) => h('p.omitted', words.omittedLine(numbers))
  const omittedAfter = (number: ArticleNumber) => h('p.omitted', [...number.nodes, {type: 'text', value: words.omittedLine(number.text).slice(number.text.length)}])
  // 五, 五・六, 五～七.
  const range = (numbers: readonly string[]) =>
    numbers.length === 1 ? numbers[0]! : numbers.length === 2 ? numbers.join(words.pairJoin) : numbers[0]! + words.rangeDash + numbers[numbers.length - 1]!
  const rows: Element[] = []
  const row = (cells: Cells, className: string) =>
    h('tr', {className: ['row-' + className]}, [...order.map((side) => h('td', cells[side])), ...(options.remarks ? [h('td')] : [])])
  // Heading lines for context open the cells of the row under them, so a
  // page never ends on a heading whose text is on the next (rows, not
  // headings, are what a page break moves).
  // A new chapter's heading does the same; its side's （新設） is said once.
  let context: {cells: Cells; className: string} | undefined
  const placeholderOnly = (nodes: ElementContent[]) => {
    const only = nodes.length === 1 ? nodes[0] : undefined
    return only?.type === 'element' && Array.isArray(only.properties.className) && only.properties.className.includes('placeholder')
  }
  const join = (before: ElementContent[], after: ElementContent[]) => (placeholderOnly(before) && placeholderOnly(after) ? before : [...before, ...after])
  const emit = (cells: Cells, className: string, lead = className === 'context') => {
    if (context) cells = {new: join(context.cells.new, cells.new), old: join(context.cells.old, cells.old)}
    if (lead) {
      context = {cells, className}
      return
    }
    context = undefined
    rows.push(row(cells, className))
  }

  const heading = (section: SectionChange, side: Side): ElementContent[] => {
    const ref = section[side]
    if (!ref) return []
    const text = (ref.number ? ref.number + ' ' : '') + ref.title
    // A new or deleted section's heading is marked; a changed one shows what changed (a renumbering included).
    const segments: Segment[] =
      section.old && section.new ? section.heading : [{type: side === 'new' ? 'insert' : 'delete', text}]
    return text ? [h('p.heading', segmentNodes(segments, side, 'underline'))] : []
  }
  // A section as one side shows it: an article of a statute as 法制執務
  // writes it, its caption on a line of its own and its number opening its
  // first paragraph (（目的）／第一条　この法律は…, 第二条　（略）); any other
  // section under its heading line.
  const cell = (section: SectionChange, side: Side, blocks: readonly BlockChange[], marked: boolean): ElementContent[] => {
    const elision = {omitted, omittedAfter, range}
    const ref = section[side]!
    const article = (other: SectionRef | undefined) => other === undefined || (other.number !== undefined && /^第.+条/.test(other.number))
    const opensWithText = (s: Side) => {
      const block = blocks.find((d) => d[s])?.[s]
      return block === undefined || (block.kind === 'paragraph' && numberOf(block) === undefined)
    }
    if (!ref.number || !article(ref) || !article(section.old) || !article(section.new) || !opensWithText('old') || !opensWithText('new')) {
      return [...heading(section, side), ...blockNodes(blocks, side, elision)]
    }
    const caption = (title: string) => (title === '' || /^[（(].*[）)]$/.test(title) ? title : '（' + title + '）')
    const mark = (text: string): Segment[] => [{type: side === 'new' ? 'insert' : 'delete', text}]
    const captions = marked || !section.old || !section.new ? mark(caption(ref.title)) : diffText(caption(section.old.title), caption(section.new.title))
    const numbers = marked || !section.old || !section.new ? mark(ref.number) : diffText(section.old.number!, section.new.number!)
    return [
      ...(caption(ref.title) ? [h('p.heading.caption', segmentNodes(captions, side, 'underline'))] : []),
      ...blockNodes(blocks, side, elision, {text: ref.number, nodes: segmentNodes(numbers, side, 'underline')})
    ]
  }
  /** A section added or deleted (or replaced) whole: every word marked. */
  const whole = (section: SectionChange, side: Side): ElementContent[] =>
    cell(
      section,
      side,
      section.blocks.map((d) => ({...d, segments: [{type: side === 'new' ? ('insert' as const) : ('delete' as const), text: (d[side] ?? d.new ?? d.old)!.text}]})),
      true
    )
  const changedCell = (section: SectionChange, side: Side) => cell(section, side, section.blocks, false)

  const list = (nodes: Node[]) => {
    let run: Node[] = []
    const flush = () => {
      // A range names numbered sections (第五章～第七章); a section without a number (a title) is a line of its own.
      const numbered = (node: Node) => Boolean((node.change.new ?? node.change.old)!.number)
      for (let start = 0, i = 1; i <= run.length; i++) {
        if (i < run.length && numbered(run[i]!) && numbered(run[i - 1]!)) continue
        const part = run.slice(start, i)
        const names = (side: Side) => {
          const bounds = part.map((d) => bound(d.change[side]))
          return bounds.every(Boolean) ? range(bounds) : ''
        }
        emit({new: [omitted(names('new'))], old: [omitted(names('old'))]}, 'omitted')
        start = i
      }
      run = []
    }
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!
      const section = node.change
      if (!interesting(node)) {
        // The document's title heading, unchanged and holding nothing, is the page's own title.
        const ref = (section.new ?? section.old)!
        if (!ref.number && section.blocks.length === 0 && node.children.length === 0 && ref.title === diff.publication.title) continue
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
        emit({new: whole(added, 'new'), old: whole(removed, 'old')}, 'replaced')
        i++
        continue
      }
      // A heading alone (a new chapter) opens the row of what it holds.
      const lead = section.blocks.length === 0 && node.children.length > 0
      if (section.kind === 'added') emit({new: whole(section, 'new'), old: [h('p.placeholder', words.addedPlaceholder)]}, 'added', lead)
      else if (section.kind === 'removed') emit({new: [h('p.placeholder', words.removedPlaceholder)], old: whole(section, 'old')}, 'removed', lead)
      else if (shown(section)) {
        emit({new: changedCell(section, 'new'), old: changedCell(section, 'old')}, 'changed', lead)
      } else {
        // Only for context: the heading line (its own text, unchanged, left out).
        emit({new: heading(section, 'new'), old: heading(section, 'old')}, 'context')
      }
      list(node.children)
    }
    flush()
  }
  // The 題名 first, when the amendment changed it.
  const {previousTitle} = diff.publication
  if (previousTitle !== undefined && previousTitle !== diff.publication.title) {
    const segments = diffText(previousTitle, diff.publication.title)
    emit({new: [h('p.heading', segmentNodes(segments, 'new', 'underline'))], old: [h('p.heading', segmentNodes(segments, 'old', 'underline'))]}, 'title')
  }
  list(outline(diff.changes.sections))
  if (context) rows.push(row(context.cells, context.className))

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
  omitted: (numbers: string) => Element
  /** An omitted line after a number shown with its marks (第[四十六]条　（略）). */
  omittedAfter: (number: ArticleNumber) => Element
  /** Numbers as one range: 五, 五・六, 五～七. */
  range: (numbers: readonly string[]) => string
}

/** An article's number on one side, as text and as nodes with its marks (第[四十六]条). */
interface ArticleNumber {
  text: string
  nodes: ElementContent[]
}

/**
 * How deep each block sits in its section's outline: a 項 (and any plain
 * paragraph) 0, a 号 1, an イロハ 2, a (1) under it 3; a list item one
 * below the paragraph that leads it (a list after a 号 holds its イロハ),
 * deeper by its nesting.
 */
function levelsOf(blocks: readonly Block[]): Map<Block, number> {
  const levels = new Map<Block, number>()
  let lead = 0
  for (const block of blocks) {
    if (block.kind === 'item') levels.set(block, lead + 1 + (block.depth ?? 0))
    else {
      lead = block.kind === 'paragraph' ? statuteNumber(block.text)?.level ?? 0 : 0
      levels.set(block, lead)
    }
  }
  return levels
}

/** The number a statute's paragraph starts with (２　, 一　, イ　, （１）　) and the level it stands at. */
function statuteNumber(text: string): {written: string; level: number} | undefined {
  const forms: Array<[RegExp, number]> = [
    [/^([0-9０-９]+)[\u3000 ]/, 0],
    [/^([〇一二三四五六七八九十百千]+(?:の[〇一二三四五六七八九十百千]+)*)[\u3000 ]/, 1],
    [/^([イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス])[\u3000 ]/, 2],
    [/^([（(][0-9０-９〇一二三四五六七八九十]+[）)])[\u3000 ]?/, 3]
  ]
  for (const [pattern, level] of forms) {
    const match = pattern.exec(text)
    if (match) return {written: match[1]!, level}
  }
  return undefined
}

/** The number a block is named by in a （略） line, if it has one. */
function numberOf(block: Block): string | undefined {
  if (block.kind === 'item') return block.number
  if (block.kind === 'paragraph') return statuteNumber(block.text)?.written
  return undefined
}

/**
 * One side of a section's blocks: changed blocks with underlines; unchanged
 * runs elided by level (「２・３　（略）」, 「(1)～(4)（略）」), an omitted
 * item's children in its own line, never a line of their own; a changed
 * block keeps the lines of the items above it (an item's first line, a
 * 項's number); a table with a change shown whole, as a table.
 * `first`: the article number the first paragraph carries (第三十五条　（略）).
 */
function blockNodes(blocks: readonly BlockChange[], side: Side, elision: Elision, first?: ArticleNumber): Element[] {
  const mine = blocks.filter((d) => d[side])
  const out: Element[] = []
  let run: BlockChange[] = []
  const firstBlock = mine[0]?.[side]
  const levels = levelsOf(mine.map((d) => d[side]!))
  const levelOf = (block: Block) => levels.get(block)!
  const flush = () => {
    if (run.length === 0) return
    // One line per level: an omitted block's deeper followers are its children, in its line.
    const groups: Array<{level: number; blocks: Block[]}> = []
    for (const change of run) {
      const block = change[side]!
      const level = levelOf(block)
      const last = groups[groups.length - 1]
      if (last && level > last.level) continue
      if (last && level === last.level) last.blocks.push(block)
      else groups.push({level, blocks: [block]})
    }
    for (const group of groups) {
      // The article's first paragraph is named by the article (第三十五条　（略）); the 項 after it by theirs.
      if (first && firstBlock && group.blocks[0] === firstBlock && firstBlock.kind === 'paragraph' && !numberOf(firstBlock)) {
        out.push(elision.omittedAfter(first))
        group.blocks.shift()
        if (group.blocks.length === 0) continue
      }
      const numbers = group.blocks.map(numberOf)
      out.push(elision.omitted(numbers.every(Boolean) ? elision.range(numbers as string[]) : ''))
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
    // A changed block keeps the line of each omitted block above it in the outline.
    const parents: BlockChange[] = []
    let level = levelOf(own)
    for (let j = run.length - 1; j >= 0 && level > 0; j--) {
      const candidate = levelOf(run[j]![side]!)
      if (candidate < level) {
        parents.unshift(run[j]!)
        level = candidate
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
        const block = item[side]!
        // An item's first line (its number and title); a paragraph, whose first line is its text, by its number.
        out.push(
          block.kind === 'item' ? h('p', firstLine(block.text)) : first && block === firstBlock && !numberOf(block) ? elision.omittedAfter(first) : elision.omitted(numberOf(block) ?? '')
        )
      }
    }
    flush()
    const article = first && own === firstBlock && own.kind === 'paragraph' && !numberOf(own) ? [...first.nodes, {type: 'text' as const, value: '\u3000'}] : []
    out.push(h('p', [...article, ...segmentNodes(change.segments, side, 'underline')]))
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
