/**
 * The diff engine: two versions of a publication → one typed change model
 * that every renderer consumes.
 *
 * 1. Sections are aligned by id; an id match is kept only if it is
 *    plausibly the same section (same title, or similar text). The rest are
 *    matched by title, then by content similarity, so a renumbered or moved
 *    section is reported as such, not as a deletion plus an addition.
 * 2. Blocks (paragraphs, list items, table rows) are aligned within matched
 *    sections; a removed and an added block that are similar are a change.
 * 3. Text within changed blocks is diffed by words, refined to characters.
 *    Blocks whose text is equal but whose Markdown differs (emphasis, list
 *    markers) are formatting changes, not text changes.
 */
import {diffArrays} from 'diff'
import {introSuffix, type Block, type DocumentModel, type Section} from './model.js'
import {diffText, similarity, type Segment} from './text-diff.js'

export interface SectionRef {
  id: string
  number?: string
  title: string
  level: number
}

export interface BlockChange {
  kind: 'unchanged' | 'changed' | 'added' | 'removed' | 'formatting'
  old?: Block
  new?: Block
  /** For `changed`: the text's segments; for `added`/`removed`: one segment. */
  segments: Segment[]
}

export interface SectionChange {
  /** What happened to the text: nothing, a change, or the whole section. */
  kind: 'unchanged' | 'changed' | 'added' | 'removed'
  /** The number changed (3 → 4) while the section stayed the same. */
  renumbered: boolean
  /** It moved to another place in the outline (another parent or order). */
  moved: boolean
  old?: SectionRef
  new?: SectionRef
  /** Number and title: segments when they changed. */
  heading: Segment[]
  blocks: BlockChange[]
  /** Characters added and removed (heading included). */
  added: number
  removed: number
  /** Only formatting changed in its blocks. */
  formattingOnly: boolean
}

export interface ChangeModel {
  sections: SectionChange[]
  summary: {
    sections: {changed: number; added: number; removed: number; renumbered: number; moved: number; unchanged: number}
    characters: {added: number; removed: number}
    formatting: number
  }
}

/** Most pairs compared each with each in the last step of the alignment. */
const maxMatrix = 250_000

const ref = (section: Section): SectionRef => ({id: section.id, number: section.number, title: section.title, level: section.level})
const headingText = (section: Section) => (section.number ? section.number + ' ' : '') + section.title
const bodyText = (section: Section) => section.blocks.map((d) => d.text).join('\n')

export function diffModels(before: DocumentModel, after: DocumentModel): ChangeModel {
  const pairs = alignSections(before.sections, after.sections)
  const sections = pairs.map(([a, b]) => diffSection(a, b, before.sections, after.sections))
  const summary: ChangeModel['summary'] = {
    sections: {changed: 0, added: 0, removed: 0, renumbered: 0, moved: 0, unchanged: 0},
    characters: {added: 0, removed: 0},
    formatting: 0
  }
  for (const section of sections) {
    summary.sections[section.kind]++
    if (section.renumbered) summary.sections.renumbered++
    if (section.moved) summary.sections.moved++
    summary.characters.added += section.added
    summary.characters.removed += section.removed
    summary.formatting += section.blocks.filter((d) => d.kind === 'formatting').length
  }
  return {sections, summary}
}

/**
 * Pairs [old, new] in reading order of the new version; removed sections
 * after their old predecessor. The pairing takes a global view, so that a
 * re-lettered, reordered rewrite is read right:
 *
 * 1. a section whose body is unchanged is always found, whatever its number,
 *    title or place became (equal bodies, same title or id preferred);
 * 2. the same id, where plausibly the same section;
 * 3. the same title (a renumbered section);
 * 4. the best assignment over the similarity of what is left: all candidate
 *    pairs, best first (not the first good one in reading order).
 *
 * Text before the first heading of a file (`<file>-intro`) pairs only with
 * such text.
 */
