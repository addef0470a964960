/**
 * The change model as text: for a terminal (`--format text`, coloured unless
 * NO_COLOR or not a terminal) and for a pull-request comment (`--format md`).
 */
import {labelsFor, type Labels} from '../labels.js'
import type {SectionChange} from './engine.js'
import type {VersionDiff} from './diff-versions.js'
import type {Segment} from './text-diff.js'

/** Keep this much unchanged text on each side of a change. */
const context = 24

/** Segments with long unchanged runs shortened to `…`. */
export function elide(segments: readonly Segment[], keep = context): Segment[] {
  return segments.map((segment, index) => {
    if (segment.type !== 'equal') return segment
    const chars = [...segment.text]
    const first = index === 0
    const last = index === segments.length - 1
    if (segments.length === 1) return segment
    if (first && chars.length > keep) return {type: 'equal', text: '…' + chars.slice(-keep).join('')}
    if (last && chars.length > keep) return {type: 'equal', text: chars.slice(0, keep).join('') + '…'}
    if (!first && !last && chars.length > keep * 2) return {type: 'equal', text: chars.slice(0, keep).join('') + '…' + chars.slice(-keep).join('')}
    return segment
  })
}

export function sectionLabel(section: SectionChange): string {
  const ref = section.new ?? section.old!
  return (ref.number ? ref.number + ' ' : '') + ref.title
}

function headline(diff: VersionDiff, labels: Labels): string {
  const {summary} = diff.changes
  return labels.diffSummary(summary.sections, summary.characters, summary.formatting)
}

const relevant = (section: SectionChange) => section.kind !== 'unchanged' || section.renumbered || section.moved || section.formattingOnly

export function renderText(diff: VersionDiff, options: {color?: boolean; lang?: string} = {}): string {
  const labels = labelsFor(options.lang ?? 'ja')
  const paint = (code: string, text: string) => (options.color ? '\u001b[' + code + 'm' + text + '\u001b[0m' : text)
  const segments = (list: readonly Segment[]) =>
    elide(list)
      .map((d) => (d.type === 'insert' ? paint('32', '{+' + d.text + '+}') : d.type === 'delete' ? paint('31', '[-' + d.text + '-]') : d.text))
      .join('')
  const lines = [
    // The marking of what it shows, first, as on every page (取扱注意 …).
    ...(diff.publication.marking ? [paint('1', diff.publication.marking)] : []),
    paint('1', diff.publication.title + ': ' + diff.from.label + ' → ' + diff.to.label + (diff.audience ? labels.forAudience(diff.audience.label) : '')),
    ...(diff.partial ? [labels.partialNote] : []),
    headline(diff, labels),
    ''
  ]
  for (const section of diff.changes.sections.filter(relevant)) {
    const mark = {changed: '~', added: '+', removed: '-', unchanged: ' '}[section.kind]
    const notes = [
      section.renumbered ? labels.renumbered + ' ' + (section.old?.number ?? '') + '→' + (section.new?.number ?? '') : '',
      section.movedFile ? labels.movedFrom(section.movedFile.from) : section.moved ? labels.moved : '',
      section.formattingOnly ? labels.formattingOnly : ''
    ].filter(Boolean)
    lines.push(paint(section.kind === 'added' ? '32' : section.kind === 'removed' ? '31' : '36', mark + ' ' + sectionLabel(section) + '  #' + (section.new ?? section.old)!.id) + (notes.length ? '  (' + notes.join(', ') + ')' : ''))
    if (section.kind === 'added' || section.kind === 'removed') {
      for (const block of section.blocks) lines.push('    ' + segments(block.segments))
      continue
    }
    if (section.old && section.new && section.old.title !== section.new.title) lines.push('    ' + segments(section.heading))
    for (const block of section.blocks) {
      if (block.kind === 'unchanged') continue
      if (block.kind === 'formatting') lines.push('    ' + paint('2', labels.formattingMark + elide([{type: 'equal', text: block.new!.text}], 30)[0]!.text))
      else lines.push('    ' + segments(block.segments))
    }
  }
  return lines.join('\n') + '\n'
}

/** GitHub-flavoured Markdown for a pull-request comment. */
export function renderMarkdown(diff: VersionDiff, options: {lang?: string} = {}): string {
  const labels = labelsFor(options.lang ?? 'ja')
  const escape = (text: string) => text.replace(/[&<>]/g, (d) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;'})[d]!).replace(/([\\`*_[\]|#~])/g, '\\$1')
  const segments = (list: readonly Segment[]) =>
    elide(list)
      .map((d) => (d.type === 'insert' ? '<ins>' + escape(d.text) + '</ins>' : d.type === 'delete' ? '<del>' + escape(d.text) + '</del>' : escape(d.text)))
      .join('')
  const s = diff.changes.summary
  const lines = [
    // The marking first: a pull-request comment carries it like every page.
    ...(diff.publication.marking ? ['**' + escape(diff.publication.marking) + '**', ''] : []),
    '## ' + escape(diff.publication.title) + ': ' + escape(diff.from.label) + ' → ' + escape(diff.to.label) + (diff.audience ? escape(labels.forAudience(diff.audience.label)) : ''),
    '',
    ...(diff.partial ? [escape(labels.partialNote), ''] : []),
    labels.diffSummaryHeader,
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${s.sections.changed} | ${s.sections.added} | ${s.sections.removed} | ${s.sections.renumbered} | ${s.sections.moved} | ${s.characters.added} | ${s.characters.removed} |`,
    ''
  ]
  for (const section of diff.changes.sections.filter(relevant)) {
    const tag = {changed: '', added: labels.addedMark, removed: labels.removedMark, unchanged: ''}[section.kind]
    const notes =
      (section.renumbered ? ' — ' + labels.renumbered + ' ' + escape(section.old?.number ?? '') + ' → ' + escape(section.new?.number ?? '') : '') +
      (section.movedFile ? ' — ' + escape(labels.movedFrom(section.movedFile.from)) : section.moved ? ' — ' + labels.moved : '')
    lines.push('### ' + escape(sectionLabel(section)) + tag + notes + ' (`#' + (section.new ?? section.old)!.id + '`)', '')
    if (section.kind === 'added' || section.kind === 'removed') {
      for (const block of section.blocks) lines.push((section.kind === 'added' ? '<ins>' : '<del>') + escape(block.segments[0]!.text) + (section.kind === 'added' ? '</ins>' : '</del>'), '')
      continue
    }
    if (section.old && section.new && section.old.title !== section.new.title) lines.push(segments(section.heading), '')
    for (const block of section.blocks) {
      if (block.kind === 'unchanged') continue
      lines.push(block.kind === 'formatting' ? labels.formattingMark + escape(block.new!.text) : segments(block.segments), '')
    }
  }
  if (diff.changes.sections.every((d) => !relevant(d))) lines.push(labels.noChange, '')
  return lines.join('\n')
}
