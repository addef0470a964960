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
import {slugify} from '../numbering.js'

export interface LeakGuardOptions {
  /** Window length in characters (default: `12`). */
  windowLength?: number
  /** Shortest fragment fingerprinted, in characters (default: `6`). */
  minLength?: number
  /** Shortest heading, title or id looked for among an artifact's headings, titles and ids (default: `2`). */
  minStructuralLength?: number
}

export interface Fingerprints {
  fragments: Fragment[]
  /** Window → index of the fragment it comes from. */
  windows: Map<string, number>
  /** Fragments shorter than a window, searched whole. */
  short: Array<[string, number]>
  /** Headings, titles and ids too short to fingerprint: [text, as an id segment, fragment index]. */
  structural: Array<[string, string, number]>
  windowLength: number
}

export interface Artifact {
  /** Path shown in messages, e.g. `public/index.html`. */
  path: string
  content: string
  /**
   * Strings that stand alone in the artifact (bookmark titles, metadata,
   * text runs of a PDF). Default: read from the content by its type — the
   * headings, titles, ids and links of HTML, the ids and titles of JSON.
   */
  structural?: string[]
}

export interface LeakFinding {
  artifact: string
  fragment: Fragment
  /** How the text was found: as written, or after decoding, or among headings, titles and ids. */
  encoding: 'raw' | 'entities' | 'percent' | 'escapes' | 'text' | 'base64' | 'structure'
}

/**
 * The form all comparisons are made in: NFKC (full-width and half-width
 * letters alike), glyphs a PDF's ToUnicode map may give for one another
 * made one, invisible characters and whitespace removed.
 */
export function normalizeForGuard(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2027\u00b7]/g, '・')
    .replace(invisible, '')
    .replace(/\s+/g, '')
}

/**
 * Characters that show nothing, which a withheld sentence could be salted
 * with to slip past the guard (`秘\u200B密`): format characters (zero-width
 * space and joiners, the byte-order mark, the soft hyphen, bidi controls),
 * variation selectors and the combining grapheme joiner.
 */
