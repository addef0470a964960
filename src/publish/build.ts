/**
 * `kaitei build`, as its stages: load the inputs, render every edition in
 * memory, stop on any error, guard against leaks, write into a staging
 * folder, print the PDFs, add the history pages, swap the staging folder
 * in. A failed build (bad front matter, a leak, a full disk) leaves the
 * previous output untouched. Each stage lives in the room of its concern.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import type {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import {resolveAudience} from '../access/audiences.js'
import {KaiteiContext} from '../context.js'
import {guardJobs} from './guard.js'
import {BrowserNotFoundError, browserHelp, browserProblem, findBrowser} from '../browser.js'
import {editionJobs} from './editions.js'
import type {EditionJob, PrintRequest} from './job.js'
import {loadConfig, type PolicyConfig} from '../config/load-config.js'
import {assetsHash, renderEditions} from '../edition/render-edition.js'
import {KaiteiProblemsError} from '../errors.js'
import {GitError} from '../history/git.js'
import {HistorySession} from '../history/session.js'
import {assertReplaceable, createStaging, lockOutput, manifestName, removeStale, swapEditions, swapIn} from '../output/output-folder.js'
import {keepOnlyPdfs, writeBuildMarker, writeEdition, writePages} from '../output/write.js'
import {printJobs, type PrintJob} from '../pdf/print-jobs.js'
import {ConfigProblemError, loadPublicationFromConfig, readSources, type SourceText} from '../publication.js'
import {dedupeMessages} from '../messages.js'
import {applyLint, lintPublication} from '../lint/index.js'

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
  /** Render the editions as in force on this date (ISO or 和暦), from git. */
  at?: string
  /** Also write every recorded version (`<audience>/versions/<date>/`) and `<audience>/history.html`. */
  allVersions?: boolean
  /** Build only these audiences (default: all); other editions in `out` stay as they are. */
  audiences?: string[]
  /** Threads for rendering (default: automatic, see `RenderPoolOptions.threads`). */
  threads?: number
  /** Cancels the build between stages. */
  signal?: AbortSignal
  /** Progress lines for the terminal (default: none). */
  onProgress?: (line: string) => void
  /**
   * Where themes, fonts, processors and parsed sections are kept between
   * calls (default: a new context). A long-running process hands the same
   * one to every build: each sees every edit, and parses only what changed.
   */
  context?: KaiteiContext
}

export interface BuildResult {
  /** Absolute output folder. */
  out: string
  editions: Array<{audience: string; dir: string; files: number; pdf?: {path: string; pages: number; passes: number; seconds: number}}>
  /** Warnings (a build with errors throws `BuildFailedError`). */
  messages: VFileMessage[]
  /** Plain notices for the terminal (e.g. why PDFs were skipped). */
  notices: string[]
  /** Versions written by `allVersions` (`inForce`: the one in force, else a past one); `key`: the amendment's identity (its date, `-2` for a second one that day). */
  versions: Array<{audience: string; key: string; dir: string; pdf?: string; inForce: boolean}>
}

export {manifestName}

/** A build stopped by problems in the sources; nothing was written. */
export class BuildFailedError extends KaiteiProblemsError {
  constructor(messages: VFileMessage[]) {
    const errors = messages.filter((d) => d.fatal).length
    super('Build failed with ' + errors + ' error' + (errors === 1 ? '' : 's') + '; the previous build was left as it was', 'E_BUILD_FAILED', messages)
  }
}

