/**
 * Render one edition (one audience) of a publication in memory: the page,
 * its search index and the assets it needs. Nothing is written to disk here:
 * `build.ts` writes, a server could serve the result directly.
 */
import {createHash} from 'node:crypto'
import path from 'node:path'
import {VFileMessage} from 'vfile-message'
import type {Amendment, Audience, PolicyConfig} from '../config/load-config.js'
import {renderPrintPage} from '../page/print-page.js'
import type {SectionInfo} from '../file-data.js'
import type {SearchEntry} from '../plugins/remark-policy-search-text.js'
import type {Publication, SourceDocument} from '../publication.js'
import {KaiteiContext} from '../context.js'
import {anchorsOf} from './anchors.js'
import type {DocumentInput, RenderedDocument} from './render-document.js'
import {resolvePendingReferences} from '../plugins/rehype-policy-cross-references.js'
import {renderDocuments} from './render-pool.js'
import {resolveAudience} from '../access/audiences.js'
import {amendmentsFor} from '../access/history-filter.js'
import type {Fragment} from '../access/fragments.js'
import {decodeEntities} from '../access/leak-guard.js'
import {related} from '../messages.js'
import {fileAnchor} from '../plugins/remark-policy-links.js'
import {everyFont, selectFonts} from './fonts.js'
import {labelsFor} from '../labels.js'
import {githubSlug} from '../numbering.js'
import {editDistance} from '../text.js'
import {loadTheme} from './theme.js'
import {editionPage, type VersionLinks} from '../page/edition-page.js'
import {serialize} from '../page/html.js'
import {markingStylesheet, markingStylesheetName} from '../page/marking.js'

/** A file of the edition: text or bytes, or a file to copy. */
export type EditionFile =
  | {path: string; content: string | Uint8Array}
  | {path: string; copyFrom: string}

export interface Edition {
  audience: Audience
  documents: RenderedDocument[]
  /** All sections in reading order. */
  sections: SectionInfo[]
  searchIndex: SearchEntry[]
  /** `index.html`. */
  html: string
  /** Every file of the edition, `index.html` included, relative to its folder. */
  files: EditionFile[]
  /** Problems of the edition as a whole (see `assembleEdition`). */
  messages: VFileMessage[]
  /** Text withheld from this edition, with places: what the leak guard looks for. */
  withheld: Fragment[]
  /** Text this edition may show: withheld text that also occurs here is not a leak. */
  visibleText: string[]
  /** The amendments this edition may see. */
  history: Amendment[]
  /** The page Chromium prints for the PDF edition (目次 page numbers still to fill), when PDFs are wanted. */
  printHtml?: string
}

export interface RenderEditionOptions extends RenderEditionsOptions {
  /** Audience name (default: the first in the config). */
  audience?: string
}

/** How a set of editions is rendered: by the library, `kaitei check` and `kaitei build` alike. */
export interface RenderEditionsOptions {
  /** Build the page Chromium prints for each PDF edition too (default: `false`). */
  print?: boolean
  /** Watermark for the PDF pages of non-public editions. */
  watermark?: string
  /** Per audience name: section id → 「改正 …」 marker (from the history). */
  amended?: Record<string, Record<string, string>>
  /** The version switcher of each edition (from the history). */
  versions?: (audience: Audience) => VersionLinks | undefined
  /** Pages written beside each audience's edition (their text needs its fonts). */
  pages?: (audience: Audience) => string[]
  /** `all`: every font subset, for pages whose text is not all known yet (the preview); default: those the pages use. */
  fonts?: 'used' | 'all'
  /** A past version: today's rules relaxed (see `KaiteiRun.relaxed`). */
  relaxed?: boolean
  /** Threads for rendering (default: automatic, see `RenderPoolOptions.threads`). */
  threads?: number
  /** Stops the rendering, worker threads included (Ctrl+C). */
  signal?: AbortSignal
  /** Where themes, fonts and processors are kept between calls (default: a new context). */
  context?: KaiteiContext
}

