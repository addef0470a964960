/**
 * Print an edition's PDF with Chromium, from the edition folder written to
 * disk (fonts and CSS are loaded from there, nothing from the network).
 *
 * The 目次 needs the page each section lands on, which only printing tells.
 * So the page is printed twice: first a draft to read every heading's page
 * from the PDF's named destinations; then, with those numbers in the 目次,
 * the final tagged PDF, whose destinations are checked against the 目次 once
 * more (a third print only if they differ). The 目次's numbers have a fixed
 * width, so filling them in does not move anything.
 *
 * The draft only needs the page breaks: it is printed untagged, without
 * bookmarks, with everything `visibility: hidden` and no margin boxes,
 * which leaves the layout (and the destinations) exactly as they are but
 * paints no text: on the 357-page benchmark it takes 0.9 s instead of 2.
 *
 * (Estimating pages beforehand by laying the text out in page-sized columns
 * was tried: on the 357-page benchmark it was off by one to five pages for
 * most entries, so it cost time without saving a print.)
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Browser, CDPSession, Page} from 'puppeteer-core'
import {KaiteiError} from '../errors.js'
import {destinationPages} from './pdf-document.js'

export interface PrintOptions {
  /** Folder of the written edition (its assets are loaded from here). */
  dir: string
  /** The print page (see `renderPrintPage`). */
  html: string
  /** Time limit for loading and for each print, in ms (default: 120000). */
  timeout?: number
  signal?: AbortSignal
  onProgress?: (line: string) => void
  /**
   * The 目次 pages of a previous print of the same page, if known: then no
   * draft is printed (the result is still checked, and printed again if
   * anything moved).
   */
  knownPages?: Map<string, number>
}

export interface PrintResult {
  pdf: Uint8Array
  /** How many times the page was printed (2: a draft for the page numbers, then the PDF; 1 with known pages). */
  passes: number
  /** Page of each 目次 entry, as printed. */
  tocPages: Map<string, number>
  /** Requests refused because they left the edition folder. */
  blocked: string[]
}

const printPageName = '.kaitei-print.html'

export async function printEdition(browser: Browser, options: PrintOptions): Promise<PrintResult> {
  const timeout = options.timeout ?? 120_000
  const file = path.join(options.dir, printPageName)
  await fs.writeFile(file, options.html)
  const page = await browser.newPage()
  const blocked: string[] = []
  try {
    options.signal?.throwIfAborted()
    await confine(page, options.dir, blocked)
    page.setDefaultTimeout(timeout)
    await page.emulateMediaType('print')
    await page.goto(pathToFileURL(file).href, {waitUntil: 'load', timeout})
    await page.evaluate(() => document.fonts.ready.then(() => undefined))

    const targets = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.toc-page[data-target]')].map((d) => d.dataset.target!))
    let numbers: Map<string, number>
    let pass: number
    const known = options.knownPages
    if (known && targets.every((id) => known.has(id))) {
      numbers = pick(targets, known)
      pass = 1
    } else {
      options.onProgress?.('laying out ' + targets.length + ' table-of-contents entries')
      await setDraft(page, true)
      const draft = await withAbort(page.pdf({printBackground: true, preferCSSPageSize: true, outline: false, tagged: false, timeout}), options.signal)
      await setDraft(page, false)
      numbers = pick(targets, await destinationPages(draft))
      pass = 2
    }
    for (; ; pass++) {
      options.signal?.throwIfAborted()
      await fillToc(page, numbers)
      const pdf = await withAbort(
        page.pdf({printBackground: true, preferCSSPageSize: true, outline: true, tagged: true, timeout}),
        options.signal
      )
      const actual = pick(targets, await destinationPages(pdf))
      const wrong = targets.filter((id) => actual.get(id) !== numbers.get(id))
      if (wrong.length === 0) return {pdf, passes: pass, tocPages: numbers, blocked}
      if (pass >= 4) {
        throw new KaiteiError('The table of contents\' page numbers did not settle after ' + pass + ' prints (' + wrong.length + ' differ)', 'E_TOC_UNSTABLE')
      }
      options.onProgress?.('table of contents: ' + wrong.length + ' page number' + (wrong.length === 1 ? '' : 's') + ' moved, printing again')
      numbers = actual
    }
  } finally {
    await page.close().catch(() => {})
    await fs.rm(file, {force: true})
  }
}

