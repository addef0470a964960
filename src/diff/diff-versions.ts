/**
 * `kaitei diff <from> <to>`: each side an amendment date (ISO or 和暦), a
 * git ref, or `worktree`; compared as one audience's edition sees them.
 */
import type {KaiteiContext} from '../context.js'
import type {Audience} from '../access/audiences.js'
import {versionsFor} from '../access/history-filter.js'
import {amendmentName, amendmentWord, labelsFor} from '../labels.js'
import {loadConfig, type PolicyConfig} from '../config/load-config.js'
import {resolveAudience} from '../access/audiences.js'
import {KaiteiError} from '../errors.js'
import {HistorySession} from '../history/session.js'
import {versionInForce, type Version} from '../history/versions.js'
import {ConfigProblemError, loadPublicationFromConfig, type Publication} from '../publication.js'
import {formatDate, parseDate} from '../wareki.js'
import {diffModels, type ChangeModel} from './engine.js'
import {documentModel, modelCacheOf, type ModelCache} from './model.js'

export interface DiffSide {
  /** As given: `2026-03-25`, `令和8年3月25日`, `HEAD~1`, `worktree`. */
  spec: string
  /** What it resolved to, for people: 令和8年3月25日 改定, a commit, 作業中. */
  label: string
  /** Commit, when the side is in git. */
  commit?: string
  /** The amendment, when the side is one: its date, key (`2014-06-13-2`), type, label and 施行日 (as the edition writes dates). */
  amendment?: {date: string; key: string; type: string; label?: string; effective?: string}
}

export interface VersionDiff {
  publication: {
    id: string
    title: string
    /** The publication's word for an amendment (改定 or 改正; `amendment` in English): the table's columns and note follow it. */
    amendmentWord: string
    /** The handling marking of the edition compared (取扱厳重注意 …), carried by every page and PDF of the diff. */
    marking?: string
    /** The older side's title (題名), when the amendment changed it. */
    previousTitle?: string
    /** The document's own number (kaitei.yaml `number`): 行政手続法（平成五年法律第八十八号）. */
    number?: string
    /** How the redline strikes deleted words (kaitei.yaml `print.strike`; default double). */
    strike?: 'double' | 'single'
  }
  /**
   * The edition compared cannot see every change: changes to text it
   * withholds are left out, and the 改め文 and 新旧対照表 say so (「（抄）」).
   */
  partial?: boolean
  audience?: {name: string; label: string; public?: boolean}
  from: DiffSide
  to: DiffSide
  changes: ChangeModel
}

export interface DiffOptions {
  config?: string
  from: string
  to: string
  /** Compare as this audience's edition (default: everything). */
  audience?: string
  /** Stops the comparison, git included (Ctrl+C). */
  signal?: AbortSignal
  /** Where parsed sections and diff models are kept between calls (default: a new context). */
  context?: KaiteiContext
}

export async function diffVersions(options: DiffOptions): Promise<VersionDiff> {
  const {config, file} = await loadConfig(options.config ?? 'kaitei.yaml')
  if (!config) throw new ConfigProblemError(file)
  const audience = options.audience ? resolveAudience(config, options.audience) : undefined
  const needsGit = options.from !== 'worktree' || options.to !== 'worktree'
  if (!needsGit) {
    const publication = await loadPublicationFromConfig(config, file, {context: options.context})
    const side = {side: {spec: 'worktree', label: labelsFor(config.lang).workingTree}, publication}
    return compareSides(config, audience, side, side)
  }
  // Two versions of mostly the same text: the second parses only what changed.
  const session = await HistorySession.open(config, file, {signal: options.signal, context: options.context})
  try {
    const from = await resolveSide(options.from, session, audience)
    const to = await resolveSide(options.to, session, audience)
    return await compareSides(config, audience, from, to, modelCacheOf(session))
  } finally {
    session.close()
  }
}

/**
 * The draft amendment: the working tree against the version in force (the
 * last amendment whose text git holds), as each of `audiences` sees it
 * (`undefined`: the full text), by name. Empty without git or a recorded
 * amendment; an audience that may not see that amendment has no draft of
 * its own. One history session serves every audience.
 */
export async function draftAmendment(options: Omit<DiffOptions, 'from' | 'to' | 'audience'> & {audiences: ReadonlyArray<string | undefined>}): Promise<Map<string | undefined, VersionDiff>> {
  const out = new Map<string | undefined, VersionDiff>()
  const {config, file} = await loadConfig(options.config ?? 'kaitei.yaml')
  if (!config) throw new ConfigProblemError(file)
  let session: HistorySession
  try {
    session = await HistorySession.open(config, file, {signal: options.signal, context: options.context})
  } catch (error) {
    // No git, no commits: nothing is in force to compare with.
    if (error instanceof KaiteiError && !options.signal?.aborted) return out
    throw error
  }
  try {
    const version = session.recorded.at(-1)
    if (!version) return out
    const worktree = await resolveSide('worktree', session, undefined)
    for (const name of options.audiences) {
      const audience = name === undefined ? undefined : resolveAudience(config, name)
      let from
      try {
        from = await resolveSide(version.amendment.key, session, audience)
      } catch (error) {
        if (error instanceof KaiteiError && error.code === 'E_NOT_VISIBLE') continue
        throw error
      }
      out.set(name, await compareSides(config, audience, from, worktree, modelCacheOf(session)))
    }
  } finally {
    session.close()
  }
  return out
}

