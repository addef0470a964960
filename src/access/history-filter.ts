/**
 * The amendment history as one audience may see it. Everything derived
 * from history — the cover, the version switcher, 「改正」 markers, the PDF's
 * dates, `history.html`, `kaitei history --audience`, the sides `kaitei diff
 * --audience` accepts — starts from this filter, so that an entry marked
 * `access: security` leaves no trace (not even its date) in a looser edition.
 */
import type {Amendment} from '../config/load-config.js'
import {canSee, type Audience} from './audiences.js'
import type {Fragment} from './fragments.js'

/** Whether `audience` may see the entry at all (no audience: everything). */
export function canSeeAmendment(audience: Pick<Audience, 'clearance'> | undefined, amendment: Pick<Amendment, 'access'>): boolean {
  return !audience || canSee(audience, amendment.access)
}

/**
 * The entries `audience` may see, their summaries kept only where it may
 * see them; and the text it may not see (for the leak guard).
 */
export function amendmentsFor(
  audience: Pick<Audience, 'clearance'> | undefined,
  history: readonly Amendment[],
  configPath?: string
): {history: Amendment[]; withheld: Fragment[]} {
  const visible: Amendment[] = []
  const withheld: Fragment[] = []
  for (const amendment of history) {
    if (!canSeeAmendment(audience, amendment)) {
      if (amendment.summary) withheld.push({text: amendment.summary, place: amendment.place.summary?.start, file: configPath})
      continue
    }
    if (amendment.summary && audience && !canSee(audience, amendment.summaryAccess)) {
      withheld.push({text: amendment.summary, place: amendment.place.summary?.start, file: configPath})
      visible.push({...amendment, summary: undefined})
      continue
    }
    visible.push(amendment)
  }
  return {history: visible, withheld}
}

/** The versions (anything holding an amendment) `audience` may see, in order. */
export function versionsFor<T extends {amendment: Pick<Amendment, 'access'>}>(audience: Pick<Audience, 'clearance'> | undefined, versions: readonly T[]): T[] {
  return versions.filter((d) => canSeeAmendment(audience, d.amendment))
}