export interface AssembleOptions {
  /** Build the page Chromium prints for the PDF edition (default: `false`). */
  print?: boolean
  /** Watermark for the PDF edition's pages. */
  watermark?: string
  /** The version switcher: versions of this edition with links relative to its page. */
  versions?: VersionLinks
  /** Pages written in the edition's folder besides its own (diff pages, the history page): its fonts cover them too. */
  pages?: string[]
  /** `all`: every font subset (see `RenderEditionsOptions.fonts`). */
  fonts?: 'used' | 'all'
  /** Where the theme and the fonts are kept between calls (default: a new context). */
  context?: KaiteiContext
}

export type {VersionLinks}


/**
 * Render one edition of a publication in memory. The publication's parsed
 * trees are not modified: call again for another audience or after
 * `loadPublication({previous})` picked up a change.
 */
export async function renderEdition(publication: Publication, options: RenderEditionOptions = {}): Promise<Edition> {
  const {config} = publication
  const audience = resolveAudience(config, options.audience)
  const {editions, messages} = await renderEditions(publication, [audience], options)
  const edition = editions[0]!
  edition.messages = [...messages, ...edition.messages]
  return edition
}

/**
 * Render editions of a publication for several audiences in memory, each
 * file validated once: the files' problems (once) and the editions.
 */
export function renderEditions(publication: Publication, audiences: readonly Audience[], options: RenderEditionsOptions = {}): Promise<{editions: Edition[]; messages: VFileMessage[]}> {
  return renderEditionSet(publication.config, publication.documents.map(toInput), audiences, options)
}

/**
 * The one renderer of a set of editions: each file parsed and validated once
 * (on several threads for a large publication), rendered per audience, then
 * each edition assembled. Cancelled by `signal` between files and between
 * editions; worker threads are stopped at once.
 */
export async function renderEditionSet(
  config: PolicyConfig,
  docs: DocumentInput[],
  audiences: readonly Audience[],
  options: RenderEditionsOptions = {}
): Promise<{editions: Edition[]; messages: VFileMessage[]}> {
  const context = options.context ?? new KaiteiContext()
  const rendered = await renderDocuments(docs, [...audiences], {
    lang: config.lang,
    allAudiences: config.audiences,
    amended: options.amended,
    threads: options.threads,
    foreignKeys: config.foreignKeys,
    relaxed: options.relaxed,
    root: config.root,
    sources: config.sources,
    anchors: anchorsOf(docs),
    signal: options.signal,
    context
  })
  const editions: Edition[] = []
  for (const [index, audience] of audiences.entries()) {
    options.signal?.throwIfAborted()
    const watermark = options.watermark && !audience.public ? options.watermark : undefined
    editions.push(
      await assembleEdition(config, audience, rendered.map((d) => d.editions[index]!), {
        watermark,
        print: options.print,
        pages: options.pages?.(audience),
        fonts: options.fonts,
        versions: options.versions?.(audience),
        context
      })
    )
  }
  return {editions, messages: rendered.flatMap((d) => d.messages)}
}

/** A source file as input to rendering: its tree when it was parsed already, else its text (parsed where it is rendered). */
export function toInput(doc: SourceDocument): DocumentInput {
  return {source: doc.source, path: doc.file.path, index: doc.index, text: String(doc.file.value), ...(doc.parsed ? {tree: doc.tree} : {})}
}

/**
 * Put an edition together from its rendered documents: cross-file checks,
 * the page from the theme's template, the search index and the fonts. Its
 * messages are those of the edition as a whole (ids unique across files,
 * links that land); the files' own are on their `RenderedFile`.
 */
