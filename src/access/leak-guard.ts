/**
 * The leak guard: after a build, look in every artifact of an edition for
 * text that only stricter editions may contain, and fail if any is found.
 *
 * Fingerprints are the withheld fragments (text, URLs, alt text, ids,
 * summaries …) cut into overlapping windows of `windowLength` characters,
 * whitespace removed; windows that also occur in what the edition may show
 * are dropped, so shared phrases raise no false alarm. Each artifact is
 * searched as written, with HTML entities decoded, with %-escapes decoded
 * and with JavaScript/JSON escapes decoded.
 *
 * Limits: fragments shorter than `minLength` characters (a number, a short
 * word) cannot be told from ordinary text and are not fingerprinted;
 * binary files (fonts) are not read.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {VFileMessage} from 'vfile-message'
import type {Fragment} from './fragments.js'

export interface LeakGuardOptions {
  /** Window length in characters (default: `12`). */
  windowLength?: number
  /** Shortest fragment fingerprinted, in characters (default: `6`). */
  minLength?: number
}

export interface Fingerprints {
  fragments: Fragment[]
  /** Window → index of the fragment it comes from. */
  windows: Map<string, number>
  /** Fragments shorter than a window, searched whole. */
  short: Array<[string, number]>
  windowLength: number
}

export interface Artifact {
  /** Path shown in messages, e.g. `public/index.html`. */
  path: string
  content: string
}

export interface LeakFinding {
  artifact: string
  fragment: Fragment
  /** How the text was found: as written, or after decoding entities, %-escapes or JS escapes. */
  encoding: 'raw' | 'entities' | 'percent' | 'escapes'
}

const squash = (text: string) => text.replace(/\s+/g, '')

export function buildFingerprints(withheld: readonly Fragment[], visibleText: readonly string[], options: LeakGuardOptions = {}): Fingerprints {
  const windowLength = options.windowLength ?? 12
  const minLength = options.minLength ?? 6
  const stride = Math.max(1, Math.floor(windowLength / 2))
  const windows = new Map<string, number>()
  const shortCandidates = new Map<string, number>()

  withheld.forEach((fragment, index) => {
    const text = squash(fragment.text)
    if (text.length < minLength) return
    if (text.length <= windowLength) {
      if (!shortCandidates.has(text)) shortCandidates.set(text, index)
      return
    }
    for (let at = 0; ; at += stride) {
      const start = Math.min(at, text.length - windowLength)
      const window = text.slice(start, start + windowLength)
      if (!windows.has(window)) windows.set(window, index)
      if (start === text.length - windowLength) break
    }
  })

  // What the edition may show is not a leak, even if stricter text has it too.
  const visible = squash(visibleText.join('\u0000'))
  if (windows.size > 0) {
    for (let at = 0; at + windowLength <= visible.length; at++) windows.delete(visible.slice(at, at + windowLength))
  }
  const short: Array<[string, number]> = []
  for (const [text, index] of shortCandidates) if (!visible.includes(text)) short.push([text, index])

  return {fragments: [...withheld], windows, short, windowLength}
}

/** Search one artifact; at most one finding per fragment. */
export function scanArtifact(artifact: Artifact, fingerprints: Fingerprints): LeakFinding[] {
  if (fingerprints.windows.size === 0 && fingerprints.short.length === 0) return []
  const found = new Map<number, LeakFinding>()
  for (const [encoding, view] of views(artifact.content)) {
    const text = squash(view)
    const length = fingerprints.windowLength
    if (fingerprints.windows.size > 0) {
      for (let at = 0; at + length <= text.length; at++) {
        const index = fingerprints.windows.get(text.slice(at, at + length))
        if (index !== undefined && !found.has(index)) {
          found.set(index, {artifact: artifact.path, fragment: fingerprints.fragments[index]!, encoding})
        }
      }
    }
    for (const [fragment, index] of fingerprints.short) {
      if (!found.has(index) && text.includes(fragment)) {
        found.set(index, {artifact: artifact.path, fragment: fingerprints.fragments[index]!, encoding})
      }
    }
  }
  return [...found.values()]
}

/** The artifact as written and decoded in the ways text hides in HTML, URLs and scripts. */
function* views(content: string): Generator<[LeakFinding['encoding'], string]> {
  yield ['raw', content]
  if (content.includes('&')) yield ['entities', decodeEntities(content)]
  if (content.includes('%')) yield ['percent', decodePercent(content)]
  if (content.includes('\\')) yield ['escapes', decodeEscapes(content)]
}

const named: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0'}

