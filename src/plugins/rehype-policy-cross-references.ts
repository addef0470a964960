/**
 * References in the text to a section the edition shows — 「上記7」,
 * 「下記(3)」, 「第5条」, 「第2章」 and "Section 3.2" within the file — become
 * links to it (`<a class="cross-reference" href="#ch1-7">`), in the HTML and
 * so in the PDF. Only sections this edition shows are linked to (after
 * redaction); a reference to nothing is the `cross-reference` lint rule's.
 */
import type {Element, ElementContent, Root, Text} from 'hast'
import {SKIP, visitParents} from 'unist-util-visit-parents'
import type {VFile} from 'vfile'
import {kaiteiData} from '../file-data.js'
import {mayRefer, referenceFinder} from '../lint/cross-reference.js'
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
      const references = find(node.value, sectionAt(sections, node.position.start.line), partial).filter((d) => d.target)
      if (references.length === 0) return
      const parent = ancestors.at(-1) as Root | Element
      const index = parent.children.indexOf(node as ElementContent)
      const pieces: ElementContent[] = []
      let at = 0
      for (const reference of references) {
        if (reference.index < at) continue
        if (reference.index > at) pieces.push({type: 'text', value: node.value.slice(at, reference.index)})
        pieces.push({type: 'element', tagName: 'a', properties: {href: '#' + reference.target!.id, className: ['cross-reference']}, children: [{type: 'text', value: reference.written}]})
        at = reference.index + reference.length
      }
      if (at < node.value.length) pieces.push({type: 'text', value: node.value.slice(at)})
      parent.children.splice(index, 1, ...pieces)
      return [SKIP, index + pieces.length]
    })
  }
}

export {rehypePolicyCrossReferences}
