/**
 * `kaitei build`: render every edition, write them into a staging folder,
 * then swap it in. A failed build (bad front matter, a broken file) leaves
 * the previous output untouched.
 */
import {randomBytes} from 'node:crypto'
import {constants} from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import {loadConfig} from './config/load-config.js'
import {assembleEdition, resolveAudience, type Edition} from './edition/render-edition.js'
import {renderDocuments} from './edition/render-pool.js'
import {KaiteiError} from './errors.js'
import {guardEdition, guardStrings} from './leak-guard.js'
import {BrowserNotFoundError, browserHelp, browserProblem, findBrowser, launchArguments} from './browser.js'
import type {PolicyConfig} from './config/load-config.js'
import {finishPdf, type PdfMetadata} from './pdf/pdf-document.js'
import {printEdition} from './pdf/print-edition.js'
import {VFileMessage} from 'vfile-message'
import {ConfigProblemError, readSources} from './publication.js'
import {dedupeMessages} from './report.js'

export type OutputFormat = 'html' | 'pdf'

export interface BuildOptions {
  /** Path of `kaitei.yaml` (default: `'kaitei.yaml'`). */
  config?: string
  /** Output folder (default: `build` next to the config). */
  out?: string
  /** Formats to write (default: `['html', 'pdf']`). */
  formats?: OutputFormat[]
  /**
   * Whether the formats were asked for explicitly (default: `false`). Then a
   * missing browser is an error; otherwise PDFs are skipped with a notice.
   */
  formatsExplicit?: boolean
  /** Watermark on every page of non-public PDF editions (a recipient: `配布先: 総務課`). */
  watermark?: string
  /** Time limit for loading and for each print, in ms (default: 120000). */
  printTimeout?: number
  /** Build only these audiences (default: all); other editions in `out` stay as they are. */
  audiences?: string[]
  /** Threads for rendering (default: automatic, see `RenderPoolOptions.threads`). */
  threads?: number
  /** Cancels the build between stages. */
  signal?: AbortSignal
  /** Progress lines for the terminal (default: none). */
  onProgress?: (line: string) => void
}

export interface BuildResult {
  /** Absolute output folder. */
  out: string
  editions: Array<{audience: string; dir: string; files: number; pdf?: {path: string; pages: number; passes: number; seconds: number}}>
  /** Warnings (a build with errors throws `BuildFailedError`). */
  messages: VFileMessage[]
  /** Plain notices for the terminal (e.g. why PDFs were skipped). */
  notices: string[]
}

/** The marker kaitei leaves in an output folder; it only replaces folders that have it. */
export const manifestName = 'kaitei-build.json'

/** A build stopped by problems in the sources; nothing was written. */
export class BuildFailedError extends KaiteiError {
  readonly messages: VFileMessage[]
  constructor(messages: VFileMessage[]) {
    const errors = messages.filter((d) => d.fatal).length
    super('Build failed with ' + errors + ' error' + (errors === 1 ? '' : 's') + '; the previous build was left as it was', 'E_BUILD_FAILED')
    this.messages = messages
  }
}

