import {editDistance} from '../text.js'

/**
 * The written form of access markers, read independently of the Markdown
 * parser: what *looks like* an access marker in the source, and the
 * attributes of a marker as written (the parsed tree merges duplicates).
 *
 * The parser is strict: `:::access {audience=staff}` (a space), full-width
 * `：：：access`, `{audience=staff, note=x}` (a comma) or attributes over two
 * lines are not directives at all, and would be published as text. So the
 * source is searched for anything marker-like — colons (half- or full-width,
 * and their look-alikes) before `access` in any case, a line starting with
 * `::`, an attribute block naming `audience` — and every hit must be a
 * marker the parser read; anything else is an error (see
 * remark-policy-access-markers).
 */

/** Characters read as a colon: ASCII, full-width, small, ratio, modifier letter. */
const colonLike = new Set([':', '：', '﹕', '∶', '꞉', '˸', '︓'])

/** Letters of `access` and `audience` written with look-alikes (Cyrillic, Greek). */
const confusables: Record<string, string> = {
  а: 'a', с: 'c', е: 'e', ѕ: 's', і: 'i', ԁ: 'd', υ: 'u', ս: 'u', ο: 'o', о: 'o', α: 'a', ε: 'e'
}

/**
 * The text folded for matching (NFKC per character, look-alike colons and
 * letters to ASCII, lower case), with the source offset of each folded
 * character: matches are reported where they are written.
 */
export interface FoldedText {
  text: string
  offsets: number[]
}

export function fold(source: string, from = 0, to = source.length): FoldedText {
  let text = ''
  const offsets: number[] = []
  for (let at = from; at < to; ) {
    const code = source.codePointAt(at)!
    const char = String.fromCodePoint(code)
    let folded: string
    if (colonLike.has(char)) folded = ':'
    else if (code < 0x80) folded = char.toLowerCase()
    else folded = (confusables[char.toLowerCase()] ?? char.normalize('NFKC')).toLowerCase()
    for (let i = 0; i < folded.length; i++) {
      text += folded[i]
      offsets.push(at)
    }
    at += char.length
  }
  offsets.push(to)
  return {text, offsets}
}

export type MarkerCandidateKind = 'fence' | 'inline' | 'attributes'

export interface MarkerCandidate {
  kind: MarkerCandidateKind
  /** Source offset where the marker-like text starts. */
  offset: number
  /** Source offset where the line (or the match) ends. */
  end: number
}

/** Container prefixes before a fence: indentation, block quotes, list markers. */
const linePrefix = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*/

/**
 * Every place in `source` (between `from` and `to`) that looks like an
 * access marker or a directive fence:
 * - `fence`: a line whose text starts with two or more colons;
 * - `inline`: colons, then a word that is `access` give or take two
 *   letters (`:acess[`, `:acce,ss[`, `: Access {`), then `[` or `{`;
 * - `attributes`: an attribute block — `{…=…}` on one line, or `{`
 *   followed by `audience`, or `{…}` naming one of `audienceNames`; and on
 *   a line with brackets or braces, an audience's name a letter off after
 *   `=` (`=securityy`) or `audience` a letter or two off before `=`.
 */
export function findMarkerCandidates(source: string, from = 0, to = source.length, audienceNames: readonly string[] = []): MarkerCandidate[] {
  const out: MarkerCandidate[] = []
  let lineStart = from
  while (lineStart <= to) {
    let lineEnd = source.indexOf('\n', lineStart)
    if (lineEnd < 0 || lineEnd > to) lineEnd = to
    const line = source.slice(lineStart, lineEnd)
    // Most lines of a policy have none of these characters: skip them cheaply.
    if (/[:：﹕∶꞉˸︓{｛}｝=＝]/.test(line)) scanLine(lineStart, lineEnd, out, source, audienceNames)
    if (lineEnd >= to) break
    lineStart = lineEnd + 1
  }
  return out
}

