/**
 * The editions a build renders, in memory: for each selected audience the
 * current text (or, `--at` a date, the version in force among those it
 * may see), and with `--all-versions` every recorded version it may see,
 * each with its redline and 新旧対照表 against the version before. Every
 * audience sees the history through the same filter
 * (access/history-filter.ts): its version switcher, its 「改正」 markers and
 * its past versions.
 */
import {VFileMessage} from 'vfile-message'
import type {VFile} from 'vfile'
import type {Audience} from '../access/audiences.js'
import {amendmentsFor, canSeeAmendment, versionsFor} from '../access/history-filter.js'
import type {PolicyConfig} from '../config/load-config.js'
import {modelCacheOf} from '../diff/model.js'
import {amendmentSide, compareSides} from '../diff/diff-versions.js'
import {renderRedline} from '../diff/render-html.js'
import {renderComparisonTable} from '../diff/render-table.js'
import {renderAratamePage} from '../diff/render-aratame.js'
import {amendmentName, amendmentWord, labelsFor} from '../labels.js'
import type {KaiteiContext} from '../context.js'
import type {DocumentInput} from '../edition/render-document.js'
import {renderEditionSet, toInput, type Edition, type VersionLinks} from '../edition/render-edition.js'
import {KaiteiError} from '../errors.js'
import {renderHistoryPage} from '../page/history-page.js'
import {pageNames, pdfOf} from '../page/page-names.js'
import {comparisonMetadata, pdfMetadata} from '../pdf/pdf-metadata.js'
import {sectionChanges} from '../diff/section-changes.js'
import type {HistorySession} from '../history/session.js'
import {versionInForce, type Version} from '../history/versions.js'
import {formatDate, parseDate} from '../wareki.js'
import type {EditionJob, JobPage, PrintRequest} from './job.js'

export interface EditionsInput {
  config: PolicyConfig
  configFile: VFile
  /** The working tree's sources. */
  sources: DocumentInput[]
  /** The history, when there is one (git). */
  session?: HistorySession
  /** The audiences to build. */
  audiences: Audience[]
  /** Render the editions as in force on this date (ISO or 和暦). */
  at?: string
  /** Also every recorded version, with its diff pages. */
  allVersions?: boolean
  /** Whether PDFs are printed (the print pages are built, the history pages link them). */
  print?: boolean
  /** Watermark for the PDF editions of non-public audiences. */
  watermark?: string
  threads?: number
  signal?: AbortSignal
  /** Where themes, fonts, processors and parsed sections are kept between calls. */
  context: KaiteiContext
  progress: (line: string) => void
}

