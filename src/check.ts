/**
 * `kaitei check`: everything a build would complain about, without writing:
 * config, front matter, dates, numbering, directives, for every audience.
 */
import {ConfigProblemError, loadPublication} from './publication.js'
import {renderEditions} from './edition/render-edition.js'
import {dedupeMessages} from './messages.js'
import {applyLint, lintPublication} from './lint/index.js'
import {draftAmendment} from './diff/diff-versions.js'
import fs from 'node:fs/promises'
import path from 'node:path'
import {VFileMessage} from 'vfile-message'
import type {Edition} from './edition/render-edition.js'
import {buildFingerprints, leakMessage, scanArtifact, type Fingerprints} from './access/leak-guard.js'
import {readBuiltArtifacts, readBuiltFile, type BuiltFile} from './access/built-artifacts.js'
import {packagedFont as fontFromPackage} from './edition/fonts.js'
import {KaiteiContext} from './context.js'
import {versionsFor} from './access/history-filter.js'
import {HistorySession} from './history/session.js'
import type {Publication} from './publication.js'

export interface CheckOptions {
  /** Path of `kaitei.yaml` (default: `'kaitei.yaml'`). */
  config?: string
  /**
   * Also run the leak guard on an existing build in this folder: every
   * `<audience>/` is searched for text only stricter editions may hold.
   */
  leaks?: string
  /** Stops the check, rendering and git included (Ctrl+C). */
  signal?: AbortSignal
  /** Threads for rendering (default: automatic). */
  threads?: number
  /** Where themes, fonts, processors and parsed sections are kept between calls (default: a new context). */
  context?: KaiteiContext
}

export interface CheckResult {
  messages: VFileMessage[]
  /** Whether any message is an error. */
  failed: boolean
}

export async function checkPublication(options: CheckOptions = {}): Promise<CheckResult> {
  const context = options.context ?? new KaiteiContext()
  const {signal} = options
  let publication
  try {
    publication = await loadPublication(options.config ?? 'kaitei.yaml', {context})
  } catch (error) {
    if (error instanceof ConfigProblemError) {
      return {messages: [...error.file.messages], failed: true}
    }
    throw error
  }
  // Every file validated once; every edition checked as a whole.
  signal?.throwIfAborted()
  const {editions, messages: fileMessages} = await renderEditions(publication, publication.config.audiences, {signal, threads: options.threads, context})
  const packagedFont = (file: string, bytes: Uint8Array) => fontFromPackage(file, bytes, context)
  const all: VFileMessage[] = [...publication.configFile.messages, ...fileMessages]
  for (const edition of editions) {
    all.push(...edition.messages)
    if (options.leaks !== undefined) all.push(...(await checkBuiltEdition(options.leaks, edition, packagedFont)))
  }
  if (options.leaks !== undefined) {
    all.push(...(await checkBuildRoot(options.leaks, editions, packagedFont)))
    all.push(...(await checkBuiltVersions(options.leaks, publication, {signal, context, packagedFont})))
  }
  // References the working tree's amendment left naming a renumbered section: read against the version in force.
  const draft = publication.config.lint?.['cross-reference'] === 'off' ? undefined : await draftFor(options.config, publication.configFile.path, all, signal, context)
  all.push(...lintPublication(publication, editions, {draft: draft && {since: draft.from.label, sections: draft.changes.sections}}))
  // A problem of the page (an id in two files) shows in every edition: once. The config's `lint:` says how loud.
  const messages = applyLint(dedupeMessages(all), publication.config.lint)
  return {messages, failed: messages.some((d) => d.fatal)}
}

/**
 * The working tree against the version in force, for the references it
 * renumbered. A version in force that cannot be read (a damaged past
 * commit) costs that reading only: it is said, and the check goes on.
 */
async function draftFor(config: string | undefined, configPath: string, messages: VFileMessage[], signal: AbortSignal | undefined, context: KaiteiContext) {
  try {
    return (await draftAmendment({config, audiences: [undefined], signal, context})).get(undefined)
  } catch (error) {
    if (signal?.aborted) throw error
    const reason = error instanceof ConfigProblemError ? error.file.messages.map((d) => d.reason).join('; ') : (error as Error)?.message ?? String(error)
    const message = new VFileMessage('Cannot read references against the version in force: ' + reason + '; they are read by the working tree alone', {source: 'kaitei', ruleId: 'draft-amendment'})
    message.file = configPath
    messages.push(message)
    return undefined
  }
}

