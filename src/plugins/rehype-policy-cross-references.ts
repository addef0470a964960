/**
 * References in the text to a section the edition shows — 「上記7」,
 * 「下記(3)」, 「第5条」, 「第2章」 and "Section 3.2" within the file — become
 * links to it (`<a class="cross-reference" href="#ch1-7">`), in the HTML and
 * so in the PDF. Only sections this edition shows are linked to (after
 * redaction); a reference to nothing is the `cross-reference` lint rule's.
 *
 * A file sees only its own sections: 「第2章」 or "Section 3.2" that it does
 * not hold may stand in another file. Such a reference is left pending
 * (`<a class="cross-reference" data-kaitei-reference="">`, no `href`) and
 * the edition, which sees every file, resolves it (`resolvePendingReferences`):
 * a link to the section it shows, or the words alone.
 */
import type {Element, ElementContent, Root, Text} from 'hast'
import {SKIP, visitParents} from 'unist-util-visit-parents'
import type {VFile} from 'vfile'
import {kaiteiData} from '../file-data.js'
import type {SectionInfo} from '../file-data.js'
import {mayRefer, referenceFinder, type Reference} from '../lint/cross-reference.js'
import {sectionAt} from '../lint/text-places.js'

const skipped = /^(?:h[1-6]|a|code|pre|script|style)$/

export default function rehypePolicyCrossReferences() {
  return function (tree: Root, file: VFile) {
    const sections = kaiteiData(file).sections.filter((d) => d.position)
    if (sections.length === 0) return
    const partial = /^#[^\n]*[（(]抄[)）]/m.test(String(file.value ?? ''))
    const find = referenceFinder(sections, sections)
    visitParents(tree, 'text', (node: Text, ancestors) => {
      if (!node.position || !mayRefer.test(node.value) || ancestors.some((d) => d.type === 'element' && skipped.test((d as Element).tagName))) return
      const references = find(node.value, sectionAt(sections, node.position.start.line), partial).filter(linkable)
      if (references.length === 0) return
      const parent = ancestors.at(-1) as Root | Element
      const index = parent.children.indexOf(node as ElementContent)
      const pieces: ElementContent[] = []
      let at = 0
      for (const reference of references) {
        if (reference.index < at) continue
        if (reference.index > at) pieces.push({type: 'text', value: node.value.slice(at, reference.index)})
        const properties = reference.target ? {href: '#' + reference.target.id, className: ['cross-reference']} : {className: ['cross-reference'], dataKaiteiReference: ''}
        pieces.push({type: 'element', tagName: 'a', properties, children: [{type: 'text', value: reference.written}]})
        at = reference.index + reference.length
      }
      if (at < node.value.length) pieces.push({type: 'text', value: node.value.slice(at)})
      parent.children.splice(index, 1, ...pieces)
      return [SKIP, index + pieces.length]
    })
  }
}

/** A reference this file resolves, or one another file of the publication may. */
const linkable = (reference: Reference) => reference.target !== undefined || reference.scope === 'publication'

/** A pending reference as the plugin serialises it (its words are plain text: 第2章, Section 3.2). */
const pending = /<a class="cross-reference" data-kaitei-reference="">([^<]*)<\/a>/g

/**
 * The edition's part: each pending reference of a file's HTML becomes a
 * link to the section of the edition it names (`sections`: every file's, as
 * this edition shows them), or its words alone when the edition shows none.
 */
export function resolvePendingReferences(html: string, sections: readonly SectionInfo[]): string {
  if (!html.includes('data-kaitei-reference')) return html
  const find = referenceFinder(sections, [])
  return html.replace(pending, (whole, written: string) => {
    const target = find(written, undefined).find((d) => d.index === 0 && d.length === written.length)?.target
    return target ? '<a href="#' + target.id.replace(/&/g, '&amp;').replace(/"/g, '&quot;') + '" class="cross-reference">' + written + '</a>' : written
  })
}

export {rehypePolicyCrossReferences}
