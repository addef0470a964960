/**
 * Print vfile messages like a compiler:
 * `docs/02-standards.md:41:3: Unexpected …, expected …  [rule-id]`.
 */
import path from 'node:path'
import type {VFileMessage} from 'vfile-message'

export interface MessageCounts {
  errors: number
  warnings: number
}

/** One line per message; warnings say so, errors do not need to. */
export function formatMessage(message: VFileMessage, cwd = process.cwd()): string {
  const file = message.file ? path.relative(cwd, message.file) || message.file : '<input>'
  const place = message.place
  const start = place && 'start' in place ? place.start : place
  const location = start ? ':' + start.line + ':' + start.column : ''
  const severity = message.fatal ? '' : 'warning: '
  const rule = message.ruleId ? '  [' + message.ruleId + ']' : ''
  return file + location + ': ' + severity + message.reason + rule
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

/** Drop repeats: the same source problem shows once per edition. */
export function dedupeMessages(messages: readonly VFileMessage[]): VFileMessage[] {
  const seen = new Set<string>()
  return messages.filter((message) => {
    const key = message.file + ':' + message.line + ':' + message.column + ':' + message.ruleId + ':' + message.reason
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
