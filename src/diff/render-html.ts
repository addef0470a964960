/**
 * The change model as pages: the redline (insertions and deletions inline,
 * change bars, a list of changed sections, next/previous navigation) and
 * the 新旧対照表 (改正後 | 改正前 side by side, changed words underlined,
 * unchanged parts elided as （略）, （新設） and （削る）).
 *
 * Pages link `assets/fonts.css`, `assets/kaitei.css` and `assets/diff.css`
 * relative to themselves: they are written beside an edition's assets.
 */
import {cspMeta} from '../edition/csp.js'
import {labelsFor, type Labels} from '../edition/labels.js'
import {escapeHtml} from '../edition/theme.js'
import type {BlockChange, SectionChange} from './engine.js'
import type {VersionDiff} from './diff-versions.js'
import {sectionLabel} from './render-text.js'
import type {Segment} from './text-diff.js'

const relevant = (section: SectionChange) => section.kind !== 'unchanged' || section.renumbered || section.moved || section.formattingOnly

function page(title: string, lang: string, body: string, options: {landscape?: boolean; robots?: boolean; assets?: string} = {}): string {
  const assets = options.assets ?? 'assets/'
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
${cspMeta}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${options.robots === false ? '' : '<meta name="robots" content="noindex, nofollow">\n'}<link rel="stylesheet" href="${assets}fonts.css">
<link rel="stylesheet" href="${assets}kaitei.css">
<link rel="stylesheet" href="${assets}diff.css">
${options.landscape ? '<link rel="stylesheet" href="' + assets + 'landscape.css">\n' : ''}</head>
<body class="diff-page">
${body}
</body>
</html>
`
}

function segmentsHtml(segments: readonly Segment[], show: 'both' | 'old' | 'new' = 'both', mark: 'ins-del' | 'underline' = 'ins-del'): string {
  let out = ''
  for (const segment of segments) {
    if (segment.type === 'equal') out += escapeHtml(segment.text)
    else if (segment.type === 'insert' && show !== 'old') out += mark === 'underline' ? '<span class="changed">' + escapeHtml(segment.text) + '</span>' : '<ins>' + escapeHtml(segment.text) + '</ins>'
    else if (segment.type === 'delete' && show !== 'new') out += mark === 'underline' ? '<span class="changed">' + escapeHtml(segment.text) + '</span>' : '<del>' + escapeHtml(segment.text) + '</del>'
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
  const list = changed
    .map((section, index) => '<li><a href="#change-' + (index + 1) + '">' + escapeHtml(sectionLabel(section)) + '</a> ' + tag(section, labels) + '</li>')
    .join('\n')
  const sections = diff.changes.sections
    .filter(relevant)
    .map((section, index) => {
      const id = (section.new ?? section.old)!.id
      const blocks = section.blocks
        .map((block) => {
          if (block.kind === 'unchanged') return '<p class="block unchanged">' + escapeHtml(block.new!.text) + '</p>'
          if (block.kind === 'formatting') return '<p class="block formatting" title="' + escapeHtml(labels.formattingChange) + '">' + escapeHtml(block.new!.text) + '</p>'
          return '<p class="block ' + block.kind + '">' + segmentsHtml(block.segments) + '</p>'
        })
        .join('\n')
      const level = Math.min(6, ((section.new ?? section.old)!.level || 1) + 1)
      return (
        '<section class="change ' + section.kind + '" id="change-' + (index + 1) + '" data-section="' + escapeHtml(id) + '">\n' +
        '<h' + level + '>' + segmentsHtml(section.heading) + ' ' + tag(section, labels) + '</h' + level + '>\n' + blocks + '\n</section>'
      )
    })
    .join('\n')
  const body = `<header class="diff-header">
<h1>${escapeHtml(title)}</h1>
<p class="diff-versions">${escapeHtml(diff.from.label)} → ${escapeHtml(diff.to.label)}${diff.audience ? escapeHtml(labels.forAudience(diff.audience.label)) : ''}</p>
<p class="diff-summary">${escapeHtml(labels.diffSummary(s.sections, s.characters, s.formatting))}</p>
<ol class="diff-list">
${list}
</ol>
</header>
<nav class="diff-nav" aria-label="${escapeHtml(labels.changeList)}"><button type="button" data-go="-1">${escapeHtml(labels.previousChange)}</button> <button type="button" data-go="1">${escapeHtml(labels.nextChange)}</button> <span class="diff-keys">${escapeHtml(labels.keys)}</span></nav>
<main class="policy redline">
${sections || '<p>' + escapeHtml(labels.noChange) + '</p>'}
</main>
<script src="${options.assets ?? 'assets/'}redline.js"></script>`
  return page(title, options.lang, body, {assets: options.assets, robots: options.public})
}

function tag(section: SectionChange, labels: Labels): string {
  const tags: string[] = []
  if (section.kind === 'added') tags.push(labels.added)
  if (section.kind === 'removed') tags.push(labels.removed)
  if (section.renumbered) tags.push(labels.renumbered + ' ' + (section.old?.number ?? '') + '→' + (section.new?.number ?? ''))
  if (section.moved) tags.push(labels.moved)
  if (section.formattingOnly) tags.push(labels.formattingOnly)
  return tags.map((d) => '<span class="change-tag">' + escapeHtml(d) + '</span>').join(' ')
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
  const rows: string[] = []
  const row = (cells: {new: string; old: string}, className: string) =>
    '<tr class="row-' + className + '">' + order.map((side) => '<td>' + cells[side] + '</td>').join('') + (options.remarks ? '<td></td>' : '') + '</tr>'

  // Unchanged sections in a row become one （略） row with their range.
  let run: SectionChange[] = []
  const flush = () => {
    if (run.length === 0) return
    const first = run[0]!.new!
    const last = run[run.length - 1]!.new!
    const range = first.number && last.number ? (run.length === 1 ? first.number : first.number + words.rangeDash + last.number) : ''
    const text = '<p class="omitted">' + escapeHtml(range) + omitted + '</p>'
    rows.push(row({new: text, old: text}, 'omitted'))
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
    const heading = (side: 'new' | 'old') => {
      const ref = section[side]
      if (!ref) return ''
      const segments = section.old && section.new ? section.heading : [{type: 'equal' as const, text: (ref.number ? ref.number + ' ' : '') + ref.title}]
      // A renumbered section: the number is underlined on both sides.
      return '<p class="heading">' + segmentsHtml(segments, side, 'underline') + '</p>'
    }
    if (section.kind === 'added') {
      rows.push(row({new: heading('new') + section.blocks.map((d) => '<p><span class="changed">' + escapeHtml(d.new!.text) + '</span></p>').join(''), old: '<p class="placeholder">' + escapeHtml(words.addedPlaceholder) + '</p>'}, 'added'))
      continue
    }
    if (section.kind === 'removed') {
      rows.push(row({new: '<p class="placeholder">' + escapeHtml(words.removedPlaceholder) + '</p>', old: heading('old') + section.blocks.map((d) => '<p><span class="changed">' + escapeHtml(d.old!.text) + '</span></p>').join('')}, 'removed'))
      continue
    }
    rows.push(row({new: heading('new') + blocksHtml(section.blocks, 'new', omitted, words.rangeDash), old: heading('old') + blocksHtml(section.blocks, 'old', omitted, words.rangeDash)}, 'changed'))
  }
  flush()

  const title = words.comparisonTitle + ' — ' + diff.publication.title
  const head = '<tr>' + order.map((side) => '<th scope="col">' + escapeHtml(labels[side]) + '</th>').join('') + (options.remarks ? '<th scope="col" class="remarks">' + escapeHtml(labels.remarks) + '</th>' : '') + '</tr>'
  const body = `<main class="comparison">
<h1>${escapeHtml(diff.publication.title)} ${escapeHtml(words.comparisonTitle)}</h1>
<p class="diff-versions">${escapeHtml(diff.from.label)} → ${escapeHtml(diff.to.label)}${diff.audience ? escapeHtml(words.forAudience(diff.audience.label)) : ''}</p>
<p class="comparison-note">${escapeHtml(words.comparisonNote)}</p>
<table class="comparison-table${options.remarks ? ' with-remarks' : ''}">
<thead>${head}</thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</main>`
  return page(title, options.lang, body, {landscape: true, assets: options.assets, robots: options.public})
}

/** One side of a changed section: changed blocks with underlines, unchanged runs as （略） or ①～⑪（略）. */
function blocksHtml(blocks: BlockChange[], side: 'new' | 'old', omitted: string, dash: string): string {
  const out: string[] = []
  let run: BlockChange[] = []
  const flush = () => {
    if (run.length === 0) return
    const numbers = run.map((d) => (side === 'new' ? d.new : d.old)?.number).filter(Boolean) as string[]
    const range = numbers.length === run.length && numbers.length > 0 ? (numbers.length === 1 ? numbers[0]! : numbers[0] + dash + numbers[numbers.length - 1]) : ''
    out.push('<p class="omitted">' + escapeHtml(range) + omitted + '</p>')
    run = []
  }
  for (const block of blocks) {
    if (block.kind === 'unchanged' || block.kind === 'formatting') {
      if (block[side]) run.push(block)
      continue
    }
    if ((side === 'new' && block.kind === 'removed') || (side === 'old' && block.kind === 'added')) continue
    flush()
    out.push('<p>' + segmentsHtml(block.segments, side, 'underline') + '</p>')
  }
  flush()
  return out.join('')
}
