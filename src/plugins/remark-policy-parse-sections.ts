/**
 * remark-parse, section by section.
 *
 * micromark's cost grows faster than the length of what it parses (every
 * table's and every container's resolution splices one event list of the
 * whole file), and the GFM table and email-autolink constructs are tried at
 * every line and every letter. So a file is cut, before headings where
 * nothing can run across the cut, into sections of about 4,000 characters;
 * each section is parsed by remark-parse's own parser, with the GFM
 * extensions it cannot need left out (see remark-policy-gfm), and the trees
 * are joined with their positions moved to where the section starts.
 *
 * The result is the tree remark-parse gives for the whole file, node for
 * node and position for position (test/parse-sections.test.ts checks it on
 * thousands of generated documents, the sample and the benchmark policy).
 * Where a cut could change anything, the file is parsed whole:
 *
 * - a `]:` other than a plain definition line (`[label]: …`, `[^label]: …`
 *   at the start of a line): definitions apply to the whole file, so each
 *   section is parsed after stand-ins for the definitions it refers to;
 * - a code fence (```` ``` ```` or `~~~`), a line starting with `<` (an
 *   HTML block may run past a blank line), a lone carriage return;
 * - a `:::` directive fence that is not at the start of its line, or that
 *   this file's own check does not understand;
 * - front matter that is not closed.
 *
 * A cut is made only after a blank line, outside any `:::` container,
 * before an ATX heading or a line that starts a block nothing before it
 * can continue (not indented, not a list marker): so a file of thousands
 * of paragraphs and footnotes under one heading is cut too.
 */
import type {Nodes, Root} from 'mdast'
import type {Extension} from 'micromark-util-types'
import type {Processor} from 'unified'
import type {Point, Position} from 'unist'
import type {KaiteiContext} from '../context.js'
import {checkSourceLimits, frontMatterEnd} from '../source-limits.js'

type Parser = (document: string, file: unknown) => Root

/** Sections are joined until they reach this many characters. */
const sectionSize = 4000

export interface RemarkPolicyParseSectionsOptions {
  /** Sections are joined until they reach this many characters (default: 4000). */
  size?: number
  /**
   * Trees of sections already parsed, by text, shared by processors made
   * the same way (see `sectionCacheOf`). Versions of a policy are mostly
   * the same text: history and diffs parse only what changed.
   */
  cache?: SectionCache
}

/** Parsed sections by text, bounded by the characters it holds. */
export interface SectionCache {
  get(text: string): Root | undefined
  set(text: string, tree: Root): void
}

/**
 * The parsed sections of a context: up to `limit` characters of source
 * (default: 4 million, about 55 MB of trees), least recently used first out.
 * Keyed by the section's text: an edit is a new key, never a stale tree.
 */
export function sectionCacheOf(context: KaiteiContext, limit = 4_000_000): SectionCache {
  const cache = context.cache<Root>('sections', {max: 100_000, maxSize: limit, size: (_, text) => text.length})
  return {
    get: (text) => cache.get(text),
    set(text, tree) {
      if (text.length <= limit) cache.set(text, tree)
    }
  }
}

