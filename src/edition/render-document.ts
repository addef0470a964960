/**
 * Run the pipeline on one source file for one or more audiences: validate
 * once, render per audience. Pure and self-contained so that it runs the
 * same in the main thread and in a worker thread (see `render-pool.ts`).
 */
import {createHash} from 'node:crypto'
import type {Nodes, Root} from 'mdast'
import {EXIT, visit} from 'unist-util-visit'
import {isAccess} from '../access/remark-policy-access-check.js'
import {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import type {Audience} from '../config/load-config.js'
import {KaiteiContext} from '../context.js'
import type {SectionInfo} from '../file-data.js'
import type {SearchEntry} from '../plugins/remark-policy-search-text.js'
import {createEditionProcessor, createPolicyValidator} from '../processor.js'
import {sectionCacheOf} from '../plugins/remark-policy-parse-sections.js'
import type {Fragment} from '../access/fragments.js'
import type {KaiteiRun} from '../file-data.js'
import type {PageLink} from '../plugins/remark-policy-page-links.js'
import {dedupeMessages} from '../messages.js'
import {fileAnchor} from '../plugins/remark-policy-links.js'

type PolicyValidator = ReturnType<typeof createPolicyValidator>
type EditionProcessor = ReturnType<typeof createEditionProcessor>

/** One file rendered for one audience. */
export interface RenderedDocument {
  /** Path relative to the config folder. */
  source: string
  /** Absolute path (for messages). */
  path: string
  /** Sanitized HTML of the document's body. */
  html: string
  sections: SectionInfo[]
  search: SearchEntry[]
  /** Text withheld from this edition, with places (for the leak guard). */
  withheld: Fragment[]
  /** The file's front matter title. */
  title?: string
  /** Whether the file is shown (not withheld as a whole). */
  visible: boolean
  /** Every string the edition keeps of this file. */
  visibleText: string[]
  /** In-page links (`#id`), checked by the edition against every id of its page. */
  links: PageLink[]
  /** Every section id of the file's full text. */
  allIds: string[]
}

/** One file rendered for several audiences. */
export interface RenderedFile {
  /** Path relative to the config folder. */
  source: string
  /** Problems found in the file: its validation (once) and its editions (once each). */
  messages: VFileMessage[]
  /** One rendering per audience, in the order asked. */
  editions: RenderedDocument[]
}

export interface DocumentInput {
  /** Path relative to the config folder. */
  source: string
  /** Absolute path (for messages). */
  path: string
  /** Index in `sources` (footnote ids are unique per file through it). */
  index: number
  text: string
  /** The parsed tree, if already parsed; it is not modified (unless `treeOwned`). */
  tree?: Root
  /** The tree was parsed for this rendering alone: it may be transformed in place. */
  treeOwned?: boolean
}

export interface RenderDocumentOptions {
  lang: string
  /** Every audience of the publication (access markers are checked against them). */
  allAudiences: readonly Audience[]
  /** Per audience name: section id → 「改正 …」 marker. */
  amended?: Record<string, Record<string, string>>
  /** Front matter keys of other tools, ignored without a word (kaitei.yaml `foreignKeys`). */
  foreignKeys?: readonly string[]
  /** A past version, which cannot be edited: today's rules are relaxed (see `KaiteiRun.relaxed`). */
  relaxed?: boolean
  /** The publication's folder and sources: links between its files become links into the page. */
  root?: string
  sources?: readonly string[]
  /** Each source's GitHub-style heading anchors → ids (see anchors.ts). */
  anchors?: Readonly<Record<string, Readonly<Record<string, string>>>>
}

/**
 * The processors of one set of options: one pair serves every file rendered
 * with it, kept in the context by what the options say (the same settings
 * in a later call reuse them; other settings make their own).
 */
function processorsFor(options: RenderDocumentOptions, context: KaiteiContext) {
  const settings = {lang: options.lang, audiences: options.allAudiences, foreignKeys: options.foreignKeys, root: options.root, sources: options.sources, anchors: options.anchors}
  const key = createHash('sha256').update(JSON.stringify(settings)).digest('hex')
  const cache = context.cache<{validator: PolicyValidator; edition: EditionProcessor}>('processors', {max: 16})
  let processors = cache.get(key)
  if (!processors) {
    // Files parsed here keep their sections in the context: another version, or the next
    // build of a long-running process, parses only the sections that changed.
    processors = {validator: createPolicyValidator({...settings, sectionCache: sectionCacheOf(context)}), edition: createEditionProcessor(settings)}
    cache.set(key, processors)
  }
  return processors
}

/**
 * Render `doc` for each audience: parse (unless parsed) and validate once,
 * then redact and render once per audience.
 */
export async function renderDocument(
  doc: DocumentInput,
  audiences: readonly Audience[],
  options: RenderDocumentOptions,
  context: KaiteiContext = new KaiteiContext()
): Promise<RenderedFile> {
  const {validator, edition} = processorsFor(options, context)
  const file = new VFile({path: doc.path, value: doc.text, data: {kaitei: {sections: [], run: {relaxed: options.relaxed}}}})
  // A tree handed in belongs to someone else (a loaded publication, shared
  // by history and diffs): only a tree parsed here may be transformed in place.
  const parsed = doc.tree ? (doc.treeOwned ? doc.tree : (structuredClone(doc.tree) as Root)) : (validator.parse(file) as Root)
  const validated = (await validator.run(parsed, file)) as Root
  const editionMessages: VFileMessage[] = []
  const editions: RenderedDocument[] = []
  // Text that every audience sees alike is rendered once: a file with no
  // access marker and no audience of its own, whose 「改正」 markers are the
  // same for every edition. (Redaction would change nothing in it.)
  const alike = audiences.length > 1 && sharedByAll(validated, file, audiences, options)
  for (const [index, audience] of audiences.entries()) {
    if (alike && index > 0) {
      editions.push(structuredClone(editions[0]!))
      continue
    }
    const run: KaiteiRun = {audience, amended: options.amended?.[audience.name], footnotePrefix: 'd' + doc.index + '-', relaxed: options.relaxed}
    const editionFile = new VFile({path: doc.path, value: doc.text, data: {kaitei: {...file.data.kaitei!, run}}})
    // Every audience redacts its own copy; the last may take the validated tree.
    const last = index === audiences.length - 1
    const own = last ? validated : (structuredClone(validated) as Root)
    const hast = await edition.run(own, editionFile)
    const html = edition.stringify(hast as never, editionFile) as string
    const data = editionFile.data.kaitei!
    editionMessages.push(...editionFile.messages)
    editions.push({
      source: doc.source,
      path: doc.path,
      html,
      sections: data.sections,
      search: data.search ?? [],
      withheld: [...(data.withheld ?? []), ...(data.fileWithheld ? fileNameFragments(doc.source) : [])].map((d) => ({...d, file: doc.path})),
      title: data.frontMatter?.title,
      visible: data.fileWithheld !== true,
      visibleText: data.visible ?? [],
      links: data.links ?? [],
      allIds: data.allIds ?? []
    })
  }
  // An edition's own problems (a section outside its parent's access block)
  // may show in several editions: once each.
  return {source: doc.source, messages: [...file.messages, ...dedupeMessages(editionMessages)], editions}
}

/** Whether every audience sees `tree` alike (see `renderDocument`). */
function sharedByAll(tree: Root, file: VFile, audiences: readonly Audience[], options: RenderDocumentOptions): boolean {
  const data = file.data.kaitei
  if (!data || data.frontMatterInvalid || data.fileAudience !== undefined || data.frontMatter?.access !== undefined || data.frontMatter?.withheld !== undefined) return false
  const markers = audiences.map((d) => JSON.stringify(options.amended?.[d.name] ?? {}))
  if (markers.some((d) => d !== markers[0])) return false
  let marked = false
  visit(tree, (node) => {
    if (!isAccess(node as Nodes)) return
    marked = true
    return EXIT
  })
  return !marked
}

/**
 * A file withheld from an edition: its name is withheld too (a looser
 * edition must not learn that `docs/breach-response-plan.md` exists), as
 * written and as the anchor the page would give it.
 */
function fileNameFragments(source: string): Fragment[] {
  const place = {line: 1, column: 1}
  return [{text: source, place}, {text: fileAnchor(source), place, kind: 'id'}]
}
