/**
 * Run the pipeline on one parsed source file for one or more audiences.
 * Pure and self-contained so that it runs the same in the main thread and in
 * a worker thread (see `render-pool.ts`).
 */
import type {Root} from 'mdast'
import {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import type {Audience} from '../config/load-config.js'
import type {SectionInfo} from '../file-data.js'
import type {SearchEntry} from '../plugins/remark-policy-search-text.js'
import {createPolicyProcessor} from '../processor.js'
import type {Fragment} from '../access/fragments.js'
import type {PageLink} from '../plugins/remark-policy-links.js'

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
  /** Problems found in this file (parse and transforms). */
  messages: VFileMessage[]
}

export interface DocumentInput {
  /** Path relative to the config folder. */
  source: string
  /** Absolute path (for messages). */
  path: string
  /** Index in `sources` (footnote ids are unique per file through it). */
  index: number
  text: string
  /** The parsed tree, if already parsed; it is not modified. */
  tree?: Root
}

export interface RenderDocumentOptions {
  lang: string
  /** Every audience of the publication (access markers are checked against them). */
  allAudiences: readonly Audience[]
  /** Per audience name: section id → 「改正 …」 marker. */
  amended?: Record<string, Record<string, string>>
  /**
   * Whether the tree parsed here may be transformed in place for the last
   * audience instead of copied (default: `false`). A tree passed in as
   * `doc.tree` is never modified.
   */
  consumeTree?: boolean
  /** Front matter keys of other tools, ignored without a word (kaitei.yaml `foreignKeys`). */
  foreignKeys?: readonly string[]
  /**
   * A past version, which cannot be edited: today's rules are relaxed (see
   * `PolicyProcessorOptions.relaxed`).
   */
  relaxed?: boolean
  /** The publication's folder and sources: links between its files become links into the page. */
  root?: string
  sources?: readonly string[]
}

/** Render `doc` once per audience, parsing it at most once. */
export async function renderDocument(
  doc: DocumentInput,
  audiences: readonly Audience[],
  options: RenderDocumentOptions
): Promise<RenderedDocument[]> {
  const footnotePrefix = 'd' + doc.index + '-'
  const parseFile = new VFile({path: doc.path, value: doc.text})
  const tree = doc.tree ?? (createPolicyProcessor({lang: options.lang}).parse(parseFile) as Root)
  const results: RenderedDocument[] = []
  for (let index = 0; index < audiences.length; index++) {
    const processor = createPolicyProcessor({
      lang: options.lang,
      footnotePrefix,
      audiences: options.allAudiences,
      audience: audiences[index],
      amended: options.amended?.[audiences[index]!.name],
      foreignKeys: options.foreignKeys,
      relaxed: options.relaxed,
      root: options.root,
      sources: options.sources
    })
    const last = index === audiences.length - 1
    const file = new VFile({path: doc.path, value: doc.text})
    file.messages.push(...parseFile.messages)
    // Every audience transforms its own copy; the last may take the original.
    // A tree handed in belongs to someone else (a loaded publication, shared
    // by history and diffs): only a tree parsed here may be transformed in place.
    const own = last && options.consumeTree && !doc.tree ? tree : (structuredClone(tree) as Root)
    const hast = await processor.run(own, file)
    const html = processor.stringify(hast as never, file) as string
    results.push({
      source: doc.source,
      path: doc.path,
      html,
      sections: file.data.kaitei?.sections ?? [],
      search: file.data.kaiteiSearch ?? [],
      withheld: (file.data.kaiteiWithheld ?? []).map((d) => ({...d, file: doc.path})),
      title: file.data.kaitei?.frontMatter?.title,
      visible: file.data.kaiteiFileWithheld !== true,
      visibleText: file.data.kaiteiVisible ?? [],
      links: file.data.kaiteiLinks ?? [],
      allIds: file.data.kaitei?.allIds ?? [],
      messages: file.messages
    })
  }
  return results
}

/** A message as plain data, to cross a worker boundary. */
export interface MessageData {
  reason: string
  file: string | undefined
  fatal: boolean | null | undefined
  ruleId?: string
  source?: string
  place?: VFileMessage['place']
}

export function messageToData(message: VFileMessage): MessageData {
  return {
    reason: message.reason,
    file: message.file,
    fatal: message.fatal,
    ruleId: message.ruleId,
    source: message.source,
    place: message.place
  }
}

export function messageFromData(data: MessageData): VFileMessage {
  const message = new VFileMessage(data.reason, {place: data.place, ruleId: data.ruleId, source: data.source})
  message.file = data.file
  message.fatal = data.fatal
  return message
}