export default function remarkPolicyParseSections(this: Processor, options: RemarkPolicyParseSectionsOptions = {}) {
  const size = options.size ?? sectionSize
  // remark-parse's parser: it reads the extensions from `data` when called.
  const parse = this.parser as unknown as Parser | undefined
  if (!parse) throw new Error('remark-policy-parse-sections must come after remark-parse')
  const data = this.data()
  const openers = new Map<string, boolean>()
  const parser: Parser = (document, file) => {
    const all = data.micromarkExtensions ?? []
    // Input beyond what any policy needs is refused before micromark sees it
    // (only the front matter is parsed); remark-policy-limits reports it.
    const problems = checkSourceLimits(document)
    if (problems.length > 0) {
      const end = frontMatterEnd(document)
      const tree: Root = end ? parse(document.slice(0, end), file) : {type: 'root', children: []}
      tree.data = {...tree.data, kaitei: {...tree.data?.kaitei, refused: problems}}
      return tree
    }
    const sections = cutSections(document, size, (line) => {
      // Does the line alone open a container? (Cached: the same few lines repeat.)
      let known = openers.get(line)
      if (known === undefined) {
        data.micromarkExtensions = all
        known = parse(line + '\n', file).children[0]?.type === 'containerDirective'
        openers.set(line, known)
      }
      return known
    })
    const parseSection = (text: string): Root => {
      const cached = options.cache?.get(text)
      if (cached) return copy(cached, 0, 0)
      data.micromarkExtensions = needed(all, data.gfmNeeds, text)
      const tree = parse(text, file)
      // The cache keeps its own copy: the caller's tree is transformed in place.
      options.cache?.set(text, copy(tree, 0, 0))
      return tree
    }
    try {
      const plan = planSections(document, sections)
      if (!plan) return parseSection(document)
      return assembleSections(plan, plan.texts.map(parseSection)) ?? parseSection(document)
    } finally {
      data.micromarkExtensions = all
    }
  }
  this.parser = parser as unknown as typeof this.parser
}

/**
 * How a file is parsed in pieces: each section's text (with stand-ins after
 * it for the definitions it refers to that other sections hold), to be
 * parsed on its own — here, or on other threads — and put together by
 * `assembleSections`. `undefined`: parse the file whole (it may not be cut).
 */
export interface SectionPlan {
  sections: Section[]
  /** The text to parse for each section. */
  texts: string[]
  /** How many stand-in definitions end each text. */
  standIns: number[]
}

export function planSections(document: string, sections: Section[]): SectionPlan | undefined {
  if (sections.length <= 1) return undefined
  // Link and footnote definitions apply to the whole file: a section is
  // parsed with stand-ins after it for those it refers to that other
  // sections define (so that its references resolve as in the whole
  // file), and the stand-ins are dropped. Only what a section refers to:
  // a file with thousands of footnotes stays linear.
  const definitions = document.includes(']:') ? definitionsOf(document) : undefined
  const texts: string[] = []
  const counts: number[] = []
  for (const section of sections) {
    const text = document.slice(section.offset, section.end)
    const suffix = definitions ? standIns(text, definitions, section) : ''
    texts.push(suffix ? text + '\n\n' + suffix : text)
    counts.push(suffix ? suffix.split('\n\n').length - 1 : 0)
  }
  return {sections, texts, standIns: counts}
}

/**
 * The file's tree from its sections' trees (see `planSections`): stand-ins
 * dropped, positions moved to where each section stands. `undefined` when a
 * stand-in was not read as a definition (parse the file whole instead).
 */
export function assembleSections(plan: SectionPlan, trees: readonly Root[]): Root | undefined {
  const root: Root = {type: 'root', children: []}
  let start: Point | undefined
  let end: Point | undefined
  for (const [index, section] of plan.sections.entries()) {
    const tree = trees[index]!
    const count = plan.standIns[index]!
    const children = tree.children.slice(0, tree.children.length - count)
    // Every stand-in must have been read as a definition; else the file is parsed whole.
    if (tree.children.slice(children.length).some((d) => d.type !== 'definition' && d.type !== 'footnoteDefinition')) return undefined
    for (const child of children) root.children.push(move(child, section.line - 1, section.offset))
    // The file's extent is from the first section's start to the last one's end.
    if (tree.position) {
      const moved = movePosition(tree.position, section.line - 1, section.offset)
      start ??= moved.start
      end = count > 0 ? endOf(plan.texts[index]!.slice(0, section.end - section.offset), section) : moved.end
    }
  }
  if (start && end) root.position = {start, end}
  return root
}

/** Where a file may be cut, as remark-policy-parse-sections cuts it (see `cutSections`), with a parser to tell openers. */
export function sectionsOf(document: string, parse: (text: string) => Root, size = sectionSize): Section[] {
  if (checkSourceLimits(document).length > 0) return [{offset: 0, end: document.length, line: 1}]
  const openers = new Map<string, boolean>()
  return cutSections(document, size, (line) => {
    let known = openers.get(line)
    if (known === undefined) {
      known = parse(line + '\n').children[0]?.type === 'containerDirective'
      openers.set(line, known)
    }
    return known
  })
}