export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const configPath = options.config ?? 'kaitei.yaml'
  const progress = options.onProgress ?? (() => {})
  const signal = options.signal
  const formats = new Set(options.formats ?? ['html', 'pdf'])
  const notices: string[] = []

  const {config, file: configFile} = await loadConfig(configPath)
  if (!config) throw new BuildFailedError([...configFile.messages])
  let sources
  try {
    sources = await readSources(config, configFile)
  } catch (error) {
    if (error instanceof ConfigProblemError) throw new BuildFailedError([...error.file.messages])
    throw error
  }
  signal?.throwIfAborted()

  const out = path.resolve(options.out ?? path.join(config.root, 'build'))
  const selected = options.audiences?.length
    ? options.audiences.map((name) => resolveAudience(config, name)).filter((d, i, all) => all.indexOf(d) === i)
    : config.audiences
  const partial = selected.length < config.audiences.length
  const messages: VFileMessage[] = [...configFile.messages]
  // Each file is parsed once and rendered for every audience (on several
  // cores for large publications).
  progress('rendering ' + sources.length + ' files for ' + selected.map((d) => d.name).join(', '))
  const rendered = await renderDocuments(sources, selected, {lang: config.lang, allAudiences: config.audiences, threads: options.threads})
  signal?.throwIfAborted()
  const editions: Edition[] = []
  for (const [index, audience] of selected.entries()) {
    const watermark = formats.has('pdf') && options.watermark && !audience.public ? options.watermark : undefined
    if (formats.has('pdf') && options.watermark && audience.public) notices.push('the watermark is for non-public editions: not applied to ' + audience.name)
    const edition = await assembleEdition(config, audience, rendered.map((d) => d[index]!), {watermark, extraText: watermark})
    messages.push(...edition.messages)
    editions.push(edition)
  }
  let unique = dedupeMessages(messages)
  if (unique.some((d) => d.fatal)) throw new BuildFailedError(unique)

  // The leak guard: no artifact of an edition holds text only stricter ones may.
  for (const edition of editions) {
    progress('checking edition ' + edition.audience.name + ' for leaks')
    messages.push(...(await guardEdition(edition)))
  }
  unique = dedupeMessages(messages)
  if (unique.some((d) => d.fatal)) throw new BuildFailedError(unique)

  // A browser only when PDFs are wanted; without one, say why they are skipped.
  let executablePath: string | undefined
  if (formats.has('pdf')) {
    executablePath = findBrowser()
    if (!executablePath) {
      if (options.formatsExplicit) throw new BrowserNotFoundError()
      formats.delete('pdf')
      notices.push('PDF editions skipped: ' + browserProblem() + '; to print them, ' + browserHelp)
    }
  }

  await assertReplaceable(out)
  const staging = out + '.staging-' + randomBytes(4).toString('hex')
  try {
    await fs.mkdir(staging, {recursive: true})
    const written: BuildResult['editions'] = []
    for (const edition of editions) {
      const dir = path.join(staging, edition.audience.name)
      await writeEdition(dir, edition)
      written.push({audience: edition.audience.name, dir: path.join(out, edition.audience.name), files: edition.files.length})
      if (formats.has('html')) progress('wrote edition ' + edition.audience.name + ' (' + edition.files.length + ' files)')
      signal?.throwIfAborted()
    }
    if (formats.has('pdf')) {
      const pdfMessages = await printEditions(config, editions, staging, written, executablePath!, options, progress)
      const pdfProblems = dedupeMessages(pdfMessages)
      if (pdfProblems.some((d) => d.fatal)) throw new BuildFailedError(pdfProblems)
      unique.push(...pdfProblems)
    }
    if (!formats.has('html')) {
      // Only the PDFs (and each edition's manifest) stay.
      for (const edition of editions) {
        const dir = path.join(staging, edition.audience.name)
        for (const entry of await fs.readdir(dir)) {
          if (!entry.endsWith('.pdf') && entry !== 'manifest.json') await fs.rm(path.join(dir, entry), {recursive: true, force: true})
        }
      }
    }
    // The build marker names editions only: file names and titles of
    // sources are in each edition's own manifest.json, as that edition may see them.
    const manifest = {
      generator: 'kaitei',
      publication: config.id,
      editions: config.audiences.map((d) => ({audience: d.name, label: d.label, path: d.name + '/index.html'}))
    }
    await fs.writeFile(path.join(staging, manifestName), JSON.stringify(manifest, null, 2) + '\n')
    if (partial) await swapEditions(staging, out, selected.map((d) => d.name))
    else await swapIn(staging, out)
    return {out, editions: written, messages: unique, notices}
  } catch (error) {
    await fs.rm(staging, {recursive: true, force: true})
    throw error
  }
}

/**
 * Print every edition's PDF with one browser, launched once and closed on
 * every path. Returns leak-guard messages on the PDFs' metadata.
 */
