/**
 * The output folder, written so that nothing is lost:
 *
 * - kaitei replaces only a folder it made: its `kaitei-build.json` (schema
 *   checked) lists the editions, every entry of the folder is one of them,
 *   and each has the manifest kaitei writes. Anything else is refused.
 * - One build writes into an output folder at a time (`<out>.lock`, with the
 *   owner's pid); a second waits for it, or takes over a lock whose owner
 *   died.
 * - A build writes into `<out>.staging-…` (as closed as the output folder
 *   itself: it holds every edition) and swaps it in with two renames; the
 *   next build removes staging and old folders whose owner died (a build
 *   killed with `kill -9`), and puts back a previous build a killed swap
 *   left aside.
 */
import {randomBytes} from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {KaiteiError} from '../errors.js'

/** The marker kaitei leaves in an output folder; it only replaces folders that have it. */
export const manifestName = 'kaitei-build.json'
/** The marker in a staging or old folder: who made it. */
const ownerName = '.kaitei-owner.json'
/** Files an operating system leaves in folders people browse. */
const systemFiles = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini'])

export interface BuildMarker {
  generator: 'kaitei'
  publication: string
  editions: Array<{audience: string; label: string; path: string}>
}

/** Refuse to replace a non-empty folder that kaitei did not make (or that holds more than kaitei wrote). */
export async function assertReplaceable(out: string): Promise<void> {
  let entries: string[]
  try {
    const stat = await fs.stat(out)
    if (!stat.isDirectory()) {
      throw new KaiteiError('Refusing to write into `' + out + '`: it is a file, expected a folder for the build (choose another --out)', 'E_OUT_NOT_KAITEI')
    }
    entries = await fs.readdir(out)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  const own = entries.filter((d) => !systemFiles.has(d))
  if (own.length === 0) return
  const refuse = (why: string) => {
    throw new KaiteiError('Refusing to replace `' + out + '`: ' + why + ', expected an output folder made by kaitei (choose another --out)', 'E_OUT_NOT_KAITEI')
  }
  if (!own.includes(manifestName)) refuse('it is not empty and has no ' + manifestName)
  const marker = await readMarker(path.join(out, manifestName))
  if (!marker) refuse('its ' + manifestName + ' is not one kaitei wrote')
  const editions = new Set(marker!.editions.map((d) => d.audience))
  for (const entry of own) {
    if (entry === manifestName) continue
    if (!editions.has(entry)) refuse('it holds `' + entry + '`, which is not an edition kaitei wrote there')
    const manifest = await fs.readFile(path.join(out, entry, 'manifest.json'), 'utf8').catch(() => undefined)
    if (!manifest || !isEditionManifest(manifest, marker!.publication)) refuse('its folder `' + entry + '` has no edition manifest kaitei wrote')
  }
}

async function readMarker(file: string): Promise<BuildMarker | undefined> {
  let data: unknown
  try {
    data = JSON.parse(await fs.readFile(file, 'utf8'))
  } catch {
    return undefined
  }
  const marker = data as Partial<BuildMarker>
  if (marker?.generator !== 'kaitei' || typeof marker.publication !== 'string' || !Array.isArray(marker.editions)) return undefined
  for (const edition of marker.editions) {
    if (typeof edition?.audience !== 'string' || typeof edition.path !== 'string' || !/^[a-z][a-z0-9-]*$/.test(edition.audience)) return undefined
  }
  return marker as BuildMarker
}

function isEditionManifest(text: string, publication: string): boolean {
  try {
    const data = JSON.parse(text) as {generator?: unknown; publication?: unknown; edition?: {name?: unknown}}
    return data.generator === 'kaitei' && data.publication === publication && typeof data.edition?.name === 'string'
  } catch {
    return false
  }
}

export interface OutputLock {
  release(): Promise<void>
}

export interface LockOptions {
  /** How long to wait for another build writing the same folder, in ms (default: 10 minutes). */
  wait?: number
  /** Told once when waiting starts. */
  onWait?: (owner: string) => void
  signal?: AbortSignal
}

/** Take `<out>.lock`: wait while another live build holds it, take over from a dead one. */
export async function lockOutput(out: string, options: LockOptions = {}): Promise<OutputLock> {
  const file = out + '.lock'
  const deadline = Date.now() + (options.wait ?? 600_000)
  let told = false
  await fs.mkdir(path.dirname(out), {recursive: true})
  for (;;) {
    options.signal?.throwIfAborted()
    try {
      await fs.writeFile(file, JSON.stringify({pid: process.pid, host: os.hostname(), started: new Date().toISOString()}) + '\n', {flag: 'wx'})
      return {release: () => fs.rm(file, {force: true})}
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const owner = await readOwner(file)
    if (!owner || !isAlive(owner)) {
      // Its build died: the lock is stale.
      await fs.rm(file, {force: true})
      continue
    }
    const who = 'pid ' + owner.pid + (owner.started ? ', started ' + owner.started : '')
    if (Date.now() > deadline) {
      throw new KaiteiError('Another kaitei build (' + who + ') is still writing `' + out + '`; wait for it to finish, or stop it', 'E_OUT_LOCKED')
    }
    if (!told) options.onWait?.('waiting for another build writing ' + path.basename(out) + ' (' + who + ')')
    told = true
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

interface Owner {
  pid: number
  host?: string
  started?: string
}

async function readOwner(file: string): Promise<Owner | undefined> {
  try {
    const data = JSON.parse(await fs.readFile(file, 'utf8')) as Owner
    return typeof data.pid === 'number' ? data : undefined
  } catch {
    return undefined
  }
}

/** Whether the process that wrote `owner` still runs (another host's: assumed alive). */
function isAlive(owner: Owner): boolean {
  if (owner.host && owner.host !== os.hostname()) return true
  try {
    process.kill(owner.pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Clean up after builds that died writing `out` (call with the lock held):
 * put back a previous build a killed swap left aside, remove their staging
 * and old folders.
 */
export async function removeStale(out: string): Promise<string[]> {
  const parent = path.dirname(out)
  const base = path.basename(out)
  const removed: string[] = []
  const entries = await fs.readdir(parent).catch(() => [] as string[])
  const outExists = entries.includes(base)
  for (const entry of entries) {
    const match = /^(.*)\.(staging|old)-[0-9a-f]+$/.exec(entry)
    if (!match || match[1] !== base) continue
    const dir = path.join(parent, entry)
    const owner = await readOwner(path.join(dir, ownerName))
    if (owner && isAlive(owner)) continue
    if (!owner && match[2] === 'staging') continue // not ours to judge: made by an older kaitei or by hand
    if (match[2] === 'old' && !outExists && (await readMarker(path.join(dir, manifestName)))) {
      // The swap was killed between its renames: the previous build comes back.
      await fs.rm(path.join(dir, ownerName), {force: true})
      await fs.rename(dir, out)
      removed.push(entry + ' (put back as ' + base + ')')
      continue
    }
    await fs.rm(dir, {recursive: true, force: true})
    removed.push(entry)
  }
  // Editions left aside inside `out` by a killed partial build (`--audience`).
  for (const entry of outExists ? await fs.readdir(out).catch(() => [] as string[]) : []) {
    const match = /^(.*)\.old-[0-9a-f]+$/.exec(entry)
    if (!match) continue
    const dir = path.join(out, entry)
    const current = path.join(out, match[1]!)
    if (await fs.stat(current).then(() => false, () => true)) {
      await fs.rename(dir, current)
      removed.push(base + '/' + entry + ' (put back as ' + match[1] + ')')
    } else {
      await fs.rm(dir, {recursive: true, force: true})
      removed.push(base + '/' + entry)
    }
  }
  return removed
}

/**
 * Make a staging folder beside `out`: no more open than `out` itself (it
 * holds every edition), marked with its owner so that a later build can
 * tell it from a live one.
 */
export async function createStaging(out: string): Promise<string> {
  const staging = out + '.staging-' + randomBytes(4).toString('hex')
  const mode = await fs.stat(out).then((d) => d.mode & 0o777).catch(() => undefined)
  await fs.mkdir(staging, {recursive: true, mode: mode ?? 0o700})
  // mkdir's mode is masked by the umask: set it exactly.
  if (mode !== undefined) await fs.chmod(staging, mode)
  await writeOwner(staging)
  return staging
}

async function writeOwner(dir: string) {
  await fs.writeFile(path.join(dir, ownerName), JSON.stringify({pid: process.pid, host: os.hostname(), started: new Date().toISOString()}) + '\n')
}

/** Replace `out` with `staging` by two renames; the old build is removed last. */
export async function swapIn(staging: string, out: string): Promise<void> {
  await fs.rm(path.join(staging, ownerName), {force: true})
  const old = out + '.old-' + randomBytes(4).toString('hex')
  let moved = false
  try {
    await fs.rename(out, old)
    moved = true
    await writeOwner(old)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  try {
    await fs.rename(staging, out)
  } catch (error) {
    // Put the previous build back.
    if (moved) {
      await fs.rm(path.join(old, ownerName), {force: true})
      await fs.rename(old, out)
    }
    throw error
  }
  if (moved) await fs.rm(old, {recursive: true, force: true})
}

/** Replace only some editions of `out` (each by two renames), then the marker. */
export async function swapEditions(staging: string, out: string, names: string[]): Promise<void> {
  await fs.mkdir(out, {recursive: true})
  for (const name of names) {
    const old = path.join(out, name + '.old-' + randomBytes(4).toString('hex'))
    await fs.rename(path.join(out, name), old).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
    })
    await fs.rename(path.join(staging, name), path.join(out, name))
    await fs.rm(old, {recursive: true, force: true})
  }
  await fs.rename(path.join(staging, manifestName), path.join(out, manifestName))
  await fs.rm(staging, {recursive: true, force: true})
}