/** A definition line: `[label]: …` or `[^label]: …` at the start of a line, the label plain. */
const definitionLine = /^ {0,3}\[(\^?)([^[\]\n\\]+)\]:/gm

interface Definition {
  footnote: boolean
  label: string
  offset: number
}

/** Definitions of a file by kind and normalized label (micromark's normalizeIdentifier). */
function definitionsOf(text: string): Map<string, Definition[]> {
  const out = new Map<string, Definition[]>()
  for (const match of text.matchAll(definitionLine)) {
    const footnote = match[1] === '^'
    const key = (footnote ? '^' : '') + normalizeLabel(match[2]!)
    out.set(key, [...(out.get(key) ?? []), {footnote, label: match[2]!, offset: match.index}])
  }
  return out
}

function normalizeLabel(label: string): string {
  return label.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, '').toLowerCase().toUpperCase()
}

/** The point after the last character of a section (as the parser ends a root). */
function endOf(text: string, section: Section): Point {
  const newlines = text.split('\n').length - 1
  return {line: section.line + newlines, column: text.length - text.lastIndexOf('\n'), offset: section.end}
}

/** Stand-in definitions, one paragraph each, for labels `text` refers to that are defined only outside `section`. */
function standIns(text: string, definitions: Map<string, Definition[]>, section: Section): string {
  const wanted = new Set<string>()
  for (const match of text.matchAll(/\[(\^?)([^[\]\\]+)\]/g)) {
    const key = (match[1] === '^' ? '^' : '') + normalizeLabel(match[2]!)
    if (wanted.has(key)) continue
    const found = definitions.get(key)
    if (found && !found.some((d) => d.offset >= section.offset && d.offset < section.end)) wanted.add(key)
  }
  let prefix = ''
  for (const key of wanted) {
    const definition = definitions.get(key)![0]!
    prefix += '[' + (definition.footnote ? '^' : '') + definition.label + ']: x\n\n'
  }
  return prefix
}

/** The extensions `text` may need: those remark-policy-gfm said it cannot match without certain characters are left out when those are missing. */
function needed(all: Extension[], needs: ReadonlyMap<Extension, (text: string) => boolean> | undefined, text: string): Extension[] {
  return all.filter((extension) => {
    const test = needs?.get(extension)
    return !test || test(text)
  })
}

/**
 * A deep copy of a parsed tree (plain data: nodes, arrays, attributes),
 * with positions moved down by `lines` lines and `offset` characters.
 */
function copy<T>(value: T, lines: number, offset: number): T {
  if (Array.isArray(value)) return value.map((item: unknown) => copy(item, lines, offset)) as T
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    out[key] = key === 'position' && item ? movePosition(item as Position, lines, offset) : copy(item, lines, offset)
  }
  return out as T
}

/** A node (and its descendants) with positions moved down by `lines` lines and `offset` characters. */
function move<T extends Nodes>(node: T, lines: number, offset: number): T {
  if (node.position) node.position = movePosition(node.position, lines, offset)
  if ('children' in node) for (const child of node.children) move(child, lines, offset)
  return node
}

function movePosition(position: Position, lines: number, offset: number): Position {
  return {start: movePoint(position.start, lines, offset), end: movePoint(position.end, lines, offset)}
}

function movePoint(point: Point, lines: number, offset: number): Point {
  return {line: point.line + lines, column: point.column, offset: point.offset === undefined ? undefined : point.offset + offset}
}

export interface Section {
  /** Offset of the section's first character in the file. */
  offset: number
  /** Offset just after its last character. */
  end: number
  /** Its first line (1-based). */
  line: number
}

const opener = /^(:{3,})[A-Za-z][\w-]*(?:\[[^\]\n]*\])?(?:\{[^{}\n]*\})?[ \t]*$/
const closer = /^(:{3,})[ \t]*$/
const heading = /^#{1,6}(?:[ \t]|$)/
const blank = /^[ \t]*$/
/**
 * A line after a blank line that nothing before can continue: not indented
 * (list, footnote and code continuation), not a list marker (a list goes on
 * across blank lines), not a fence, HTML or a directive.
 */
