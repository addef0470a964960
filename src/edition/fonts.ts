/**
 * Web fonts from npm (@fontsource), shipped inside the edition: no CDN, no OS
 * font. Noto Serif/Sans JP come in ~120 subsets per weight (unicode-range);
 * an edition gets only the subsets whose ranges cover characters it uses,
 * and only woff2 (every browser that runs the edition reads it).
 */
import fs from 'node:fs/promises'
import {createRequire} from 'node:module'
import path from 'node:path'
import type {KaiteiContext} from '../context.js'

export interface FontFamilySpec {
  /** npm package: `@fontsource/noto-serif-jp`. */
  package: string
  /** Weights to ship (default: `[400, 700]`). */
  weights?: number[]
}

export interface FontSelection {
  /** `@font-face` rules pointing at `fonts/<file>` (relative to the CSS file). */
  css: string
  /** Files to copy: absolute source → name under `fonts/`. */
  files: Array<{from: string; name: string}>
}

interface FontFace {
  rule: string
  file: string
  ranges: Array<[number, number]>
}

/** The faces of one package and weight. */
interface FaceSet {
  dir: string
  faces: FontFace[]
}

export const defaultFontFamilies: FontFamilySpec[] = [
  {package: '@fontsource/noto-serif-jp', weights: [400, 700]},
  {package: '@fontsource/noto-sans-jp', weights: [400, 700]}
]

const require = createRequire(import.meta.url)

/**
 * The `@font-face` rules of one package and weight, read once per context
 * and again when the package's CSS changed (an upgrade in a long-running process).
 */
async function loadFaces(pkg: string, weight: number, context: KaiteiContext): Promise<FaceSet> {
  const cssPath = require.resolve(pkg + '/' + weight + '.css')
  const stat = await fs.stat(cssPath)
  const stamp = stat.size + ':' + stat.mtimeMs
  const cache = context.cache<{stamp: string; faces: Promise<FaceSet>}>('font-faces', {max: 32})
  const cached = cache.get(cssPath)
  if (cached && cached.stamp === stamp) return cached.faces
  const faces = readFaces(cssPath)
  cache.set(cssPath, {stamp, faces})
  faces.catch(() => cache.delete(cssPath))
  return faces
}

async function readFaces(cssPath: string): Promise<FaceSet> {
  const css = await fs.readFile(cssPath, 'utf8')
  return {dir: path.dirname(cssPath), faces: parseFaces(css)}
}

function parseFaces(css: string): FontFace[] {
  const faces: FontFace[] = []
  for (const match of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const body = match[1]!
    const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(body)?.[1]
    if (!file) continue
    const rangeText = /unicode-range:\s*([^;]+);/.exec(body)?.[1]
    const ranges: Array<[number, number]> = rangeText
      ? rangeText.split(',').map((part) => {
          const [start, end] = part.trim().replace(/^U\+/i, '').split('-')
          const first = parseInt(start!, 16)
          return [first, end ? parseInt(end, 16) : first] as [number, number]
        })
      : [[0, 0x10ffff]]
    const declarations = body
      .replace(/src:[^;]+;/, 'src: url(fonts/' + file + ") format('woff2');")
      .trim()
      .replace(/\s*\n\s*/g, '\n  ')
    faces.push({rule: '@font-face {\n  ' + declarations + '\n}', file, ranges})
  }
  return faces
}

/**
 * Code points used in `texts` beyond ASCII (always shipped), with printable
 * ASCII, as a sorted array. Pages are mostly ASCII markup: it is skipped a
 * char code at a time.
 */
function codePoints(texts: readonly string[]): number[] {
  const set = new Set<number>()
  for (let code = 0x20; code < 0x7f; code++) set.add(code)
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code < 0x80) continue
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const low = text.charCodeAt(i + 1)
        if (low >= 0xdc00 && low <= 0xdfff) {
          set.add((code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000)
          i++
          continue
        }
      }
      set.add(code)
    }
  }
  return [...set].sort((a, b) => a - b)
}

function covers(ranges: Array<[number, number]>, points: number[]): boolean {
  for (const [start, end] of ranges) {
    // Binary search for the first point >= start.
    let low = 0
    let high = points.length
    while (low < high) {
      const mid = (low + high) >> 1
      if (points[mid]! < start) low = mid + 1
      else high = mid
    }
    if (low < points.length && points[low]! <= end) return true
  }
  return false
}

/**
 * Choose the font subsets that the text of `texts` needs. Printable ASCII is
 * always included so that a reader's search terms render in the edition's
 * font.
 */
export async function selectFonts(texts: string | readonly string[], context: KaiteiContext, families: FontFamilySpec[] = defaultFontFamilies): Promise<FontSelection> {
  const points = codePoints(typeof texts === 'string' ? [texts] : texts)
  const rules: string[] = []
  const files: FontSelection['files'] = []
  for (const family of families) {
    for (const weight of family.weights ?? [400, 700]) {
      const {dir, faces} = await loadFaces(family.package, weight, context)
      // In the package's order; a face is used when any of its ranges holds a code point of the text.
      for (const face of faces) {
        if (!covers(face.ranges, points)) continue
        rules.push(face.rule)
        files.push({from: path.join(dir, 'files', face.file), name: face.file})
      }
    }
  }
  return {css: rules.join('\n') + '\n', files}
}

/**
 * Every subset of the fonts: for a page whose text is not known when its
 * fonts are chosen (the preview adds warnings and draft pages as one
 * writes). The browser loads only the subsets a page's characters need.
 */
export async function everyFont(context: KaiteiContext, families: FontFamilySpec[] = defaultFontFamilies): Promise<FontSelection> {
  const rules: string[] = []
  const files: FontSelection['files'] = []
  for (const family of families) {
    for (const weight of family.weights ?? [400, 700]) {
      const {dir, faces} = await loadFaces(family.package, weight, context)
      for (const face of faces) {
        rules.push(face.rule)
        files.push({from: path.join(dir, 'files', face.file), name: face.file})
      }
    }
  }
  return {css: rules.join('\n') + '\n', files}
}

/** The npm file a shipped font was copied from (same name, same bytes), if it is one. */
export async function packagedFont(name: string, bytes: Uint8Array, context: KaiteiContext, families: FontFamilySpec[] = defaultFontFamilies): Promise<string | undefined> {
  for (const family of families) {
    for (const weight of family.weights ?? [400, 700]) {
      const {dir} = await loadFaces(family.package, weight, context)
      const candidate = path.join(dir, 'files', path.basename(name))
      try {
        if (Buffer.from(await fs.readFile(candidate)).equals(Buffer.from(bytes))) return candidate
      } catch {
        // Not in this package.
      }
    }
  }
  return undefined
}
