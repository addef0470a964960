/**
 * Lint rules over a whole publication (they need every file's sections):
 * `cross-reference` (cross-reference.ts), `defined-term` (defined-term.ts). Rules found while parsing
 * (`numbering`, `link`) and reading the config (`history`) are reported
 * where they are found; severity.ts applies the config's `lint:` to all.
 */
import type {VFileMessage} from 'vfile-message'
import type {Edition} from '../edition/render-edition.js'
import type {Publication} from '../publication.js'
import {crossReferences} from './cross-reference.js'
import {definedTerms} from './defined-term.js'

export {applyLint, lintRules, type LintRule} from './severity.js'

/** The publication's lint messages, read from the edition that sees most of it. */
export function lintPublication(publication: Publication, editions: readonly Edition[]): VFileMessage[] {
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
  return [...crossReferences(documents, edition.sections), ...definedTerms(documents, edition.sections)]
}