const blockStart = /^[^\s\-*+\d:<`~=]/
const definitionStart = /^ {0,3}\[(\^?)([^[\]\n\\]+)\]:/
const frontMatterFence = /^---[ \t]*$/

/**
 * Where a file may be cut (see the top of this file), joined into sections
 * of at least `size` characters. One section (the whole file) when it may
 * not be cut.
 */
export function cutSections(text: string, size: number, isOpener: (line: string) => boolean): Section[] {
  const whole = [{offset: 0, end: text.length, line: 1}]
  if (text.length < size * 2) return whole
  if (text.includes('```') || text.includes('~~~') || /\r(?!\n)/.test(text)) return whole
  // Block HTML, or a directive fence after a container marker or indent.
  if (/^[ \t>*+\-\d.)]*</m.test(text) || /^[ \t>*+\-\d.)]+:::/m.test(text)) return whole

  const cuts: Array<{offset: number; line: number}> = []
  // Sizes of the open `:::` containers, outermost first.
  const open: number[] = []
  let offset = 0
  let line = 1
  // Whether the line before starts a block afresh: after a blank line, a
  // directive fence, the front matter, or at the start of the file.
  let fresh = true
  let frontMatter = false
  // Plain definition lines seen (every `]:` of the file must be one), and
  // whether the line before was a link definition or a heading (after
  // which a link definition may start).
  let previousBlank = false
  let definitions = 0
  let afterDefinitionOrHeading = false
  while (offset < text.length) {
    const newline = text.indexOf('\n', offset)
    const next = newline === -1 ? text.length : newline + 1
    let content = text.slice(offset, newline === -1 ? text.length : newline)
    if (content.endsWith('\r')) content = content.slice(0, -1)
    if (line === 1 && frontMatterFence.test(content)) {
      frontMatter = true
    } else if (frontMatter) {
      if (frontMatterFence.test(content)) frontMatter = false
      fresh = !frontMatter
    } else if (content.startsWith(':::')) {
      const closing = closer.exec(content)
      if (closing) {
        // The outermost container the fence is long enough for closes, with
        // everything inside it (a container looks for its closing fence
        // before its content does).
        const size = closing[1]!.length
        const index = open.findIndex((d) => d <= size)
        if (index !== -1) open.length = index
      } else {
        // Only an opening fence that starts a block afresh is sure to open
        // a container: elsewhere it might continue a paragraph, a list item
        // or a table row.
        const opening = opener.exec(content)
        if (!opening || !fresh || !isOpener(content)) return whole
        open.push(opening[1]!.length)
      }
      fresh = true
    } else {
      // Other blocks only after a blank line (a stray `:::` is a paragraph that goes on).
      if (open.length === 0 && fresh && line > 1 && (heading.test(content) || (previousBlank && blockStart.test(content)))) cuts.push({offset, line})
      const definition = definitionStart.exec(content)
      if (definition) {
        // A footnote definition starts a container anywhere; a link
        // definition only where a paragraph could not continue.
        const footnote = definition[1] === '^'
        if (open.length > 0 || !(footnote || fresh || afterDefinitionOrHeading)) return whole
        definitions++
      }
      afterDefinitionOrHeading = (definition !== null && definition[1] !== '^') || heading.test(content)
      fresh = blank.test(content)
    }
    previousBlank = blank.test(content)
    offset = next
    line++
  }
  if (frontMatter) return whole
  if (definitions > 0 || text.includes(']:')) {
    let all = 0
    for (let at = text.indexOf(']:'); at >= 0; at = text.indexOf(']:', at + 2)) all++
    if (all !== definitions) return whole
  }

  const sections: Section[] = []
  let start = {offset: 0, line: 1}
  for (const cut of cuts) {
    if (cut.offset - start.offset >= size && text.length - cut.offset >= size / 2) {
      sections.push({offset: start.offset, end: cut.offset, line: start.line})
      start = cut
    }
  }
  sections.push({offset: start.offset, end: text.length, line: start.line})
  return sections
}

export {remarkPolicyParseSections}
