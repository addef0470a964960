/**
 * The build the server reads from. `kaitei build` swaps a finished build
 * into place by renames (output/output-folder.ts); the server never holds
 * on to a folder: each request resolves its file anew and opens it, and
 * then reads only from that open file, so a response started on one build
 * finishes from it while the next request already sees the new one. In
 * the instant between the two renames of a swap the folder is missing:
 * a request waits for it (a short while), it does not fail.
 */
import fs from 'node:fs/promises'
import type {FileHandle} from 'node:fs/promises'
import path from 'node:path'
import {LRUCache} from 'lru-cache'
import {manifestName} from '../output/output-folder.js'

export interface EditionInfo {
  name: string
  label: string
  public: boolean
  /** The version in force the edition shows, when the build knows it (built from git). */
  version?: {key: string; label: string}
  lang: string
}

export interface BuildView {
  /** Identity of the marker file read: changes with every build. */
  stamp: string
  publication: string
  title: string
  editions: Map<string, EditionInfo>
}

export interface OpenedFile {
  handle: FileHandle
  size: number
  mtime: Date
  /** The file's real path (inside the edition's folder). */
  real: string
}

/** A file of the build held in memory: its bytes, as they were in the build it was read from. */
export interface HeldFile {
  body: Buffer
  mtime: Date
}

/** Files up to this size are held in memory (pages, styles, fonts); larger ones (PDFs) stream from the open file. */
const heldLimit = 1024 * 1024

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export class BuildFolder {
  readonly dir: string
  private view: BuildView | undefined
  private checked = 0
  /**
   * Files read from the build, keyed by the build's stamp: a build never
   * changes once swapped in, so an entry is right for as long as its build
   * is the current one, and a new build has new keys (64 MB at most).
   */
  private held = new LRUCache<string, HeldFile>({maxSize: 64 * 1024 * 1024, sizeCalculation: (d) => d.body.length + 64})

  constructor(dir: string) {
    this.dir = path.resolve(dir)
  }

  /** The build as it is now (its marker is looked at no more than every 100 ms). */
  async current(): Promise<BuildView | undefined> {
    const now = Date.now()
    if (this.view && now - this.checked < 100) return this.view
    for (let tries = 0; ; tries++) {
      const stat = await fs.stat(path.join(this.dir, manifestName), {bigint: true}).catch(() => undefined)
      if (stat) {
        const stamp = stat.ino + ':' + stat.mtimeNs + ':' + stat.size
        if (this.view?.stamp !== stamp) this.view = await this.read(stamp)
        this.checked = now
        return this.view
      }
      // Between the two renames of a swap: wait for the new build (up to 2 s).
      if (tries >= 100) return (this.view = undefined)
      await sleep(20)
    }
  }

  private async read(stamp: string): Promise<BuildView | undefined> {
    try {
      const marker = JSON.parse(await fs.readFile(path.join(this.dir, manifestName), 'utf8')) as {publication: string; editions: Array<{audience: string; label: string}>}
      const editions = new Map<string, EditionInfo>()
      for (const edition of marker.editions) {
        const manifest = JSON.parse(await fs.readFile(path.join(this.dir, edition.audience, 'manifest.json'), 'utf8')) as {
          title: string
          lang?: string
          edition: {name: string; label: string; public: boolean}
          version?: {key: string; label: string} | null
        }
        editions.set(edition.audience, {
          name: edition.audience,
          label: manifest.edition.label,
          public: manifest.edition.public,
          lang: manifest.lang ?? 'ja',
          ...(manifest.version ? {version: manifest.version} : {})
        })
      }
      const first = [...editions.keys()][0]
      const title = first ? ((JSON.parse(await fs.readFile(path.join(this.dir, first, 'manifest.json'), 'utf8')) as {title: string}).title ?? '') : ''
      return {stamp, publication: marker.publication, title, editions}
    } catch {
      // A build being swapped under us: the next look finds it whole.
      return this.view
    }
  }

  /**
   * `file` of `edition` whole, from memory when this build's copy was read
   * before; `undefined` when there is no such file, or when it is too big
   * to hold (open it instead).
   */
  async file(view: BuildView, edition: string, file: string): Promise<HeldFile | 'too big' | undefined> {
    const key = view.stamp + '\0' + edition + '\0' + file
    const found = this.held.get(key)
    if (found) return found
    const opened = await this.open(edition, file)
    if (!opened) return undefined
    try {
      if (opened.size > heldLimit) return 'too big'
      const held = {body: await opened.handle.readFile(), mtime: opened.mtime}
      this.held.set(key, held)
      return held
    } finally {
      await opened.handle.close()
    }
  }

  /**
   * Open `file` of `edition`: a regular file whose real path is inside the
   * edition's folder (a symbolic link out of it is refused). Retries while
   * a swap is in progress.
   */
  async open(edition: string, file: string): Promise<OpenedFile | undefined> {
    const markerStamp = async () => {
      const stat = await fs.stat(path.join(this.dir, manifestName), {bigint: true}).catch(() => undefined)
      return stat ? stat.ino + ':' + stat.mtimeNs : undefined
    }
    let before = await markerStamp()
    for (let tries = 0; ; tries++) {
      try {
        const root = await fs.realpath(path.join(this.dir, edition))
        const real = await fs.realpath(path.join(root, ...file.split('/')))
        if (!real.startsWith(root + path.sep)) return undefined
        const handle = await fs.open(real, 'r')
        const stat = await handle.stat()
        if (!stat.isFile()) {
          await handle.close()
          return undefined
        }
        return {handle, size: stat.size, mtime: stat.mtime, real}
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') throw error
        if (tries >= 100) return undefined
        // Missing from a build that is still the same: no such file. Missing
        // because a swap moved the build away (its marker is gone or new): look again.
        const now = await markerStamp()
        if (now !== undefined && now === before) return undefined
        if (now !== undefined) before = now
        else await sleep(20)
      }
    }
  }
}
