/**
 * `kaitei diff`'s pages: the redline (`redline.html`) or the 新旧対照表
 * (`shinkyu.html`, and `shinkyu.pdf` printed beside it when there is a
 * browser), written with their assets and fonts through the build's writer
 * and printed by its printer. Written into a staging folder first and moved
 * into place only when complete: a cancelled diff leaves no half-written
 * page.
 */
import {randomBytes} from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import {findBrowser} from '../browser.js'
import type {PolicyConfig} from '../config/load-config.js'
import type {KaiteiContext} from '../context.js'
import {writePageWithAssets} from '../output/write.js'
import {comparisonMetadata} from '../pdf/pdf-metadata.js'
import {markingStylesheet, markingStylesheetName} from '../page/marking.js'
import {pageNames, pdfOf} from '../page/page-names.js'
import {printJobs} from '../pdf/print-jobs.js'
import type {VersionDiff} from './diff-versions.js'
import {renderRedline} from './render-html.js'
import {renderComparisonTable, type ComparisonTableOptions} from './render-table.js'
import {renderAratamePage} from './render-aratame.js'

export interface DiffPagesOptions {
  format: 'html' | 'table'
  /** Folder to write into (default: `diff`). */
  dir?: string
  /** 新旧対照表: column order, labels, a 備考 column. */
  order?: ComparisonTableOptions['order']
  labels?: ComparisonTableOptions['labels']
  remarks?: boolean
  signal?: AbortSignal
  /** Time limit for loading and for each print, in ms (default: 120000). */
  printTimeout?: number
  /** Where the theme and the fonts are kept between calls (default: a new context). */
  context?: KaiteiContext
}

/** Write the page (and print the 新旧対照表); the names of the files written in `dir`, in order. */
export async function writeDiffPages(diff: VersionDiff, config: PolicyConfig, options: DiffPagesOptions): Promise<{files: string[]; pdfSkipped: boolean}>  {
  const dir = path.resolve(options.dir ?? 'diff')
  const lang = config.lang
  const html =
    options.format === 'html'
      ? renderRedline(diff, {lang})
      : renderComparisonTable(diff, {lang, order: options.order, remarks: options.remarks, labels: options.labels})
  const name = options.format === 'html' ? pageNames.diffRedline : pageNames.table
  // The 改め文 beside the 新旧対照表 (Japanese publications).
  const aratame = options.format === 'table' && lang === 'ja' ? renderAratamePage(diff, {lang}) : undefined
  const staging = dir + '.staging-' + randomBytes(4).toString('hex')
  try {
    // The marking on every printed page: its own stylesheet beside the page.
    const {marking} = diff.publication
    const extra = marking ? [{path: 'assets/' + markingStylesheetName, content: markingStylesheet(marking, config.print.marking)}] : []
    await writePageWithAssets(staging, name, html, {name: config.theme, root: config.root}, [...extra, ...(aratame ? [{path: pageNames.aratame, content: aratame}] : [])], options.context)
    let pdfSkipped = false
    if (options.format === 'table') {
      const executablePath = findBrowser()
      if (executablePath) {
        const audience = config.audiences.find((d) => d.name === diff.audience?.name)
        const iso = diff.to.amendment?.date ?? config.history.at(-1)?.date.iso
        await printJobs(
          [
            {dir: staging, name: pdfOf(name), file: pdfOf(name), page: name, metadata: (producer) => comparisonMetadata(config, audience, iso, producer, html)},
            ...(aratame
              ? [{dir: staging, name: pdfOf(pageNames.aratame), file: pdfOf(pageNames.aratame), page: pageNames.aratame, metadata: (producer: string) => comparisonMetadata(config, audience, iso, producer, aratame, 'aratame')}]
              : [])
          ],
          {executablePath, signal: options.signal, timeout: options.printTimeout}
        )
      } else {
        pdfSkipped = true
      }
    }
    options.signal?.throwIfAborted()
    // Complete: into place, file by file (other pages in the folder stay).
    await moveInto(staging, dir)
    const printed = options.format === 'table' && !pdfSkipped
    return {files: [name, ...(printed ? [pdfOf(name)] : []), ...(aratame ? [pageNames.aratame, ...(printed ? [pdfOf(pageNames.aratame)] : [])] : [])], pdfSkipped}
  } finally {
    await fs.rm(staging, {recursive: true, force: true})
  }
}

/** Move every file of `from` into `to` (replacing files of the same name); the files moved, as `to`'s. */
async function moveInto(from: string, to: string): Promise<string[]> {
  const moved: string[] = []
  const walk = async (current: string) => {
    for (const entry of await fs.readdir(current, {withFileTypes: true})) {
      const source = path.join(current, entry.name)
      const target = path.join(to, path.relative(from, source))
      if (entry.isDirectory()) {
        await fs.mkdir(target, {recursive: true})
        await walk(source)
      } else {
        await fs.rename(source, target)
        moved.push(target)
      }
    }
  }
  await fs.mkdir(to, {recursive: true})
  await walk(from)
  return moved
}
