/**
 * `kaitei audit` and `kaitei audit acks`: the audit trail and the
 * acknowledgements, read from either database, as a table, CSV or JSON.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import picomatch from 'picomatch'
import {KaiteiError} from '../errors.js'
import {parseDate} from '../wareki.js'
import type {AuditEntry, Store} from './database.js'
import {readUsers} from './users.js'

export type ReportFormat = 'table' | 'csv' | 'json'

export interface AuditFilter {
  /** A date (ISO or 和暦: from its start in Japan's time) or an ISO moment. */
  since?: string
  user?: string
  /** A glob on the request path: `/security/**`. */
  path?: string
}

/** Milliseconds of the start of `text` in Japan's time. */
export function sinceOf(text: string): number {
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const ms = Date.parse(text)
    if (Number.isFinite(ms)) return ms
  }
  const parsed = parseDate(text)
  if (!parsed.ok) throw new KaiteiError('Unexpected date `' + text + '` for --since: ' + parsed.reason, 'E_BAD_AUDIT_QUERY')
  return Date.parse(parsed.iso + 'T00:00:00+09:00')
}

export async function auditEntries(store: Store, filter: AuditFilter): Promise<AuditEntry[]> {
  const entries = await store.audit({...(filter.since ? {since: sinceOf(filter.since)} : {}), ...(filter.user ? {user: filter.user} : {})})
  if (!filter.path) return entries
  const match = picomatch(filter.path, {dot: true})
  return entries.filter((d) => d.path !== null && d.path !== undefined && match(d.path.replace(/[?#].*$/, '')))
}

const moment = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19) + '+09:00'

export function formatAudit(entries: readonly AuditEntry[], format: ReportFormat): string {
  const rows = entries.map((d) => ({
    time: moment(d.at),
    kind: d.kind,
    user: d.user ?? '',
    audience: d.audience ?? '',
    method: d.method ?? '',
    path: d.path ?? '',
    status: d.status ?? '',
    bytes: d.bytes ?? '',
    address: d.address ?? '',
    detail: d.detail ?? ''
  }))
  return formatRows(rows, format, ['time', 'kind', 'user', 'audience', 'method', 'path', 'status', 'bytes', 'address', 'detail'])
}

export interface AckRow {
  user: string
  audience: string
  version: string
  acknowledged: boolean
  at: string
}

export interface AcksOptions {
  /** The version to check (default: the version in force of each reader's edition). */
  version?: string
  pending?: boolean
  /** Readers: the users file, or a roster CSV (`name,audience`) for proxy mode. */
  usersFile?: string
  roster?: string
  /** The version in force of each edition, from the build. */
  inForce: Map<string, string>
}

export async function acknowledgementRows(store: Store, options: AcksOptions): Promise<AckRow[]> {
  const readers = options.roster ? await readRoster(options.roster) : (await readUsers(options.usersFile!)).map((d) => ({name: d.name, audience: d.audience}))
  const acks = await store.acknowledgements()
  const rows: AckRow[] = []
  for (const reader of readers) {
    const version = options.version ?? options.inForce.get(reader.audience)
    if (!version) continue
    const found = acks.find((d) => d.user === reader.name && d.audience === reader.audience && d.version === version)
    if (options.pending && found) continue
    rows.push({user: reader.name, audience: reader.audience, version, acknowledged: Boolean(found), at: found ? moment(found.at) : ''})
  }
  return rows
}

export function formatAcks(rows: readonly AckRow[], format: ReportFormat): string {
  return formatRows(
    rows.map((d) => ({...d})),
    format,
    ['user', 'audience', 'version', 'acknowledged', 'at']
  )
}

async function readRoster(file: string): Promise<Array<{name: string; audience: string}>> {
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (error) {
    throw new KaiteiError('Cannot read the roster `' + file + '`: ' + (error as Error).message, 'E_USERS_FILE')
  }
  const out: Array<{name: string; audience: string}> = []
  for (const [index, line] of text.replace(/^\uFEFF/, '').split(/\r?\n/).entries()) {
    if (line.trim() === '' || (index === 0 && /^\s*name\s*,/i.test(line))) continue
    const [name, audience] = line.split(',').map((d) => d.trim().replace(/^"(.*)"$/, '$1'))
    if (!name || !audience) throw new KaiteiError('Unexpected line ' + (index + 1) + ' in the roster `' + path.basename(file) + '`, expected `name,audience`', 'E_USERS_FILE')
    out.push({name, audience})
  }
  return out
}

function formatRows(rows: Array<Record<string, string | number | boolean>>, format: ReportFormat, columns: string[]): string {
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n'
  if (format === 'csv') {
    const cell = (value: unknown) => {
      const text = String(value ?? '')
      return /[",\n\r]/.test(text) || /^[=+\-@]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text
    }
    return [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\n') + '\n'
  }
  if (rows.length === 0) return '(none)\n'
  const width = (text: string) => [...text].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0)
  const cells = [columns, ...rows.map((row) => columns.map((c) => String(row[c] ?? '')))]
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => width(r[i]!))))
  return cells.map((r) => r.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join('  ').trimEnd()).join('\n') + '\n'
}
