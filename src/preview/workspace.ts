/**
 * What `kaitei preview` shows, kept in memory: every edition of the
 * working tree rendered through the library with one KaiteiContext (a save
 * re-parses only the files and sections that changed), checked by the leak
 * guard, and the draft amendment — the working tree against the version in
 * force — from the same engine as `kaitei diff`. A save that breaks the
 * build keeps the last good rendering and says what broke.
 */
import path from 'node:path'
import {VFileMessage} from 'vfile-message'
import {guardEdition} from '../access/leak-guard.js'
import type {Audience} from '../access/audiences.js'
import {KaiteiContext} from '../context.js'
import {draftAmendment, type VersionDiff} from '../diff/diff-versions.js'
import {renderEditions, type EditionFile} from '../edition/render-edition.js'
import {dedupeMessages} from '../messages.js'
import {applyLint, lintPublication} from '../lint/index.js'
import {ConfigProblemError, loadPublication} from '../publication.js'
import {messageRecords, type MessageRecord} from '../report.js'

export interface Rendering {
  /** Counts up with every good rendering: pages reload when it changes. */
  generation: number
  lang: string
  title: string
  audiences: Audience[]
  /** Per audience: the edition's files by path. */
  files: Map<string, Map<string, EditionFile>>
  /** Per audience: the working tree against the version in force (none without history); it follows the page (see `render`). */
  drafts: Map<string, {diff: VersionDiff; changed: number}>
  /** Warnings of the rendering shown (errors keep the previous one); the publication's lint follows the page. */
  warnings: MessageRecord[]
  /** The drafts and the publication's lint are still to come (the bar keeps what it shows until then). */
  pending?: boolean
  /** Per audience: the page cut into its files' parts and the rest (see `cutPage`). */
  parts: Map<string, PageParts>
  /**
   * What changed since the rendering before, per audience, when only files'
   * parts did (a paragraph edited): the open page replaces those parts and
   * does not reload. Absent where anything else changed (the 目次, a file added).
   */
  patch?: {from: number; files: Map<string, string[]>}
}

/** A page as its files' parts (by element id) and the rest with those parts taken out. */
export interface PageParts {
  rest: string
  files: Map<string, string>
}

/** Cut an edition page at its files (`<div class="policy-document" id=…>`, one after another in the article). */
export function cutPage(html: string): PageParts {
  const starts = [...html.matchAll(/<div class="policy-document" id="([^"]+)"/g)]
  const end = html.indexOf('</article>')
  const files = new Map<string, string>()
  if (starts.length === 0 || end === -1) return {rest: html, files}
  let rest = html.slice(0, starts[0]!.index)
  for (const [i, match] of starts.entries()) {
    const to = i + 1 < starts.length ? starts[i + 1]!.index! : end
    files.set(match[1]!, html.slice(match.index!, to))
    rest += '\u0000' + match[1] + '\u0000'
  }
  return {rest: rest + html.slice(end), files}
}

/** What follows a rendering: its drafts and every message, the publication's lint included. */
interface Findings {
  drafts: Rendering['drafts']
  messages: VFileMessage[]
}

/** Whether two renderings' files are the same, audience by audience, path by path. */
function sameFiles(a: Rendering['files'], b: Rendering['files']): boolean {
  if (a.size !== b.size) return false
  for (const [audience, files] of b) {
    const before = a.get(audience)
    if (!before || before.size !== files.size) return false
    for (const [name, file] of files) {
      const old = before.get(name)
      if (!old) return false
      const one = 'content' in old ? old.content : 'copy:' + old.copyFrom
      const other = 'content' in file ? file.content : 'copy:' + file.copyFrom
      if (typeof one === 'string' && typeof other === 'string' ? one !== other : !Buffer.from(one).equals(Buffer.from(other))) return false
    }
  }
  return true
}

/** Each audience's draft with its count of changed sections. */
function draftsOf(audiences: readonly Audience[], diffs: Map<string | undefined, VersionDiff>): Rendering['drafts'] {
  const out: Rendering['drafts'] = new Map()
  for (const audience of audiences) {
    const diff = diffs.get(audience.name)
    if (!diff) continue
    const {changed, added, removed} = diff.changes.summary.sections
    out.set(audience.name, {diff, changed: changed + added + removed})
  }
  return out
}

export interface WorkspaceState {
  /** The last good rendering (none until the first succeeds). */
  good?: Rendering
  /** What broke the last save: shown over the last good pages. */
  problems: MessageRecord[]
  /** Counts up with every render, good or not: the client learns of problems by it. */
  revision: number
}

export class Workspace {
  readonly config: string
  readonly root: string
  readonly context = new KaiteiContext({cache: false})
  state: WorkspaceState = {problems: [], revision: 0}
  private running: Promise<void> | undefined
  private again = false
  private generation = 0
  private readonly listeners = new Set<(state: WorkspaceState) => void>()

  constructor(config: string) {
    this.config = path.resolve(config)
    this.root = path.dirname(this.config)
  }

  onChange(listener: (state: WorkspaceState) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Render again (saves arriving during a render make one more render, not one each). */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = (async () => {
      do {
        this.again = false
        await this.render()
      } while (this.again)
    })().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  /** Resolves when the renders asked for so far are done, the late findings included. */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve()
  }

