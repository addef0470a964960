/**
 * The files a reader links to beside an edition's `index.html`, named in
 * one place: a past version's diff pages (and their PDFs) and the history
 * page. `kaitei diff` writes its redline under its own name, beside
 * nothing else.
 */
export const pageNames = {
  /** A past version's redline, against the version before it. */
  redline: 'diff.html',
  /** Its 新旧対照表, printed to `shinkyu.pdf`. */
  table: 'shinkyu.html',
  /** Its 改め文 (Japanese publications), printed to `aratame.pdf`. */
  aratame: 'aratame.html',
  /** A main edition's amendments, with links to every version and diff. */
  history: 'history.html',
  /** The redline `kaitei diff --format html` writes. */
  diffRedline: 'redline.html'
} as const

/** The PDF printed from a page: `shinkyu.html` → `shinkyu.pdf`. */
export const pdfOf = (page: string): string => page.replace(/\.html$/, '.pdf')
