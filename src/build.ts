/**
 * `kaitei build`: render every edition, write them into a staging folder,
 * then swap it in. A failed build (bad front matter, a broken file) leaves
 * the previous output untouched.
 */
import {createHash} from 'node:crypto'
import {constants} from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import {loadConfig} from './config/load-config.js'
import {assembleEdition, resolveAudience, type Edition, type VersionLinks} from './edition/render-edition.js'
import type {DocumentInput} from './edition/render-document.js'
import type {Audience} from './access/audiences.js'
import {amendmentsFor, canSeeAmendment, versionsFor} from './access/history-filter.js'
import {GitError, BlobReader} from './history/git.js'
import {renderHistoryPage} from './history/history-page.js'
import {sectionChanges} from './history/section-changes.js'
import {loadVersion} from './history/version-publication.js'
import {readPolicyHistory, versionInForce, type PolicyHistory, type Version} from './history/versions.js'
import {formatDate, parseDate} from './wareki.js'
import {renderDocuments} from './edition/render-pool.js'
import {KaiteiError} from './errors.js'
import {guardEdition, guardStrings} from './access/leak-guard.js'
import {BrowserNotFoundError, browserHelp, browserProblem, findBrowser, launchBrowser} from './browser.js'
import type {PolicyConfig} from './config/load-config.js'
import {finishPdf} from './pdf/pdf-document.js'
import {comparisonMetadata, pdfMetadata} from './pdf/pdf-metadata.js'
import {printEdition, printFile} from './pdf/print-edition.js'
import {compareSides} from './diff/diff-versions.js'
import {renderComparisonTable, renderRedline} from './diff/render-html.js'
import {VFileMessage} from 'vfile-message'
import {cacheParsedSections} from './processor.js'
import {ConfigProblemError, readSources, type Publication, type SourceDocument} from './publication.js'
import {dedupeMessages} from './report.js'
import {allWords, labelsFor} from './edition/labels.js'
import {assertReplaceable, createStaging, lockOutput, manifestName, removeStale, swapEditions, swapIn} from './output/output-folder.js'

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
}

export interface BuildResult {
  /** Absolute output folder. */
  out: string
  editions: Array<{audience: string; dir: string; files: number; pdf?: {path: string; pages: number; passes: number; seconds: number}}>
  /** Warnings (a build with errors throws `BuildFailedError`). */
  messages: VFileMessage[]
  /** Plain notices for the terminal (e.g. why PDFs were skipped). */
  notices: string[]
  /** Past versions written by `allVersions`. */
  /** `key`: the amendment's identity (its date, `-2` for a second one that day). */
  versions: Array<{audience: string; key: string; dir: string; pdf?: string}>
}

