/**
 * What kaitei keeps between calls: every cache — themes, parsed templates,
 * font faces, processors, parsed sections, diff models — belongs to a
 * context, never to a module. A command makes one and lets it go; a
 * long-running process (a server, a live preview) keeps one for as long as
 * it likes and hands it to every call (`build({context})`).
 *
 * Each cache is a least-recently-used map (lru-cache), bounded by entries
 * or by the characters its values hold, and each entry is checked against
 * what it was made from (the text it was parsed from, or the size and
 * modification time of the files it read), so a context never serves what
 * a later edit to a source, the config, a theme or a template changed.
 */
import fs from 'node:fs'
import path from 'node:path'
import {LRUCache} from 'lru-cache'
import {DiskCache} from './cache/disk-cache.js'
import {codeVersion} from './cache/version.js'

export interface KaiteiContextOptions {
  /**
   * The persistent cache, kept between runs: a folder; `'auto'` for the
   * project's `node_modules/.cache/kaitei/` (the nearest folder above the
   * publication with a `package.json`; none without one); `false` for none
   * (default). `KAITEI_CACHE` set to a folder, or to `off`, overrides `'auto'`.
   */
  cache?: string | false
  /** Bytes the persistent cache may hold (default: 512 MB). */
  cacheBytes?: number
  /** Told why a cache entry was ignored (debugging). */
  debug?: (line: string) => void
}

export interface CacheOptions<V> {
  /** At most this many entries (default: 1000). */
  max?: number
  /** At most this much in total, as `size` measures each entry (characters of text, say). */
  maxSize?: number
  /** The size of an entry, for `maxSize`. */
  size?: (value: V, key: string) => number
}

/** A cache of a context: a string key to a value, least recently used first out. */
export type ContextCache<V extends {}> = LRUCache<string, V>

export class KaiteiContext {
  private readonly caches = new Map<string, LRUCache<string, {}>>()
  private readonly disks = new Map<string, DiskCache | undefined>()

  constructor(readonly options: KaiteiContextOptions = {}) {}

  /**
   * The persistent cache for a publication in `root`, if this context keeps
   * one (see `KaiteiContextOptions.cache`).
   */
  diskCache(root: string): DiskCache | undefined {
    if (this.disks.has(root)) return this.disks.get(root)
    const dir = cacheFolder(this.options.cache ?? false, root)
    const disk = dir ? new DiskCache({dir, version: codeVersion(), maxBytes: this.options.cacheBytes, debug: this.options.debug}) : undefined
    this.disks.set(root, disk)
    return disk
  }

  /**
   * The cache called `name`, made on first use with `options` (each room of
   * kaitei names its own: `theme`, `font-faces`, `processors`, `sections` …).
   */
  cache<V extends {}>(name: string, options: CacheOptions<V> = {}): ContextCache<V> {
    let cache = this.caches.get(name)
    if (!cache) {
      const {size} = options
      cache = new LRUCache<string, {}>({
        max: options.max ?? 1000,
        ...(options.maxSize !== undefined && size ? {maxSize: options.maxSize, sizeCalculation: (value: {}, key: string) => Math.max(1, size(value as V, key))} : {})
      })
      this.caches.set(name, cache)
    }
    return cache as unknown as ContextCache<V>
  }

  /** Forget everything (the next calls read and parse afresh). */
  clear(): void {
    for (const cache of this.caches.values()) cache.clear()
  }
}

/** Where the persistent cache of a publication in `root` is, if anywhere. */
function cacheFolder(option: string | false, root: string): string | undefined {
  if (option === false) return undefined
  if (option !== 'auto') return path.resolve(option)
  const fromEnv = process.env.KAITEI_CACHE
  if (fromEnv) return /^(off|0|false|no)$/i.test(fromEnv) ? undefined : path.resolve(fromEnv)
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'node_modules', '.cache', 'kaitei')
    if (path.dirname(dir) === dir) return undefined
  }
}

/** A context for one call, when the caller gave none. */
export function contextOf(options: {context?: KaiteiContext} | undefined): KaiteiContext {
  return options?.context ?? new KaiteiContext()
}
