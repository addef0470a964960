/**
 * The leak guard over a whole build, before anything is written: every
 * edition's artifacts (with the page its PDF is printed from, and the PDF's
 * document information when PDFs are printed), and each past version's
 * diff pages, which show two versions — so what either version withheld,
 * unless either shows it — and each main edition's history page.
 */
import type {VFileMessage} from 'vfile-message'
import type {EditionJob} from '../build/job.js'
import {guardEdition, guardStrings} from './leak-guard.js'

export interface GuardJobsOptions {
  /** The PDF's name and the strings of its document information, per job (default: no PDFs). */
  pdf?: (job: EditionJob) => {file: string; strings: string[]} | undefined
  progress?: (line: string) => void
}

export async function guardJobs(jobs: readonly EditionJob[], options: GuardJobsOptions = {}): Promise<VFileMessage[]> {
  const messages: VFileMessage[] = []
  for (const job of jobs) {
    options.progress?.('checking ' + job.dir + ' for leaks')
    messages.push(...(await guardEdition(job.edition)))
    const pdf = options.pdf?.(job)
    if (pdf) messages.push(...guardStrings(job.edition, pdf.file + ' (metadata)', pdf.strings))
    if (job.history !== undefined) messages.push(...guardStrings(job.edition, 'history.html', [job.history]))
    if (job.diff) {
      const before = jobs.find((d) => !d.main && d.version === job.diff!.before && d.edition.audience === job.edition.audience)!.edition
      const both = {
        audience: job.edition.audience,
        withheld: [...job.edition.withheld, ...before.withheld],
        visibleText: [...job.edition.visibleText, ...before.visibleText]
      }
      const folder = job.dir.slice(job.edition.audience.name.length + 1)
      messages.push(...guardStrings(both, folder + '/diff.html', [job.diff.redline]))
      messages.push(...guardStrings(both, folder + '/shinkyu.html', [job.diff.table]))
      if (job.diff.aratame !== undefined) messages.push(...guardStrings(both, folder + '/aratame.html', [job.diff.aratame]))
    }
  }
  return messages
}
