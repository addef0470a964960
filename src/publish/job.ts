/**
 * What a build produces for one folder of the output: an edition (the
 * current text or a past version, for one audience) with the pages written
 * beside it — a past version's redline, 新旧対照表 and 改め文, a main
 * edition's history page — and the PDFs printed from them. Writing, the
 * leak guard, printing and the history page's links all walk this one list,
 * and what is printed is attached to the request it answers.
 */
import type {Edition} from '../edition/render-edition.js'
import type {Version} from '../history/versions.js'
import type {PdfMetadata} from '../pdf/pdf-document.js'
import type {PrintedPdf} from '../pdf/print-jobs.js'

/** A PDF to print: its file name, its document information, and once printed, what came out. */
export interface PrintRequest {
  file: string
  /** Document information, given the browser (producer) and what the file's id derives from. */
  metadata: (producer: string, identity: string) => PdfMetadata
  /** Filled in by the printer. */
  printed?: PrintedPdf
}

/** A page written beside an edition. */
export interface JobPage {
  /** Its file name in the job's folder (page/page-names.ts). */
  file: string
  html: string
  /**
   * Whose text it may show: the edition's own, or also the version it is
   * compared with (a diff page shows both): what the leak guard looks for.
   */
  shows: 'edition' | 'comparison'
  /** The PDF printed from it, when PDFs are printed. */
  print?: PrintRequest
}

export interface EditionJob {
  edition: Edition
  /** Folder under the output: `staff` or `staff/versions/2026-03-25`. */
  dir: string
  /** Whether this is an edition's main page (not a past version). */
  main: boolean
  version?: Version
  /** For a version: whether it is the one in force for its audience (the latest it may see), not a past one. */
  inForce?: boolean
  /** For a past version with diff pages: the version they compare it with. */
  comparedWith?: Version
  /** The pages beside the edition, in the order they are written and printed. */
  pages: JobPage[]
  /** The edition's own PDF, when PDFs are printed. */
  print?: PrintRequest
  /** Where it was written (filled in by the writer). */
  written?: WrittenEdition
}

export interface WrittenEdition {
  audience: string
  /** Absolute folder. */
  dir: string
  files: number
  pdf?: {path: string; pages: number; passes: number; seconds: number}
}
