/**
 * Print an edition's PDF with Chromium, from the edition folder written to
 * disk (fonts and CSS are loaded from there, nothing from the network).
 *
 * The 目次 needs the page each section lands on. Before printing, the page
 * is laid out once more in page-sized columns (the same fragmentation engine
 * as printing) to estimate them; after printing, the real pages are read from
 * the PDF's named destinations, and if any 目次 number was wrong the numbers
 * are corrected and the page printed again (at most twice more).
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Browser, Page} from 'puppeteer-core'
import {KaiteiError} from '../errors.js'
import {destinationPages} from './pdf-document.js'
import {pageGeometry} from './print-page.js'

export interface PrintOptions {
  /** Folder of the written edition (its assets are loaded from here). */
  dir: string
  /** The print page (see `renderPrintPage`). */
  html: string
  /** Time limit for loading and for each print, in ms (default: 120000). */
  timeout?: number
  signal?: AbortSignal
  onProgress?: (line: string) => void
}

export interface PrintResult {
  pdf: Uint8Array
  /** How many times the page was printed (1 when the estimate was right). */
  passes: number
  /** Page of each 目次 entry, as printed. */
  tocPages: Map<string, number>
  /** Requests refused because they left the edition folder. */
  blocked: string[]
}

const printFile = '.kaitei-print.html'

export async function printEdition(browser: Browser, options: PrintOptions): Promise<PrintResult> {
  const timeout = options.timeout ?? 120_000
  const file = path.join(options.dir, printFile)
  await fs.writeFile(file, options.html)
  const page = await browser.newPage()
  const blocked: string[] = []
  try {
    options.signal?.throwIfAborted()
    await confine(page, options.dir, blocked)
    page.setDefaultTimeout(timeout)
    await page.emulateMediaType('print')
    await page.goto(pathToFileURL(file).href, {waitUntil: 'load', timeout})
    await page.evaluate(async () => {
      await document.fonts.ready
      // Fonts for the margin boxes (marking, running chapter titles, page numbers).
      const text = document.body.dataset.marginText ?? ''
      if (text) await Promise.all(['400', '700'].map((weight) => document.fonts.load(weight + ' 8pt "Noto Sans JP"', text)))
    })

    let numbers = await estimatePages(page)
    await fillToc(page, numbers)
    for (let pass = 1; ; pass++) {
      options.signal?.throwIfAborted()
      const pdf = await withAbort(
        page.pdf({printBackground: true, preferCSSPageSize: true, outline: true, tagged: true, timeout}),
        options.signal
      )
      const actual = await destinationPages(pdf)
      const wrong = [...numbers].filter(([id, number]) => actual.get(id) !== number)
      if (wrong.length === 0) return {pdf, passes: pass, tocPages: numbers, blocked}
      if (pass >= 3) {
        throw new KaiteiError('The 目次 page numbers did not settle after ' + pass + ' prints (' + wrong.length + ' differ)', 'E_TOC_UNSTABLE')
      }
      options.onProgress?.('目次: ' + wrong.length + ' page number' + (wrong.length === 1 ? '' : 's') + ' corrected, printing again')
      numbers = new Map([...numbers].map(([id]) => [id, actual.get(id) ?? 0]))
      await fillToc(page, numbers)
    }
  } finally {
    await page.close().catch(() => {})
    await fs.rm(file, {force: true})
  }
}

/** Only files inside the edition folder may load: no network, no other files. */
async function confine(page: Page, dir: string, blocked: string[]) {
  const root = pathToFileURL(path.resolve(dir)).href + '/'
  await page.setRequestInterception(true)
  page.on('request', (request) => {
    const url = request.url()
    if (url.startsWith(root) || url.startsWith('data:')) {
      void request.continue()
    } else {
      blocked.push(url)
      void request.abort('blockedbyclient')
    }
  })
}

/**
 * Lay the page out in columns the size of the printed page area and read
 * which column (page) each 目次 target starts in.
 */
async function estimatePages(page: Page): Promise<Map<string, number>> {
  const g = pageGeometry
  const mm = 96 / 25.4
  const result = await page.evaluate(
    (width: number, height: number) => {
      const targets = [...document.querySelectorAll<HTMLElement>('.toc-page[data-target]')].map((d) => d.dataset.target!)
      const wrapper = document.createElement('div')
      wrapper.id = 'kaitei-measure'
      const gap = 200
      const style = document.createElement('style')
      // Page breaks become column breaks; each column is one page.
      style.textContent =
        `#kaitei-measure { columns: ${width}px; column-gap: ${gap}px; column-fill: auto; height: ${height}px; width: ${width}px; }` +
        ` #kaitei-measure .print-cover, #kaitei-measure .print-toc { break-after: column; }` +
        ` #kaitei-measure .policy-document { break-before: column; }` +
        ` #kaitei-measure .watermark { display: none; }`
      document.head.append(style)
      const children = [...document.body.childNodes]
      wrapper.append(...children)
      document.body.append(wrapper)
      const origin = wrapper.getBoundingClientRect().left
      const out: Array<[string, number]> = []
      for (const id of targets) {
        const element = document.getElementById(id)
        if (!element) continue
        const left = element.getBoundingClientRect().left - origin
        out.push([id, Math.floor((left + 1) / (width + gap)) + 1])
      }
      document.body.append(...wrapper.childNodes)
      wrapper.remove()
      style.remove()
      return out
    },
    (g.width - 2 * g.marginSide) * mm,
    (g.height - g.marginTop - g.marginBottom) * mm
  )
  return new Map(result)
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