/** Render every edition of the build, with the problems found on the way (each file's once per version; each edition's own on it). */
export async function editionJobs(input: EditionsInput): Promise<{jobs: EditionJob[]; messages: VFileMessage[]}> {
  const {config, session, audiences: selected, progress} = input
  const labels = labelsFor(config.lang)
  const recorded = session?.recorded ?? []
  const visibleVersions = (audience: Audience) => versionsFor(audience, recorded)
  const latestFor = (audience: Audience) => visibleVersions(audience).at(-1)
  const mainVersions = input.at === undefined ? new Map<Audience, Version>() : versionsInForce(input.at, session!, selected, progress)

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
      const [a, b] = await Promise.all([session!.load(before), session!.load(version)])
      const label = labels.amended(formatDate(version.amendment.date.date, config.dateStyle), amendmentWord([version.amendment.type]))
      const changes = await sectionChanges(a, b, audience, modelCacheOf(session!))
      out[audience.name] = Object.fromEntries(changes.filter((d) => d.kind !== 'removed').map((d) => [d.id, label]))
    }
    return out
  }

  // Links between versions, relative to a page in the edition's folder or in
  // versions/<key>/: each version once, the one in force labelled 現行 (it is
  // the edition's own page unless the working text has uncommitted changes).
  const switcher = (audience: Audience, shown: Version | undefined, inVersionsFolder: boolean): VersionLinks | undefined => {
    if (!input.allVersions) return undefined
    const up = inVersionsFolder ? '../../' : ''
    const latest = latestFor(audience)
    const worktree = session?.history.worktree !== undefined
    const inForce = (version: Version) => version === latest && !worktree
    const list = visibleVersions(audience).map((version) => ({
      label: versionLabel(config, version) + (version === latest ? labels.currentMark : ''),
      href: inForce(version) ? up + 'index.html' : up + 'versions/' + version.amendment.key + '/index.html',
      current: shown === version || (!shown && inForce(version))
    }))
    if (!latest || worktree) list.push({label: worktree ? labels.currentWithChanges : labels.current, href: up + 'index.html', current: !shown})
    const currentLabel = shown
      ? versionLabel(config, shown) + (shown === latest ? labels.currentMark : '')
      : worktree
        ? labels.currentWithChanges
        : latest
          ? versionLabel(config, latest) + labels.currentMark
          : labels.current
    // A version no longer in force says so, and links the text in force.
    const past =
      shown && latest && shown.amendment.index < latest.amendment.index
        ? {label: pastLabel(config, shown), current: up + 'index.html'}
        : undefined
    return {current: currentLabel, list, history: up + pageNames.history, past}
  }

  const messages: VFileMessage[] = []
  // Past versions first: the main editions' history pages link to them.
  const versionJobs: EditionJob[] = []
  for (const version of input.allVersions && session ? recorded : []) {
    input.signal?.throwIfAborted()
    const audiences = selected.filter((d) => canSeeAmendment(d, version.amendment))
    if (audiences.length === 0) continue
    const publication = await session!.load(version)
    progress('rendering version ' + version.amendment.key)
    // The diff from the previous version this audience may see: redline, 新旧対照表 and 改め文.
    const pages = new Map<string, {before: Version; pages: JobPage[]}>()
    for (const audience of audiences) {
      const before = visibleVersions(audience).filter((d) => d.amendment.index < version.amendment.index).pop()
      if (!before) continue
      const diff = await compareSides(
        config,
        audience,
        {side: amendmentSide(config, before), publication: await session!.load(before)},
        {side: amendmentSide(config, version), publication},
        modelCacheOf(session!)
      )
      const pageOptions = {lang: config.lang, public: audience.public}
      // Each printed page's PDF carries the document information of a comparison.
      const printed = (page: string, html: string, kind?: 'aratame'): PrintRequest | undefined =>
        input.print ? {file: pdfOf(page), metadata: (producer) => comparisonMetadata(config, audience, version.amendment.date.iso, producer, html, kind)} : undefined
      const table = renderComparisonTable(diff, pageOptions)
      const aratame = config.lang === 'ja' ? renderAratamePage(diff, pageOptions) : undefined
      pages.set(audience.name, {
        before,
        pages: [
          {file: pageNames.redline, html: renderRedline(diff, pageOptions), shows: 'comparison'},
          {file: pageNames.table, html: table, shows: 'comparison', print: printed(pageNames.table, table)},
          ...(aratame !== undefined ? [{file: pageNames.aratame, html: aratame, shows: 'comparison' as const, print: printed(pageNames.aratame, aratame, 'aratame')}] : [])
        ]
      })
    }
    const {editions, messages: found} = await renderEditionSet(publication.config, publication.documents.map(toInput), audiences, {
      relaxed: true,
      amended: await amendedFor(audiences, () => version),
      versions: (audience) => switcher(audience, version, true),
      print: input.print,
      watermark: input.watermark,
      signal: input.signal,
      context: input.context,
      // The diff pages are written in the version's folder: its fonts cover the older text too.
      pages: (audience) => (pages.get(audience.name)?.pages ?? []).map((d) => d.html)
    })
    messages.push(...inVersion(found, version))
    for (const edition of editions) {
      edition.messages = inVersion(edition.messages, version)
      const diff = pages.get(edition.audience.name)
      versionJobs.push({
        edition,
        dir: edition.audience.name + '/versions/' + version.amendment.key,
        main: false,
        version,
        inForce: latestFor(edition.audience) === version,
        comparedWith: diff?.before,
        pages: diff?.pages ?? [],
        print: editionPrint(config, edition, input.print, latestFor(edition.audience) === version ? undefined : pastLabel(config, version))
      })
    }
  }

  // The main editions, grouped by the text they show (one group without --at).
  const mainJobs: EditionJob[] = []
  const historyPages = new Map<Audience, string>()
  if (input.allVersions && session) {
    for (const audience of selected) historyPages.set(audience, historyPage(config, audience, versionJobs))
  }
  const groups = new Map<Version | undefined, Audience[]>()
  for (const audience of selected) {
    const version = mainVersions.get(audience)
    groups.set(version, [...(groups.get(version) ?? []), audience])
  }
  for (const [version, audiences] of groups) {
    const publication = version ? await session!.load(version) : undefined
    const docs = publication ? publication.documents.map(toInput) : input.sources
    progress('rendering ' + docs.length + ' files for ' + audiences.map((d) => d.name).join(', '))
    const {editions, messages: found} = await renderEditionSet(publication?.config ?? config, docs, audiences, {
      relaxed: version !== undefined,
      amended: await amendedFor(audiences, (audience) => mainVersions.get(audience) ?? latestFor(audience)),
      versions: (audience) => switcher(audience, version, false),
      print: input.print,
      watermark: input.watermark,
      threads: input.threads,
      signal: input.signal,
      context: input.context,
      pages: (audience) => (historyPages.has(audience) ? [historyPages.get(audience)!] : [])
    })
    messages.push(...(version ? inVersion(found, version) : found))
    for (const edition of editions) {
      if (version) edition.messages = inVersion(edition.messages, version)
      const history = historyPages.get(edition.audience)
      // The version this edition shows, for acknowledgements (`kaitei serve`): none for uncommitted text.
      const shown = version ?? (session && session.history.worktree === undefined ? latestFor(edition.audience) : undefined)
      stampVersion(edition, shown && shown.commit ? {key: shown.amendment.key, label: versionLabel(config, shown)} : null)
      mainJobs.push({
        edition,
        dir: edition.audience.name,
        main: true,
        pages: history !== undefined ? [{file: pageNames.history, html: history, shows: 'edition'}] : [],
        print: editionPrint(publication?.config ?? config, edition, input.print)
      })
    }
  }
  // Jobs in the order of the audiences, whatever the groups; then the past versions.
  mainJobs.sort((a, b) => selected.indexOf(a.edition.audience) - selected.indexOf(b.edition.audience))
  if (input.allVersions && session) messages.push(...(await hiddenChanges(input.configFile, session, selected)))
  return {jobs: [...mainJobs, ...versionJobs], messages}
}