  /**
   * One render. The page is shown as soon as it is rendered and checked; the
   * draft amendment and the lint rules over the whole publication (a diff
   * against git, every file's tree read: the slow part of a save in a large
   * policy) follow in a second state of the same generation, unless `lint:`
   * makes one of those rules an error: then the page waits for them, since
   * what they find may keep it from being shown.
   */
  private async render(): Promise<void> {
    const cwd = this.root
    let messages: VFileMessage[] = []
    let rendering: Rendering | undefined
    let late: (() => Promise<Findings>) | undefined
    try {
      const publication = await loadPublication(this.config, {context: this.context})
      const {lint} = publication.config
      const audiences = publication.config.audiences
      // Every font subset: the bar, its warnings and the draft pages (removed words too) add text as one writes.
      const {editions, messages: found} = await renderEditions(publication, audiences, {context: this.context, fonts: 'all'})
      messages = [...publication.configFile.messages, ...found]
      for (const edition of editions) messages.push(...edition.messages, ...(await guardEdition(edition)))
      const findings = async (): Promise<Findings> => {
        const notes: VFileMessage[] = []
        const diffs = await this.drafts(audiences).catch((error: unknown) => {
          // The page is still worth showing: without its draft, and saying why.
          notes.push(new VFileMessage('Cannot compare with the version in force: ' + ((error as Error)?.message ?? String(error)), {source: 'kaitei', ruleId: 'draft-amendment'}))
          return new Map<string | undefined, VersionDiff>()
        })
        const full = diffs.get(undefined)
        const draft = full && {since: full.from.label, sections: full.changes.sections}
        return {drafts: draftsOf(audiences, diffs), messages: [...notes, ...lintPublication(publication, editions, {draft})]}
      }
      const early = lint?.['cross-reference'] === 'error' || lint?.['defined-term'] === 'error' ? await findings() : undefined
      messages = applyLint(dedupeMessages([...messages, ...(early?.messages ?? [])]), lint)
      if (!messages.some((d) => d.fatal)) {
        const parts = new Map(editions.map((d) => [d.audience.name, cutPage(String((d.files.find((f) => f.path === 'index.html') as {content: string}).content))]))
        const files = new Map(editions.map((d) => [d.audience.name, new Map(d.files.map((f) => [f.path, f]))]))
        const previous = this.state.good
        // A save that changes no page (the same text saved again, an editor's second event): the
        // open pages stay as they are; only what the bar shows may change.
        const same = previous !== undefined && sameFiles(previous.files, files)
        rendering = {
          parts,
          ...(same ? {patch: previous.patch} : this.patchFrom(previous, parts)),
          generation: same ? previous.generation : ++this.generation,
          lang: publication.config.lang,
          title: publication.config.title,
          audiences,
          files,
          // Until the late findings come, the draft shown is the last one.
          drafts: early?.drafts ?? this.state.good?.drafts ?? new Map(),
          warnings: messageRecords(messages, cwd),
          pending: !early
        }
        if (!early) {
          const shown = messages
          late = async () => {
            const found = await findings()
            return {...found, messages: applyLint(dedupeMessages([...shown, ...found.messages]), lint)}
          }
        }
      }
    } catch (error) {
      if (error instanceof ConfigProblemError) messages = [...error.file.messages]
      else messages = [new VFileMessage('Cannot render the preview: ' + ((error as Error)?.message ?? String(error)), {source: 'kaitei', ruleId: 'preview'})]
      if (!messages.some((d) => d.fatal)) for (const message of messages) message.fatal = true
    }
    this.publish(rendering ? {good: rendering, problems: [], revision: this.state.revision + 1} : {good: this.state.good, problems: messageRecords(messages.filter((d) => d.fatal), cwd), revision: this.state.revision + 1})
    if (!rendering || !late) return
    // The draft and the publication's lint: the same page, its bar brought up to date.
    let findings: Findings
    try {
      findings = await late()
    } catch (error) {
      findings = {drafts: new Map(), messages: [new VFileMessage('Cannot lint the preview: ' + ((error as Error)?.message ?? String(error)), {source: 'kaitei', ruleId: 'preview'})]}
    }
    if (this.state.good !== rendering) return
    rendering.drafts = findings.drafts
    rendering.warnings = messageRecords(findings.messages, cwd)
    rendering.pending = false
    this.publish({...this.state, revision: this.state.revision + 1})
  }

  private publish(state: WorkspaceState): void {
    this.state = state
    for (const listener of this.listeners) listener(state)
  }

  /** The parts that changed since `previous`, if nothing but files' parts did. */
  private patchFrom(previous: Rendering | undefined, parts: Map<string, PageParts>): {patch?: Rendering['patch']} {
    if (!previous) return {}
    const files = new Map<string, string[]>()
    for (const [audience, now] of parts) {
      const before = previous.parts.get(audience)
      if (!before || before.rest !== now.rest) return {}
      files.set(audience, [...now.files].filter(([id, html]) => before.files.get(id) !== html).map(([id]) => id))
    }
    return {patch: {from: previous.generation, files}}
  }

  /**
   * The draft amendment of each audience (the working tree against the
   * version in force, as it sees them), and of the full text (`undefined`),
   * against which the lint reads references.
   */
  private async drafts(audiences: Audience[]): Promise<Map<string | undefined, VersionDiff>> {
    return draftAmendment({config: this.config, audiences: [...audiences.map((d) => d.name), undefined], context: this.context})
  }
}