/** The leak guard on an edition folder written earlier (`kaitei check --leaks build`). */
type PackagedFont = (file: string, bytes: Uint8Array) => Promise<unknown>

async function checkBuiltEdition(buildDir: string, edition: Edition, packagedFont: PackagedFont): Promise<VFileMessage[]> {
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
  // Past versions (versions/) are checked with their own text, below.
  for (const artifact of await readBuiltArtifacts(dir, edition.audience.name, {skip: ['versions'], packagedFont})) {
    messages.push(...unreadable(artifact))
    for (const finding of scanArtifact(artifact, fingerprints)) messages.push(leakMessage(finding, edition.audience.name))
  }
  return messages
}

/** A file the guard could not read is said, never passed over (fail closed). */
function unreadable(artifact: BuiltFile): VFileMessage[] {
  if (!artifact.unreadable) return []
  const message = new VFileMessage('Cannot check `' + artifact.path + '` for withheld text: ' + artifact.unreadable + ' (remove it from the build, or check it by hand)', {
    source: 'kaitei',
    ruleId: 'leak'
  })
  message.fatal = true
  return [message]
}

/**
 * Files of the build outside the edition folders (`kaitei-build.json`, or
 * anything put there): every edition may be served beside them, so they may
 * hold nothing that any edition withholds.
 */
async function checkBuildRoot(buildDir: string, editions: Edition[], packagedFont: PackagedFont): Promise<VFileMessage[]> {
  const root = path.resolve(buildDir)
  const names = new Set(editions.map((d) => d.audience.name))
  const artifacts = []
  for (const entry of await fs.readdir(root, {withFileTypes: true}).catch(() => [])) {
    if (names.has(entry.name) && entry.isDirectory()) continue
    const full = path.join(root, entry.name)
    if (entry.isDirectory()) artifacts.push(...(await readBuiltArtifacts(full, entry.name, {packagedFont})))
    else {
      const artifact = await readBuiltFile(full, entry.name, {packagedFont})
      if (artifact) artifacts.push(artifact)
    }
  }
  const messages: VFileMessage[] = artifacts.flatMap(unreadable)
  for (const edition of editions) {
    const fingerprints: Fingerprints = buildFingerprints(edition.withheld, edition.visibleText)
    for (const artifact of artifacts) for (const finding of scanArtifact(artifact, fingerprints)) messages.push(leakMessage(finding, edition.audience.name))
  }
  return messages
}

/**
 * Each `<audience>/versions/<date>/` folder, with the fingerprints of that
 * version (and of the version before it, whose text its diff pages show).
 */
async function checkBuiltVersions(
  buildDir: string,
  publication: Publication,
  {signal, context, packagedFont}: {signal?: AbortSignal; context: KaiteiContext; packagedFont: PackagedFont}
): Promise<VFileMessage[]> {
  const {config, configFile} = publication
  const present = await Promise.all(config.audiences.map((d) => fs.readdir(path.resolve(buildDir, d.name, 'versions')).catch(() => [] as string[])))
  if (present.every((d) => d.length === 0)) return []
  const session = await HistorySession.open(config, configFile, {signal, context})
  const messages: VFileMessage[] = []
  try {
    for (const [index, audience] of config.audiences.entries()) {
      const visible = versionsFor(audience, session.recorded)
      for (const folder of present[index]!) {
        const at = visible.findIndex((d) => d.amendment.key === folder)
        if (at < 0) {
          messages.push(new VFileMessage('Unexpected version folder `' + path.join(buildDir, audience.name, 'versions', folder) + '`, expected a recorded amendment this edition may see', {source: 'kaitei', ruleId: 'leak'}))
          continue
        }
        const editions = await Promise.all(
          visible.slice(Math.max(0, at - 1), at + 1).map(async (version) => (await renderEditions(await session.load(version), [audience], {signal, context})).editions[0]!)
        )
        const fingerprints = buildFingerprints(editions.flatMap((d) => d.withheld), editions.flatMap((d) => d.visibleText))
        const dir = path.resolve(buildDir, audience.name, 'versions', folder)
        for (const artifact of await readBuiltArtifacts(dir, audience.name + '/versions/' + folder, {packagedFont})) {
          messages.push(...unreadable(artifact))
          for (const finding of scanArtifact(artifact, fingerprints)) messages.push(leakMessage(finding, audience.name))
        }
      }
    }
  } finally {
    session.close()
  }
  return messages
}
