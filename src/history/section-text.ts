/**
 * The sections of a publication as one audience sees them (number, title,
 * text), and what changed between two versions, section by section.
 */
import {diffChars} from 'diff'
import type {Root} from 'mdast'
import {VFile} from 'vfile'
import type {Audience} from '../access.js'
import {createPolicyTextProcessor} from '../processor.js'
import type {Publication} from '../publication.js'

export interface SectionText {
  id: string
  number?: string
  title: string
  text: string
}

export interface SectionChange {
  id: string
  number?: string
  title: string
  kind: 'added' | 'removed' | 'changed'
  /** Characters added and removed (number and title included). */
  added: number
  removed: number
}

// Unchanged files (same text, same audience) are parsed and redacted once.
const cache = new Map<string, SectionText[]>()

/** Sections of `publication` as `audience` sees them (all of them without one). */
export async function sectionTexts(publication: Publication, audience?: Audience): Promise<Map<string, SectionText>> {
  const out = new Map<string, SectionText>()
  for (const doc of publication.documents) {
    const key = doc.hash + '\0' + (audience?.name ?? '') + '\0' + publication.config.audiences.map((d) => d.name + ':' + d.clearance.join(',')).join(';')
    let entries = cache.get(key)
    if (!entries) {
      const processor = createPolicyTextProcessor({lang: publication.config.lang, audiences: publication.config.audiences, audience})
      const file = new VFile({path: doc.file.path, value: doc.file.value})
      await processor.run(structuredClone(doc.tree) as Root, file)
      entries = (file.data.kaiteiSearch ?? []).map((d) => ({id: d.id, number: d.number, title: d.title, text: d.text}))
      if (cache.size > 2000) cache.clear()
      cache.set(key, entries)
    }
    for (const entry of entries) out.set(entry.id, entry)
  }
  return out
}

/** Section-level changes from `before` to `after`, in the order of `after` (removed ones last). */
export function compareSections(before: Map<string, SectionText>, after: Map<string, SectionText>): SectionChange[] {
  const changes: SectionChange[] = []
  const whole = (d: SectionText) => (d.number ? d.number + ' ' : '') + d.title + '\n' + d.text
  for (const [id, section] of after) {
    const old = before.get(id)
    if (!old) {
      changes.push({id, number: section.number, title: section.title, kind: 'added', added: [...whole(section)].length, removed: 0})
      continue
    }
    const a = whole(old)
    const b = whole(section)
    if (a === b) continue
    let added = 0
    let removed = 0
    for (const part of diffChars(a, b)) {
      if (part.added) added += part.count ?? part.value.length
      else if (part.removed) removed += part.count ?? part.value.length
    }
    changes.push({id, number: section.number, title: section.title, kind: 'changed', added, removed})
  }
  for (const [id, section] of before) {
    if (!after.has(id)) changes.push({id, number: section.number, title: section.title, kind: 'removed', added: 0, removed: [...whole(section)].length})
  }
  return changes
}
