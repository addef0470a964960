/**
 * Printing a build's PDFs — and `kaitei diff`'s 新旧対照表 — with one browser,
 * launched once and closed on every path (and dying with kaitei: see
 * browser.ts). Each job is a print page in a folder, printed into a PDF
 * beside it: an edition (two passes for its 目次 page numbers, or one with
 * the pages the previous build kept) or a page printed as it is (a
 * 新旧対照表). A job whose page and assets equal one already printed in the
 * run gets that PDF instead of a second print. Every PDF is finished with
 * its document information and no clock in it (pdf-document.ts).
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import {VFileMessage} from 'vfile-message'
import {closeBrowser, launchBrowser} from '../browser.js'
import {finishPdf, type PdfMetadata} from './pdf-document.js'
import {printEdition, printFile} from './print-edition.js'

/** Where an edition keeps the 目次 pages of its PDF for the next build. */
export const pagesFile = '.kaitei-pages.json'

export interface PrintJob {
  /** The folder the page's files are in; the PDF is written there too. */
  dir: string
  /** For progress lines: `staff`, `staff/versions/2026-03-25`. */
  name: string
  /** The PDF's file name: `yotsukaido-isp.pdf`, `shinkyu.pdf`. */
  file: string
  /**
   * An edition's print page, printed with its 目次 page numbers filled in;
   * or `undefined` to print the folder's `page` as it is.
   */
  html?: string
  /** The page to print as it is (a file in `dir`), when there is no `html`. */
  page?: string
  /** Document information, given the browser (producer) and what the file's id derives from. */
  metadata: (producer: string, identity: string) => PdfMetadata
  /** Hash of the files the page loads besides itself (equal pages with equal assets print equal PDFs). */
  assets?: string
  /** The previous build's folder of this job, for its 目次 pages. */
  previous?: string
}

export interface PrintedPdf {
  path: string
  pages: number
  /** 0 when reused from an equal job, else the prints it took. */
  passes: number
  seconds: number
}

export interface PrintOptions {
  executablePath: string
  /** Time limit for loading and for each print, in ms (default: 120000). */
  timeout?: number
  signal?: AbortSignal
  progress?: (line: string) => void
}

/** Print every job, in order. Each job's result under the job; messages for requests the pages tried outside their folders. */
export async function printJobs(jobs: readonly PrintJob[], options: PrintOptions): Promise<{results: Map<PrintJob, PrintedPdf>; messages: VFileMessage[]}> {
  const progress = options.progress ?? (() => {})
  const timeout = options.timeout ?? 120_000
  progress('starting ' + path.basename(options.executablePath))
  const browser = await launchBrowser(options.executablePath, timeout, options.signal)
  const pid = browser.process()?.pid
  progress('started ' + path.basename(options.executablePath) + (pid ? ' (pid ' + pid + ')' : ''))
  const messages: VFileMessage[] = []
  const results = new Map<PrintJob, PrintedPdf>()
  // On cancel, stop the browser at once: pending calls fail fast instead of
  // waiting out their time limits.
  const closeOnAbort = () => void browser.process()?.kill('SIGKILL')
  options.signal?.addEventListener('abort', closeOnAbort, {once: true})
  try {
    const producer = 'kaitei (' + (await browser.version()) + ')'
    // PDFs printed in this run, by what they are printed from (page and assets).
    const printed = new Map<string, {name: string; bytes: Uint8Array; pages: number; tocPages: Map<string, number>}>()
    const editions = jobs.filter((d) => d.html !== undefined).length
    let count = 0
    for (const job of jobs) {
      options.signal?.throwIfAborted()
      const started = performance.now()
      const target = path.join(job.dir, job.file)
      if (job.html === undefined) {
        // A page printed as it is (a 新旧対照表, A4 landscape).
        const pdf = await printFile(browser, {dir: job.dir, file: path.join(job.dir, job.page!), timeout})
        const page = await fs.readFile(path.join(job.dir, job.page!), 'utf8')
        const {bytes, pages} = await finishPdf(pdf, job.metadata(producer, page))
        await fs.writeFile(target, bytes)
        results.set(job, {path: target, pages, passes: 1, seconds: (performance.now() - started) / 1000})
        continue
      }
      count++
      // Pages of the 目次 from the previous build of the same print page, if any.
      const pagesKey = createHash('sha256').update(job.html).digest('hex')
      // The latest version usually is the current text: same page, same assets, same PDF.
      const identity = pagesKey + '\0' + (job.assets ?? '')
      const same = printed.get(identity)
      if (same) {
        await fs.writeFile(path.join(job.dir, pagesFile), JSON.stringify({key: pagesKey, pages: Object.fromEntries(same.tocPages)}) + '\n')
        await fs.writeFile(target, same.bytes)
        results.set(job, {path: target, pages: same.pages, passes: 0, seconds: (performance.now() - started) / 1000})
        progress('printed ' + job.name + ': the same page as ' + same.name + ', its PDF (' + same.pages + ' pages) reused')
        continue
      }
      progress('printing ' + job.name + ' (' + count + '/' + editions + ')')
      const knownPages = job.previous ? await readKnownPages(path.join(job.previous, pagesFile), pagesKey) : undefined
      const result = await printEdition(browser, {
        dir: job.dir,
        html: job.html,
        timeout,
        signal: options.signal,
        knownPages,
        onProgress: (line) => progress(job.name + ': ' + line)
      })
      await fs.writeFile(path.join(job.dir, pagesFile), JSON.stringify({key: pagesKey, pages: Object.fromEntries(result.tocPages)}) + '\n')
      if (result.blocked.length > 0) {
        const urls = [...new Set(result.blocked)].sort()
        const shown = urls.slice(0, 3).map((url) => '`' + url + '`').join(', ') + (urls.length > 3 ? ' and ' + (urls.length - 3) + ' more' : '')
        messages.push(new VFileMessage('Blocked ' + result.blocked.length + ' request(s) from the print page outside the edition: ' + shown, {source: 'kaitei', ruleId: 'pdf-offline'}))
      }
      const {bytes, pages} = await finishPdf(result.pdf, job.metadata(producer, job.html + JSON.stringify([...result.tocPages])))
      await fs.writeFile(target, bytes)
      printed.set(identity, {name: job.name, bytes, pages, tocPages: result.tocPages})
      const seconds = (performance.now() - started) / 1000
      results.set(job, {path: target, pages, passes: result.passes, seconds})
      progress('printed ' + job.name + ': ' + pages + ' pages in ' + seconds.toFixed(1) + ' s' + (result.passes > 1 ? ' (' + result.passes + ' passes)' : ''))
    }
  } catch (error) {
    // Closing the browser on abort makes pending calls fail: report the abort.
    if (options.signal?.aborted) throw options.signal.reason ?? error
    throw error
  } finally {
    options.signal?.removeEventListener('abort', closeOnAbort)
    await closeBrowser(browser)
  }
  return {results, messages}
}

async function readKnownPages(file: string, key: string): Promise<Map<string, number> | undefined> {
  try {
    const data = JSON.parse(await fs.readFile(file, 'utf8')) as {key?: string; pages?: Record<string, number>}
    return data.key === key && data.pages ? new Map(Object.entries(data.pages)) : undefined
  } catch {
    return undefined
  }
}
