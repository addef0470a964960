/**
 * `kaitei history`: every amendment with its dates, commit and summary, and
 * which sections it changed and by how much; uncommitted work as
 * 「未確定（作業中）」. With an audience, exactly what that edition may see.
 */
import type {KaiteiContext} from './context.js'
import {canSee, type Audience} from './access/audiences.js'
import {versionsFor} from './access/history-filter.js'
import {loadConfig} from './config/load-config.js'
import {resolveAudience} from './access/audiences.js'
import {ConfigProblemError, type Publication} from './publication.js'
import {formatWareki} from './wareki.js'
import {labelsFor} from './labels.js'
import {sectionChanges, type SectionChange} from './diff/section-changes.js'
import {modelCacheOf} from './diff/model.js'
import {HistorySession} from './history/session.js'
import type {VersionSource} from './history/versions.js'

export interface HistoryEntryReport {
  /** The amendment's identity: its ISO date, `-2` … for later ones the same day. */
  key: string
  /** Its own name, if given (平成26年法律第70号). */
  label?: string
  /** `wareki` in a publication whose dates are written in 和暦 (`dateStyle: wareki`, Japanese). */
  date: {iso: string; wareki?: string}
  type: string
  effective: {iso: string; wareki?: string}
  summary?: string
  commit?: string
  source: VersionSource
  /** Whether the adopted text is in git. */
  recorded: boolean
  /** Changes from the previous recorded version (absent for the first, or without text). */
  changes?: SectionChange[]
}

export interface HistoryReport {
  publication: string
  /** The publication's language: the report is written in it. */
  lang: string
  audience?: string
  entries: HistoryEntryReport[]
  /** Uncommitted changes: 「未確定（作業中）」. */
  worktree?: {label: string; files: string[]; changes: SectionChange[]}
}

export interface HistoryOptions {
  config?: string
  /** Report as this audience's edition may see it (default: everything). */
  audience?: string
  /** Compute section changes (default: `true`). */
  changes?: boolean
  /** Stops the report, git included (Ctrl+C). */
  signal?: AbortSignal
  /** Where parsed sections and diff models are kept between calls (default: a new context). */
  context?: KaiteiContext
}

export async function historyReport(options: HistoryOptions = {}): Promise<HistoryReport> {
  const {config, file} = await loadConfig(options.config ?? 'kaitei.yaml')
  if (!config) throw new ConfigProblemError(file)
  const audience = options.audience ? resolveAudience(config, options.audience) : undefined
  // Counting changes loads every version: each parses only what changed.
  const session = await HistorySession.open(config, file, {signal: options.signal, context: options.context})
  try {
    return await report(session, audience, options.changes ?? true)
  } finally {
    session.close()
  }
}

async function report(session: HistorySession, audience: Audience | undefined, withChanges: boolean): Promise<HistoryReport> {
  const {config, history} = session
  const entries: HistoryEntryReport[] = []
  // 和暦 beside the ISO key, where the publication writes its dates so.
  const wareki = config.lang.startsWith('ja') && config.dateStyle === 'wareki'
  let previous: Publication | undefined
  for (const version of versionsFor(audience, history.versions)) {
    const {amendment} = version
    const entry: HistoryEntryReport = {
      key: amendment.key,
      label: amendment.label,
      date: {iso: amendment.date.iso, ...(wareki ? {wareki: formatWareki(amendment.date.date)} : {})},
      type: amendment.type,
      effective: {iso: amendment.effective.iso, ...(wareki ? {wareki: formatWareki(amendment.effective.date)} : {})},
      summary: amendment.summary && (!audience || canSee(audience, amendment.summaryAccess)) ? amendment.summary : undefined,
      commit: version.commit,
      source: version.source,
      recorded: version.commit !== undefined
    }
    if (version.commit && withChanges) {
      const publication = await session.load(version)
      if (previous) entry.changes = await sectionChanges(previous, publication, audience, modelCacheOf(session))
      previous = publication
    }
    entries.push(entry)
  }

  let worktree: HistoryReport['worktree']
  if (history.worktree) {
    const current = await session.worktree()
    worktree = {
      label: labelsFor(config.lang).uncommitted,
      files: history.worktree.files,
      changes: previous && withChanges ? await sectionChanges(previous, current, audience, modelCacheOf(session)) : []
    }
  }
  return {publication: config.id, lang: config.lang, audience: audience?.name, entries, worktree}
}

/** The report as text for a terminal. */
export function formatHistory(report: HistoryReport): string {
  const labels = labelsFor(report.lang)
  const lines: string[] = []
  const changeLine = (d: SectionChange) =>
    '    ' + {added: '+', removed: '-', changed: '~', renumbered: '→', moved: '↷'}[d.kind] + ' ' + ((d.number ? d.number + ' ' : '') + d.title).padEnd(28) + ' #' + d.id +
    (d.kind === 'renumbered' ? '  (renumbered from ' + d.oldNumber + ')' : d.kind === 'moved' ? '  (moved)' : '  (+' + d.added + ' −' + d.removed + ')')
  for (const entry of report.entries) {
    const effective =
      entry.effective.iso !== entry.date.iso ? '  ' + labels.inForce + ' ' + (entry.effective.wareki ? entry.effective.wareki + ' (' + entry.effective.iso + ')' : entry.effective.iso) : ''
    lines.push(
      (entry.date.wareki ? entry.date.wareki + ' (' + entry.key + ')' : entry.key) + '  ' + entry.type + (entry.label ? ' ' + entry.label : '') + effective +
        (entry.commit ? '  commit ' + entry.commit.slice(0, 10) : entry.source === 'uncommitted' ? '  ' + labels.uncommitted : '  ' + labels.notRecorded) +
        (entry.summary ? '  ' + entry.summary : '')
    )
    if (entry.changes) {
      if (entry.changes.length === 0) lines.push('    (no change in the text)')
      for (const change of entry.changes) lines.push(changeLine(change))
    }
  }
  if (report.worktree) {
    lines.push(report.worktree.label + '  ' + report.worktree.files.join(', '))
    for (const change of report.worktree.changes) lines.push(changeLine(change))
  }
  return lines.join('\n') + '\n'
}

