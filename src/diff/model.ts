/**
 * A version of a publication as the diff engine sees it: sections (by id,
 * with number and title) holding blocks (paragraphs, list items, table rows,
 * code), each with its plain text and its Markdown as written (to tell
 * formatting-only changes from text changes). Built from the redacted tree:
 * an audience's diff never sees what its edition does not show.
 */
import {createHash} from 'node:crypto'
import type {Nodes, Root} from 'mdast'
import {VFile} from 'vfile'
import type {Audience} from '../access/audiences.js'
import {createPolicyTextProcessor} from '../processor.js'
import {anchorsOf} from '../edition/anchors.js'
import {KaiteiContext} from '../context.js'
import type {HistorySession} from '../history/session.js'
import type {Publication} from '../publication.js'
import {blockText} from '../text.js'
import {slugify} from '../numbering.js'

/** Ids of text before a file's first heading end so: `<fileId>-intro`. */
export const introSuffix = '-intro'

export type BlockKind = 'paragraph' | 'item' | 'row' | 'code' | 'other'

export interface Block {
  kind: BlockKind
  /** Plain text (what readers read). */
  text: string
  /** The number the block starts with, as written (`(1)`, `①`), if any. */
  number?: string
  /** For a list item: how deep its list is nested (0 for a list in the section itself). */
  depth?: number
  /**
   * The block's inline structure (emphasis, links, code…) as the edition sees
   * it: differs while the text is equal → a formatting change. Derived from
   * the redacted tree, never from the source (which holds withheld text).
   */
  markup: string
}

export interface Section {
  id: string
  number?: string
  title: string
  level: number
  /** Id of the enclosing section. */
  parent?: string
  blocks: Block[]
  /**
   * The source file it is in (`docs/02-standards.md`; `withheld-1` for a
   * file the audience may not see, whose name is not shown): sections are
   * paired inside their own file first (pairing.ts).
   */
  file?: string
  /** Its file's id (front matter `id`, else from its path): a renamed file keeps it. */
  fileId?: string
}

export interface DocumentModel {
  sections: Section[]
}

/** Models of files by text, audience and settings: versions share most files. */
/**
 * A file's model as kept: its sections, whether it was read by a past
 * version's relaxed rules, and whether those rules judged anything (when
 * not, the text today reads the same: the worktree side of a diff reuses it).
 */
export interface StoredModel {
  sections: Section[]
  past: boolean
  clean: boolean
}

/** Models of files by what they depend on (see `documentModel`). */
export interface ModelCache {
  get(key: string): StoredModel | undefined
  set(key: string, value: StoredModel): void
}

/**
 * The diff models of a context: up to `limit` files' models, least recently
 * used first out; with the context's persistent cache for `root`, kept
 * between runs too.
 */
export function createModelCache(context: KaiteiContext = new KaiteiContext(), root?: string, limit = 4000): ModelCache {
  const memory = context.cache<StoredModel>('diff-models', {max: limit})
  const disk = root !== undefined ? context.diskCache(root) : undefined
  if (!disk) return memory
  return {
    get(key) {
      const found = memory.get(key)
      if (found) return found
      const stored = disk.get<StoredModel>('diff-model', key)
      if (stored) memory.set(key, stored)
      return stored
    },
    set(key, value) {
      memory.set(key, value)
      disk.set('diff-model', key, value)
    }
  }
}

/** The diff models of a history session: kept in its context. */
export function modelCacheOf(session: HistorySession): ModelCache {
  return createModelCache(session.context, session.config.root)
}

export async function documentModel(publication: Publication, audience?: Audience, cache?: ModelCache): Promise<DocumentModel> {
  const {config} = publication
  const sections: Section[] = []
  let processor: ReturnType<typeof createPolicyTextProcessor> | undefined
  let withheldFiles = 0
  // Links written to other files' headings land by this table: part of what a model depends on.
  const anchors = anchorsOf(publication.documents.map((d) => ({source: d.source, text: String(d.file.value)})))
  const anchorsKey = anchors ? createHash('sha256').update(JSON.stringify(anchors)).digest('hex') : ''
  for (const doc of publication.documents) {
    // Everything the model depends on: the text and where it stands, the
    // language, the rules it is read by, the files links may point into,
    // and the audiences as they redact (modes and notices too).
    const key = JSON.stringify([
      doc.hash,
      doc.source,
      config.lang,
      config.sources,
      audience?.name ?? '*',
      config.audiences.map((d) => [d.name, d.clearance, d.withheld, d.notice, d.formerNames ?? []]),
      anchorsKey
    ])
    const past = publication.past === true
    // A past version is read by relaxed rules, which only judge front matter: a model made by the
    // other rules serves where they found nothing to judge.
    const stored = cache?.get(key)
    let own = stored && (stored.past === past || stored.clean) ? stored.sections : undefined
    if (!own) {
      // The stages every edition's text goes through (processor.ts), for this audience.
      processor ??= createPolicyTextProcessor({
        lang: config.lang,
        audiences: config.audiences,
        foreignKeys: config.foreignKeys,
        root: config.root,
        sources: config.sources,
        anchors
      })
      const file = new VFile({path: doc.file.path, value: doc.file.value, data: {kaitei: {sections: [], run: {audience, relaxed: publication.past}}}})
      const tree = (await processor.run(structuredClone(doc.tree) as Root, file)) as Root
      // A file this audience may not see leaves at most its notice, under
      // an id that does not spell its name (file names are content).
      const withheld = file.data.kaitei?.fileWithheld === true
      const fileId = withheld ? withheldFileId : fileIdOf(doc.source, doc.tree)
      own = modelOf(tree, fileId).map((d) => ({...d, file: withheld ? withheldFileId : doc.source, fileId}))
      cache?.set(key, {sections: own, past, clean: !file.messages.some((d) => d.ruleId === 'front-matter')})
    }
    if (own[0]?.file === withheldFileId) {
      withheldFiles++
      const name = withheldFileId + '-' + withheldFiles
      own = own.map((d) => ({...d, file: name, fileId: name, id: d.id === withheldFileId + introSuffix ? name + introSuffix : d.id}))
    }
    sections.push(...own)
  }
  return {sections}
}

