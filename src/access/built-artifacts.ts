/**
 * Every file of a build on disk, as the leak guard reads it
 * (`kaitei check --leaks`): text files as text (UTF-8, or UTF-16 with its
 * byte-order mark); PDFs as the words they show (pages, metadata,
 * bookmarks, links; see pdf-text.ts); gzip and brotli files unpacked first;
 * fonts copied from npm skipped only when their bytes are npm's; anything
 * else read as UTF-8, UTF-16 and Latin-1, so that a withheld sentence planted
 * in any file is found. A file the guard cannot read as text at all is
 * reported, never passed over.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {brotliDecompressSync, gunzipSync} from 'node:zlib'
import {isTextArtifact, type Artifact} from './leak-guard.js'
import {readPdfText} from './pdf-text.js'

const fontExtensions = new Set(['.woff2', '.woff', '.ttf', '.otf'])
/** Binary formats whose text, if any, shows as bytes (PNG text chunks, EXIF): read as they are. */
const imageExtensions = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.ico', '.bmp', '.avif'])
/** Unpacked files larger than this are not read (a bomb): reported instead. */
const maxUnpacked = 64 * 1024 * 1024

export interface ReadBuiltOptions {
  /** Sub-folders of `dir` not to read (default: none). */
  skip?: readonly string[]
  /** Whether a font file is one kaitei copied, byte for byte, from its packages (default: none is). */
  packagedFont?: (file: string, bytes: Uint8Array) => Promise<unknown>
}

/** An artifact, or a file the guard could not read (`unreadable`: why). */
export type BuiltFile = Artifact & {unreadable?: string}

/** Read the files under `dir` (dotfiles included). */
export async function readBuiltArtifacts(dir: string, prefix: string, options: ReadBuiltOptions = {}): Promise<BuiltFile[]> {
  const skip = options.skip ?? []
  const out: BuiltFile[] = []
  const walk = async (current: string) => {
    for (const entry of await fs.readdir(current, {withFileTypes: true})) {
      const full = path.join(current, entry.name)
      if (entry.isDirectory()) {
        if (!(current === dir && skip.includes(entry.name))) await walk(full)
        continue
      }
      const shown = prefix + '/' + path.relative(dir, full).split(path.sep).join('/')
      const artifact = await readBuiltFile(full, shown, options)
      if (artifact) out.push(artifact)
    }
  }
  await walk(dir)
  return out
}

/** One file as the guard reads it (`undefined`: a font exactly as npm ships it). */
export async function readBuiltFile(file: string, shown: string, options: ReadBuiltOptions = {}): Promise<BuiltFile | undefined> {
  const bytes = await fs.readFile(file)
  const extension = path.extname(file).toLowerCase()
  if (extension === '.pdf' || isPdf(bytes)) {
    const text = await readPdfText(bytes, shown)
    return {path: shown, content: text.pages.join('\n') + '\n' + text.strings.join('\n'), structural: text.strings}
  }
  if (fontExtensions.has(extension) && options.packagedFont && (await options.packagedFont(file, bytes))) return undefined
  const unpacked = unpack(bytes, extension)
  if (typeof unpacked === 'string') return {path: shown, content: '', unreadable: unpacked}
  if (unpacked !== bytes) {
    // A packed file: read what it holds, as any file (it may hold a PDF or a page).
    const inner = path.join(path.dirname(file), path.basename(file, extension))
    return readBytes(unpacked, shown, path.extname(inner).toLowerCase())
  }
  if (isTextArtifact(file)) return {path: shown, content: decodeText(bytes)}
  return readBytes(bytes, shown, extension)
}

function readBytes(bytes: Buffer, shown: string, extension: string): BuiltFile {
  const text = decodeText(bytes)
  if (isTextArtifact('x' + extension) || looksLikeText(text)) return {path: shown, content: text}
  // Binary: its bytes as UTF-8, UTF-16 and Latin-1 (text hides in any of them).
  const content = bytes.toString('utf8') + '\n' + bytes.toString('utf16le') + '\n' + bytes.toString('latin1')
  if (fontExtensions.has(extension) || imageExtensions.has(extension)) return {path: shown, content}
  return {
    path: shown,
    content,
    unreadable: 'a binary file (' + (extension || 'no extension') + ') the leak guard cannot read as text, expected only the text, PDF, font and image files kaitei writes'
  }
}

/** gzip (by its magic bytes) and brotli (`.br`) unpacked; a string says why a file could not be. */
function unpack(bytes: Buffer, extension: string): Buffer | string {
  try {
    if (bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return gunzipSync(bytes, {maxOutputLength: maxUnpacked})
    if (extension === '.br') return brotliDecompressSync(bytes, {maxOutputLength: maxUnpacked})
  } catch (error) {
    return 'a packed file (' + extension + ') the leak guard cannot unpack (' + String((error as Error).message).split('\n')[0] + ')'
  }
  return bytes
}

/** Text by its byte-order mark: UTF-16 (LE or BE) or UTF-8. */
function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes)
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes)
  // UTF-16 without a mark: every other byte of ASCII text is zero.
  if (bytes.length >= 8 && zeroes(bytes, 1) > 0.3 && zeroes(bytes, 0) < 0.05) return new TextDecoder('utf-16le').decode(bytes)
  if (bytes.length >= 8 && zeroes(bytes, 0) > 0.3 && zeroes(bytes, 1) < 0.05) return new TextDecoder('utf-16be').decode(bytes)
  return bytes.toString('utf8')
}

function zeroes(bytes: Buffer, parity: number): number {
  let count = 0
  let total = 0
  for (let at = parity; at < Math.min(bytes.length, 4096); at += 2) {
    total++
    if (bytes[at] === 0) count++
  }
  return total === 0 ? 0 : count / total
}

/** Mostly printable characters, with no NUL: text whatever its extension. */
function looksLikeText(text: string): boolean {
  const sample = text.slice(0, 4096)
  if (sample.length === 0) return true
  let bad = 0
  for (const char of sample) if (char === '\u0000' || char === '\ufffd' || (char < ' ' && !'\n\r\t\f'.includes(char))) bad++
  return bad / sample.length < 0.02
}

function isPdf(bytes: Buffer): boolean {
  return bytes.length > 5 && bytes.toString('latin1', 0, 5) === '%PDF-'
}
