/**
 * The change model as pages: the redline (insertions and deletions inline,
 * change bars, a list of changed sections, next/previous navigation) and
 * the 新旧対照表 (改正後 | 改正前 side by side, changed words underlined,
 * unchanged parts elided as （略）, （新設） and （削る）).
 *
 * Pages link `assets/fonts.css`, `assets/kaitei.css` and `assets/diff.css`
 * relative to themselves: they are written beside an edition's assets.
 */
import type {Element, ElementContent} from 'hast'
import {h} from 'hastscript'
import {labelsFor, type Labels} from '../labels.js'
import {block, lines, serialize} from '../page/html.js'
import {pageShell} from '../page/shell.js'
import type {BlockChange, SectionChange} from './engine.js'
import type {VersionDiff} from './diff-versions.js'
import {sectionLabel} from './render-text.js'
import type {Segment} from './text-diff.js'

const relevant = (section: SectionChange) => section.kind !== 'unchanged' || section.renumbered || section.moved || section.formattingOnly

function page(title: string, lang: string, body: Array<ElementContent | undefined>, options: {landscape?: boolean; robots?: boolean; assets?: string} = {}): string {
  const assets = options.assets ?? 'assets/'
  const stylesheets = ['fonts.css', 'kaitei.css', 'diff.css', ...(options.landscape ? ['landscape.css'] : [])].map((d) => assets + d)
  return serialize(pageShell({lang, title, indexable: options.robots === false, stylesheets, bodyClass: 'diff-page'}, body.filter((d) => d !== undefined)))
}

/** Segments as text with `<ins>`/`<del>` (the redline) or underlined changes (the 新旧対照表). */
function segmentNodes(segments: readonly Segment[], show: 'both' | 'old' | 'new' = 'both', mark: 'ins-del' | 'underline' = 'ins-del'): ElementContent[] {
  const out: ElementContent[] = []
  for (const segment of segments) {
    if (segment.type === 'equal') out.push({type: 'text', value: segment.text})
    else if (segment.type === 'insert' && show !== 'old') out.push(mark === 'underline' ? h('span.changed', segment.text) : h('ins', segment.text))
    else if (segment.type === 'delete' && show !== 'new') out.push(mark === 'underline' ? h('span.changed', segment.text) : h('del', segment.text))
  }
  return out
}

export interface DiffPageOptions {
  lang: string
  /** Path prefix of the assets folder (default: `assets/`). */
  assets?: string
  /** Whether search engines may index the page (public editions). */
  public?: boolean
}

/** The redline: the new text with insertions and deletions inline. */
export function renderRedline(diff: VersionDiff, options: DiffPageOptions): string {
  const labels = labelsFor(options.lang)
  const title = labels.redlineTitle + ' — ' + diff.publication.title
  const changed = diff.changes.sections.filter(relevant)
  const s = diff.changes.summary
  const list = changed.map((section, index) => h('li', [h('a', {href: '#change-' + (index + 1)}, sectionLabel(section)), ' ', ...tags(section, labels)]))
  const sections = changed.map((section, index) => {
    const id = (section.new ?? section.old)!.id
    const blocks = section.blocks.map((change) => {
      if (change.kind === 'unchanged') return h('p.block.unchanged', change.new!.text)
      if (change.kind === 'formatting') return h('p.block.formatting', {title: labels.formattingChange}, change.new!.text)
      return h('p', {className: ['block', change.kind]}, segmentNodes(change.segments))
    })
    const level = Math.min(6, ((section.new ?? section.old)!.level || 1) + 1)
    return h(
      'section',
      {className: ['change', section.kind], id: 'change-' + (index + 1), dataSection: id},
      block(h('h' + level, [...segmentNodes(section.heading), ' ', ...tags(section, labels)]), blocks)
    )
  })
  const versions = diff.from.label + ' → ' + diff.to.label + (diff.audience ? labels.forAudience(diff.audience.label) : '')
  return page(
    title,
    options.lang,
    [
      h(
        'header.diff-header',
        block(
          h('h1', title),
          h('p.diff-versions', versions),
          h('p.diff-summary', labels.diffSummary(s.sections, s.characters, s.formatting)),
          h('p.diff-legend', [labels.legend + ': ', h('ins', labels.legendInserted), ' ', h('del', labels.legendDeleted)]),
          h('ol.diff-list', block(list))
        )
      ),
      h('nav.diff-nav', {ariaLabel: labels.changeList}, [
        h('button', {type: 'button', dataGo: '-1'}, labels.previousChange),
        ' ',
        h('button', {type: 'button', dataGo: '1'}, labels.nextChange),
        ' ',
        h('span.diff-keys', labels.keys)
      ]),
      h('main.policy.redline', block(sections.length > 0 ? sections : h('p', labels.noChange))),
      h('script', {src: (options.assets ?? 'assets/') + 'redline.js'})
    ],
    {assets: options.assets, robots: options.public}
  )
}

function tags(section: SectionChange, labels: Labels): ElementContent[] {
  const out: string[] = []
  if (section.kind === 'added') out.push(labels.added)
  if (section.kind === 'removed') out.push(labels.removed)
  if (section.renumbered) out.push(labels.renumbered + ' ' + (section.old?.number ?? '') + '→' + (section.new?.number ?? ''))
  if (section.moved) out.push(labels.moved)
  if (section.formattingOnly) out.push(labels.formattingOnly)
  return lines(out.map((d) => h('span.change-tag', d))).map((d) => (d.type === 'text' ? {type: 'text', value: ' '} : d)) as ElementContent[]
}