const invisible = /[\p{Cf}\u034f\u180b-\u180d\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/gu

export function buildFingerprints(withheld: readonly Fragment[], visibleText: readonly string[], options: LeakGuardOptions = {}): Fingerprints {
  const windowLength = options.windowLength ?? 12
  const minLength = options.minLength ?? 6
  const minStructural = options.minStructuralLength ?? 2
  const stride = Math.max(1, Math.floor(windowLength / 2))
  const windows = new Map<string, number>()
  const shortCandidates = new Map<string, number>()
  const structuralCandidates = new Map<string, number>()

  withheld.forEach((fragment, index) => {
    const text = normalizeForGuard(fragment.text)
    if (text.length < minLength) {
      // A short heading, title or id still tells: look for it where such things stand.
      if (fragment.kind && text.length >= minStructural && !structuralCandidates.has(text)) structuralCandidates.set(text, index)
      return
    }
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
  const visible = normalizeForGuard(visibleText.join('\u0000'))
  if (windows.size > 0) {
    for (let at = 0; at + windowLength <= visible.length; at++) windows.delete(visible.slice(at, at + windowLength))
  }
  const short: Array<[string, number]> = []
  for (const [text, index] of shortCandidates) if (!visible.includes(text)) short.push([text, index])
  const structural: Array<[string, string, number]> = []
  // Its slug (a heading's anchor) is looked for too, unless the edition shows those words itself:
  // a withheld 「第二条（定義）」 tells nothing a visible heading 「定義」 does not.
  for (const [text, index] of structuralCandidates) {
    if (visible.includes(text)) continue
    const slug = slugify(text)
    structural.push([text, visible.includes(normalizeForGuard(slug)) ? '' : slug, index])
  }

  return {fragments: [...withheld], windows, short, structural, windowLength}
}

/** Search one artifact; at most one finding per fragment. */
export function scanArtifact(artifact: Artifact, fingerprints: Fingerprints): LeakFinding[] {
  if (fingerprints.windows.size === 0 && fingerprints.short.length === 0 && fingerprints.structural.length === 0) return []
  const found = new Map<number, LeakFinding>()
  for (const [encoding, view] of views(artifact.content)) {
    const text = normalizeForGuard(view)
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
  if (fingerprints.structural.length > 0) {
    const strings = (artifact.structural ?? structuralStrings(artifact)).map(normalizeForGuard)
    for (const [fragment, slug, index] of fingerprints.structural) {
      if (found.has(index)) continue
      if (strings.some((d) => d.includes(fragment) || (slug !== '' && d.includes(slug)))) {
        found.set(index, {artifact: artifact.path, fragment: fingerprints.fragments[index]!, encoding: 'structure'})
      }
    }
  }
  return [...found.values()]
}

/** The artifact as written and decoded in the ways text hides in HTML, URLs, scripts and data URLs. */
function* views(content: string): Generator<[LeakFinding['encoding'], string]> {
  yield ['raw', content]
  if (content.includes('&')) yield ['entities', decodeEntities(content)]
  if (content.includes('%')) yield ['percent', decodePercent(content)]
  if (content.includes('\\')) yield ['escapes', decodeEscapes(content)]
  // Text split by tags (`秘<b>密</b>`) reads whole without them.
  if (content.includes('<')) yield ['text', decodeEntities(content.replace(/<[^>]*>/g, ''))]
  const encoded = decodeBase64Payloads(content)
  if (encoded) yield ['base64', encoded]
}

/** `data:…;base64,…` payloads and long quoted base64 strings, decoded as UTF-8. */
export function decodeBase64Payloads(content: string): string | undefined {
  const out: string[] = []
  for (const match of content.matchAll(/base64,([A-Za-z0-9+/=\s]{8,})|["'`]([A-Za-z0-9+/]{24,}={0,2})["'`]/g)) {
    const payload = (match[1] ?? match[2]!).replace(/\s+/g, '')
    out.push(Buffer.from(payload, 'base64').toString('utf8'))
  }
  return out.length > 0 ? out.join('\n') : undefined
}

/** Headings, titles, ids and in-page links of HTML; ids, titles and page keys of JSON and scripts. */
export function structuralStrings(artifact: Artifact): string[] {
  const out: string[] = []
  const {content} = artifact
  const extension = path.extname(artifact.path).toLowerCase()
  if (['.html', '.htm', '.svg', '.xml'].includes(extension) || /<(?:h[1-6]|title)\b/i.test(content)) {
    for (const match of content.matchAll(/<(h[1-6]|title)\b[^>]*>([\s\S]*?)<\/\1>/gi)) out.push(decodeEntities(match[2]!.replace(/<[^>]*>/g, '')))
    for (const match of content.matchAll(/class="toc-text">([^<]*)</g)) out.push(decodeEntities(match[1]!))
    for (const match of content.matchAll(/\b(?:id|href|name|aria-label|title)\s*=\s*"([^"]*)"/gi)) out.push(decodePercent(decodeEntities(match[1]!)))
  }
  if (['.json', '.js', '.mjs'].includes(extension)) {
    for (const match of content.matchAll(/"(?:id|title|number|heading)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) out.push(decodeEscapes(match[1]!))
    // `.kaitei-pages.json`: section id → page.
    for (const match of content.matchAll(/"((?:[^"\\]|\\.)*)"\s*:\s*\d+/g)) out.push(decodeEscapes(match[1]!))
  }
  return out
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
  const how =
    finding.encoding === 'raw'
      ? ''
      : ' (' +
        {entities: 'as HTML entities', percent: 'URL-encoded', escapes: 'as JS escapes', text: 'split by tags', base64: 'base64-encoded', structure: 'as a heading, title or id'}[
          finding.encoding
        ] +
        ')'
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