export function alignSections(before: Section[], after: Section[]): Array<[Section | undefined, Section | undefined]> {
  const match = new Map<Section, Section>() // new → old
  const used = new Set<Section>()
  const pair = (section: Section, old: Section) => {
    match.set(section, old)
    used.add(old)
  }
  const intro = (d: Section) => d.id.endsWith(introSuffix) && d.level === 0
  const compatible = (a: Section, b: Section) => intro(a) === intro(b)
  // Short Japanese sentences share many bigrams (「の文」「である」): a retitled
  // section must keep most of its text to keep its id's match.
  const plausible = (a: Section, b: Section) => {
    if (a.title === b.title) return true
    const body = similarity(bodyText(a), bodyText(b))
    return body >= 0.6 || (body >= 0.3 && similarity(a.title, b.title) >= 0.5)
  }

  // 1. Unchanged bodies, wherever they went.
  const byBody = new Map<string, Section[]>()
  for (const old of before) {
    const body = bodyText(old)
    if (body.trim() !== '') byBody.set(body, [...(byBody.get(body) ?? []), old])
  }
  for (const section of after) {
    const candidates = (byBody.get(bodyText(section)) ?? []).filter((d) => !used.has(d) && compatible(d, section))
    if (candidates.length === 0) continue
    // Several with the same body (a boilerplate 「（略）」): the same title, then the same id, then the first.
    const old = candidates.find((d) => d.title === section.title) ?? candidates.find((d) => d.id === section.id) ?? candidates[0]!
    if (candidates.length > 1 && old.title !== section.title && old.id !== section.id) continue
    pair(section, old)
  }
  // 2. Same id, if plausibly the same section.
  const byId = new Map(before.map((d) => [d.id, d]))
  for (const section of after) {
    if (match.has(section)) continue
    const old = byId.get(section.id)
    if (old && !used.has(old) && plausible(old, section)) pair(section, old)
  }
  // 3. Same title (renumbered or moved).
  const rest = () => before.filter((d) => !used.has(d))
  for (const section of after) {
    if (match.has(section)) continue
    const old = rest().find((d) => d.title === section.title && d.title !== '' && compatible(d, section) && (d.blocks.length === 0 || similarity(bodyText(d), bodyText(section)) >= 0.2))
    if (old) pair(section, old)
  }
  // 4. The best pairs by similarity, best first, over everything left.
  const left = after.filter((d) => !match.has(d) && d.blocks.length > 0)
  const oldLeft = rest().filter((d) => d.blocks.length > 0)
  if (left.length * oldLeft.length <= maxMatrix) {
    const candidates: Array<[number, Section, Section]> = []
    for (const section of left) {
      const body = bodyText(section)
      for (const old of oldLeft) {
        if (!compatible(old, section)) continue
        const other = bodyText(old)
        // Lengths too far apart cannot reach the threshold: skip the work.
        if (Math.min(body.length, other.length) < 0.4 * Math.max(body.length, other.length)) continue
        const value = similarity(other, body)
        if (value >= 0.6) candidates.push([value, old, section])
      }
    }
    candidates.sort((a, b) => b[0] - a[0])
    for (const [, old, section] of candidates) if (!match.has(section) && !used.has(old)) pair(section, old)
  } else {
    // Too many to compare each with each: the best for each new section, in order.
    for (const section of left) {
      let best: Section | undefined
      let score = 0.6
      for (const old of rest()) {
        if (old.blocks.length === 0 || !compatible(old, section)) continue
        const value = similarity(bodyText(old), bodyText(section))
        if (value >= score) {
          best = old
          score = value
        }
      }
      if (best) pair(section, best)
    }
  }

  // Reading order of the new version; each removed section after its old predecessor.
  const out: Array<[Section | undefined, Section | undefined]> = []
  const placed = new Set<Section>()
  const removedAfter = new Map<Section | undefined, Section[]>()
  let previous: Section | undefined
  for (const old of before) {
    if (!used.has(old)) {
      const list = removedAfter.get(previous) ?? []
      list.push(old)
      removedAfter.set(previous, list)
    } else {
      previous = old
    }
  }
  const flush = (old: Section | undefined) => {
    for (const removed of removedAfter.get(old) ?? []) {
      if (!placed.has(removed)) {
        out.push([removed, undefined])
        placed.add(removed)
      }
    }
  }
  flush(undefined)
  for (const section of after) {
    const old = match.get(section)
    out.push([old, section])
    if (old) flush(old)
  }
  for (const old of before) if (!used.has(old) && !placed.has(old)) out.push([old, undefined])
  return out
}