/** Record in the edition's manifest.json the version its page shows (`null`: the working text, or no history). */
function stampVersion(edition: Edition, version: {key: string; label: string} | null): void {
  const file = edition.files.find((d) => d.path === 'manifest.json')
  if (!file || !('content' in file)) return
  const manifest = JSON.parse(String(file.content)) as Record<string, unknown>
  manifest.version = version
  file.content = JSON.stringify(manifest, null, 2) + '\n'
}

/** `--at`: for each audience, the version in force among those it may see. */
function versionsInForce(at: string, session: HistorySession, audiences: Audience[], progress: (line: string) => void): Map<Audience, Version> {
  const parsed = parseDate(at)
  if (!parsed.ok) throw new KaiteiError('Unexpected date `' + at + '` for --at: ' + parsed.reason, 'E_BAD_DATE')
  const out = new Map<Audience, Version>()
  const all = session.history.versions
  for (const audience of audiences) {
    const versions = versionsFor(audience, all)
    const inForce = versionInForce(versions, parsed.iso)
    const first = versions.find((d) => d.commit)
    const edition = versions.length < all.length ? ' (as the `' + audience.name + '` edition sees the history)' : ''
    if (!inForce || !first || inForce.amendment.index < first.amendment.index) {
      throw new KaiteiError(
        'No recorded text was in force on ' + at + edition + (first ? ': the first recorded version took effect on ' + first.amendment.effective.iso : ': no version is recorded in git'),
        'E_BEFORE_HISTORY'
      )
    }
    if (!inForce.commit) {
      throw new KaiteiError('The amendment in force on ' + at + edition + ' (' + inForce.amendment.date.written + ') has no recorded text', 'E_NOT_RECORDED')
    }
    out.set(audience, inForce)
  }
  // Say which: with two amendments on one day, the last adopted that day.
  progress('rendering the version in force on ' + parsed.iso + ': ' + [...new Set([...out.values()].map((d) => d.amendment.key + (d.amendment.label ? ' (' + d.amendment.label + ')' : '')))].join(', '))
  return out
}

