/**
 * Problems as vfile messages, the way unified-lint-rule makes them: a
 * reason (`Unexpected …, expected …`), a place, a rule id (docs/rules.md),
 * and related places in `cause` (the first of two equal ids, the block a
 * marker sits in). Printing is report.ts's.
 */
import type {Point, Position} from 'unist'
import {VFileMessage} from 'vfile-message'

/** A related place, for a message's `cause`: `note` says what stands there. */
export function related(note: string, place: Point | Position | undefined, file?: string): VFileMessage {
  const message = new VFileMessage(note, {place, source: 'kaitei', ruleId: 'related'})
  if (file) message.file = file
  return message
}

/** Drop repeats: a problem of a page (an id in two files) shows once per edition. */
export function dedupeMessages(messages: readonly VFileMessage[]): VFileMessage[] {
  const seen = new Set<string>()
  return messages.filter((message) => {
    const key = message.file + ':' + message.line + ':' + message.column + ':' + message.ruleId + ':' + message.reason
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** A message as plain data, to cross a worker boundary. */
export interface MessageData {
  reason: string
  file: string | undefined
  fatal: boolean | null | undefined
  ruleId?: string
  source?: string
  place?: VFileMessage['place']
  cause?: MessageData
}

export function messageToData(message: VFileMessage): MessageData {
  return {
    reason: message.reason,
    file: message.file,
    fatal: message.fatal,
    ruleId: message.ruleId,
    source: message.source,
    place: message.place,
    cause: message.cause instanceof VFileMessage ? messageToData(message.cause) : undefined
  }
}

export function messageFromData(data: MessageData): VFileMessage {
  const message = new VFileMessage(data.reason, {
    place: data.place,
    ruleId: data.ruleId,
    source: data.source,
    cause: data.cause ? messageFromData(data.cause) : undefined
  })
  message.file = data.file
  message.fatal = data.fatal
  return message
}