export async function assembleEdition(
  config: PolicyConfig,
  audience: Audience,
  documents: RenderedDocument[],
  options: AssembleOptions = {}
): Promise<Edition> {
  const messages: VFileMessage[] = []
  checkUniqueIds(documents, messages)

  const sections = documents.flatMap((d) => d.sections)
  // 「第2章」 in one file, to the chapter another file holds (if this edition shows it).
  documents = documents.map((d) => {
    const html = resolvePendingReferences(d.html, sections)
    return html === d.html ? d : {...d, html}
  })
  // Each result says which chapter it is in: the outermost section above it.
  const byId = new Map(sections.map((d) => [d.id, d]))
  const chapterOf = (id: string) => {
    let section = byId.get(id)
    while (section?.parent && byId.has(section.parent)) section = byId.get(section.parent)
    return section && section.id !== id ? (section.number ? section.number + ' ' : '') + section.title : undefined
  }
  const searchIndex = documents.flatMap((d) => d.search).map((entry) => {
    const chapter = chapterOf(entry.id)
    return chapter ? {...entry, chapter} : entry
  })
  const labels = labelsFor(config.lang)
  const {history, withheld: historyWithheld} = amendmentsFor(audience, config.history, config.path)
  const withheld = [...documents.flatMap((d) => d.withheld), ...historyWithheld]
  const context = options.context ?? new KaiteiContext()
  const theme = await loadTheme(config.theme, config.root, context)

  const html = serialize(editionPage({config, audience, documents, sections, history, versions: options.versions, template: theme.template}))
  checkLinks(html, audience, documents, messages)

  const searchScript =
    'window.kaiteiSearchIndex = ' +
    JSON.stringify({edition: audience.name, labels: {none: labels.searchNone, some: labels.searchSome, notice: audience.notice}, entries: searchIndex}).replace(/</g, '\\u003c') +
    ';\n'
  // The page Chromium prints, only for an edition whose PDF is wanted.
  const printHtml = options.print
    ? renderPrintPage({config, audience, documents, sections, history, template: theme.printTemplate, watermark: options.watermark, past: options.versions?.past?.label})
    : undefined
  // The font subsets for every character the folder's files hold: the
  // pages, the search index (its labels show in results), the theme's CSS
  // and scripts (generated content, the ellipsis of a search excerpt), the
  // print page and the pages written beside the edition.
  const fonts = options.fonts === 'all' ? await everyFont(context) : await selectFonts([html, searchScript, ...theme.textAssets, printHtml ?? '', ...(options.pages ?? [])], context)

  const marking = audience.marking ?? config.marking
  const manifest = {
    generator: 'kaitei',
    publication: config.id,
    title: config.title,
    lang: config.lang,
    edition: {name: audience.name, label: audience.label, marking: audience.marking ?? config.marking ?? null, public: audience.public},
    // Only files this edition shows: a withheld file's name and title are not listed.
    sources: documents.filter((d) => d.visible).map((d) => ({path: d.source, title: d.title ?? null}))
  }

  const files: EditionFile[] = [
    {path: 'index.html', content: html},
    {path: 'manifest.json', content: JSON.stringify(manifest, null, 2) + '\n'},
    {path: 'assets/search-index.js', content: searchScript},
    {path: 'assets/fonts.css', content: fonts.css},
    ...(marking ? [{path: 'assets/' + markingStylesheetName, content: markingStylesheet(marking, config.print.marking)}] : []),
    ...theme.assets.map((asset) => ({path: 'assets/' + asset, copyFrom: path.join(theme.dir, 'assets', asset)})),
    ...fonts.files.map((font) => ({path: 'assets/fonts/' + font.name, copyFrom: font.from}))
  ]

  const visibleText = [
    ...documents.flatMap((d) => d.visibleText),
    // The names of the files it shows (its manifest lists them, its page links them): a withheld
    // file's name that shares a stretch with one of them (docs/03-… beside docs/13-…) is no leak there.
    ...documents.filter((d) => d.visible).flatMap((d) => [d.source, fileAnchor(d.source)]),
    config.title,
    config.owner,
    ...(config.marking ? [config.marking] : []),
    ...config.audiences.filter((d) => d.name === audience.name).flatMap((d) => [d.label, d.marking ?? '', d.notice]),
    ...history.flatMap((d) => [d.type, d.summary ?? ''])
  ]
  return {audience, documents, sections, searchIndex, html, files, messages, withheld, visibleText, history, printHtml}
}

/**
 * Every in-page link of the edition must land: on a section, a footnote, an
 * anchor in raw HTML, a file's own anchor or the page's own ids. A target
 * the full text has but this edition withholds is said to be withheld.
 */
