/**
 * `cross-reference`: a reference in the text to a section of the
 * publication — 「上記7」「前記9.2」「下記(3)」 within its chapter (and
 * 「9.2に定める」「(3)に掲げる」, a number a citing phrase follows), 「第2章」,
 * 「第5条」「第36条の2第2項」「第二条第二項第一号」 within its file (項 and 号
 * where the file writes them as such), "Section 3.2" — must point at a
 * section that exists. A reference to another law (「地方自治法第二百四十四条」,
 * 「同法第五条」) is not the publication's own and is left alone.
 */
import type {Root, Text} from 'mdast'
import {visitParents} from 'unist-util-visit-parents'
import {VFileMessage} from 'vfile-message'
import type {SectionInfo} from '../file-data.js'
import {recogniseNumber, type SectionNumber} from '../numbering.js'
import {placeIn, sectionAt, type LintDocument} from './text-places.js'

const relative = /(上記|前記|下記)\s?((?:[0-9０-９]+(?:[.．][0-9０-９]+)*)|[（(][0-9０-９]+[)）])/g
const chapter = /第([0-9０-９]+|[〇一二三四五六七八九十百]+)章/g
const article = /(?<![法令則例程約])第([0-9０-９]+|[〇一二三四五六七八九十百千]+)条(?:の([0-9０-９]+|[一二三四五六七八九十]+))?(?:第([0-9０-９]+|[一二三四五六七八九十]+)項)?(?:第([0-9０-９]+|[一二三四五六七八九十]+)号)?/g
/** 「9.2に定める」「(3)に掲げる」: a number without 上記 that a citing phrase follows. */
const bare = /(?<![0-9０-９.．A-Za-z])([0-9０-９]+(?:[.．][0-9０-９]+)+|[（(][0-9０-９]+[)）])(?=に定め|で定め|の規定|に規定|を参照|のとおり|に掲げ|に示)/g
const english = /\bSection\s+(\d+(?:\.\d+)*)\b/g

/** What a number means for comparing: its kind's family and its values. */
function valueOf(text: string): {family: string; value: string} | undefined {
  const number: SectionNumber | undefined = recogniseNumber(text.normalize('NFKC') + ' ')?.number
  if (!number) return undefined
  const family = number.kind === 'arabic' || number.kind === 'latin' ? 'arabic' : number.kind
  return {family, value: [...number.value, ...(number.branch ?? [])].join('.')}
}

/** The value of a number as written, whatever its kind (二, 2 and ２ are 2). */
function numeral(text: string): number | undefined {
  return recogniseNumber(text.normalize('NFKC') + ' ')?.number.value[0]
}

/** Whether two numbers as written are one (7 and ７, (3) and （3）, 第二章 and 第2章). */
export function sameNumber(a: string, b: string | undefined): boolean {
  const one = valueOf(a)
  const other = b === undefined ? undefined : valueOf(b)
  return one !== undefined && other !== undefined && one.family === other.family && one.value === other.value
}

/** A reference found in a text: where, as written, and the section it names (or why none). */
export interface Reference {
  index: number
  length: number
  written: string
  /** The section named, when it exists. */
  target?: SectionInfo
  /** Why it names none: the words of a message. */
  missing?: string
  /**
   * Where what it names may stand: its chapter (上記7, 下記(3)), its file
   * (第5条) or anywhere in the publication (第2章, Section 3.2: in another file too).
   */
  scope: 'chapter' | 'file' | 'publication'
}

/**
 * Every reference in `text` to a section of `sections` (the publication's, or one file's),
 * read from `here` (the section the text stands in); `own` are the sections of its file.
 * `partial`: the file is an excerpt (（抄）), whose chapter and article citations are not checked.
 */
export function findReferences(text: string, here: SectionInfo | undefined, sections: readonly SectionInfo[], own: readonly SectionInfo[], partial = false): Reference[] {
  return referenceFinder(sections, own)(text, here, partial)
}

/** Words that may start a reference: a text without any is passed over at once. */
export const mayRefer = /上記|前記|下記|第|Section|[0-9０-９)）](?:に定め|で定め|の規定|に規定|を参照|のとおり|に掲げ|に示)/

/**
 * `findReferences` for many texts of one publication: what it needs of the
 * sections is made once (a page has as many texts as sections: per text it
 * would be quadratic).
 */
