/**
 * `kaitei check`: everything a build would complain about, without writing:
 * config, front matter, dates, numbering, directives, for every audience.
 */
import {ConfigProblemError, loadPublication} from './publication.js'
import {renderEdition} from './edition/render-edition.js'
import {dedupeMessages} from './report.js'
import fs from 'node:fs/promises'
import path from 'node:path'
import {VFileMessage} from 'vfile-message'
import type {Edition} from './edition/render-edition.js'
import {buildFingerprints, leakMessage, readArtifacts, scanArtifact} from './leak-guard.js'

export interface CheckOptions {
  /** Path of `kaitei.yaml` (default: `'kaitei.yaml'`). */
  config?: string
  /**
   * Also run the leak guard on an existing build in this folder: every
   * `<audience>/` is searched for text only stricter editions may hold.
   */
  leaks?: string
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
    if (options.leaks !== undefined) all.push(...(await checkBuiltEdition(options.leaks, edition)))
  }
  // The same source problem shows in every edition: report it once.
  const messages = dedupeMessages(all)
  return {messages, failed: messages.some((d) => d.fatal)}
}

/** The leak guard on an edition folder written earlier (`kaitei check --leaks build`). */
async function checkBuiltEdition(buildDir: string, edition: Edition): Promise<VFileMessage[]> {
  const dir = path.resolve(buildDir, edition.audience.name)
  try {
    await fs.access(dir)
  } catch {
    const message = new VFileMessage('Missing edition folder `' + path.join(buildDir, edition.audience.name) + '`, expected a build of every audience', {
      source: 'kaitei',
      ruleId: 'leak'
    })
    return [message]
  }
  const fingerprints = buildFingerprints(edition.withheld, edition.visibleText)
  const messages: VFileMessage[] = []
  for (const artifact of await readArtifacts(dir, edition.audience.name)) {
    for (const finding of scanArtifact(artifact, fingerprints)) messages.push(leakMessage(finding, edition.audience.name))
  }
  return messages
}