function checkLinks(html: string, audience: Audience, documents: RenderedDocument[], messages: VFileMessage[]) {
  if (documents.every((d) => d.links.length === 0)) return
  const sections = documents.flatMap((d) => d.sections)
  const ids = new Set<string>()
  for (const match of html.matchAll(/\bid="([^"]*)"/g)) ids.add(decodeEntities(match[1]!))
  const everywhere = new Set(documents.flatMap((d) => d.allIds))
  for (const doc of documents) {
    for (const link of doc.links) {
      // An anchor written in raw HTML is prefixed (rehype-raw-if-present).
      if (ids.has(link.target) || ids.has('user-content-' + link.target)) continue
      const near = everywhere.has(link.target) ? undefined : nearestSection(link.target, sections)
      const reason = everywhere.has(link.target)
        ? 'Unexpected link to `#' + link.target + '`, a section the `' + audience.name + '` edition withholds, expected a link to text its readers can see'
        : 'Unexpected link to `#' + link.target + '`, which no section or anchor of the policy defines, expected ' +
          (near
            ? 'the id of a section (did you mean `#' + near.id + '`, ' + sectionName(near) + '?)'
            : 'the id of a section (`#' + (sections.find((d) => d.number)?.id ?? sections[0]?.id ?? 'ch1-8') + '`) or an anchor')
      const message = new VFileMessage(reason, {place: link.place, source: 'kaitei', ruleId: 'link-anchor'})
      message.file = doc.path
      messages.push(message)
    }
  }
}

function checkUniqueIds(documents: RenderedDocument[], messages: VFileMessage[]) {
  // Duplicates within a file are reported by remark-policy-sections.
  const seen = new Map<string, {doc: RenderedDocument; section: SectionInfo}>()
  for (const doc of documents) {
    const own = new Set<string>()
    for (const section of doc.sections) {
      if (own.has(section.id)) continue
      own.add(section.id)
      const first = seen.get(section.id)
      if (first !== undefined) {
        const message = new VFileMessage('Unexpected duplicate section id `' + section.id + '`, expected ids unique across the publication', {
          place: section.position,
          source: 'kaitei',
          ruleId: 'duplicate-section-id',
          cause: related('the first section with id `' + section.id + '`', first.section.position, first.doc.path)
        })
        message.file = doc.path
        message.fatal = true
        messages.push(message)
      } else {
        seen.set(section.id, {doc, section})
      }
    }
  }
}

/**
 * What an edition's pages load besides themselves: the theme's assets. The
 * font subsets are left out: each edition copies those its page and its
 * print page need (selected from both above), so two editions with the same
 * print page have every subset it uses, and extra subsets are never
 * loaded. Equal print pages with equal assets print equal PDFs.
 */
export function assetsHash(edition: Edition): string {
  const assets = edition.files
    .filter((d) => d.path.startsWith('assets/') && !d.path.startsWith('assets/fonts') && d.path !== 'assets/search-index.js')
    .map((d) => d.path + '\0' + ('copyFrom' in d ? d.copyFrom : createHash('sha256').update(d.content).digest('hex')))
    .sort()
  return createHash('sha256').update(assets.join('\n')).digest('hex')
}

/**
 * The section a mistyped anchor most likely meant, in the publication's own
 * id style: by its id or by the anchor GitHub would give its heading, a
 * letter or two off.
 */
function nearestSection(target: string, sections: readonly SectionInfo[]): SectionInfo | undefined {
  const wanted = target.toLowerCase()
  const limit = Math.max(1, Math.min(2, Math.floor(wanted.length / 4)))
  let best: SectionInfo | undefined
  let distance = limit + 1
  for (const section of sections) {
    for (const form of [section.id.toLowerCase(), githubSlug(sectionName(section))]) {
      if (Math.abs(form.length - wanted.length) > limit) continue
      const value = editDistance(form, wanted)
      if (value < distance) {
        best = section
        distance = value
      }
    }
  }
  return best
}

const sectionName = (section: SectionInfo) => (section.number ? section.number + ' ' : '') + section.title