export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const progress = options.onProgress ?? (() => {})
  const {signal} = options
  const context = options.context ?? new KaiteiContext()
  const formats = new Set<OutputFormat>(options.formats ?? ['html', 'pdf'])
  const notices: string[] = []

  // Inputs: the config, the sources, the audiences asked for, the history.
  const {config, file: configFile} = await loadConfig(options.config ?? 'kaitei.yaml')
  if (!config) throw new BuildFailedError([...configFile.messages])
  const sources = await readSources(config, configFile).catch((error: unknown) => {
    throw error instanceof ConfigProblemError ? new BuildFailedError([...error.file.messages]) : error
  })
  signal?.throwIfAborted()
  const out = path.resolve(options.out ?? path.join(config.root, 'build'))
  const selected = options.audiences?.length
    ? options.audiences.map((name) => resolveAudience(config, name)).filter((d, i, all) => all.indexOf(d) === i)
    : config.audiences
  if (formats.has('pdf') && options.watermark) {
    for (const audience of selected) if (audience.public) notices.push('the watermark is for non-public editions: not applied to ' + audience.name)
  }
  // A browser when PDFs are wanted (the print pages are built only then),
  // found before anything is started that would have to be stopped.
  const executablePath = formats.has('pdf') ? browserFor(options, formats, notices) : undefined
  const session = await openHistory(config, configFile, {...options, context}, notices)

  // Render every edition in memory; stop on any error, then on any leak.
  let jobs: EditionJob[]
  const messages: VFileMessage[] = [...configFile.messages]
  try {
    const rendered = await editionJobs({
      config,
      configFile,
      sources,
      session,
      audiences: selected,
      at: options.at,
      allVersions: options.allVersions,
      print: executablePath !== undefined,
      watermark: formats.has('pdf') ? options.watermark : undefined,
      threads: options.threads,
      signal,
      context,
      progress
    })
    jobs = rendered.jobs
    messages.push(...rendered.messages, ...jobs.flatMap((d) => d.edition.messages))
  } finally {
    session?.close()
  }
  messages.push(...(await publicationLint(config, configFile, sources, jobs, context)))
  // The config's `lint:` says which rules warn, stop the build, or say nothing.
  messages.splice(0, messages.length, ...applyLint(messages, config.lint))
  failOnErrors(messages)
  messages.push(...(await guardJobs(jobs, {progress})))
  failOnErrors(messages)
  signal?.throwIfAborted()

  // Write into a staging folder (one build at a time; what a killed build left cleaned first), print, swap in.
  const lock = await lockOutput(out, {signal, onWait: progress})
  let staging: string | undefined
  try {
    for (const entry of await removeStale(out)) progress('removed ' + entry + ', left by a build that did not finish')
    await assertReplaceable(out)
    staging = await createStaging(out)
    for (const job of jobs) {
      const dir = path.join(staging, job.dir)
      await writeEdition(dir, job.edition)
      await writePages(dir, job.pages)
      job.written = {audience: job.edition.audience.name, dir: path.join(out, job.dir), files: job.edition.files.length}
      if (formats.has('html')) progress('wrote ' + job.dir + ' (' + job.edition.files.length + ' files)')
      signal?.throwIfAborted()
    }
    if (executablePath) {
      const requests = printRequestsOf(jobs, staging, out)
      const printed = await printJobs([...requests.keys()], {executablePath, timeout: options.printTimeout, signal, progress})
      failOnErrors(dedupeMessages(printed.messages))
      messages.push(...printed.messages)
      // Each result on the request it answers; each edition's own PDF as written in the output.
      for (const [job, request] of requests) request.printed = printed.results.get(job)
      for (const job of jobs) {
        const result = job.print?.printed
        if (result) job.written!.pdf = {...result, path: path.join(job.written!.dir, path.basename(result.path))}
      }
    }
    if (!formats.has('html')) for (const job of jobs) await keepOnlyPdfs(path.join(staging, job.dir))
    await writeBuildMarker(staging, config, config.audiences)
    if (selected.length < config.audiences.length) await swapEditions(staging, out, selected.map((d) => d.name))
    else await swapIn(staging, out)
    return {
      out,
      editions: jobs.filter((d) => d.main).map((d) => d.written!),
      versions: jobs.filter((d) => !d.main).map((d) => ({audience: d.edition.audience.name, key: d.version!.amendment.key, dir: d.written!.dir, pdf: d.written!.pdf?.path, inForce: d.inForce === true})),
      messages: dedupeMessages(messages),
      notices
    }
  } catch (error) {
    if (staging) await fs.rm(staging, {recursive: true, force: true})
    throw error
  } finally {
    await lock.release()
  }
}