/**
 * Only files inside the edition folder may load: no network, no other files.
 * Requests are paused by the browser (CDP Fetch, on the page's own session)
 * and let through or failed here: cheaper than puppeteer's request objects.
 */
async function confine(page: Page, dir: string, blocked: string[]) {
  const root = pathToFileURL(path.resolve(dir)).href + '/'
  // The page's own session: a second session attached to the page makes
  // every print about 0.3 s slower (measured on the 357-page benchmark).
  const own = (page as unknown as {_client?: () => CDPSession})._client
  const session = typeof own === 'function' ? own.call(page) : await page.createCDPSession()
  session.on('Fetch.requestPaused', (event) => {
    const url = event.request.url
    const allowed = url.startsWith(root) || url.startsWith('data:')
    if (!allowed) blocked.push(url)
    const reply = allowed
      ? session.send('Fetch.continueRequest', {requestId: event.requestId})
      : session.send('Fetch.failRequest', {requestId: event.requestId, errorReason: 'BlockedByClient'})
    // The page may close while a request waits: nothing left to answer.
    reply.catch(() => {})
  })
  await session.send('Fetch.enable', {patterns: [{urlPattern: '*'}]})
}

/**
 * The draft print paints nothing (see above): no text, no margin boxes
 * (they sit outside the page area, so the text's layout is the final one).
 */
async function setDraft(page: Page, on: boolean) {
  await page.evaluate((on: boolean) => {
    const id = 'kaitei-draft'
    if (!on) return document.getElementById(id)?.remove()
    const names = new Set([''])
    for (const sheet of document.styleSheets) {
      try {
        for (const rule of sheet.cssRules) if (rule instanceof CSSPageRule) names.add(rule.selectorText)
      } catch {
        // A sheet whose rules cannot be read: its pages keep their margin boxes.
      }
    }
    const boxes = ['top-left', 'top-center', 'top-right', 'bottom-left', 'bottom-center', 'bottom-right'].map((box) => '@' + box + ' { content: none; }').join(' ')
    const style = document.createElement('style')
    style.id = id
    style.textContent = 'body * { visibility: hidden !important; }\n' + [...names].map((name) => '@page ' + name + ' { ' + boxes + ' }').join('\n')
    document.head.append(style)
  }, on)
}

/** The pages of the 目次's targets; a target the PDF has no destination for stops the print (never a page 0). */
function pick(targets: string[], pages: Map<string, number>): Map<string, number> {
  const missing = targets.filter((id) => !pages.has(id))
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).map((d) => '`' + d + '`').join(', ') + (missing.length > 5 ? ' and ' + (missing.length - 5) + ' more' : '')
    throw new KaiteiError(
      'Cannot find where ' + missing.length + ' table-of-contents entr' + (missing.length === 1 ? 'y' : 'ies') + ' (' + shown + ') land in the printed PDF: it has no destination for them, expected one per section heading',
      'E_TOC_PAGE'
    )
  }
  return new Map(targets.map((id) => [id, pages.get(id)!]))
}

async function fillToc(page: Page, numbers: Map<string, number>) {
  await page.evaluate((entries: Array<[string, number]>) => {
    const map = new Map(entries)
    for (const element of document.querySelectorAll<HTMLElement>('.toc-page[data-target]')) {
      element.textContent = String(map.get(element.dataset.target!) ?? '')
    }
  }, [...numbers])
}

function withAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('Aborted'))
    if (signal.aborted) onAbort()
    signal.addEventListener('abort', onAbort, {once: true})
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      }
    )
  })
}

/**
 * Print a page once (no 目次 to fill): the 新旧対照表 and other single pages.
 * Confined to its folder like editions.
 */
export async function printFile(browser: Browser, options: {dir: string; file: string; timeout?: number}): Promise<Uint8Array> {
  const timeout = options.timeout ?? 120_000
  const page = await browser.newPage()
  const blocked: string[] = []
  try {
    await confine(page, options.dir, blocked)
    await page.emulateMediaType('print')
    await page.goto(pathToFileURL(options.file).href, {waitUntil: 'load', timeout})
    await page.evaluate(() => document.fonts.ready.then(() => undefined))
    return await page.pdf({printBackground: true, preferCSSPageSize: true, outline: false, tagged: true, timeout})
  } finally {
    await page.close().catch(() => {})
  }
}