export function referenceFinder(sections: readonly SectionInfo[], own: readonly SectionInfo[]): (text: string, here: SectionInfo | undefined, partial?: boolean) => Reference[] {
  const byId = new Map(sections.map((d) => [d.id, d]))
  const hasArticles = own.some((d) => d.number && valueOf(d.number)?.family === 'article')
  // 項 (２, ３ …) and 号 (一, 二 …) under the file's articles, where the file writes them so.
  const children = new Map<string, SectionInfo[]>()
  for (const section of own) if (section.parent) children.set(section.parent, [...(children.get(section.parent) ?? []), section])
  const kindOf = (section: SectionInfo) => (section.number ? recogniseNumber(section.number.normalize('NFKC') + ' ')?.number.kind : undefined)
  const paragraphsWritten = own.some((d) => d.type === 'item' && kindOf(d) === 'arabic' && d.parent && valueOf(byId.get(d.parent)?.number ?? '')?.family === 'article')
  const itemsWritten = own.some((d) => d.type === 'item' && kindOf(d) === 'kanji')
  const childOf = (parent: SectionInfo, kind: string, value: number) => children.get(parent.id)?.find((d) => kindOf(d) === kind && numeral(d.number!) === value)
  return (text, here, partial = false) => (mayRefer.test(text) ? find(text, here, partial) : [])
  function find(text: string, here: SectionInfo | undefined, partial: boolean): Reference[] {
  const chapterOf = (section: SectionInfo | undefined): SectionInfo | undefined => {
    let current = section
    while (current?.parent && byId.get(current.parent)) current = byId.get(current.parent)
    return current
  }
  const itemParent = (section: SectionInfo | undefined): SectionInfo | undefined => {
    let current = section
    while (current?.number && valueOf(current.number)?.family === 'paren' && current.parent) current = byId.get(current.parent)
    return current
  }
  const within = (root: SectionInfo | undefined, candidate: SectionInfo): boolean => {
    for (let current: SectionInfo | undefined = candidate; current; current = current.parent ? byId.get(current.parent) : undefined) if (current === root) return true
    return false
  }
  const same = (section: SectionInfo, wanted: {family: string; value: string}) => {
    const got = section.number ? valueOf(section.number) : undefined
    return got !== undefined && got.family === wanted.family && got.value === wanted.value
  }
  const out: Reference[] = []
  const found = (match: RegExpMatchArray, target: SectionInfo | undefined, missing: string, scope: Reference['scope']) =>
    out.push({index: match.index!, length: match[0].length, written: match[0], scope, ...(target ? {target} : {missing})})
  const relativeTo = (match: RegExpMatchArray, written: string) => {
    const wanted = valueOf(written.replace(/[（]/g, '(').replace(/[）]/g, ')'))
    if (!wanted) return
    // (3) is among the items of the section the reference stands in (its siblings when it stands in an item); 7 or 9.2 in its chapter.
    const scope = wanted.family === 'paren' ? itemParent(here) : chapterOf(here)
    const target = sections.find((d) => same(d, wanted) && (scope === undefined || within(scope, d)))
    found(match, target, 'no section ' + written + ' in ' + (scope ? (scope.number ? scope.number + ' ' : '') + scope.title : 'the publication') + ', expected a section that exists (renumbered?)', 'chapter')
  }
  for (const match of text.matchAll(relative)) relativeTo(match, match[2]!)
  for (const match of text.matchAll(bare)) {
    // 上記9.2 was read above.
    if (!/(?:上記|前記|下記)\s?$/.test(text.slice(Math.max(0, match.index! - 3), match.index))) relativeTo(match, match[1]!)
  }
  if (partial) return out
  for (const match of text.matchAll(chapter)) {
    const wanted = valueOf(match[0])
    if (wanted) found(match, sections.find((d) => same(d, wanted)), 'the publication has no ' + match[0] + ', expected a chapter that exists', 'publication')
  }
  if (hasArticles) {
    for (const match of text.matchAll(article)) {
      // 同条, 前条, another law's article: not this publication's.
      const before = text.slice(Math.max(0, match.index! - 2), match.index)
      if (/[同前次本]$|法$|」$/.test(before)) continue
      const name = '第' + match[1] + '条' + (match[2] ? 'の' + match[2] : '')
      const wanted = valueOf(name)
      if (!wanted) continue
      const target = own.find((d) => same(d, wanted))
      if (!target) {
        found(match, undefined, 'this file has no ' + name + ', expected an article that exists', 'file')
        continue
      }
      // 第五条第二項第一号: the article's paragraph ２ (the first is the article's own text), then its item 一.
      let at: SectionInfo = target
      const paragraph = match[3] === undefined ? undefined : numeral(match[3])
      if (paragraph !== undefined && paragraph > 1 && paragraphsWritten) {
        const section = childOf(target, 'arabic', paragraph)
        if (!section) {
          found(match, undefined, name + ' has no 第' + match[3] + '項, expected a paragraph that exists', 'file')
          continue
        }
        at = section
      }
      const item = match[4] === undefined ? undefined : numeral(match[4])
      if (item !== undefined && itemsWritten) {
        const section = childOf(at, 'kanji', item)
        if (!section) {
          found(match, undefined, name + (match[3] ? '第' + match[3] + '項' : '') + ' has no 第' + match[4] + '号, expected an item that exists', 'file')
          continue
        }
        at = section
      }
      found(match, at, '', 'file')
    }
  }
  for (const match of text.matchAll(english)) {
    const wanted = valueOf(match[1]!)
    if (wanted) found(match, sections.find((d) => same(d, wanted)), 'the publication has no section ' + match[1] + ', expected a section that exists (renumbered?)', 'publication')
  }
  return out.sort((a, b) => a.index - b.index)
  }
}

/**
 * A further reading of a reference, in the section `here` it stands in: why
 * it is wrong (the words of a message), or `undefined` (renumbered.ts reads
 * it against the draft amendment).
 */
export type ReferenceCheck = (reference: Reference, here: SectionInfo | undefined) => string | undefined

export function crossReferences(documents: readonly LintDocument[], sections: readonly SectionInfo[], check?: ReferenceCheck): VFileMessage[] {
  const messages: VFileMessage[] = []
  for (const doc of documents) {
    const own = sections.filter((d) => d.position && doc.sectionIds.has(d.id))
    const references = referenceFinder(sections, own)
    visitParents(doc.tree as Root, 'text', (node: Text, ancestors) => {
      if (!node.position || !mayRefer.test(node.value)) return
      // Headings name themselves; a link says where it goes itself (text nodes are never code).
      if (ancestors.some((d) => d.type === 'heading' || d.type === 'link')) return
      const here = sectionAt(own, node.position.start.line)
      for (const reference of references(node.value, here, doc.partial)) {
        const why = check?.(reference, here) ?? reference.missing
        if (!why) continue
        const message = new VFileMessage('Unexpected reference `' + reference.written + '`: ' + why, {
          place: placeIn(node, reference.index, reference.length),
          source: 'kaitei',
          ruleId: 'cross-reference'
        })
        message.file = doc.path
        messages.push(message)
      }
    })
  }
  return messages
}