async function printEditions(
  config: PolicyConfig,
  editions: Edition[],
  staging: string,
  written: BuildResult['editions'],
  executablePath: string,
  options: BuildOptions,
  progress: (line: string) => void
): Promise<VFileMessage[]> {
  const {default: puppeteer} = await import('puppeteer-core')
  const timeout = options.printTimeout ?? 120_000
  progress('starting ' + path.basename(executablePath))
  const browser = await puppeteer.launch({executablePath, headless: true, args: launchArguments(), timeout})
  const pid = browser.process()?.pid
  progress('started ' + path.basename(executablePath) + (pid ? ' (pid ' + pid + ')' : ''))
  const messages: VFileMessage[] = []
  // On cancel, stop the browser at once: pending calls fail fast instead of
  // waiting out their time limits.
  const closeOnAbort = () => void browser.process()?.kill('SIGKILL')
  options.signal?.addEventListener('abort', closeOnAbort, {once: true})
  try {
    const producer = 'kaitei (' + (await browser.version()) + ')'
    for (const [index, edition] of editions.entries()) {
      options.signal?.throwIfAborted()
      const name = edition.audience.name
      const started = performance.now()
      progress('printing ' + name + ' (' + (index + 1) + '/' + editions.length + ')')
      const result = await printEdition(browser, {
        dir: path.join(staging, name),
        html: edition.printHtml,
        timeout,
        signal: options.signal,
        onProgress: (line) => progress(name + ': ' + line)
      })
      if (result.blocked.length > 0) {
        const message = new VFileMessage('Blocked ' + result.blocked.length + ' request(s) from the print page outside the edition, e.g. `' + result.blocked[0] + '`', {source: 'kaitei', ruleId: 'pdf-offline'})
        messages.push(message)
      }
      const metadata = pdfMetadata(config, edition, producer, edition.printHtml + JSON.stringify([...result.tocPages]))
      const {bytes, pages} = await finishPdf(result.pdf, metadata)
      messages.push(...guardStrings(edition, config.id + '.pdf (metadata)', [metadata.title, metadata.author, metadata.subject, ...metadata.keywords]))
      const file = config.id + '.pdf'
      await fs.writeFile(path.join(staging, name, file), bytes)
      const seconds = (performance.now() - started) / 1000
      const entry = written.find((d) => d.audience === name)
      if (entry) entry.pdf = {path: path.join(entry.dir, file), pages, passes: result.passes, seconds}
      progress('printed ' + name + ': ' + pages + ' pages in ' + seconds.toFixed(1) + ' s' + (result.passes > 1 ? ' (' + result.passes + ' passes)' : ''))
    }
  } catch (error) {
    // Closing the browser on abort makes pending calls fail: report the abort.
    if (options.signal?.aborted) throw options.signal.reason ?? error
    throw error
  } finally {
    options.signal?.removeEventListener('abort', closeOnAbort)
    await browser.close().catch(() => {})
  }
  return messages
}

/** Document information: reproducible (dates from the amendment or SOURCE_DATE_EPOCH). */
function pdfMetadata(config: PolicyConfig, edition: Edition, producer: string, identity: string): PdfMetadata {
  const latest = edition.history[edition.history.length - 1]
  const epoch = Number(process.env.SOURCE_DATE_EPOCH)
  const date = Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH
    ? new Date(epoch * 1000)
    : latest
      ? new Date(latest.date.iso + 'T00:00:00+09:00')
      : new Date()
  const marking = edition.audience.marking ?? config.marking
  return {
    title: config.title + '（' + edition.audience.label + '）',
    author: config.owner,
    subject: edition.audience.label + (marking && marking !== edition.audience.label ? ' / ' + marking : ''),
    keywords: [config.id, edition.audience.name, edition.audience.label, ...(latest ? [latest.date.iso] : [])],
    date,
    producer,
    identity
  }
}

async function writeEdition(dir: string, edition: Edition) {
  const parents = new Set(edition.files.map((file) => path.dirname(path.join(dir, file.path))))
  for (const parent of [...parents].sort()) await fs.mkdir(parent, {recursive: true})
  // Fonts are ~100 small files: write in parallel, a few at a time.
  await inBatches(edition.files, 32, (file) => {
    const target = path.join(dir, file.path)
    return 'copyFrom' in file ? fs.copyFile(file.copyFrom, target, constants.COPYFILE_FICLONE) : fs.writeFile(target, file.content)
  })
}

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<unknown>) {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(run))
  }
}

/** Refuse to replace a non-empty folder that kaitei did not make. */
async function assertReplaceable(out: string) {
  let entries: string[]
  try {
    entries = await fs.readdir(out)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  if (entries.length === 0 || entries.includes(manifestName)) return
  throw new KaiteiError(
    'Refusing to replace `' + out + '`: it is not empty and has no ' + manifestName + ', expected an output folder made by kaitei (choose another --out)',
    'E_OUT_NOT_KAITEI'
  )
}

/** Replace only some editions of `out` (each by two renames), then the marker. */
async function swapEditions(staging: string, out: string, names: string[]) {
  await fs.mkdir(out, {recursive: true})
  for (const name of names) await swapIn(path.join(staging, name), path.join(out, name))
  await fs.rename(path.join(staging, manifestName), path.join(out, manifestName))
  await fs.rm(staging, {recursive: true, force: true})
}

/** Replace `out` with `staging` by two renames; the old build is removed last. */
async function swapIn(staging: string, out: string) {
  const old = out + '.old-' + randomBytes(4).toString('hex')
  let moved = false
  try {
    await fs.rename(out, old)
    moved = true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  try {
    await fs.rename(staging, out)
  } catch (error) {
    // Put the previous build back.
    if (moved) await fs.rename(old, out)
    throw error
  }
  if (moved) await fs.rm(old, {recursive: true, force: true})
}
