/**
 * An edition's page, `index.html`, from the theme's `template.html`: the
 * marking banner, the cover with the amendment history, the 目次 (twice: in
 * the page and in the sidebar), the version switcher and the policy's files,
 * each in its own `<div>` with the file's anchor.
 */
import type {Element, ElementContent, Root} from 'hast'
import {h} from 'hastscript'
import type {Amendment, Audience, PolicyConfig} from '../config/load-config.js'
import {labelsFor, type Labels} from '../labels.js'
import type {SectionInfo} from '../file-data.js'
import {fileAnchor} from '../plugins/remark-policy-links.js'
import {formatDate} from '../wareki.js'
import {block, lines, sanitized} from './html.js'
import {cspElement, ensureCsp, noindexElement} from './shell.js'
import {fillTemplate, type PageTemplate} from './template.js'
import {linkMarking, markingStylesheetName} from './marking.js'

/** A source file as a page shows it (an edition's rendering of it). */
export interface PageDocument {
  /** Path relative to the config folder. */
  source: string
  /** Sanitized HTML of its body, from the pipeline. */
  html: string
  /** Its sections as the edition shows them. */
  sections: readonly SectionInfo[]
  /** Whether the edition shows the file. */
  visible: boolean
  /** Its front matter title. */
  title?: string
}

export interface VersionLinks {
  /** Label of the version this page shows: 令和8年3月25日 改定（現行）. */
  current: string
  list: Array<{label: string; href: string; current: boolean}>
  /** Link to the history page. */
  history: string
  /** When the page shows a version that is no longer in force: its amendment (令和4年2月17日改定) and a link to the current text. */
  past?: {label: string; current: string}
}

export interface EditionPageInput {
  config: PolicyConfig
  audience: Audience
  documents: readonly PageDocument[]
  sections: readonly SectionInfo[]
  /** The amendments this edition may see. */
  history: readonly Amendment[]
  versions?: VersionLinks
  /** The theme's `template.html`. */
  template: PageTemplate | string
}

export function editionPage(input: EditionPageInput): Root {
  const {config, audience} = input
  const labels = labelsFor(config.lang)
  const tree = fillTemplate(input.template, {
    lang: config.lang,
    title: config.title,
    pageTitle: labels.editionTitle(config.title, audience.label) + (input.versions?.past ? labels.pastVersionTitle(input.versions.past.label) : ''),
    owner: config.owner,
    marking: audience.marking ?? config.marking ?? '',
    editionName: audience.name,
    editionLabel: audience.label,
    // A past version's notice stays in view with the marking while one reads (one sticky group).
    banner: input.versions?.past
      ? [h('div.page-banners.past', [banner(config, audience), pastBanner(input.versions.past, labels)].filter((d) => d !== undefined))]
      : [banner(config, audience)].filter((d) => d !== undefined),
    cover: cover(config, audience, input.history, labels),
    robots: audience.public ? undefined : noindexElement(),
    csp: cspElement(),
    toc: toc(input.sections, config.toc.depth, labels, 'toc'),
    sidebarToc: toc(input.sections, config.toc.depth, labels, 'sidebar-toc'),
    versions: input.versions ? versionSwitcher(input.versions, labels) : undefined,
    content: lines(input.documents.filter((d) => d.visible || d.html.trim() !== '').map(documentElement)),
    'labels.toc': labels.toc,
    'labels.search': labels.search,
    'labels.searchPlaceholder': labels.searchPlaceholder,
    'labels.skipToContent': labels.skipToContent,
    'labels.readerNav': labels.readerNav
  })
  // The marking on every printed page (Ctrl+P), from its own stylesheet.
  if (audience.marking ?? config.marking) linkMarking(tree, 'assets/' + markingStylesheetName)
  return ensureCsp(tree)
}

/**
 * One source file in the page, with its own anchor and name; a file the
 * edition withholds shows only its notice or headings, without its name (a
 * file name is content: `docs/breach-response-plan.md`), and without a trace
 * when it shows nothing.
 */
function documentElement(doc: PageDocument): Element {
  return h('div.policy-document', doc.visible ? {id: fileAnchor(doc.source), dataSource: doc.source} : {}, block(sanitized(doc.html)))
}