export async function compareSides(
  config: PolicyConfig,
  audience: Audience | undefined,
  from: {side: DiffSide; publication: Publication},
  to: {side: DiffSide; publication: Publication},
  /** Models kept by a history session (default: none). */
  cache?: ModelCache
): Promise<VersionDiff> {
  const changes = diffModels(await documentModel(from.publication, audience, cache), await documentModel(to.publication, audience, cache))
  // An edition that cannot see every change makes a partial comparison: fewer characters
  // changed as it sees the text than in the full text.
  let partial = false
  if (audience && audience.clearance.length < config.audiences.length) {
    const full = diffModels(await documentModel(from.publication, undefined, cache), await documentModel(to.publication, undefined, cache))
    const count = (model: typeof changes) => model.summary.characters.added + model.summary.characters.removed
    partial = count(full) > count(changes)
  }
  return {
    publication: {
      id: config.id,
      title: config.title,
      amendmentWord: config.lang === 'ja' ? amendmentWord([...config.history.map((d) => d.type), to.side.amendment?.type]) : 'amendment',
      marking: markingOf(config, audience, [from.publication, to.publication]),
      ...(config.number ? {number: config.number} : {}),
      ...(config.print.strike === 'single' ? {strike: 'single' as const} : {}),
      ...(from.publication.config.title !== to.publication.config.title ? {previousTitle: from.publication.config.title, title: to.publication.config.title} : {})
    },
    audience: audience && {name: audience.name, label: audience.label, public: audience.public},
    ...(partial ? {partial} : {}),
    from: from.side,
    to: to.side,
    changes
  }
}

/** A side that is an amendment: its label (令和8年3月25日 改定), commit, and the amendment itself. */
export function amendmentSide(config: PolicyConfig, version: Version, spec = version.amendment.key): DiffSide {
  const {amendment} = version
  const label = amendmentName(amendment, formatDate(amendment.date.date, config.dateStyle), config.lang)
  return {
    spec,
    label,
    commit: version.commit,
    amendment: {date: amendment.date.iso, key: amendment.key, type: amendment.type, label: amendment.label, effective: formatDate(amendment.effective.date, config.dateStyle)}
  }
}

async function resolveSide(spec: string, session: HistorySession, audience: Audience | undefined): Promise<{side: DiffSide; publication: Publication}> {
  const {config, history} = session
  if (spec === 'worktree') return {side: {spec, label: labelsFor(config.lang).workingTree}, publication: await session.worktree()}
  const date = parseDate(spec)
  // An amendment by its key (`2014-06-13-2`) or label (平成26年法律第70号), or by a date.
  const named = history.versions.find((d) => d.amendment.key === spec || d.amendment.label === spec)
  if (named || date.ok) {
    // As the audience's edition sees the history: an amendment it may not
    // see is no side of its diff.
    const versions = versionsFor(audience, history.versions)
    // A date with two amendments that day means the last adopted that day.
    const exact = named ? versions.find((d) => d === named) : versions.filter((d) => date.ok && d.amendment.date.iso === date.iso).pop()
    if (!exact && audience && (named || history.versions.some((d) => date.ok && d.amendment.date.iso === date.iso))) {
      throw new KaiteiError(
        'The amendment of ' + spec + ' is not in the history the `' + audience.name + '` edition may see, expected a date of an amendment it may see',
        'E_NOT_VISIBLE'
      )
    }
    const version = exact ?? (date.ok ? versionInForce(versions, date.iso) : undefined)
    if (!version) throw new KaiteiError('No amendment is in force on ' + spec, 'E_BEFORE_HISTORY')
    if (!version.commit) throw new KaiteiError('The amendment of ' + version.amendment.date.written + ' has no recorded text', 'E_NOT_RECORDED')
    return {side: amendmentSide(config, version, spec), publication: await session.load(version)}
  }
  const commit = await session.resolve(spec)
  if (!commit) throw new KaiteiError('Unknown version `' + spec + '`, expected an amendment date (2026-03-25, 令和8年3月25日), a git ref or `worktree`', 'E_UNKNOWN_VERSION')
  return {side: {spec, label: spec + ' (' + commit.slice(0, 10) + ')', commit}, publication: await session.loadAt(commit)}
}

/**
 * The marking a comparison carries: its edition's; without one, that of the
 * strictest audience whose text either side holds (a comparison of the full
 * text holds security-only text: it is marked as the security edition is).
 */
export function markingOf(config: PolicyConfig, audience: Audience | undefined, publications: readonly Publication[]): string | undefined {
  if (audience) return audience.marking ?? config.marking
  const used = new Set<string>()
  for (const publication of publications) {
    for (const doc of publication.documents) {
      const text = String(doc.file.value)
      for (const match of text.matchAll(/audience\s*=\s*["']?([a-z][a-z0-9-]*)/g)) used.add(match[1]!)
      const access = /^---\r?\n(?:[^\n]*\n)*?access:[ \t]*["']?([a-z][a-z0-9-]*)/.exec(text)?.[1]
      if (access) used.add(access)
    }
  }
  const holders = config.audiences.filter((d) => used.has(d.name) || (d.formerNames ?? []).some((name) => used.has(name)))
  if (holders.length === 0) return config.marking
  // The strictest: the one that sees every other's text.
  const strictest = config.audiences
    .filter((d) => holders.every((holder) => d.clearance.includes(holder.name)))
    .sort((a, b) => a.clearance.length - b.clearance.length)[0]
  return strictest?.marking ?? config.marking
}
