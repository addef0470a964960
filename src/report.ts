/**
 * Print vfile messages like a compiler:
 * `docs/02-standards.md:41:3: Unexpected …, expected …  [rule-id]`, with
 * each related place (the message's `cause`) on a line of its own below:
 * `  docs/02-standards.md:12:1: note: the first section with id …`.
 */
import path from 'node:path'
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
