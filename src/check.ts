/**
 * `kaitei check`: everything a build would complain about, without writing:
 * config, front matter, dates, numbering, directives, for every audience.
 */
import type {VFileMessage} from 'vfile-message'
import {ConfigProblemError, loadPublication} from './publication.js'
import {renderEdition} from './edition/render-edition.js'
import {dedupeMessages} from './report.js'

export interface CheckOptions {
  /** Path of `kaitei.yaml` (default: `'kaitei.yaml'`). */
  config?: string
}

export interface CheckResult {
  messages: VFileMessage[]
  /** Whether any message is an error. */
  failed: boolean
}

export async function checkPublication(options: CheckOptions = {}): Promise<CheckResult> {
  let publication
  try {
    publication = await loadPublication(options.config ?? 'kaitei.yaml')
  } catch (error) {
    if (error instanceof ConfigProblemError) {
      return {messages: [...error.file.messages], failed: true}
    }
    throw error
  }
  const all: VFileMessage[] = [...publication.configFile.messages]
  for (const audience of publication.config.audiences) {
    const edition = await renderEdition(publication, {audience: audience.name})
    all.push(...edition.messages)
  }
  // The same source problem shows in every edition: report it once.
  const messages = dedupeMessages(all)
  return {messages, failed: messages.some((d) => d.fatal)}
}