function diffSection(a: Section | undefined, b: Section | undefined, before: Section[], after: Section[]): SectionChange {
  const change: SectionChange = {
    kind: 'unchanged',
    renumbered: false,
    moved: false,
    old: a && ref(a),
    new: b && ref(b),
    heading: [],
    blocks: [],
    added: 0,
    removed: 0,
    formattingOnly: false
  }
  if (!a || !b) {
    const section = (a ?? b)!
    change.kind = a ? 'removed' : 'added'
    const type = a ? 'delete' : 'insert'
    change.heading = [{type, text: headingText(section)}]
    change.blocks = section.blocks.map((block) => ({kind: a ? 'removed' : 'added', [a ? 'old' : 'new']: block, segments: [{type, text: block.text}]}) as BlockChange)
    const size = [...headingText(section)].length + section.blocks.reduce((sum, d) => sum + [...d.text].length, 0)
    if (a) change.removed = size
    else change.added = size
    return change
  }

  change.renumbered = (a.number ?? '') !== (b.number ?? '')
  change.moved = !change.renumbered && a.id !== b.id && parentTitle(a, before) !== parentTitle(b, after)
  change.heading = diffText(headingText(a), headingText(b))
  change.blocks = diffBlocks(a.blocks, b.blocks)
  // A renumbering alone is not a text change of the heading.
  const headingChanged = a.title !== b.title
  if (headingChanged) count(change, change.heading)
  for (const block of change.blocks) count(change, block.segments)
  const textChanged = headingChanged || change.blocks.some((d) => d.kind !== 'unchanged' && d.kind !== 'formatting')
  change.kind = textChanged ? 'changed' : 'unchanged'
  change.formattingOnly = !textChanged && change.blocks.some((d) => d.kind === 'formatting')
  return change
}

function parentTitle(section: Section, all: Section[]): string {
  return all.find((d) => d.id === section.parent)?.title ?? ''
}

function count(change: SectionChange, segments: Segment[]) {
  for (const segment of segments) {
    if (segment.type === 'insert') change.added += [...segment.text].length
    if (segment.type === 'delete') change.removed += [...segment.text].length
  }
}

/** Align blocks: equal text first (LCS), then pair similar removed/added blocks as changes. */
export function diffBlocks(before: Block[], after: Block[]): BlockChange[] {
  const parts = diffArrays(before, after, {comparator: (x: Block, y: Block) => x.text === y.text})
  const out: BlockChange[] = []
  let pendingOld: Block[] = []
  let pendingNew: Block[] = []
  const flush = () => {
    // Pair in order: each old block with the most similar new block still ahead.
    let j = 0
    for (const old of pendingOld) {
      let best = -1
      let score = 0.3
      for (let k = j; k < pendingNew.length; k++) {
        const value = similarity(old.text, pendingNew[k]!.text)
        if (value > score) {
          best = k
          score = value
        }
      }
      if (best < 0) {
        out.push({kind: 'removed', old, segments: [{type: 'delete', text: old.text}]})
        continue
      }
      for (; j < best; j++) out.push({kind: 'added', new: pendingNew[j], segments: [{type: 'insert', text: pendingNew[j]!.text}]})
      out.push({kind: 'changed', old, new: pendingNew[best], segments: diffText(old.text, pendingNew[best]!.text)})
      j = best + 1
    }
    for (; j < pendingNew.length; j++) out.push({kind: 'added', new: pendingNew[j], segments: [{type: 'insert', text: pendingNew[j]!.text}]})
    pendingOld = []
    pendingNew = []
  }
  let oldIndex = 0
  let newIndex = 0
  for (const part of parts) {
    if (part.removed) {
      pendingOld.push(...part.value)
      oldIndex += part.value.length
    } else if (part.added) {
      pendingNew.push(...part.value)
      newIndex += part.value.length
    } else {
      flush()
      for (let k = 0; k < part.value.length; k++) {
        const old = before[oldIndex + k]!
        const next = after[newIndex + k]!
        out.push({kind: old.markup === next.markup ? 'unchanged' : 'formatting', old, new: next, segments: [{type: 'equal', text: next.text}]})
      }
      oldIndex += part.value.length
      newIndex += part.value.length
    }
  }
  flush()
  return out
}
