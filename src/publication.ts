/**
 * A publication in memory: its config and its source files, each parsed
 * once. Editions are rendered from it (see `edition/render-edition.ts`).
 *
 * This is the entry point a server or a live preview calls: load once, then
 * `updatePublication` re-reads and re-parses only the files that changed.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs/promises'
import {constants as fsConstants} from 'node:fs'
import path from 'node:path'
import type {Root} from 'mdast'
import {VFile} from 'vfile'
import {loadConfig, parseConfig, type PolicyConfig} from './config/load-config.js'
import {KaiteiError, KaiteiProblemsError} from './errors.js'
import {createPolicyParser} from './processor.js'
import {sectionCacheOf, type SectionCache} from './plugins/remark-policy-parse-sections.js'
import type {KaiteiContext} from './context.js'

export interface SourceDocument {
  /** Path relative to the config folder, as listed in `sources`. */
  source: string
  /** Index in `sources`. */
  index: number
  /** SHA-256 of the text: what incremental rebuilds compare. */
  hash: string
  /**
   * The parsed tree (mdast), untouched: clone before transforming. Parsed
   * on first use: what is taken from a cache (a diff model, a rendered
   * file) never parses its file.
   */
  readonly tree: Root
  /** Whether `tree` was parsed already (a parsed tree is handed on; an unparsed file's text is). */
  readonly parsed: boolean
  /** The file as read; parse messages are on it. */
  file: VFile
}

export interface Publication {
  config: PolicyConfig
  /** The config file, with its messages. */
  configFile: VFile
  documents: SourceDocument[]
  /** A version read from git, which cannot be edited: read by relaxed rules (see `KaiteiRun.relaxed`). */
  past?: boolean
}

/** Reads a source file; a server may read from git or memory instead. */
export type SourceReader = (absolutePath: string) => Promise<string>

export interface LoadPublicationOptions {
  /** Read a source file (default: from disk, UTF-8). */
  readSource?: SourceReader
  /** A previous publication: files with the same path and text are reused without parsing. */
  previous?: Publication
  /** Parsed sections by text, kept by a history session across versions (default: the context's, else none). */
  sectionCache?: SectionCache
  /** Where parsed sections are kept between calls: a later load parses only the sections that changed. */
  context?: KaiteiContext
}

/**
 * A source from disk: a regular file only. It is opened without blocking
 * and looked at before it is read, so that a FIFO or a device listed in
 * `sources` is refused (`ENOTREG`) instead of blocking the build for good.
 */
const readFromDisk: SourceReader = async (file) => {
  const handle = await fs.open(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0))
  try {
    const stat = await handle.stat()
    if (stat.isDirectory()) throw Object.assign(new Error('EISDIR: ' + file), {code: 'EISDIR'})
    if (!stat.isFile()) throw Object.assign(new Error('ENOTREG: ' + file), {code: 'ENOTREG', kind: stat.isFIFO() ? 'FIFO (named pipe)' : stat.isSocket() ? 'socket' : 'device'})
    return await handle.readFile('utf8')
  } finally {
    await handle.close()
  }
}

/**
 * Load `kaitei.yaml` and parse its sources. Configuration problems that stop
 * everything are thrown as `KaiteiError` with the config file's messages.
 */
export async function loadPublication(configPath: string, options: LoadPublicationOptions = {}): Promise<Publication> {
  const {config, file} = await loadConfig(configPath)
  return loadPublicationFromConfig(config, file, options)
}

/** Same as `loadPublication`, from config text already in memory. */
export async function loadPublicationFromText(
  text: string,
  configPath: string,
  options: LoadPublicationOptions = {}
): Promise<Publication> {
  const {config, file} = parseConfig(text, path.resolve(configPath))
  return loadPublicationFromConfig(config, file, options)
}

/**
 * Same as `loadPublication`, from a config already loaded (or assembled, as
 * history does for a past version whose sources are read from git).
 */
export async function loadPublicationFromConfig(
  config: PolicyConfig | undefined,
  configFile: VFile,
  options: LoadPublicationOptions = {}
): Promise<Publication> {
  if (!config) throw new ConfigProblemError(configFile)
  const previous = new Map((options.previous?.documents ?? []).map((d) => [d.hash, d]))
  const sources = await readSources(config, configFile, options.readSource)
  const sectionCache = options.sectionCache ?? (options.context ? sectionCacheOf(options.context) : undefined)
  const documents = sources.map((source) => {
    // Same text at the same place: reuse the parsed tree (a renamed file is parsed again,
    // so that its messages name the new path).
    const before = previous.get(source.hash)
    if (before && before.file.path === source.path) return withIndex(before, source.index)
    return parseDocument(source.text, source.path, source.source, source.index, source.hash, config.lang, sectionCache)
  })
  return {config, configFile, documents}
}

/** A source file as read, before parsing. */
export interface SourceText {
  source: string
  /** Absolute path. */
  path: string
  index: number
  text: string
  hash: string
}

