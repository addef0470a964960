/**
 * `cross-reference`, read against the draft amendment: a reference the
 * amendment left as it was, to a section the amendment renumbered or
 * removed. 「上記7」 named 7 脅威 in the version in force; a new 7 was put
 * before it, so 脅威 is 8 now and 「上記7」 names the wrong section, though
 * one exists. The reference is read as it stood (in the old text, from the
 * section it stood in), and followed through the diff's pairs to the
 * section it named, as the amendment numbers it.
 */
import type {SectionInfo} from '../file-data.js'
import {referenceFinder, sameNumber, type ReferenceCheck} from './cross-reference.js'

/** A section of one side of the draft, as the diff engine gives it. */
export interface DraftSection {
  id: string
  number?: string
  title: string
  level: number
  parent?: string
  /** Its source file. */
  file?: string
  /** Its place in its version. */
  index?: number
}

/** The draft amendment as this rule reads it (a `VersionDiff`'s changes and its older side). */
export interface DraftAmendment {
  /** The version in force, for people: 令和8年3月25日 改定. */
  since: string
  /** Every section, old and new, paired where the amendment kept it. */
  sections: ReadonlyArray<{old?: DraftSection; new?: DraftSection; blocks: ReadonlyArray<{old?: {text: string}}>}>
}

/** Why a reference of the working tree no longer names what it named (the words of a message), or `undefined`. */
export function staleReferences(draft: DraftAmendment): ReferenceCheck {
  const asInfo = (d: DraftSection): SectionInfo => ({id: d.id, explicitId: false, level: d.level, type: 'heading', title: d.title, ...(d.parent ? {parent: d.parent} : {}), ...(d.number ? {number: d.number} : {})})
  const paired = draft.sections.filter((d) => d.old)
  const before = paired.map((d) => d.old!).sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
  const oldById = new Map(before.map((d) => [d.id, d]))
  const oldInfo = new Map(before.map((d) => [d.id, asInfo(d)]))
  const oldSections = [...oldInfo.values()]
  const oldOf = new Map<string, DraftSection>()
  const newOf = new Map<string, DraftSection>()
  const oldText = new Map<string, string>()
  for (const change of paired) {
    if (change.new) {
      oldOf.set(change.new.id, change.old!)
      newOf.set(change.old!.id, change.new)
    }
    oldText.set(change.old!.id, change.blocks.map((d) => d.old?.text ?? '').join('\n'))
  }
  const finders = new Map<string, ReturnType<typeof referenceFinder>>()
  const finderOf = (file = '') => {
    let finder = finders.get(file)
    if (!finder) {
      finder = referenceFinder(oldSections, before.filter((d) => (d.file ?? '') === file).map((d) => oldInfo.get(d.id)!))
      finders.set(file, finder)
    }
    return finder
  }
  const name = (d: DraftSection) => (d.number ? d.number + ' ' : '') + d.title
  return (reference, here) => {
    const stood = here && oldOf.get(here.id)
    // New text was written against the new numbering; a reference the amendment wrote is its own.
    if (!stood || !oldText.get(stood.id)?.includes(reference.written)) return undefined
    const was = finderOf(stood.file)(reference.written, oldInfo.get(stood.id)).find((d) => d.index === 0 && d.length === reference.written.length)?.target
    if (!was) return undefined
    const named = oldById.get(was.id)!
    const now = newOf.get(was.id)
    if (now && reference.target?.id === now.id) return undefined
    const said = 'it named ' + name(named) + ' in ' + draft.since
    if (!now) return said + ', which this amendment removes, expected a reference to a section that exists'
    // Kept its number (the reference's scope moved, say): no renumbering to report.
    if (!now.number || sameNumber(now.number, named.number)) return undefined
    const expected = rewritten(reference.written, now.number)
    return said + ', which this amendment renumbers ' + now.number + (expected ? ', expected `' + expected + '`' : ', expected a reference to its number now')
  }
}

/** The reference as it would name `number`: 上記7 → 上記8, 第2章 → 第3章, Section 3.2 → Section 3.3. */
function rewritten(written: string, number: string): string | undefined {
  // 第五条第二項: the paragraph's number alone does not say how to write it.
  if (/条.*第.+[項号]$/.test(written)) return undefined
  const relative = /^(?:上記|前記|下記)\s?/.exec(written)
  if (relative) return relative[0] + number
  if (written.startsWith('Section')) return 'Section ' + number
  return number
}
