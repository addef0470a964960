/**
 * Print vfile messages like a compiler:
 * `docs/02-standards.md:41:3: Unexpected …, expected …  [rule-id]`, with
 * each related place (the message's `cause`) on a line of its own below:
 * `  docs/02-standards.md:12:1: note: the first section with id …`.
 */
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {VFileMessage} from 'vfile-message'

export interface MessageCounts {
  errors: number
  warnings: number
}

/** One line per message and one per related place; warnings say so, errors do not need to. */
export function formatMessage(message: VFileMessage, cwd = process.cwd()): string {
  const severity = message.fatal ? '' : 'warning: '
  const rule = message.ruleId ? '  [' + message.ruleId + ']' : ''
  let text = where(message, cwd) + ': ' + severity + message.reason + rule
  for (let cause = message.cause; cause instanceof VFileMessage; cause = cause.cause) {
    text += '\n  ' + where(cause, cwd, message.file) + ': note: ' + cause.reason
  }
  return text
}

/** `file:line:column` of a message (a related place without a file of its own is in its message's). */
function where(message: VFileMessage, cwd: string, fallback?: string): string {
  const name = message.file || fallback
  const file = name ? path.relative(cwd, name) || name : '<input>'
  const place = message.place
  const start = place && 'start' in place ? place.start : place
  return file + (start ? ':' + start.line + ':' + start.column : '')
}

export function countMessages(messages: readonly VFileMessage[]): MessageCounts {
  let errors = 0
  let warnings = 0
  for (const message of messages) {
    if (message.fatal) errors++
    else warnings++
  }
  return {errors, warnings}
}

/** Sort by file, then position, for stable output. */
export function sortMessages(messages: readonly VFileMessage[]): VFileMessage[] {
  return [...messages].sort(
    (a, b) =>
      (a.file || '').localeCompare(b.file || '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0)
  )
}

export function formatSummary(counts: MessageCounts): string {
  const plural = (n: number, word: string) => n + ' ' + word + (n === 1 ? '' : 's')
  return plural(counts.errors, 'error') + ', ' + plural(counts.warnings, 'warning')
}

/** A message as tools read it: `kaitei check --format json`. */
export interface MessageRecord {
  file: string | null
  line: number | null
  column: number | null
  endLine: number | null
  endColumn: number | null
  severity: 'error' | 'warning'
  rule: string | null
  message: string
  /** Related places (the message's `cause` chain): the first definition, the other side. */
  related: Array<{file: string | null; line: number | null; column: number | null; message: string}>
}

function placeOf(message: VFileMessage): {start?: {line: number; column: number}; end?: {line: number; column: number}} {
  const place = message.place
  if (!place) return {}
  if ('start' in place) return {start: place.start, end: place.end}
  return {start: place}
}

const relative = (file: string | undefined, cwd: string) => (file ? path.relative(cwd, file).split(path.sep).join('/') || file : null)

export function messageRecords(messages: readonly VFileMessage[], cwd = process.cwd()): MessageRecord[] {
  return sortMessages(messages).map((message) => {
    const {start, end} = placeOf(message)
    const related: MessageRecord['related'] = []
    for (let cause = message.cause; cause instanceof VFileMessage; cause = cause.cause) {
      const at = placeOf(cause).start
      related.push({file: relative(cause.file || message.file, cwd), line: at?.line ?? null, column: at?.column ?? null, message: cause.reason})
    }
    return {
      file: relative(message.file, cwd),
      line: start?.line ?? null,
      column: start?.column ?? null,
      endLine: end?.line ?? null,
      endColumn: end?.column ?? null,
      severity: message.fatal ? 'error' : 'warning',
      rule: message.ruleId ?? null,
      message: message.reason,
      related
    }
  })
}

/**
 * SARIF 2.1.0, which code-scanning tools read to annotate a pull request:
 * one run of kaitei, a rule per rule id, a result per message at its file
 * (relative to the repository, `%SRCROOT%`) and region, related places as
 * related locations. Columns count UTF-16 code units, as vfile's do.
 */
export function sarifLog(messages: readonly VFileMessage[], options: {version: string; cwd?: string}): object {
  const cwd = options.cwd ?? process.cwd()
  const records = messageRecords(messages, cwd)
  const rules = [...new Set(records.map((d) => d.rule ?? 'kaitei'))].sort()
  const location = (file: string | null, line: number | null, column: number | null, endLine?: number | null, endColumn?: number | null) => ({
    physicalLocation: {
      artifactLocation: {uri: encodeURI(file!), uriBaseId: '%SRCROOT%'},
      ...(line !== null
        ? {region: {startLine: line, ...(column !== null ? {startColumn: column} : {}), ...(endLine ? {endLine} : {}), ...(endColumn ? {endColumn} : {})}}
        : {})
    }
  })
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kaitei',
            version: options.version,
            informationUri: 'https://www.npmjs.com/package/kaitei',
            rules: rules.map((id) => ({id}))
          }
        },
        originalUriBaseIds: {'%SRCROOT%': {uri: pathToFileURL(cwd + path.sep).href}},
        columnKind: 'utf16CodeUnits',
        results: records.map((record) => ({
          ruleId: record.rule ?? 'kaitei',
          ruleIndex: rules.indexOf(record.rule ?? 'kaitei'),
          level: record.severity,
          message: {text: record.message},
          ...(record.file !== null ? {locations: [location(record.file, record.line, record.column, record.endLine, record.endColumn)]} : {}),
          ...(record.related.some((d) => d.file !== null)
            ? {
                relatedLocations: record.related
                  .filter((d) => d.file !== null)
                  .map((d, index) => ({id: index, ...location(d.file, d.line, d.column), message: {text: d.message}}))
              }
            : {})
        }))
      }
    ]
  }
}