/**
 * Read the config's sources. A missing file is an error message on the
 * config file, thrown as `ConfigProblemError`.
 */
export async function readSources(config: PolicyConfig, configFile: VFile, readSource: SourceReader = readFromDisk): Promise<SourceText[]> {
  const fromDisk = readSource === readFromDisk
  const realRoot = fromDisk ? await fs.realpath(config.root).catch(() => config.root) : config.root
  // Files are read at once; their problems are said in the order `sources` lists them.
  const problems: Array<{source: string; reason: string; ruleId: string}> = []
  const problem = (index: number, source: string, reason: string, ruleId: string) => {
    problems[index] = {source, reason, ruleId}
    return undefined
  }
  const sources = await Promise.all(
    config.sources.map(async (source, index) => {
      const absolute = path.resolve(config.root, source)
      // Sources are files of the publication: inside the folder of kaitei.yaml,
      // by an absolute path, by `..` or through a symlink alike.
      if (path.isAbsolute(source) || isOutside(config.root, absolute)) {
        return problem(index, source, 'Unexpected source `' + source + '` outside the publication folder, expected a path inside `' + config.root + '` (relative, without `..`)', 'source-outside')
      }
      if (fromDisk) {
        const real = await fs.realpath(absolute).catch(() => absolute)
        if (isOutside(realRoot, real)) {
          return problem(index, source, 'Unexpected source `' + source + '` outside the publication folder (a symlink to `' + real + '`), expected a path inside `' + config.root + '` (relative, without `..`)', 'source-outside')
        }
      }
      let text: string
      try {
        text = await readSource(absolute)
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'ENOENT') return problem(index, source, 'Cannot find source `' + source + '`, expected a Markdown file listed in `sources`', 'source-missing')
        if (code === 'EISDIR') return problem(index, source, 'Unexpected folder `' + source + '` in `sources`, expected a Markdown file (list each file of the folder)', 'source-missing')
        if (code === 'ENOTREG') {
          return problem(index, source, 'Unexpected ' + String((error as {kind?: string}).kind ?? 'special file') + ' `' + source + '` in `sources`, expected a Markdown file (a regular file)', 'source-missing')
        }
        if (code === 'EACCES' || code === 'EPERM') return problem(index, source, 'Cannot read source `' + source + '`: permission denied, expected a file kaitei may read', 'source-missing')
        throw error
      }
      const hash = createHash('sha256').update(text).digest('hex')
      return {source, path: absolute, index, text, hash}
    })
  )
  for (const found of problems) {
    if (found) configFile.message(found.reason, {place: placeOf(String(configFile.value ?? ''), found.source), source: 'kaitei', ruleId: found.ruleId}).fatal = true
  }
  if (configFile.messages.some((d) => d.fatal)) throw new ConfigProblemError(configFile)
  return sources as SourceText[]
}

/** Whether `file` is outside `root` (both absolute). */
function isOutside(root: string, file: string): boolean {
  const relative = path.relative(root, file)
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative)
}

/** Where `source` is written in the config text (its first occurrence as a list item), for messages. */
function placeOf(text: string, source: string): {line: number; column: number} | undefined {
  const match = new RegExp('^([ \\t]*-[ \\t]*["\']?|.*[\\[,][ \\t]*["\']?)' + source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '["\']?[ \\t]*(?:[,\\]#]|$)', 'm').exec(text)
  if (!match) return undefined
  const before = text.slice(0, match.index + match[1]!.length)
  const line = before.split('\n').length
  return {line, column: before.length - before.lastIndexOf('\n')}
}

/** One source file, parsed on first use of its tree (remark-parse with kaitei's syntax extensions). */
export function parseDocument(text: string, absolute: string, source: string, index: number, hash: string, lang: string, sectionCache?: SectionCache): SourceDocument {
  const file = new VFile({path: absolute, value: text, cwd: process.cwd()})
  let tree: Root | undefined
  return {
    source,
    index,
    hash,
    file,
    get tree() {
      tree ??= createPolicyParser({lang, sectionCache}).parse(file) as Root
      return tree
    },
    get parsed() {
      return tree !== undefined
    }
  }
}

/** The same document at another place in `sources` (its tree shared, parsed or not). */
function withIndex(doc: SourceDocument, index: number): SourceDocument {
  return {
    source: doc.source,
    index,
    hash: doc.hash,
    file: doc.file,
    get tree() {
      return doc.tree
    },
    get parsed() {
      return doc.parsed
    }
  }
}

/** Thrown when `kaitei.yaml` cannot be used; carries its messages. */
export class ConfigProblemError extends KaiteiProblemsError {
  readonly file: VFile
  constructor(file: VFile) {
    super('Invalid configuration in `' + file.path + '`', 'E_CONFIG_INVALID', file.messages)
    this.file = file
  }
}
