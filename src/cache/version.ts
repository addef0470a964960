/**
 * What a cache entry was made by: kaitei's version and, where it was
 * compiled from a checkout, the hash of the sources it was compiled from
 * (dist/.compiled): an entry made by other code is never trusted.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/** kaitei's code version, for cache entries (read when a cache is opened). */
export function codeVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const manifest = path.join(dir, 'package.json')
    if (fs.existsSync(manifest)) {
      const data = JSON.parse(fs.readFileSync(manifest, 'utf8')) as {name?: string; version?: string}
      if (data.name === 'kaitei') {
        let stamp: string
        try {
          stamp = fs.readFileSync(path.join(dir, 'dist', '.compiled'), 'utf8').trim()
        } catch {
          stamp = 'uncompiled+' + ownHash()
        }
        return (data.version ?? '0') + '+' + stamp
      }
    }
    const parent = path.dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  // Not found (a bundle copied elsewhere): the module's own text says what it is.
  return 'module+' + ownHash()
}

function ownHash(): string {
  return createHash('sha256').update(fs.readFileSync(fileURLToPath(import.meta.url))).digest('hex')
}
