/**
 * Lint rules over a whole publication (they need every file's sections):
 * `cross-reference` (cross-reference.ts; read against the draft amendment
 * too, renumbered.ts), `defined-term` (defined-term.ts). Rules found while
 * parsing (`numbering`, `link`) and reading the config (`history`) are
 * reported where they are found; severity.ts applies the config's `lint:`
 * to all. What the rules read of a publication and its editions is all
 * they are given: this room imports none of the rooms that make them.
 */
import type {VFileMessage} from 'vfile-message'
import type {SectionInfo} from '../file-data.js'
import {crossReferences} from './cross-reference.js'
import {definedTerms} from './defined-term.js'
import {staleReferences, type DraftAmendment} from './renumbered.js'

export {applyLint, lintRules, type LintRule} from './severity.js'
export type {DraftAmendment} from './renumbered.js'

/** What the rules read of a publication: each file's text and syntax tree. */
export interface LintedPublication {
  documents: ReadonlyArray<{file: {path: string; value: unknown}; tree: unknown}>
}

/** What the rules read of an edition: its audience's clearance and the sections it shows, per file. */
export interface LintedEdition {
  audience: {clearance: readonly string[]}
  documents: ReadonlyArray<{path: string; sections: readonly SectionInfo[]}>
  sections: readonly SectionInfo[]
}

export interface LintOptions {
  /** The working tree against the version in force: references it left naming a renumbered or removed section. */
  draft?: DraftAmendment
}

/** The publication's lint messages, read from the edition that sees most of it. */
export function lintPublication(publication: LintedPublication, editions: readonly LintedEdition[], options: LintOptions = {}): VFileMessage[] {
  const edition = [...editions].sort((a, b) => b.audience.clearance.length - a.audience.clearance.length)[0]
  if (!edition) return []
  const byPath = new Map(edition.documents.map((d) => [d.path, d]))
  const documents = publication.documents.map((doc) => ({
    path: doc.file.path,
    text: String(doc.file.value),
    // An excerpt (（抄）) leaves chapters and articles out: what it cites may be among them.
    partial: /^#[^\n]*[（(]抄[)）]/m.test(String(doc.file.value)),
    tree: doc.tree,
    sectionIds: new Set((byPath.get(doc.file.path)?.sections ?? []).map((d) => d.id))
  }))
  const check = options.draft && staleReferences(options.draft)
  return [...crossReferences(documents, edition.sections, check), ...definedTerms(documents, edition.sections)]
}