export {manifestName}

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
  if (formats.has('pdf') && options.watermark) {
    for (const audience of selected) if (audience.public) notices.push('the watermark is for non-public editions: not applied to ' + audience.name)
  }

  // History from git: required for --at; otherwise used when available (past
  // versions, 版 switcher, 「改正」 markers) and skipped with a notice, so that a
  // copy of the policy outside git (a zip, a shallow CI checkout) still builds.
  let history: PolicyHistory | undefined
  try {
    history = await readPolicyHistory(config)
  } catch (error) {
    if (!(error instanceof GitError) || error.code === 'E_GIT_CORRUPT' || options.at !== undefined) throw error
    notices.push((options.allVersions ? 'past versions and history skipped: ' : 'history skipped: ') + error.message)
  }
  const reader = history ? new BlobReader(history.repository.root) : undefined
  // Every version is parsed: each parses only the sections that changed.
  if (history && options.allVersions) cacheParsedSections()
  const jobs: EditionJob[] = []
  try {
    const recorded = history ? history.versions.filter((d) => d.commit) : []
    const loaded = new Map<string, Publication>()
    const versionText = async (version: Version) => {
      let publication = loaded.get(version.amendment.key)
      if (!publication) {
        // Files unchanged since the version loaded before are not parsed again.
        publication = await loadVersion(config, configFile, history!, version, reader!, [...loaded.values()].pop())
        loaded.set(version.amendment.key, publication)
      }
      return publication
    }
    // Every audience sees the history through the same filter (access/history-filter.ts).
    const visibleVersions = (audience: Audience) => versionsFor(audience, recorded)

    // Which text each main edition shows: the working tree, or --at a date the
    // version in force among those the audience may see.
    const mainVersions = new Map<Audience, Version>()
    if (options.at !== undefined) {
      const parsed = parseDate(options.at)
      if (!parsed.ok) throw new KaiteiError('Unexpected date `' + options.at + '` for --at: ' + parsed.reason, 'E_BAD_DATE')
      for (const audience of selected) {
        const versions = versionsFor(audience, history!.versions)
        const inForce = versionInForce(versions, parsed.iso)
        const first = versions.find((d) => d.commit)
        const edition = versions.length < history!.versions.length ? ' (as the `' + audience.name + '` edition sees the history)' : ''
        if (!inForce || !first || inForce.amendment.index < first.amendment.index) {
          throw new KaiteiError(
            'No recorded text was in force on ' + options.at + edition +
              (first ? ': the first recorded version took effect on ' + first.amendment.effective.iso : ': no version is recorded in git'),
            'E_BEFORE_HISTORY'
          )
        }
        if (!inForce.commit) {
          throw new KaiteiError('The amendment in force on ' + options.at + edition + ' (' + inForce.amendment.date.written + ') has no recorded text', 'E_NOT_RECORDED')
        }
        mainVersions.set(audience, inForce)
      }
      // Say which: with two amendments on one day, the last adopted that day.
      progress('rendering the version in force on ' + parsed.iso + ': ' + [...new Set([...mainVersions.values()].map((d) => d.amendment.key + (d.amendment.label ? ' (' + d.amendment.label + ')' : '')))].join(', '))
    }

    // 「改正」 markers: the sections `version` changed since the version before
    // it that the audience may see (as its redline does), per audience.
    const amendedFor = async (audiences: Audience[], versionOf: (audience: Audience) => Version | undefined) => {
      const out: Record<string, Record<string, string>> = {}
      for (const audience of audiences) {
        const version = versionOf(audience)
        if (!version) continue
        const visible = visibleVersions(audience)
        const before = visible[visible.indexOf(version) - 1]
        if (!before) continue
        const [a, b] = await Promise.all([versionText(before), versionText(version)])
        const label = labelsFor(config.lang).amended(formatDate(version.amendment.date.date, config.dateStyle))
        const changes = await sectionChanges(a, b, audience)
        out[audience.name] = Object.fromEntries(changes.filter((d) => d.kind !== 'removed').map((d) => [d.id, label]))
      }
      return out
    }
    const latestFor = (audience: Audience) => visibleVersions(audience).at(-1)

    // Links between versions, relative to a page at `depth` below the edition folder.
    const switcher = (audience: Audience, shown: Version | undefined, inVersionsFolder: boolean) => {
      if (!options.allVersions) return undefined
      const up = inVersionsFolder ? '../../' : ''
      const list = visibleVersions(audience).map((version) => ({
        label: versionLabel(config, version),
        href: up + 'versions/' + version.amendment.key + '/index.html',
        current: shown === version
      }))
      const labels = labelsFor(config.lang)
      const latest = latestFor(audience)
      const currentLabel = shown
        ? versionLabel(config, shown)
        : history?.worktree
          ? labels.currentWithChanges
          : latest
            ? versionLabel(config, latest) + labels.currentMark
            : labels.current
      list.push({label: labels.current, href: up + 'index.html', current: !shown})
      return {current: currentLabel, list, history: up + 'history.html'}
    }

    // The main editions, grouped by the text they show (one group without --at).
    const groups = new Map<Version | undefined, Audience[]>()
    for (const audience of selected) {
      const version = mainVersions.get(audience)
      groups.set(version, [...(groups.get(version) ?? []), audience])
    }
    for (const [version, audiences] of groups) {
      const publication = version ? await versionText(version) : undefined
      const docs = publication ? publication.documents.map(toInput) : sources
      progress('rendering ' + docs.length + ' files for ' + audiences.map((d) => d.name).join(', '))
      const editions = await renderSet(publication?.config ?? config, docs, audiences, {
        relaxed: version !== undefined,
        amended: await amendedFor(audiences, (audience) => mainVersions.get(audience) ?? latestFor(audience)),
        versions: (audience) => switcher(audience, version, false),
        watermark: formats.has('pdf') ? options.watermark : undefined,
        threads: options.threads
      })
      for (const edition of editions) {
        if (version) edition.messages = inVersion(edition.messages, version)
        jobs.push({edition, dir: edition.audience.name, main: true})
      }
    }
    // Jobs in the order of the audiences, whatever the groups.
    jobs.sort((a, b) => selected.indexOf(a.edition.audience) - selected.indexOf(b.edition.audience))

    if (options.allVersions) {
      for (const version of recorded) {
        signal?.throwIfAborted()
        const audiences = selected.filter((d) => canSeeAmendment(d, version.amendment))
        if (audiences.length === 0) continue
        const publication = await versionText(version)
        progress('rendering version ' + version.amendment.key)
        // The diff from the previous version this audience may see: redline and 新旧対照表.
        const pages = new Map<string, DiffPages>()
        for (const audience of audiences) {
          const before = visibleVersions(audience).filter((d) => d.amendment.index < version.amendment.index).pop()
          if (!before) continue
          const diff = await compareSides(
            config,
            audience,
            {side: {spec: before.amendment.key, label: versionLabel(config, before)}, publication: await versionText(before)},
            {side: {spec: version.amendment.key, label: versionLabel(config, version)}, publication}
          )
          const pageOptions = {lang: config.lang, public: audience.public}
          pages.set(audience.name, {before, redline: renderRedline(diff, pageOptions), table: renderComparisonTable(diff, pageOptions)})
        }
        const editions = await renderSet(publication.config, publication.documents.map(toInput), audiences, {
          relaxed: true,
          amended: await amendedFor(audiences, () => version),
          versions: (audience) => switcher(audience, version, true),
          watermark: formats.has('pdf') ? options.watermark : undefined,
          // The diff pages use the version's fonts: they must cover the older text too.
          extraText: (audience) => {
            const diff = pages.get(audience.name)
            return diff ? diff.redline + diff.table : ''
          }
        })
        for (const edition of editions) {
          edition.messages = inVersion(edition.messages, version)
          jobs.push({edition, dir: edition.audience.name + '/versions/' + version.amendment.key, main: false, version, diff: pages.get(edition.audience.name)})
        }
      }
      messages.push(...(await hiddenChanges(configFile, recorded, selected, versionText)))
    }
  } finally {
    reader?.close()
  }
  for (const job of jobs) messages.push(...job.edition.messages)
  let unique = dedupeMessages(messages)
  if (unique.some((d) => d.fatal)) throw new BuildFailedError(unique)

  // The leak guard: no artifact of an edition holds text only stricter ones may.
  for (const job of jobs) {
    progress('checking ' + job.dir + ' for leaks')
    messages.push(...(await guardEdition(job.edition)))
    if (job.diff) {
      // A diff shows two versions: what either withheld, unless either shows it.
      const before = jobs.find((d) => !d.main && d.version === job.diff!.before && d.edition.audience === job.edition.audience)!.edition
      const both = {
        audience: job.edition.audience,
        withheld: [...job.edition.withheld, ...before.withheld],
        visibleText: [...job.edition.visibleText, ...before.visibleText]
      }
      messages.push(...guardStrings(both, job.dir.slice(job.edition.audience.name.length + 1) + '/diff.html', [job.diff.redline]))
      messages.push(...guardStrings(both, job.dir.slice(job.edition.audience.name.length + 1) + '/shinkyu.html', [job.diff.table]))
    }
  }
  unique = dedupeMessages(messages)
  if (unique.some((d) => d.fatal)) throw new BuildFailedError(unique)
  signal?.throwIfAborted()

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

  // One build writes into `out` at a time; what a killed build left is cleaned first.
  const lock = await lockOutput(out, {signal, onWait: progress})
  let staging: string | undefined
  try {
    for (const entry of await removeStale(out)) progress('removed ' + entry + ', left by a build that did not finish')
    await assertReplaceable(out)
    staging = await createStaging(out)
    const written: BuildResult['editions'] = []
    for (const job of jobs) {
      await writeEdition(path.join(staging, job.dir), job.edition)
      job.written = {audience: job.edition.audience.name, dir: path.join(out, job.dir), files: job.edition.files.length}
      if (job.main) written.push(job.written)
      if (job.diff) {
        await fs.writeFile(path.join(staging, job.dir, 'diff.html'), job.diff.redline)
        await fs.writeFile(path.join(staging, job.dir, 'shinkyu.html'), job.diff.table)
      }
      if (formats.has('html')) progress('wrote ' + job.dir + ' (' + job.edition.files.length + ' files)')
      signal?.throwIfAborted()
    }
    if (formats.has('pdf')) {
      const pdfMessages = await printEditions(config, jobs, staging, out, executablePath!, options, progress)
      const pdfProblems = dedupeMessages(pdfMessages)
      if (pdfProblems.some((d) => d.fatal)) throw new BuildFailedError(pdfProblems)
      unique.push(...pdfProblems)
    }
    if (options.allVersions) {
      for (const audience of selected) {
        const entries = amendmentsFor(audience, config.history).history.map((amendment) => {
          const job = jobs.find((d) => !d.main && d.edition.audience === audience && d.version?.amendment.index === amendment.index)
          const base = 'versions/' + amendment.key + '/'
          return {
            amendment,
            href: job ? base + 'index.html' : undefined,
            pdf: job?.written?.pdf ? base + config.id + '.pdf' : undefined,
            redline: job?.diff ? base + 'diff.html' : undefined,
            table: job?.diff ? base + (job.written?.pdf ? 'shinkyu.pdf' : 'shinkyu.html') : undefined
          }
        })
        const page = renderHistoryPage(config, audience, entries)
        const main = jobs.find((d) => d.main && d.edition.audience === audience)!
        messages.push(...guardStrings(main.edition, 'history.html', [page]))
        await fs.writeFile(path.join(staging, audience.name, 'history.html'), page)
      }
      const historyProblems = dedupeMessages(messages)
      if (historyProblems.some((d) => d.fatal)) throw new BuildFailedError(historyProblems)
    }
    if (!formats.has('html')) {
      // Only the PDFs (and each edition's manifest) stay.
      for (const job of jobs) {
        const dir = path.join(staging, job.dir)
        for (const entry of await fs.readdir(dir)) {
          if (!entry.endsWith('.pdf') && entry !== 'manifest.json' && entry !== 'versions' && entry !== pagesFile) await fs.rm(path.join(dir, entry), {recursive: true, force: true})
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
    const versions = jobs.filter((d) => !d.main).map((d) => ({audience: d.edition.audience.name, key: d.version!.amendment.key, dir: d.written!.dir, pdf: d.written!.pdf?.path}))
    return {out, editions: written, versions, messages: unique, notices}
  } catch (error) {
    if (staging) await fs.rm(staging, {recursive: true, force: true})
    throw error
  } finally {
    await lock.release()
  }
}

/**
 * A restricted amendment that changes text a looser edition shows cannot be
 * hidden from it: its readers see the change, under the next amendment they
 * may see. Say so (a warning at the entry), rather than let it pass unseen.
 */
async function hiddenChanges(
  configFile: {path: string},
  recorded: Version[],
  audiences: Audience[],
  versionText: (version: Version) => Promise<Publication>
): Promise<VFileMessage[]> {
  const out: VFileMessage[] = []
  for (const [index, version] of recorded.entries()) {
    const before = recorded[index - 1]
    if (!before) continue
    for (const audience of audiences) {
      if (canSeeAmendment(audience, version.amendment)) continue
      const changes = await sectionChanges(await versionText(before), await versionText(version), audience)
      if (changes.length === 0) continue
      const sections = changes.map((d) => d.number ?? d.title).slice(0, 5).join(', ') + (changes.length > 5 ? ' …' : '')
      const message = new VFileMessage(
        'Unexpected change to text the `' + audience.name + '` edition shows (' + sections + ') in the amendment of ' + version.amendment.date.written +
          ', which `' + audience.name + '` may not see (access: ' + version.amendment.access + '), expected a restricted amendment to change only text its audience sees: `' +
          audience.name + '` readers see the change under the next amendment they may see',
        {place: version.amendment.place.entry, source: 'kaitei', ruleId: 'access-history'}
      )
      message.file = configFile.path
      out.push(message)
    }
  }
  return out
}

/**
 * Problems found in a past version name the version and its commit: the
 * file they point at has other text today (and history cannot be edited).
 */
function inVersion(messages: readonly VFileMessage[], version: Version): VFileMessage[] {
  const where = ' (in the version of ' + version.amendment.key + (version.amendment.label ? ' ' + version.amendment.label : '') + ', commit ' + (version.commit ?? '').slice(0, 10) + ')'
  // History cannot be edited: today's rules are warnings there, except those
  // that keep text from a reader who may not see it (and limits on input).
  const strict = (ruleId: string | undefined) => Boolean(ruleId && (ruleId.startsWith('access') || ruleId === 'leak' || ruleId === 'source-limit' || ruleId === 'source-outside'))
  return messages.map((message) => {
    const renamed =
      message.ruleId === 'access-audience' && message.reason.startsWith('Unexpected audience')
        ? '; if the audience was renamed since, list its old name in `renamedFrom:` of the audience it became'
        : ''
    const copy = new VFileMessage(message.reason + renamed + where, {place: message.place, ruleId: message.ruleId, source: message.source})
    copy.file = message.file
    copy.fatal = message.fatal && strict(message.ruleId) ? true : message.fatal ? false : message.fatal
    return copy
  })
}

interface DiffPages {
  /** The version compared with. */
  before: Version
  redline: string
  table: string
}

interface EditionJob {
  edition: Edition
  /** For a past version: its diff from the previous one. */
  diff?: DiffPages
  /** Folder under the output: `staff` or `staff/versions/2026-03-25`. */
  dir: string
  /** Whether this is an edition's main page (not a past version). */
  main: boolean
  version?: Version
  written?: BuildResult['editions'][number]
}

function toInput(doc: SourceDocument): DocumentInput {
  return {source: doc.source, path: doc.file.path, index: doc.index, text: String(doc.file.value), tree: doc.tree}
}

function versionLabel(config: PolicyConfig, version: Version): string {
  const {amendment} = version
  return formatDate(amendment.date.date, config.dateStyle) + ' ' + amendment.type + (amendment.label ? ' ' + amendment.label : '')
}

/** Render the editions of one text (the current one or a past version) for some audiences. */
async function renderSet(
  config: PolicyConfig,
  docs: DocumentInput[],
  audiences: Audience[],
  options: {
    amended?: Record<string, Record<string, string>>
    versions: (audience: Audience) => VersionLinks | undefined
    watermark?: string
    threads?: number
    extraText?: (audience: Audience) => string
    /** A past version: today's rules relaxed (see `PolicyProcessorOptions.relaxed`). */
    relaxed?: boolean
  }
): Promise<Edition[]> {
  const rendered = await renderDocuments(docs, audiences, {
    lang: config.lang,
    allAudiences: config.audiences,
    amended: options.amended,
    threads: options.threads,
    foreignKeys: config.foreignKeys,
    relaxed: options.relaxed,
    root: config.root,
    sources: config.sources
  })
  const editions: Edition[] = []
  for (const [index, audience] of audiences.entries()) {
    const watermark = options.watermark && !audience.public ? options.watermark : undefined
    editions.push(
      await assembleEdition(config, audience, rendered.map((d) => d[index]!), {
        watermark,
        extraText: (watermark ?? '') + allWords(config.lang) + ' 0123456789' + (options.extraText?.(audience) ?? ''),
        versions: options.versions(audience)
      })
    )
  }
  return editions
}


/**
 * Print every edition's PDF with one browser, launched once and closed on
 * every path. Returns leak-guard messages on the PDFs' metadata.
 */
/** Where an edition keeps the 目次 pages of its PDF for the next build. */
const pagesFile = '.kaitei-pages.json'

async function readKnownPages(file: string, key: string): Promise<Map<string, number> | undefined> {
  try {
    const data = JSON.parse(await fs.readFile(file, 'utf8')) as {key?: string; pages?: Record<string, number>}
    return data.key === key && data.pages ? new Map(Object.entries(data.pages)) : undefined
  } catch {
    return undefined
  }
}

async function printEditions(
  config: PolicyConfig,
  jobs: EditionJob[],
  staging: string,
  out: string,
  executablePath: string,
  options: BuildOptions,
  progress: (line: string) => void
): Promise<VFileMessage[]> {
  const timeout = options.printTimeout ?? 120_000
  progress('starting ' + path.basename(executablePath))
  const browser = await launchBrowser(executablePath, timeout)
  const pid = browser.process()?.pid
  progress('started ' + path.basename(executablePath) + (pid ? ' (pid ' + pid + ')' : ''))
  const messages: VFileMessage[] = []
  // On cancel, stop the browser at once: pending calls fail fast instead of
  // waiting out their time limits.
  const closeOnAbort = () => void browser.process()?.kill('SIGKILL')
  options.signal?.addEventListener('abort', closeOnAbort, {once: true})
  try {
    const producer = 'kaitei (' + (await browser.version()) + ')'
    // PDFs printed in this build, by what they are printed from (page and assets).
    const printed = new Map<string, {dir: string; bytes: Uint8Array; pages: number; tocPages: Map<string, number>}>()
    for (const [index, job] of jobs.entries()) {
      options.signal?.throwIfAborted()
      const {edition} = job
      const name = job.dir
      const started = performance.now()
      const file = config.id + '.pdf'
      // Pages of the 目次 from the previous build of the same print page, if any.
      const pagesKey = createHash('sha256').update(edition.printHtml).digest('hex')
      // The latest version usually is the current text: same page, same assets, same PDF.
      const identity = printIdentity(pagesKey, edition)
      const same = printed.get(identity)
      if (same) {
        await fs.writeFile(path.join(staging, job.dir, pagesFile), JSON.stringify({key: pagesKey, pages: Object.fromEntries(same.tocPages)}) + '\n')
        await fs.writeFile(path.join(staging, job.dir, file), same.bytes)
        const entry = job.written
        if (entry) entry.pdf = {path: path.join(entry.dir, file), pages: same.pages, passes: 0, seconds: (performance.now() - started) / 1000}
        const metadata = pdfMetadata(config, edition, producer, '')
        messages.push(...guardStrings(edition, config.id + '.pdf (metadata)', [metadata.title, metadata.author, metadata.subject, ...metadata.keywords]))
        progress('printed ' + name + ': the same page as ' + same.dir + ', its PDF (' + same.pages + ' pages) reused')
      } else {
        progress('printing ' + name + ' (' + (index + 1) + '/' + jobs.length + ')')
        const knownPages = await readKnownPages(path.join(out, job.dir, pagesFile), pagesKey)
        const result = await printEdition(browser, {
          dir: path.join(staging, job.dir),
          html: edition.printHtml,
          timeout,
          signal: options.signal,
          knownPages,
          onProgress: (line) => progress(name + ': ' + line)
        })
        await fs.writeFile(path.join(staging, job.dir, pagesFile), JSON.stringify({key: pagesKey, pages: Object.fromEntries(result.tocPages)}) + '\n')
        if (result.blocked.length > 0) {
          const urls = [...new Set(result.blocked)].sort()
          const shown = urls.slice(0, 3).map((url) => '`' + url + '`').join(', ') + (urls.length > 3 ? ' and ' + (urls.length - 3) + ' more' : '')
          const message = new VFileMessage('Blocked ' + result.blocked.length + ' request(s) from the print page outside the edition: ' + shown, {source: 'kaitei', ruleId: 'pdf-offline'})
          messages.push(message)
        }
        const metadata = pdfMetadata(config, edition, producer, edition.printHtml + JSON.stringify([...result.tocPages]))
        const {bytes, pages} = await finishPdf(result.pdf, metadata)
        messages.push(...guardStrings(edition, config.id + '.pdf (metadata)', [metadata.title, metadata.author, metadata.subject, ...metadata.keywords]))
        await fs.writeFile(path.join(staging, job.dir, file), bytes)
        printed.set(identity, {dir: name, bytes, pages, tocPages: result.tocPages})
        const seconds = (performance.now() - started) / 1000
        const entry = job.written
        if (entry) entry.pdf = {path: path.join(entry.dir, file), pages, passes: result.passes, seconds}
        progress('printed ' + name + ': ' + pages + ' pages in ' + seconds.toFixed(1) + ' s' + (result.passes > 1 ? ' (' + result.passes + ' passes)' : ''))
      }
      if (job.diff) {
        // The 新旧対照表 of this version, A4 landscape, reproducible like the edition.
        const table = path.join(staging, job.dir, 'shinkyu.html')
        const printed = await printFile(browser, {dir: path.join(staging, job.dir), file: table, timeout})
        const metadata = comparisonMetadata(config, edition.audience, job.version!.amendment.date.iso, producer, job.diff.table)
        await fs.writeFile(table.replace(/\.html$/, '.pdf'), (await finishPdf(printed, metadata)).bytes)
      }
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

/**
 * What a PDF is printed from: the print page and the theme's assets. The
 * font subsets are left out: each edition copies those its page and its
 * print page need (render-edition.ts selects them from both), so two
 * editions with the same print page have every subset it uses, and extra
 * subsets are never loaded. Equal identities print equal PDFs.
 */
function printIdentity(pageHash: string, edition: Edition): string {
  const assets = edition.files
    .filter((d) => d.path.startsWith('assets/') && !d.path.startsWith('assets/fonts') && d.path !== 'assets/search-index.js')
    .map((d) => d.path + '\0' + ('copyFrom' in d ? d.copyFrom : createHash('sha256').update(d.content).digest('hex')))
    .sort()
  return pageHash + '\0' + createHash('sha256').update(assets.join('\n')).digest('hex')
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
