/**
 * Per-section change counts between two versions, from the diff engine, as
 * `kaitei history` and the 「改正」 markers use them.
 */
import type {Audience} from '../access/audiences.js'
import {diffModels} from './engine.js'
import {documentModel, type ModelCache} from './model.js'
import type {Publication} from '../publication.js'

export interface SectionChange {
  id: string
  number?: string
  title: string
  kind: 'added' | 'removed' | 'changed' | 'renumbered' | 'moved'
  /** The number before, for a renumbered section. */
  oldNumber?: string
  /** Characters added and removed. */
  added: number
  removed: number
}

export async function sectionChanges(before: Publication, after: Publication, audience?: Audience, cache?: ModelCache): Promise<SectionChange[]> {
  const model = diffModels(await documentModel(before, audience, cache), await documentModel(after, audience, cache))
  const out: SectionChange[] = []
  for (const section of model.sections) {
    const ref = (section.new ?? section.old)!
    if (ref.id === '') continue
    const kind =
      section.kind === 'added' || section.kind === 'removed' || section.kind === 'changed'
        ? section.kind
        : section.renumbered
          ? 'renumbered'
          : section.moved
            ? 'moved'
            : undefined
    if (!kind) continue
    out.push({
      id: ref.id,
      number: ref.number,
      title: ref.title,
      kind,
      oldNumber: section.renumbered ? section.old?.number : undefined,
      added: section.added,
      removed: section.removed
    })
  }
  return out
}
