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
import {labelsFor, type Labels, comparedLabel} from '../labels.js'
import {block, lines, serialize} from '../page/html.js'
import {pageShell} from '../page/shell.js'
import {markingStylesheetName} from '../page/marking.js'
import type {BlockChange, SectionChange} from './engine.js'
import type {VersionDiff} from './diff-versions.js'
import {sectionLabel} from './render-text.js'
import type {Segment} from './text-diff.js'

const relevant = (section: SectionChange) => section.kind !== 'unchanged' || section.renumbered || section.moved || section.formattingOnly

/** A diff page: the shell, the edition's marking across the top, the body. */
export function diffPage(diff: VersionDiff, title: string, lang: string, body: Array<ElementContent | undefined>, options: {landscape?: boolean; robots?: boolean; assets?: string; bodyClass?: string} = {}): string {
  const assets = options.assets ?? 'assets/'
  const {marking} = diff.publication
  const stylesheets = ['fonts.css', 'kaitei.css', 'diff.css', ...(options.landscape ? ['landscape.css'] : []), ...(marking ? [markingStylesheetName] : [])].map((d) => assets + d)
  const banner = marking ? h('div', {className: ['edition-banner', ...(diff.audience?.public ? ['public'] : [])], role: 'note'}, h('span.marking', marking)) : undefined
  return serialize(pageShell({lang, title, indexable: options.robots === false, stylesheets, bodyClass: 'diff-page' + (options.bodyClass ? ' ' + options.bodyClass : '')}, [banner, ...body].filter((d) => d !== undefined)))
}

/**
 * Segments as text with `<ins>`/`<del>` (the redline) or underlined changes
 * (the 新旧対照表); a block's line breaks (an item's title and its body) kept.
 */
export function segmentNodes(segments: readonly Segment[], show: 'both' | 'old' | 'new' = 'both', mark: 'ins-del' | 'underline' = 'ins-del'): ElementContent[] {
  const out: ElementContent[] = []
  const text = (value: string): ElementContent[] =>
    value.split('\n').flatMap((d, i): ElementContent[] => [...(i === 0 ? [] : [h('br')]), ...(d ? [{type: 'text' as const, value: d}] : [])])
  for (const segment of segments) {
    if (segment.type === 'equal') out.push(...text(segment.text))
    else if (segment.type === 'insert' && show !== 'old') out.push(mark === 'underline' ? h('span.changed', text(segment.text)) : h('ins', text(segment.text)))
    else if (segment.type === 'delete' && show !== 'new') out.push(mark === 'underline' ? h('span.changed', text(segment.text)) : h('del', text(segment.text)))
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
  const title = labels.redlineTitle(diff.publication.amendmentWord) + ' ' + comparedLabel(diff) + ' — ' + diff.publication.title
  const changed = diff.changes.sections.filter(relevant)
  const s = diff.changes.summary
  const list = changed.map((section, index) => h('li', [h('a', {href: '#change-' + (index + 1)}, sectionLabel(section)), ' ', ...tags(section, labels)]))
  const sections = changed.map((section, index) => {
    const id = (section.new ?? section.old)!.id
    const blocks = section.blocks.map((change) => {
      if (change.kind === 'unchanged') return h('p.block.unchanged', segmentNodes([{type: 'equal', text: change.new!.text}]))
      if (change.kind === 'formatting') return h('p.block.formatting', {title: labels.formattingChange}, segmentNodes([{type: 'equal', text: change.new!.text}]))
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
  return diffPage(
    diff,
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
        h('span.diff-keys', labels.keys),
        diff.publication.marking ? h('span.nav-marking', diff.publication.marking) : undefined
      ]),
      h('main.policy.redline', block(sections.length > 0 ? sections : h('p', labels.noChange))),
      h('script', {src: (options.assets ?? 'assets/') + 'redline.js'})
    ],
    {assets: options.assets, robots: options.public, bodyClass: 'redline-page' + (diff.publication.strike === 'single' ? ' strike-single' : '')}
  )
}

function tags(section: SectionChange, labels: Labels): ElementContent[] {
  const out: string[] = []
  if (section.kind === 'added') out.push(labels.added)
  if (section.kind === 'removed') out.push(labels.removed)
  if (section.renumbered) out.push(labels.renumbered + ' ' + (section.old?.number ?? '') + '→' + (section.new?.number ?? ''))
  if (section.movedFile) out.push(labels.movedFrom(section.movedFile.from))
  else if (section.moved) out.push(labels.moved)
  if (section.formattingOnly) out.push(labels.formattingOnly)
  return lines(out.map((d) => h('span.change-tag', d))).map((d) => (d.type === 'text' ? {type: 'text', value: ' '} : d)) as ElementContent[]
}