/** The marking across the top of every page of a non-public (or marked) edition. */
export function banner(config: PolicyConfig, audience: Audience): Element | undefined {
  const marking = audience.marking ?? config.marking
  if (!marking) return undefined
  return h('div', {className: ['edition-banner', ...(audience.public ? ['public'] : [])], role: 'note'}, h('span.marking', marking))
}

/** On a version no longer in force: which text this is, and the way to the one in force. */
function pastBanner(past: NonNullable<VersionLinks['past']>, labels: Labels): Element {
  return h('div.version-banner', {role: 'note'}, [labels.pastVersion(past.label), ' ', h('a', {href: past.current}, labels.currentTextLink)])
}

/** `text` of a label with a node in place of its argument: `（施行 <time>…</time>）`. */
export function withNode(label: (value: string) => string, node: ElementContent): ElementContent[] {
  const [before = '', after = ''] = label('\u0000').split('\u0000')
  return [...(before ? [{type: 'text', value: before} as const] : []), node, ...(after ? [{type: 'text', value: after} as const] : [])]
}

function cover(config: PolicyConfig, audience: Audience, history: readonly Amendment[], labels: Labels): Element {
  const marking = audience.marking ?? config.marking
  const date = (d: Amendment['date']) => h('time', {dateTime: d.iso}, formatDate(d.date, config.dateStyle))
  const amendment = (a: Amendment) =>
    h('li', [
      date(a.date),
      ' ',
      h('span.amendment-type', a.type),
      ...(a.effective.iso !== a.date.iso ? [' ', h('span.effective', withNode(labels.effective, date(a.effective)))] : []),
      ...(a.summary ? [' ', h('span.amendment-summary', a.summary)] : [])
    ])
  return h(
    'header.cover',
    block(
      marking ? h('p.cover-marking', marking) : undefined,
      h('h1.cover-title', config.title),
      h('p.cover-owner', [h('span.label', labels.owner), ' ' + config.owner]),
      h('p.cover-edition', audience.label),
      history.length > 0
        ? h(
            'section.amendments',
            {ariaLabelledBy: 'amendments-title'},
            block(h('h2', {id: 'amendments-title', className: ['visually-hidden']}, labels.history), h('ol.amendment-list', block(history.map(amendment))))
          )
        : undefined
    )
  )
}

/** A nested list of heading sections down to `depth`. */
function toc(sections: readonly SectionInfo[], depth: number, labels: Labels, className: string): Element {
  interface TocNode {
    section?: SectionInfo
    children: TocNode[]
  }
  const root: TocNode = {children: []}
  const stack: Array<{level: number; node: TocNode}> = [{level: 0, node: root}]
  for (const section of sections) {
    if (section.type !== 'heading' || section.level > depth) continue
    while (stack.length > 1 && stack[stack.length - 1]!.level >= section.level) stack.pop()
    const node: TocNode = {section, children: []}
    stack[stack.length - 1]!.node.children.push(node)
    stack.push({level: section.level, node})
  }
  const list = (nodes: TocNode[]): Element =>
    h(
      'ol',
      lines(
        nodes.map((node) => {
          const section = node.section!
          return h('li', [
            h('a', {href: '#' + section.id}, [...(section.number ? [h('span.toc-number', section.number), ' '] : []), h('span.toc-text', section.title)]),
            ...(node.children.length > 0 ? [list(node.children)] : [])
          ])
        })
      )
    )
  const labelId = className + '-title'
  return h('nav', {className: [className], ariaLabelledBy: labelId}, block(h('h2', {id: labelId, className: ['toc-title']}, labels.toc), list(root.children)))
}

/** The version switcher: every version of this edition, the one shown marked. */
function versionSwitcher(versions: VersionLinks, labels: Labels): Element {
  return h(
    'nav.versions',
    {ariaLabel: labels.versions},
    block(
      h('details', [
        h('summary', [h('span.versions-label', labels.version), ' ' + versions.current]),
        '\n',
        h('ol', block(versions.list.map((d) => h('li', d.current ? h('span', {ariaCurrent: 'page'}, d.label) : h('a', {href: d.href}, d.label))))),
        '\n',
        h('p', h('a', {href: versions.history}, labels.historyAndVersions))
      ])
    )
  )
}