export interface ComparisonTableOptions extends DiffPageOptions {
  /** Column order (default: `['new', 'old']`: 改正後 | 改正前). */
  order?: Array<'new' | 'old'>
  /** Column labels (default: 改正後 / 改正前, or Amended / Current). */
  labels?: {new?: string; old?: string; remarks?: string}
  /** Add a 備考 column (default: `false`). */
  remarks?: boolean
}

/** The 新旧対照表. */
export function renderComparisonTable(diff: VersionDiff, options: ComparisonTableOptions): string {
  const words = labelsFor(options.lang)
  const order = options.order ?? ['new', 'old']
  const labels = {
    new: options.labels?.new ?? words.newColumn,
    old: options.labels?.old ?? words.oldColumn,
    remarks: options.labels?.remarks ?? words.remarks
  }
  const omitted = words.omitted
  const rows: Element[] = []
  const row = (cells: {new: ElementContent[]; old: ElementContent[]}, className: string) =>
    h('tr', {className: ['row-' + className]}, [...order.map((side) => h('td', cells[side])), ...(options.remarks ? [h('td')] : [])])

  // Unchanged sections in a row become one （略） row with their range.
  let run: SectionChange[] = []
  const flush = () => {
    if (run.length === 0) return
    const first = run[0]!.new!
    const last = run[run.length - 1]!.new!
    const range = first.number && last.number ? (run.length === 1 ? first.number : first.number + words.rangeDash + last.number) : ''
    rows.push(row({new: [h('p.omitted', range + omitted)], old: [h('p.omitted', range + omitted)]}, 'omitted'))
    run = []
  }
  for (const section of diff.changes.sections) {
    if (!relevant(section) || (section.kind === 'unchanged' && !section.renumbered && !section.moved)) {
      // A range never runs across a chapter: 第2章～5.2 reads better than 9～5.2.
      if (section.new && section.new.level === 1) flush()
      if (section.new) run.push(section)
      continue
    }
    flush()
    const heading = (side: 'new' | 'old'): ElementContent[] => {
      const ref = section[side]
      if (!ref) return []
      const segments = section.old && section.new ? section.heading : [{type: 'equal' as const, text: (ref.number ? ref.number + ' ' : '') + ref.title}]
      // A renumbered section: the number is underlined on both sides.
      return [h('p.heading', segmentNodes(segments, side, 'underline'))]
    }
    if (section.kind === 'added') {
      rows.push(row({new: [...heading('new'), ...section.blocks.map((d) => h('p', h('span.changed', d.new!.text)))], old: [h('p.placeholder', words.addedPlaceholder)]}, 'added'))
      continue
    }
    if (section.kind === 'removed') {
      rows.push(row({new: [h('p.placeholder', words.removedPlaceholder)], old: [...heading('old'), ...section.blocks.map((d) => h('p', h('span.changed', d.old!.text)))]}, 'removed'))
      continue
    }
    rows.push(row({new: [...heading('new'), ...blockNodes(section.blocks, 'new', omitted, words.rangeDash)], old: [...heading('old'), ...blockNodes(section.blocks, 'old', omitted, words.rangeDash)]}, 'changed'))
  }
  flush()

  const title = words.comparisonTitle + ' — ' + diff.publication.title
  const head = h('tr', [
    ...order.map((side) => h('th', {scope: 'col'}, labels[side])),
    ...(options.remarks ? [h('th', {scope: 'col', className: ['remarks']}, labels.remarks)] : [])
  ])
  const main = h(
    'main.comparison',
    block(
      h('h1', diff.publication.title + ' ' + words.comparisonTitle),
      h('p.diff-versions', diff.from.label + ' → ' + diff.to.label + (diff.audience ? words.forAudience(diff.audience.label) : '')),
      h('p.comparison-note', words.comparisonNote),
      h('table', {className: ['comparison-table', ...(options.remarks ? ['with-remarks'] : [])]}, block(h('thead', head), h('tbody', block(rows))))
    )
  )
  return page(title, options.lang, [main], {landscape: true, assets: options.assets, robots: options.public})
}

/** One side of a changed section: changed blocks with underlines, unchanged runs as （略） or ①～⑪（略）. */
function blockNodes(blocks: BlockChange[], side: 'new' | 'old', omitted: string, dash: string): Element[] {
  const out: Element[] = []
  let run: BlockChange[] = []
  const flush = () => {
    if (run.length === 0) return
    const numbers = run.map((d) => (side === 'new' ? d.new : d.old)?.number).filter(Boolean) as string[]
    const range = numbers.length === run.length && numbers.length > 0 ? (numbers.length === 1 ? numbers[0]! : numbers[0] + dash + numbers[numbers.length - 1]) : ''
    out.push(h('p.omitted', range + omitted))
    run = []
  }
  for (const change of blocks) {
    if (change.kind === 'unchanged' || change.kind === 'formatting') {
      if (change[side]) run.push(change)
      continue
    }
    if ((side === 'new' && change.kind === 'removed') || (side === 'old' && change.kind === 'added')) continue
    flush()
    out.push(h('p', segmentNodes(change.segments, side, 'underline')))
  }
  flush()
  return out
}