/** An edition's own PDF, when PDFs are printed. */
function editionPrint(config: PolicyConfig, edition: Edition, print: boolean | undefined, past?: string): PrintRequest | undefined {
  return print ? {file: config.id + '.pdf', metadata: (producer, identity) => pdfMetadata(config, edition, producer, identity, past)} : undefined
}

/**
 * A restricted amendment that changes text a looser edition shows cannot be
 * hidden from it: its readers see the change, under the next amendment they
 * may see. Say so (a warning at the entry), rather than let it pass unseen.
 */
async function hiddenChanges(configFile: {path: string}, session: HistorySession, audiences: Audience[]): Promise<VFileMessage[]> {
  const out: VFileMessage[] = []
  const recorded = session.recorded
  for (const [index, version] of recorded.entries()) {
    const before = recorded[index - 1]
    if (!before) continue
    for (const audience of audiences) {
      if (canSeeAmendment(audience, version.amendment)) continue
      const changes = await sectionChanges(await session.load(before), await session.load(version), audience, modelCacheOf(session!))
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

/** A version as a past version's banner names it: 令和4年2月17日改定 (a date in English), with its label or （その2） on a day of two. */
export function pastLabel(config: PolicyConfig, version: Version): string {
  const {amendment} = version
  return amendmentName(amendment, formatDate(amendment.date.date, config.dateStyle), config.lang, 'run')
}

/** 令和8年3月25日 改定 平成26年条例第16号 (a second amendment that day without a label: 令和8年3月25日 改定（その2）). */
export function versionLabel(config: PolicyConfig, version: Version): string {
  const {amendment} = version
  return amendmentName(amendment, formatDate(amendment.date.date, config.dateStyle), config.lang)
}

/**
 * `history.html` of one edition: its amendments, each linking to the
 * version, its PDF and its diff pages, as the build's jobs hold them.
 */
export function historyPage(config: PolicyConfig, audience: Audience, jobs: readonly EditionJob[]): string {
  const entries = amendmentsFor(audience, config.history).history.map((amendment) => {
    const job = jobs.find((d) => !d.main && d.edition.audience === audience && d.version?.amendment.index === amendment.index)
    const base = 'versions/' + amendment.key + '/'
    const page = (file: string) => job?.pages.find((d) => d.file === file)
    const href = (file: string) => (page(file) ? base + file : undefined)
    const pdf = (file: string) => (page(file)?.print ? base + page(file)!.print!.file : undefined)
    return {
      amendment,
      href: job ? base + 'index.html' : undefined,
      pdf: job?.print ? base + job.print.file : undefined,
      redline: href(pageNames.redline),
      table: href(pageNames.table),
      tablePdf: pdf(pageNames.table),
      aratame: href(pageNames.aratame),
      aratamePdf: pdf(pageNames.aratame)
    }
  })
  return renderHistoryPage(config, audience, entries)
}
