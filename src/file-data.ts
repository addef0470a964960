/**
 * What kaitei's plugins share on `file.data.kaitei` (the unified convention:
 * plugins talk through the vfile, not through globals).
 */
import type {Position} from 'unist'
import type {FrontMatter} from './config/schema.js'
import type {NumberKind} from './numbering.js'
import type {Span} from './yaml-source.js'
import type {LimitProblem} from './source-limits.js'

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

export interface KaiteiFileData {
  frontMatter?: FrontMatter
  /** Front matter present but invalid (or unreadable). */
  frontMatterInvalid?: boolean
  sections: SectionInfo[]
  /** Every section id of the full text (before redaction): to tell a withheld target from a wrong one. */
  allIds?: string[]
}

declare module 'vfile' {
  interface DataMap {
    kaitei: KaiteiFileData
    /** Where each front matter value is written (messages, leak guard). */
    kaiteiFrontMatterPlaces: Record<string, Span>
  }
}

declare module 'mdast' {
  interface Data {
    /** On a root: the source exceeded a limit and was not parsed (see source-limits.ts). */
    kaiteiRefused?: LimitProblem[]
    /** The section a heading or numbered list item starts (remark-policy-sections; titles per edition from remark-policy-outline). */
    kaiteiSection?: SectionInfo
  }
}

/** Get (creating on first use) kaitei's data on a vfile. */
export function kaiteiData(file: import('vfile').VFile): KaiteiFileData {
  if (!file.data.kaitei) file.data.kaitei = {sections: []}
  return file.data.kaitei
}