function scanLine(lineStart: number, lineEnd: number, out: MarkerCandidate[], source: string, audienceNames: readonly string[]) {
  const {text, offsets} = fold(source, lineStart, lineEnd)
  const prefix = linePrefix.exec(text)![0].length
  if (/^:{2,}/.test(text.slice(prefix))) out.push({kind: 'fence', offset: offsets[prefix]!, end: lineEnd})
  const push = (kind: MarkerCandidateKind, index: number, length: number) => out.push({kind, offset: offsets[index]!, end: offsets[index + length]!})
  // Each run of colons is tried once, from its first colon (a line of
  // 100,000 colons is linear, not quadratic).
  for (const match of text.matchAll(/(?<!:):+[ \t]*([^\s[\]:]{1,12}?)[ \t]*[[{]/g)) {
    if (editDistance(match[1]!.replace(/[^a-z]/g, ''), 'access') <= 2) push('inline', match.index, match[0].length)
  }
  // `:access` run into the text it was meant to mark (`:access秘密]…`); not `mailto:access@…`.
  for (const match of text.matchAll(/(?<!:):+access(?=[^\s@.,;:!?)）、。]|$)/g)) push('inline', match.index, match[0].length)
  const names = audienceNames.map((d) => d.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  // In a brace block, an audience's name anywhere (`{audｓienceｓsecurity}`).
  const named = names.length > 0 ? new RegExp(names.join('|')) : undefined
  // A label followed by attributes (`]{`): the shape of a span whatever its name.
  for (const match of text.matchAll(/\][ \t]*\{/g)) push('attributes', match.index + match[0].length - 1, 1)
  // Every `{` to the next `}` (or the end of the line), braces inside and
  // all. A `{` inside a block looked at already is skipped: its block is a
  // part of that one, so it cannot match where the whole did not (and a
  // line of 100,000 `{` stays linear).
  for (let at = text.indexOf('{'); at >= 0; ) {
    const close = text.indexOf('}', at)
    const block = text.slice(at, close < 0 ? text.length : close + 1)
    if ((close >= 0 && block.includes('=')) || /audience/.test(block) || named?.test(block)) push('attributes', at, block.length)
    if (close < 0) break
    at = text.indexOf('{', close + 1)
  }
  // An audience given as a value without its braces (`audiene=security}`),
  // or run into the word (`audiencesecurity`); `access[` without its colon.
  if (names.length > 0) {
    const alternatives = names.join('|')
    for (const match of text.matchAll(new RegExp('=[ \\t]*["\']?(?:' + alternatives + ')\\b|audience[^\\s\\p{L}\\p{N}]{0,2}[ \\t]*(?:' + alternatives + ')', 'gu'))) {
      push('attributes', match.index, match[0].length)
    }
  }
  for (const match of text.matchAll(/audience[ \t]*[=:]/g)) push('attributes', match.index, match[0].length)
  for (const match of text.matchAll(/(?<![a-z:])access[ \t]*\[/g)) push('inline', match.index, match[0].length)
  // `access` with spaces or marks inside (`:ac　ess[`, `:acc  .ss[`): its letters, give or take two.
  for (const match of text.matchAll(/(?<!:):+([^\n[\]{}:]{1,16}?)[[{]/g)) {
    const letters = match[1]!.replace(/[^a-z]/g, '')
    if (letters.length >= 4 && editDistance(letters, 'access') <= 2) push('inline', match.index, match[0].length)
  }
  // Near-misses on a line with brackets or braces (the shape of a marker):
  // an audience's name after `=` with a letter off, split or in another
  // case (`=securityy`, `=sEcuri}y`), and `audience` before `=` or `:` with
  // letters off (`udiience=`).
  if (/[[\]{}]/.test(text)) {
    const plain = audienceNames.map((d) => d.toLowerCase().replace(/[^a-z]/g, '')).filter(Boolean)
    if (plain.length > 0) {
      for (const match of text.matchAll(/=[ \t"']*([^\s=]{2,24})/g)) {
        const letters = match[1]!.replace(/[^a-z]/g, '')
        if (plain.some((name) => nearName(letters, name))) push('attributes', match.index, match[0].length)
      }
    }
    for (const match of text.matchAll(/([a-z][^\s=:{}[\]]{3,14})[ \t]*[=:]/g)) {
      const letters = match[1]!.replace(/[^a-z]/g, '')
      if (letters.length >= 5 && editDistance(letters, 'audience') <= 2) push('attributes', match.index, match[0].length)
    }
  }
}

/** Whether `letters` is an audience's name, give or take a letter (two for long names; none for short ones). */
function nearName(letters: string, name: string): boolean {
  if (letters === name) return true
  const allowed = name.length <= 4 ? 0 : name.length <= 7 ? 1 : 2
  return allowed > 0 && Math.abs(letters.length - name.length) <= allowed && editDistance(letters, name) <= allowed
}


export interface WrittenAttribute {
  key: string
  value?: string
  /** Whether the value was quoted. */
  quoted?: boolean
  /** Offset of the key in the source. */
  offset: number
}

/**
 * Read a directive's attribute block as written, starting at its `{`:
 * `{audience=staff note="…"}` → the attributes in order (duplicates kept),
 * and the offset after the closing `}`. `undefined` when it is not a
 * well-formed block (the parser would not have read it either).
 * Grammar of micromark-extension-directive: `#id`, `.class`, `key`,
 * `key=value`, `key="value"`, `key='value'`, separated by whitespace.
 */
export function readAttributes(source: string, start: number): {attributes: WrittenAttribute[]; end: number} | undefined {
  if (source[start] !== '{') return undefined
  const attributes: WrittenAttribute[] = []
  let at = start + 1
  const space = () => {
    while (at < source.length && /\s/.test(source[at]!)) at++
  }
  const nameChar = /[A-Za-z0-9_.:-]/
  while (at < source.length) {
    space()
    const char = source[at]
    if (char === '}') return {attributes, end: at + 1}
    if (char === '#' || char === '.') {
      const keyStart = at
      at++
      const valueStart = at
      while (at < source.length && nameChar.test(source[at]!)) at++
      if (at === valueStart) return undefined
      attributes.push({key: char === '#' ? 'id' : 'class', value: source.slice(valueStart, at), offset: keyStart})
    } else if (char !== undefined && /[A-Za-z_:]/.test(char)) {
      const keyStart = at
      while (at < source.length && nameChar.test(source[at]!)) at++
      const key = source.slice(keyStart, at)
      space()
      if (source[at] !== '=') {
        attributes.push({key, offset: keyStart})
        continue
      }
      at++
      space()
      const quote = source[at]
      if (quote === '"' || quote === "'") {
        const close = source.indexOf(quote, at + 1)
        if (close < 0) return undefined
        attributes.push({key, value: source.slice(at + 1, close), quoted: true, offset: keyStart})
        at = close + 1
      } else {
        const valueStart = at
        while (at < source.length && !/[\s"'<=>`}]/.test(source[at]!)) at++
        if (at === valueStart) return undefined
        attributes.push({key, value: source.slice(valueStart, at), offset: keyStart})
      }
    } else {
      return undefined
    }
    // Attributes are separated by whitespace.
    if (at < source.length && !/[\s}]/.test(source[at]!)) return undefined
  }
  return undefined
}

/**
 * What is wrong with a marker-like line, in words an author can act on
 * (empty when nothing specific is recognised).
 */
export function markerHints(written: string): string[] {
  const hints: string[] = []
  const folded = fold(written).text
  if (/[：﹕∶꞉˸︓]/.test(written)) hints.push('write the colons half-width (`:::`)')
  if (/access/.test(folded) && !/access/.test(written)) hints.push('write `access` in lower case and in ASCII letters')
  if (/:[ \t]+access/.test(folded) || /access[ \t]+[[{]/.test(folded)) hints.push('no space between the colons, `access` and `{`')
  const braces = /\{[^}]*(\}|$)/.exec(folded)
  if (braces) {
    const block = braces[0]
    if (/,/.test(block.replace(/"[^"]*"|'[^']*'/g, ''))) hints.push('separate attributes with spaces, not commas')
    if (/\\"/.test(block)) hints.push('a quoted value cannot escape its quote: use the other quote (`note=\'…"…\'`)')
    else if ((block.match(/"/g) ?? []).length % 2 === 1 || (block.match(/'/g) ?? []).length % 2 === 1) hints.push('close the quoted value')
    if (braces[1] !== '}') hints.push('close the attributes with `}` on the same line (attributes cannot span lines)')
  } else if (/^:+[ \t]*access[ \t]*$/.test(folded.trim())) {
    hints.push('name the audience: `{audience=…}`')
  }
  return hints
}
