/**
 * The diff engine: two versions of a publication → one typed change model
 * that every renderer consumes.
 *
 * 1. Sections are paired by pairing.ts, the one rule every output follows
 *    (files first, then heading, text and what a section holds; across
 *    files only a near-identical text that is no boilerplate); each pair
 *    carries its reason. What is not paired is removed or added.
 * 2. Blocks (paragraphs, list items, table rows) are aligned within paired
 *    sections; a removed and an added block with enough words in common are
 *    a change.
 * 3. Text within changed blocks is diffed by words. Blocks whose text is
 *    equal but whose Markdown differs (emphasis, list markers) are
 *    formatting changes, not text changes.
 */
import {diffArrays} from 'diff'
import type {Block, DocumentModel, Section} from './model.js'
import {pairSections, type PairReason} from './pairing.js'
import {similarity} from './similarity.js'
import {diffText, type Segment} from './text-diff.js'

export interface SectionRef {
  id: string
  number?: string
  title: string
  level: number
  /** Its source file (`withheld-1` for a file the audience may not see). */
  file?: string
  /** Id of the section it stands under, in its version. */
  parent?: string
  /** Its place among the sections of its version (0-based): the old text's order is the old refs' order. */
  index?: number
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
  /** It moved to another place in the outline (under another section) or to another file. */
  moved: boolean
  /** It moved to another file (not one renamed): from which, to which. */
  movedFile?: {from: string; to: string}
  /** Why the old and new section were paired (pairing.ts): the rule, and the text in common where it counts. */
  pairing?: PairReason
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

const ref = (section: Section, index?: number): SectionRef => ({
  id: section.id,
  number: section.number,
  title: section.title,
  level: section.level,
  ...(section.file !== undefined ? {file: section.file} : {}),
  ...(section.parent !== undefined ? {parent: section.parent} : {}),
  ...(index !== undefined ? {index} : {})
})
const headingText = (section: Section) => (section.number ? section.number + ' ' : '') + section.title
const bodyText = (section: Section) => section.blocks.map((d) => d.text).join('\n')

export function diffModels(before: DocumentModel, after: DocumentModel): ChangeModel {
  const pairs = alignSections(before.sections, after.sections)
  // Where each old section went: a section moved if its parent's partner is not its new parent.
  const next = new Map<Section, Section>()
  for (const [a, b] of pairs) if (a && b) next.set(a, b)
  const oldParent = parents(before.sections)
  const newParent = parents(after.sections)
  const oldIndex = new Map(before.sections.map((d, i) => [d, i]))
  const newIndex = new Map(after.sections.map((d, i) => [d, i]))
  const sections = pairs.map(([a, b, reason]) => {
    const change = diffSection(a, b)
    if (a) change.old = ref(a, oldIndex.get(a))
    if (b) change.new = ref(b, newIndex.get(b))
    if (a && b) {
      const from = oldParent.get(a)
      const to = newParent.get(b)
      const elsewhere = (from ? next.get(from) : undefined) !== to
      change.moved = reason?.rule === 'moved-file' || (!change.renumbered && elsewhere)
      if (reason) change.pairing = reason
      if (reason?.rule === 'moved-file' && reason.file) change.movedFile = reason.file
    }
    return change
  })
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
 * Pairs [old, new] in reading order of the new version, each removed
 * section after its old predecessor; the pairing is `pairing.ts`'s (the
 * rule every output follows), with the reason for each pair.
 */
export function alignSections(before: Section[], after: Section[]): Array<[Section | undefined, Section | undefined, PairReason | undefined]> {
  const {partner, reasons} = pairSections(before, after)
  const used = new Set(partner.values())
  const out: Array<[Section | undefined, Section | undefined, PairReason | undefined]> = []
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
        out.push([removed, undefined, undefined])
        placed.add(removed)
      }
    }
  }
  flush(undefined)
  for (const section of after) {
    const old = partner.get(section)
    out.push([old, section, reasons.get(section)])
    if (old) flush(old)
  }
  for (const old of before) if (!used.has(old) && !placed.has(old)) out.push([old, undefined, undefined])
  return out
}

/** Each section's parent section (in its file). */
function parents(sections: readonly Section[]): Map<Section, Section> {
  const byId = new Map(sections.map((d) => [(d.file ?? '') + '\u0000' + d.id, d]))
  const out = new Map<Section, Section>()
  for (const section of sections) {
    const parent = section.parent ? byId.get((section.file ?? '') + '\u0000' + section.parent) : undefined
    if (parent) out.set(section, parent)
  }
  return out
}

function diffSection(a: Section | undefined, b: Section | undefined): SectionChange {
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
    // Pair in order: each old block with the new block still ahead that has
    // its number (an item (2) is the item (2), however rewritten), else the
    // one with most words in common.
    let j = 0
    for (const old of pendingOld) {
      let best = -1
      let score = 0.3
      if (old.number !== undefined) {
        for (let k = j; k < pendingNew.length && best < 0; k++) {
          const next = pendingNew[k]!
          if (next.number === old.number && next.depth === old.depth && next.kind === old.kind) best = k
        }
      }
      const numbered = best >= 0
      for (let k = j; k < pendingNew.length && !numbered; k++) {
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
