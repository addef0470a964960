/**
 * One session with a policy's history. Opened once per command: the
 * repository and its amendments are read once; every version is loaded at
 * most once, each parsing only the sections that changed since the one
 * loaded before (a section cache that lives as long as the session, not a
 * module global); others keep what they derive for the session too (the
 * diff models: `cache(name)`). Git runs
 * asynchronously with time limits, and the session's abort signal stops
 * it (Ctrl+C). `close()` ends the git process it reads blobs through.
 */
import path from 'node:path'
import type {VFile} from 'vfile'
import {parsePastConfig, type PolicyConfig} from '../config/load-config.js'
import {KaiteiContext, type CacheOptions, type ContextCache} from '../context.js'
import {KaiteiError} from '../errors.js'
import {sectionCacheOf, type SectionCache} from '../plugins/remark-policy-parse-sections.js'
import {loadPublicationFromConfig, type Publication} from '../publication.js'
import {BlobReader, git} from './git.js'
import {readPolicyHistory, toPosix, type PolicyHistory, type Version} from './versions.js'

export interface HistorySessionOptions {
  /** Stops git and the loading of versions (Ctrl+C). */
  signal?: AbortSignal
  /** Where parsed sections and diff models are kept (default: a new context, for this session). */
  context?: KaiteiContext
}

export class HistorySession {
  /** Parsed sections by text, for every version this session loads (the context's). */
  readonly sectionCache: SectionCache
  private readonly loaded = new Map<string, Promise<Publication>>()
  private last: Publication | undefined
  private readonly reader: BlobReader

  private constructor(
    readonly config: PolicyConfig,
    readonly configFile: VFile,
    readonly history: PolicyHistory,
    readonly signal?: AbortSignal,
    readonly context: KaiteiContext = new KaiteiContext()
  ) {
    this.reader = new BlobReader(history.repository.root, signal)
    this.sectionCache = sectionCacheOf(context)
  }

  /** Open the history of `config` (a `GitError` says why there is none: no git, not a repository, a shallow clone). */
  static async open(config: PolicyConfig, configFile: VFile, options: HistorySessionOptions = {}): Promise<HistorySession> {
    const history = await readPolicyHistory(config, options.signal)
    return new HistorySession(config, configFile, history, options.signal, options.context)
  }

  /** The versions whose text is recorded. */
  get recorded(): Version[] {
    return this.history.versions.filter((d) => d.commit)
  }

  /** A cache named `name` of the session's context (the diff models: `models`). */
  cache<V extends {}>(name: string, options: CacheOptions<V> = {max: 4000}): ContextCache<V> {
    return this.context.cache<V>(name, options)
  }

  /** The publication as an amendment adopted it. */
  load(version: Version): Promise<Publication> {
    if (!version.commit) {
      return Promise.reject(new KaiteiError('The text of the amendment of ' + version.amendment.date.written + ' is not recorded in git', 'E_NOT_RECORDED'))
    }
    return this.loadAt(version.commit, version.amendment.index)
  }

  /**
   * The publication as it is at any commit: its own `sources` (renamed and
   * moved files are followed that way), today's settings, and the amendment
   * history up to entry `upTo`.
   */
  loadAt(commit: string, upTo = Number.POSITIVE_INFINITY): Promise<Publication> {
    const key = commit + '\0' + upTo
    let found = this.loaded.get(key)
    if (!found) {
      found = this.read(commit, upTo)
      this.loaded.set(key, found)
    }
    return found
  }

  /** The working tree's publication, parsed with this session's caches. */
  async worktree(): Promise<Publication> {
    this.signal?.throwIfAborted()
    const publication = await loadPublicationFromConfig(this.config, this.configFile, {previous: this.last, sectionCache: this.sectionCache})
    this.last = publication
    return publication
  }

  /** A git ref or commit as a commit id, or `undefined` when there is none. */
  async resolve(ref: string): Promise<string | undefined> {
    try {
      return (await git(['rev-parse', '--verify', '--quiet', ref + '^{commit}'], {cwd: this.history.repository.root, signal: this.signal})).trim()
    } catch (error) {
      if (this.signal?.aborted) throw error
      return undefined
    }
  }

  /** End the session: its git process exits, its caches go. */
  close(): void {
    if (this.signal?.aborted) this.reader.kill()
    else this.reader.close()
    this.loaded.clear()
  }

  private async read(commit: string, upTo: number): Promise<Publication> {
    this.signal?.throwIfAborted()
    const {root} = this.history.repository
    const configText = await this.reader.readText(commit + ':' + this.history.configPath)
    if (configText === undefined) {
      throw new KaiteiError('Commit ' + commit.slice(0, 10) + ' has no ' + this.history.configPath + ', expected the publication there', 'E_VERSION_CONFIG')
    }
    const {sources} = parsePastConfig(configText)
    if (!sources) throw new KaiteiError('The kaitei.yaml of commit ' + commit.slice(0, 10) + ' has no list of `sources`', 'E_VERSION_CONFIG')
    const versionConfig: PolicyConfig = {...this.config, sources, history: this.config.history.filter((d) => d.index <= upTo)}
    const publication = await loadPublicationFromConfig(versionConfig, this.configFile, {
      // Files unchanged since the version loaded before are not parsed again.
      previous: this.last,
      sectionCache: this.sectionCache,
      readSource: async (absolute) => {
        const spec = commit + ':' + toPosix(path.relative(root, absolute))
        const text = await this.reader.readText(spec)
        if (text === undefined) throw Object.assign(new Error('Missing ' + spec), {code: 'ENOENT'})
        return text
      }
    })
    publication.past = true
    this.last = publication
    return publication
  }
}