export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d+)|#[xX]([\da-fA-F]+)|([a-zA-Z]+));?/g, (all, dec?: string, hex?: string, name?: string) => {
    if (dec) return safeCodePoint(Number.parseInt(dec, 10)) ?? all
    if (hex) return safeCodePoint(Number.parseInt(hex, 16)) ?? all
    return named[name!.toLowerCase()] ?? all
  })
}

export function decodePercent(text: string): string {
  return text.replace(/(?:%[\da-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run)
    } catch {
      return run
    }
  })
}

export function decodeEscapes(text: string): string {
  return text
    .replace(/\\u\{([\da-fA-F]+)\}/g, (all, hex: string) => safeCodePoint(Number.parseInt(hex, 16)) ?? all)
    .replace(/(?:\\u[\da-fA-F]{4})+/g, (run) => {
      const units = run.split('\\u').slice(1).map((d) => Number.parseInt(d, 16))
      return String.fromCharCode(...units)
    })
    .replace(/\\x([\da-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
}

function safeCodePoint(code: number): string | undefined {
  return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined
}

/** A finding as a message at the withheld text's source position. */
export function leakMessage(finding: LeakFinding, edition: string): VFileMessage {
  const text = finding.fragment.text.replace(/\s+/g, ' ').trim()
  const excerpt = text.length > 24 ? text.slice(0, 24) + '…' : text
  const how = finding.encoding === 'raw' ? '' : ' (' + {entities: 'as HTML entities', percent: 'URL-encoded', escapes: 'as JS escapes'}[finding.encoding] + ')'
  const message = new VFileMessage(
    'Unexpected withheld text `' + excerpt + '` in `' + finding.artifact + '`' + how + ', expected only text the `' + edition + '` edition may see',
    {place: finding.fragment.place, source: 'kaitei', ruleId: 'leak'}
  )
  message.file = finding.fragment.file
  message.fatal = true
  return message
}

const textExtensions = new Set(['.html', '.htm', '.js', '.mjs', '.json', '.css', '.svg', '.txt', '.xml', '.md'])

/** Whether a file is text the guard reads (fonts and images are not). */
export function isTextArtifact(file: string): boolean {
  return textExtensions.has(path.extname(file).toLowerCase())
}

/** Read the text artifacts under `dir` (an edition folder on disk), skipping sub-folders named in `skip`. */
export async function readArtifacts(dir: string, prefix: string, skip: string[] = []): Promise<Artifact[]> {
  const out: Artifact[] = []
  const walk = async (current: string) => {
    for (const entry of await fs.readdir(current, {withFileTypes: true})) {
      const full = path.join(current, entry.name)
      if (entry.isDirectory() && current === dir && skip.includes(entry.name)) continue
      if (entry.isDirectory()) await walk(full)
      else if (isTextArtifact(entry.name)) out.push({path: prefix + '/' + path.relative(dir, full).split(path.sep).join('/'), content: await fs.readFile(full, 'utf8')})
    }
  }
  await walk(dir)
  return out
}

/** Run the guard on an edition in memory (its generated files and text assets). */
export async function guardEdition(
  edition: {
    audience: {name: string}
    withheld: Fragment[]
    visibleText: string[]
    files: ReadonlyArray<{path: string; content: string | Uint8Array} | {path: string; copyFrom: string}>
    printHtml?: string
  },
  options: LeakGuardOptions = {}
): Promise<VFileMessage[]> {
  const fingerprints = buildFingerprints(edition.withheld, edition.visibleText, options)
  const messages: VFileMessage[] = []
  // The page the PDF is printed from: what the PDF's text is made of.
  if (edition.printHtml) {
    for (const finding of scanArtifact({path: edition.audience.name + '/print.html (PDF)', content: edition.printHtml}, fingerprints)) {
      messages.push(leakMessage(finding, edition.audience.name))
    }
  }
  for (const file of edition.files) {
    if (!isTextArtifact(file.path)) continue
    const content =
      'copyFrom' in file ? await fs.readFile(file.copyFrom, 'utf8') : typeof file.content === 'string' ? file.content : new TextDecoder().decode(file.content)
    for (const finding of scanArtifact({path: edition.audience.name + '/' + file.path, content}, fingerprints)) {
      messages.push(leakMessage(finding, edition.audience.name))
    }
  }
  return messages
}

/** Run the guard on strings set in a PDF (metadata, outline titles). */
export function guardStrings(
  edition: {audience: {name: string}; withheld: Fragment[]; visibleText: string[]},
  artifact: string,
  strings: readonly string[]
): VFileMessage[] {
  const fingerprints = buildFingerprints(edition.withheld, edition.visibleText)
  return scanArtifact({path: edition.audience.name + '/' + artifact, content: strings.join('\n')}, fingerprints).map((finding) =>
    leakMessage(finding, edition.audience.name)
  )
}
