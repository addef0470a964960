/**
 * What a build produces for one folder of the output: an edition (the
 * current text or a past version, for one audience), with the diff pages
 * of a past version beside it.
 */
import type {Edition} from '../edition/render-edition.js'
import type {Version} from '../history/versions.js'

/** The diff of a past version from the version before it that its audience may see. */
export interface DiffPages {
  /** The version compared with. */
  before: Version
  /** `diff.html`. */
  redline: string
  /** `shinkyu.html` (printed to `shinkyu.pdf`). */
  table: string
  /** `aratame.html` (printed to `aratame.pdf`): Japanese publications only. */
  aratame?: string
}

export interface EditionJob {
  edition: Edition
  /** For a past version: its diff from the previous one. */
  diff?: DiffPages
  /** For a main edition built with every version: `history.html`. */
  history?: string
  /** Folder under the output: `staff` or `staff/versions/2026-03-25`. */
  dir: string
  /** Whether this is an edition's main page (not a past version). */
  main: boolean
  version?: Version
  /** For a version: whether it is the one in force for its audience (the latest it may see), not a past one. */
  inForce?: boolean
  /** Where it was written, and its PDF (filled in by the writer and the printer). */
  written?: WrittenEdition
}

export interface WrittenEdition {
  audience: string
  /** Absolute folder. */
  dir: string
  files: number
  pdf?: {path: string; pages: number; passes: number; seconds: number}
}