/**
 * The history from git: required for `--at`; otherwise used when available
 * (past versions, the version switcher, 「改正」 markers) and skipped with a
 * notice, so that a copy of the policy outside git (a zip, a shallow CI
 * checkout) still builds. A damaged repository is an error.
 */
async function openHistory(config: PolicyConfig, configFile: Parameters<typeof HistorySession.open>[1], options: BuildOptions, notices: string[]): Promise<HistorySession | undefined> {
  try {
    return await HistorySession.open(config, configFile, {signal: options.signal, context: options.context})
  } catch (error) {
    if (!(error instanceof GitError) || error.code === 'E_GIT_CORRUPT' || error.code === 'E_CANCELLED' || options.at !== undefined) throw error
    notices.push((options.allVersions ? 'past versions and history skipped: ' : 'history skipped: ') + error.message)
    return undefined
  }
}

/**
 * The rules over the whole publication (`cross-reference`, `defined-term`)
 * when `lint:` makes one an error: a build stops on them, as `kaitei check`
 * does. Otherwise they are check's and the preview's (they read every
 * file's syntax tree). Read from the working tree's edition that sees
 * most: the one built, or rendered for this when the build leaves it out
 * (`--audience public`, `--at`).
 */
async function publicationLint(config: PolicyConfig, configFile: VFile, sources: readonly SourceText[], jobs: readonly EditionJob[], context: KaiteiContext): Promise<VFileMessage[]> {
  if (config.lint?.['cross-reference'] !== 'error' && config.lint?.['defined-term'] !== 'error') return []
  // The texts the build rendered, not the disk again (a file saved meanwhile is the next build's).
  const texts = new Map(sources.map((d) => [d.path, d.text]))
  const publication = await loadPublicationFromConfig(config, configFile, {context, readSource: async (file) => texts.get(file) ?? fs.readFile(file, 'utf8')})
  const strictest = [...config.audiences].sort((a, b) => b.clearance.length - a.clearance.length)[0]!
  const built = jobs.find((d) => d.main && !d.version && d.edition.audience.name === strictest.name)?.edition
  const editions = built ? [built] : (await renderEditions(publication, [strictest], {context})).editions
  return lintPublication(publication, editions)
}

/** A browser when PDFs are wanted; without one, say why they are skipped (or fail, when they were asked for). */
function browserFor(options: BuildOptions, formats: Set<OutputFormat>, notices: string[]): string | undefined {
  const executablePath = findBrowser()
  if (executablePath) return executablePath
  if (options.formatsExplicit) throw new BrowserNotFoundError()
  formats.delete('pdf')
  notices.push('PDF editions skipped: ' + browserProblem() + '; to print them, ' + browserHelp)
  return undefined
}

/**
 * The PDFs of a build, each with the request it answers: each edition's
 * (printed from its print page), then the pages beside it that are printed
 * (a past version's 新旧対照表 and 改め文), in the order of the jobs.
 */
function printRequestsOf(jobs: readonly EditionJob[], staging: string, out: string): Map<PrintJob, PrintRequest> {
  const requests = new Map<PrintJob, PrintRequest>()
  for (const job of jobs) {
    const dir = path.join(staging, job.dir)
    if (job.print && job.edition.printHtml !== undefined) {
      const {edition} = job
      requests.set(
        {dir, name: job.dir, file: job.print.file, html: edition.printHtml, assets: assetsHash(edition), previous: path.join(out, job.dir), metadata: job.print.metadata},
        job.print
      )
    }
    for (const page of job.pages) {
      if (page.print) requests.set({dir, name: job.dir + '/' + page.print.file, file: page.print.file, page: page.file, metadata: page.print.metadata}, page.print)
    }
  }
  return requests
}

function failOnErrors(messages: readonly VFileMessage[]) {
  const unique = dedupeMessages(messages)
  if (unique.some((d) => d.fatal)) throw new BuildFailedError(unique)
}
