/**
 * The persistent cache: what kaitei derived from text (parsed sections, the
 * rendered files of an edition, diff models), kept between runs so that a
 * second `build`, `diff`, `history` or `check` on unchanged text loads
 * instead of parsing. Only an optimisation: every entry is checked before it
 * is trusted — its format, kaitei's code version, the key it was written
 * for, its length and a SHA-256 of its payload — and one that fails any
 * check (a flipped byte, a truncated file, another version of kaitei) is
 * ignored and written anew. Writes go to a temporary file renamed into
 * place, so two runs at once never leave a half-written entry; the folder
 * is kept under a size bound, oldest entries first out.
 */
import {createHash, randomBytes} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

const magic = 'kaitei-cache 1'

export interface DiskCacheOptions {
  /** The folder (made on first write). */
  dir: string
  /** What the entries depend on besides their keys: kaitei's code version. */
  version: string
  /** Bytes the folder may hold (default: 512 MB); past it, the oldest entries go. */
  maxBytes?: number
  /** Told why an entry was ignored or could not be written (debugging only). */
  debug?: (line: string) => void
}

export class DiskCache {
  readonly dir: string
  private readonly version: string
  private readonly maxBytes: number
  private readonly debug: (line: string) => void
  private written = 0

  constructor(options: DiskCacheOptions) {
    this.dir = options.dir
    this.version = options.version
    this.maxBytes = options.maxBytes ?? 512 * 1024 * 1024
    this.debug = options.debug ?? (() => {})
  }

  private file(kind: string, key: string): {file: string; id: string} {
    const id = createHash('sha256').update(this.version + '\0' + kind + '\0' + key).digest('hex')
    return {file: path.join(this.dir, kind, id.slice(0, 2), id), id}
  }

  /** The value stored for `key`, or `undefined` (none, or one that failed a check). */
  get<T>(kind: string, key: string): T | undefined {
    const {file, id} = this.file(kind, key)
    let bytes: Buffer
    try {
      bytes = fs.readFileSync(file)
    } catch {
      return undefined
    }
    const newline = bytes.indexOf(10)
    const second = newline < 0 ? -1 : bytes.indexOf(10, newline + 1)
    const reject = (why: string) => {
      this.debug('cache: ignored ' + path.relative(this.dir, file) + ': ' + why)
      return undefined
    }
    if (second < 0 || bytes.subarray(0, newline).toString('utf8') !== magic) return reject('not a kaitei cache entry')
    let header: {version?: string; id?: string; bytes?: number; sha256?: string}
    try {
      header = JSON.parse(bytes.subarray(newline + 1, second).toString('utf8'))
    } catch {
      return reject('unreadable header')
    }
    if (header.version !== this.version) return reject('written by another version of kaitei')
    if (header.id !== id) return reject('written for another key')
    const payload = bytes.subarray(second + 1)
    if (header.bytes !== payload.length) return reject('truncated')
    if (createHash('sha256').update(payload).digest('hex') !== header.sha256) return reject('checksum mismatch')
    try {
      return JSON.parse(payload.toString('utf8')) as T
    } catch {
      return reject('unreadable payload')
    }
  }

  /** Store `value` for `key` (JSON), atomically; a failure to write is only a missed optimisation. */
  set(kind: string, key: string, value: unknown): void {
    const {file, id} = this.file(kind, key)
    const payload = Buffer.from(JSON.stringify(value), 'utf8')
    const header = JSON.stringify({version: this.version, id, bytes: payload.length, sha256: createHash('sha256').update(payload).digest('hex')})
    const temporary = file + '.' + process.pid + '-' + randomBytes(4).toString('hex') + '.tmp'
    try {
      fs.mkdirSync(path.dirname(file), {recursive: true})
      fs.writeFileSync(temporary, Buffer.concat([Buffer.from(magic + '\n' + header + '\n', 'utf8'), payload]))
      fs.renameSync(temporary, file)
    } catch (error) {
      fs.rmSync(temporary, {force: true})
      this.debug('cache: could not write ' + path.relative(this.dir, file) + ': ' + (error as Error).message)
      return
    }
    this.written += payload.length
    // Now and then, keep the folder under its bound.
    if (this.written > this.maxBytes / 8) {
      this.written = 0
      this.prune()
    }
  }

  /** Remove the oldest entries (by modification time) until the folder holds at most 3/4 of its bound. */
  prune(): void {
    const entries: Array<{file: string; size: number; time: number}> = []
    const walk = (dir: string) => {
      let names: fs.Dirent[]
      try {
        names = fs.readdirSync(dir, {withFileTypes: true})
      } catch {
        return
      }
      for (const entry of names) {
        const full = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(full)
        else {
          const stat = fs.statSync(full, {throwIfNoEntry: false})
          if (stat) entries.push({file: full, size: stat.size, time: stat.mtimeMs})
        }
      }
    }
    walk(this.dir)
    let total = entries.reduce((sum, d) => sum + d.size, 0)
    if (total <= this.maxBytes) return
    entries.sort((a, b) => a.time - b.time)
    for (const entry of entries) {
      if (total <= (this.maxBytes * 3) / 4) break
      fs.rmSync(entry.file, {force: true})
      total -= entry.size
    }
  }
}
