/**
 * kaitei's one data channel. Plugins talk through the vfile, never through
 * globals (the unified convention): everything they share is declared here,
 * on `file.data.kaitei` for a file and `node.data.kaitei` for a node.
 *
 * `file.data.kaitei.run` holds the inputs of one run (the audience, the
 * 「改正」 markers, the footnote prefix, whether the text is a past version):
 * one processor serves a whole publication, every file of every edition and
 * version, and each run says what it is for.
 */
import type {Point, Position} from 'unist'
import type {VFile} from 'vfile'
import type {Audience, FrontMatter} from './config/schema.js'
import type {NumberKind} from './numbering.js'
import type {LimitProblem} from './source-limits.js'
import type {Span} from './yaml-source.js'

export interface SectionInfo {
  /** Stable id: explicit `{#id}`, else derived from the number path (`ch2-5-1`). */
  id: string
  /** Whether the id was written explicitly. */
  explicitId: boolean
  /** Id of the enclosing section, if any. */
  parent?: string
  /** Outline level: 1 for a chapter. */
  level: number
  /** `heading` for headings, `item` for numbered list items. */
  type: 'heading' | 'item'
  /** Number as written: `第1章`, `5.1`, `(1)`. */
  number?: string
  kind?: NumberKind
  /** Title without its number: `情報資産の分類`. */
  title: string
  /** Source position of the heading or item. */
  position?: Position
}

/** A string withheld from an edition, or kept by it (access/fragments.ts collects them; the leak guard looks for them). */
export interface Fragment {
  text: string
  /**
   * What the string is, where it matters to the leak guard: a heading's
   * text, an id or a title may be short and still tell (they are also looked
   * for, whole, among the headings, titles and ids of an artifact).
   */
  kind?: 'heading' | 'id' | 'title'
  /** Where it is written. */
  place?: Point
  /** The file it is written in (set by the leak guard). */
  file?: string
}

/** A section's entry in the search index (remark-policy-search-text). */
export interface SearchEntry {
  /** Section id (anchor). */
  id: string
  /** Number as written, e.g. `8.4`. */
  number?: string
  title: string
  /** Text of the section up to the next heading, whitespace collapsed. */
  text: string
  /** The chapter it stands in (`第1章 基本方針`), shown with a search result; set by the edition. */
  chapter?: string
}

/** An in-page link (`#ch2-8`) an edition keeps (remark-policy-page-links). */
export interface PageLink {
  /** The id linked to (without `#`). */
  target: string
  place?: Position
}

/** What one run of the pipeline is for (all optional: the full text, today's rules). */
export interface KaiteiRun {
  /** The audience whose edition this is; without it, the full text (validation, `kaitei check`). */
  audience?: Audience
  /** Section id → 「改正 …」 marker, for the sections the amendment shown changed. */
  amended?: Readonly<Record<string, string>>
  /**
   * Prefix of footnote ids, unique per source file so that files joined into
   * one page do not clash (default: `''`).
   */
  footnotePrefix?: string
  /**
   * A past version, which cannot be edited: front matter is read key by key
   * (a key unknown today or a value wrong today is a warning and left out),
   * except `access`, which fails closed as ever.
   */
  relaxed?: boolean
}

export interface KaiteiFileData {
  /** The inputs of this run. */
  run?: KaiteiRun

  // Validation (once per file and version).
  frontMatter?: FrontMatter
  /** Front matter present but invalid (or unreadable): nobody can tell whom the file is for. */
  frontMatterInvalid?: boolean
  /** Where each front matter value is written (messages, leak guard). */
  frontMatterPlaces?: Record<string, Span>
  /** The audience of the whole file (front matter `access`, by today's name), when known. */
  fileAudience?: string
  /** Every section id of the full text (before redaction): to tell a withheld target from a wrong one. */
  allIds?: string[]

  // The edition (once per audience).
  /** The sections as the edition shows them (after redaction), in order. */
  sections: SectionInfo[]
  /** Text withheld from the edition, with source positions (leak guard). */
  withheld?: Fragment[]
  /** Whether the whole file is withheld from the edition. */
  fileWithheld?: boolean
  /** Every string the edition keeps (leak-guard fingerprints that also occur here are dropped). */
  visible?: string[]
  /** Per-section text for the search index. */
  search?: SearchEntry[]
  /** In-page links, for the edition to check against every id of its page. */
  links?: PageLink[]
}

/** What kaitei keeps on a node. */
export interface KaiteiNodeData {
  /** On a heading, numbered item or statute paragraph: the section it starts (titles per edition from remark-policy-outline). */
  section?: SectionInfo
  /** On a root: the source exceeded a limit and was not parsed (see source-limits.ts). */
  refused?: LimitProblem[]
  /** On a link rewritten into the page: the id it targets. */
  target?: string
}

declare module 'vfile' {
  interface DataMap {
    kaitei: KaiteiFileData
  }
}

declare module 'mdast' {
  interface Data {
    kaitei?: KaiteiNodeData
  }
}

/** Get (creating on first use) kaitei's data on a vfile. */
export function kaiteiData(file: VFile): KaiteiFileData {
  if (!file.data.kaitei) file.data.kaitei = {sections: []}
  return file.data.kaitei
}

/** The inputs of this run (empty: the full text by today's rules). */
export function runOf(file: VFile): KaiteiRun {
  return file.data.kaitei?.run ?? {}
}
