/**
 * The change model as text: for a terminal (`--format text`, coloured unless
 * NO_COLOR or not a terminal) and for a pull-request comment (`--format md`).
 */
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

function headline(diff: VersionDiff, japanese: boolean): string {
  const s = diff.changes.summary.sections
  const c = diff.changes.summary.characters
  return japanese
    ? `変更 ${s.changed}・新設 ${s.added}・削除 ${s.removed}・番号変更 ${s.renumbered}・移動 ${s.moved}（+${c.added} −${c.removed} 文字）` +
        (diff.changes.summary.formatting ? `、書式のみの変更 ${diff.changes.summary.formatting}` : '')
    : `${s.changed} changed, ${s.added} added, ${s.removed} removed, ${s.renumbered} renumbered, ${s.moved} moved (+${c.added} −${c.removed} characters)` +
        (diff.changes.summary.formatting ? `, ${diff.changes.summary.formatting} formatting-only` : '')
}

const relevant = (section: SectionChange) => section.kind !== 'unchanged' || section.renumbered || section.moved || section.formattingOnly

export function renderText(diff: VersionDiff, options: {color?: boolean; lang?: string} = {}): string {
  const japanese = (options.lang ?? 'ja').startsWith('ja')
  const paint = (code: string, text: string) => (options.color ? '\u001b[' + code + 'm' + text + '\u001b[0m' : text)
  const segments = (list: readonly Segment[]) =>
    elide(list)
      .map((d) => (d.type === 'insert' ? paint('32', '{+' + d.text + '+}') : d.type === 'delete' ? paint('31', '[-' + d.text + '-]') : d.text))
      .join('')
  const lines = [
    paint('1', diff.publication.title + ': ' + diff.from.label + ' → ' + diff.to.label + (diff.audience ? '（' + diff.audience.label + '）' : '')),
    headline(diff, japanese),
    ''
  ]
  for (const section of diff.changes.sections.filter(relevant)) {
    const mark = {changed: '~', added: '+', removed: '-', unchanged: ' '}[section.kind]
    const notes = [
      section.renumbered ? (japanese ? '番号変更 ' : 'renumbered ') + (section.old?.number ?? '') + '→' + (section.new?.number ?? '') : '',
      section.moved ? (japanese ? '移動' : 'moved') : '',
      section.formattingOnly ? (japanese ? '書式のみ' : 'formatting only') : ''
    ].filter(Boolean)
    lines.push(paint(section.kind === 'added' ? '32' : section.kind === 'removed' ? '31' : '36', mark + ' ' + sectionLabel(section) + '  #' + (section.new ?? section.old)!.id) + (notes.length ? '  (' + notes.join(', ') + ')' : ''))
    if (section.kind === 'added' || section.kind === 'removed') {
      for (const block of section.blocks) lines.push('    ' + segments(block.segments))
      continue
    }
    if (section.old && section.new && section.old.title !== section.new.title) lines.push('    ' + segments(section.heading))
    for (const block of section.blocks) {
      if (block.kind === 'unchanged') continue
      if (block.kind === 'formatting') lines.push('    ' + paint('2', (japanese ? '（書式のみ）' : '(formatting) ') + elide([{type: 'equal', text: block.new!.text}], 30)[0]!.text))
      else lines.push('    ' + segments(block.segments))
    }
  }
  return lines.join('\n') + '\n'
}

/** GitHub-flavoured Markdown for a pull-request comment. */
export function renderMarkdown(diff: VersionDiff, options: {lang?: string} = {}): string {
  const japanese = (options.lang ?? 'ja').startsWith('ja')
  const escape = (text: string) => text.replace(/[&<>]/g, (d) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;'})[d]!).replace(/([\\`*_[\]|#~])/g, '\\$1')
  const segments = (list: readonly Segment[]) =>
    elide(list)
      .map((d) => (d.type === 'insert' ? '<ins>' + escape(d.text) + '</ins>' : d.type === 'delete' ? '<del>' + escape(d.text) + '</del>' : escape(d.text)))
      .join('')
  const s = diff.changes.summary
  const lines = [
    '## ' + escape(diff.publication.title) + ': ' + escape(diff.from.label) + ' → ' + escape(diff.to.label) + (diff.audience ? '（' + escape(diff.audience.label) + '）' : ''),
    '',
    japanese ? '| 変更 | 新設 | 削除 | 番号変更 | 移動 | 追加文字 | 削除文字 |' : '| changed | added | removed | renumbered | moved | characters added | characters removed |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${s.sections.changed} | ${s.sections.added} | ${s.sections.removed} | ${s.sections.renumbered} | ${s.sections.moved} | ${s.characters.added} | ${s.characters.removed} |`,
    ''
  ]
  for (const section of diff.changes.sections.filter(relevant)) {
    const tag = {changed: '', added: japanese ? '（新設）' : ' (added)', removed: japanese ? '（削る）' : ' (removed)', unchanged: ''}[section.kind]
    const notes = section.renumbered ? (japanese ? ' — 番号変更 ' : ' — renumbered ') + escape(section.old?.number ?? '') + ' → ' + escape(section.new?.number ?? '') : ''
    lines.push('### ' + escape(sectionLabel(section)) + tag + notes + ' (`#' + (section.new ?? section.old)!.id + '`)', '')
    if (section.kind === 'added' || section.kind === 'removed') {
      for (const block of section.blocks) lines.push((section.kind === 'added' ? '<ins>' : '<del>') + escape(block.segments[0]!.text) + (section.kind === 'added' ? '</ins>' : '</del>'), '')
      continue
    }
    if (section.old && section.new && section.old.title !== section.new.title) lines.push(segments(section.heading), '')
    for (const block of section.blocks) {
      if (block.kind === 'unchanged') continue
      lines.push(block.kind === 'formatting' ? (japanese ? '（書式のみの変更）' : '(formatting only)') + ' ' + escape(block.new!.text) : segments(block.segments), '')
    }
  }
  if (diff.changes.sections.every((d) => !relevant(d))) lines.push(japanese ? '本文の変更はありません。' : 'No change in the text.', '')
  return lines.join('\n')
}