/** The file id of a file withheld from the model's audience: `withheld-1-intro` for its notice. */
const withheldFileId = 'withheld'

/** A file's own id: its front matter `id`, else its path without extension (`docs-01-general`). */
function fileIdOf(source: string, tree: Root): string {
  const yaml = tree.children[0]
  const id = yaml?.type === 'yaml' ? /^id:\s*["']?([A-Za-z][\w-]*)/m.exec(yaml.value)?.[1] : undefined
  return id ?? slugify(source.replace(/\.[^./]+$/, '').replace(/[/\\]/g, '-'))
}

/** The inline structure of a node: `strong(重要)text(な規定)`. */
function structure(node: Nodes): string {
  if (node.type === 'text') return node.value.replace(/\s+/g, ' ')
  if ('value' in node && typeof node.value === 'string') return node.type + '(' + node.value + ')'
  const children = 'children' in node ? (node.children as Nodes[]).map(structure).join('') : ''
  const extra = node.type === 'link' || node.type === 'image' ? '[' + node.url + ']' : ''
  return node.type + extra + '(' + children + ')'
}

/** A hard line break, kept through the whitespace folding. */
const lineBreak = '\uE000'

/**
 * The text of blocks with their line breaks (a hard break, or the next
 * paragraph of an item: 「(5) 外部サービスの利用」 and its body stay two
 * lines), other whitespace folded.
 */
function linesOf(nodes: Nodes[]): string {
  const text = (node: Nodes): string => {
    if (node.type === 'break') return lineBreak
    if ('children' in node && node.type !== 'table') return (node.children as Nodes[]).map(text).join('')
    return blockText(node)
  }
  return nodes
    .map(text)
    .join(lineBreak)
    // Whitespace folded, but not the ideographic space: 「一　市民」 is written so,
    // and a 改め文 quotes the text as it stands.
    .replace(/[^\S\u3000]+/g, ' ')
    .split(lineBreak)
    .map((d) => d.trim())
    .filter(Boolean)
    .join('\n')
}

/**
 * Sections and blocks of a redacted tree. Text before the first heading goes
 * to a section of its own, `<fileId>-intro` (one per file: never paired with
 * another file's by its id).
 */
export function modelOf(tree: Root, fileId = ''): Section[] {
  const sections: Section[] = []
  let current: Section | undefined
  const markupOf = (node: Nodes) => structure(node)
  const push = (block: Block) => {
    if (!current) {
      current = {id: (fileId || 'file') + introSuffix, title: '', level: 0, blocks: []}
      sections.push(current)
    }
    if (block.text.trim() !== '') current.blocks.push(block)
  }
  const walk = (nodes: Nodes[], depth = 0) => {
    for (const node of nodes) {
      if (node.type === 'heading') {
        const info = node.data?.kaitei?.section
        if (info) {
          current = {id: info.id, number: info.number, title: info.title, level: info.level, parent: info.parent, blocks: []}
          sections.push(current)
          continue
        }
      }
      if (node.type === 'list') {
        for (const item of node.children) {
          const info = item.data?.kaitei?.section
          // An item is one block: its own paragraphs; nested lists are blocks of their own.
          const own = item.children.filter((d) => d.type !== 'list')
          push({
            kind: 'item',
            text: linesOf(own),
            number: info?.number,
            depth,
            markup: own.map((d) => markupOf(d)).join(' ')
          })
          walk(item.children.filter((d) => d.type === 'list'), depth + 1)
        }
        continue
      }
      if (node.type === 'table') {
        for (const row of node.children) {
          push({kind: 'row', text: row.children.map((cell) => blockText(cell).trim()).join(' | '), markup: markupOf(row)})
        }
        continue
      }
      if (node.type === 'blockquote' || node.type === 'containerDirective') {
        walk(node.children as Nodes[], depth)
        continue
      }
      if (node.type === 'paragraph') {
        push({kind: 'paragraph', text: linesOf([node]), markup: markupOf(node)})
        continue
      }
      if (node.type === 'code') {
        push({kind: 'code', text: node.value, markup: node.value})
        continue
      }
      if (node.type === 'footnoteDefinition' || node.type === 'definition' || node.type === 'thematicBreak' || node.type === 'yaml') continue
      push({kind: 'other', text: blockText(node).replace(/\s+/g, ' ').trim(), markup: markupOf(node)})
    }
  }
  walk(tree.children as Nodes[])
  return sections
}
