/**
 * The leak guard over a whole build, before anything is written: every
 * edition's artifacts (with the page its PDF is printed from, and the PDF's
 * document information when PDFs are printed), and each past version's
 * diff pages, which show two versions — so what either version withheld,
 * unless either shows it — and each main edition's history page.
 */
import type {VFileMessage} from 'vfile-message'
import {guardEdition, guardStrings} from '../access/leak-guard.js'
import type {PdfMetadata} from '../pdf/pdf-document.js'
import type {EditionJob, PrintRequest} from './job.js'

export interface GuardJobsOptions {
  progress?: (line: string) => void
}

/** The strings of a PDF's document information, as the guard reads them. */
function metadataStrings(request: PrintRequest): string[] {
  const metadata: PdfMetadata = request.metadata('', '')
  return [metadata.title, metadata.author, metadata.subject, ...metadata.keywords]
}

export async function guardJobs(jobs: readonly EditionJob[], options: GuardJobsOptions = {}): Promise<VFileMessage[]> {
  const messages: VFileMessage[] = []
  for (const job of jobs) {
    options.progress?.('checking ' + job.dir + ' for leaks')
    messages.push(...(await guardEdition(job.edition)))
    if (job.print) messages.push(...guardStrings(job.edition, job.print.file + ' (metadata)', metadataStrings(job.print)))
    // A diff page shows two versions: what either withheld, unless either shows it.
    const before = job.comparedWith && jobs.find((d) => !d.main && d.version === job.comparedWith && d.edition.audience === job.edition.audience)?.edition
    const both = before && {
      audience: job.edition.audience,
      withheld: [...job.edition.withheld, ...before.withheld],
      visibleText: [...job.edition.visibleText, ...before.visibleText]
    }
    const folder = job.dir.slice(job.edition.audience.name.length + 1)
    for (const page of job.pages) {
      const scope = page.shows === 'comparison' ? both : job.edition
      // A diff page without the version it compares (never made so) is checked as strictly as can be: against nothing shown.
      const guarded = scope ?? {audience: job.edition.audience, withheld: job.edition.withheld, visibleText: []}
      const name = (folder ? folder + '/' : '') + page.file
      messages.push(...guardStrings(guarded, name, [page.html]))
      if (page.print) messages.push(...guardStrings(guarded, (folder ? folder + '/' : '') + page.print.file + ' (metadata)', metadataStrings(page.print)))
    }
  }
  return messages
}
