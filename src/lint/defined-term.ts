/**
 * `defined-term`: the terms a 定義 (Definitions) section defines — its
 * numbered children, `### (1) 情報資産` — are used in the text; and a term
 * quoted 「…」 as one uses a defined term (not a definition itself,
 * 「本市」という, nor a document cited, 「…基準」に定める) is defined.
 *
 * Japanese inflects: 通信経路の分割 is used as 通信経路を分割する, パソコン等 as
 * パソコン, マイナンバー利用事務系（個人番号利用事務系） by either name. A term
 * counts as used when it, or one of those forms, is in the text outside its
 * own definition.
 */
import type {Root, Text} from 'mdast'
import {visitParents} from 'unist-util-visit-parents'
import {VFileMessage} from 'vfile-message'
import type {SectionInfo} from '../file-data.js'
import {placeIn, sectionAt, type LintDocument} from './text-places.js'

const definitionTitle = /^(?:定義|用語の定義|用語の意義|Definitions?)$/i
/** 「X」 then what makes it a definition (という, とは) or a citation (に定める, の規定 …). */
const quoted = /「([^」]{1,30})」(という|とは|に定め|の定め|の規定|に規定|に基づ|による|のとおり|を参照|の(?:とおり|例))?/g

/** The forms in which a defined term may appear in the text. */
function forms(term: string): string[] {
  const out = new Set<string>()
  const clean = term.replace(/\s+/g, '')
  for (const name of [clean, ...[...clean.matchAll(/[（(]([^）)]+)[）)]/g)].map((d) => d[1]!), clean.replace(/[（(][^）)]*[）)]/g, '')]) {
    if (!name) continue
    out.add(name)
    if (name.endsWith('等')) out.add(name.slice(0, -1))
    const parts = /^(.+)の(.+)$/.exec(name)
    if (parts) for (const particle of ['を', 'が', 'は', 'に']) out.add(parts[1] + particle + parts[2])
  }
  return [...out].filter((d) => [...d].length >= 2)
}

export function definedTerms(documents: readonly LintDocument[], sections: readonly SectionInfo[]): VFileMessage[] {
  const messages: VFileMessage[] = []
  const byId = new Map(sections.map((d) => [d.id, d]))
  const definitions = sections.filter((d) => definitionTitle.test(d.title.trim()))
  const terms = sections.filter((d) => d.parent !== undefined && definitions.some((p) => p.id === d.parent))
  const inDefinition = (section: SectionInfo | undefined, term: SectionInfo) => {
    for (let current = section; current; current = current.parent ? byId.get(current.parent) : undefined) if (current === term) return true
    return false
  }
  // The text of every file, by section, outside headings.
  const texts: Array<{doc: LintDocument; node: Text; section: SectionInfo | undefined}> = []
  for (const doc of documents) {
    const own = sections.filter((d) => d.position && doc.sectionIds.has(d.id))
    visitParents(doc.tree as Root, 'text', (node: Text, ancestors) => {
      if (!node.position || ancestors.some((d) => d.type === 'heading')) return
      texts.push({doc, node, section: sectionAt(own, node.position.start.line)})
    })
  }
  const spaced = (text: string) => text.replace(/\s+/g, '')
  const defined = new Set<string>()
  /** A term's name: a heading's title; an item's first line, up to its definition (a full-width space, a line break). */
  const nameOf = (term: SectionInfo): string => {
    if (term.type === 'heading' || !term.position) return term.title
    const doc = documents.find((d) => d.sectionIds.has(term.id))
    const line = doc?.text?.split('\n')[term.position.start.line - 1]
    if (!line) return term.title
    const rest = line.replace(/^\s*(?:[-*+]\s+|\d+[.)]\s+)?/, '').replace(/^[(（]?[0-9０-９]+[)）.]?\s*|^[(（](?:[a-zA-Z]|[ivxlcdm]+)[)）]\s*|^[a-zA-Z][.)]\s+|^[ア-ン一二三四五六七八九十][\s　]/, '')
    // "information asset" means …: the quoted words are the term.
    const quotedTerm = /^["“]([^"”]+)["”]/.exec(rest)
    if (quotedTerm) return quotedTerm[1]!
    return rest.split(/　| {2,}|\s*$/)[0]!.trim() || term.title
  }
  for (const term of terms) {
    const title = nameOf(term)
    const names = forms(title)
    for (const name of names) defined.add(name)
    const used = texts.some((d) => !inDefinition(d.section, term) && names.some((name) => spaced(d.node.value).includes(name)))
    if (used || !term.position) continue
    const file = documents.find((d) => d.sectionIds.has(term.id))
    const message = new VFileMessage('Unexpected defined term `' + title + '` that the text never uses, expected it used or its definition removed', {
      place: term.position,
      source: 'kaitei',
      ruleId: 'defined-term'
    })
    if (file) message.file = file.path
    messages.push(message)
  }
  // Terms defined where they first appear: （以下「X」という。）, 「X」とは.
  for (const {node} of texts) for (const match of node.value.matchAll(quoted)) if (match[2] === 'という' || match[2] === 'とは') defined.add(spaced(match[1]!))
  for (const {doc, node} of texts) {
    for (const match of node.value.matchAll(quoted)) {
      if (match[2] !== undefined) continue
      const term = spaced(match[1]!)
      // A phrase or a sentence quoted, not a term: it has punctuation or spaces of its own.
      if (/[、。，．,.!?！？\s]/.test(match[1]!) || defined.has(term) || forms(term).some((d) => defined.has(d))) continue
      const message = new VFileMessage('Unexpected 「' + match[1] + '」 quoted as a defined term that is not defined, expected it in a 定義 section or defined where it first appears (（以下「' + match[1] + '」という。）)', {
        place: placeIn(node, match.index!, match[0].length),
        source: 'kaitei',
        ruleId: 'defined-term'
      })
      message.file = doc.path
      messages.push(message)
    }
  }
  return messages
}
