/**
 * Decorate section headings after sanitizing (so these trusted additions are
 * not second-guessed): wrap the number as written in
 * `<span class="section-number">`, add the run's 「改正 …」 marker to the
 * sections the amendment shown changed (`file.data.kaitei.run.amended`), and
 * a permalink to the section.
 */
import type {Element, ElementContent, Root, Text} from 'hast'
import type {VFile} from 'vfile'
import {runOf} from '../file-data.js'

export interface RehypePolicyHeadingsOptions {
  /** Accessible label of permalinks (default: `'この節へのリンク'`). */
  permalinkLabel?: string
}

const headingNames = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'])

export default function rehypePolicyHeadings(options?: RehypePolicyHeadingsOptions) {
  const label = options?.permalinkLabel ?? 'この節へのリンク'

  return function (tree: Root, file: VFile) {
    const amended = runOf(file).amended ?? {}
    const sections = new Map((file.data.kaitei?.sections ?? []).map((d) => [d.id, d]))

    const visit = (node: Root | Element) => {
      for (const child of node.children) {
        if (child.type !== 'element') continue
        const id = child.properties.id
        if (headingNames.has(child.tagName) && typeof id === 'string' && sections.has(id)) {
          decorate(child, id, sections.get(id)!.number)
        } else {
          visit(child)
        }
      }
    }
    visit(tree)

    function decorate(heading: Element, id: string, number: string | undefined) {
      const first = heading.children[0]
      if (number && first && first.type === 'text' && first.value.startsWith(number)) {
        const rest = first.value.slice(number.length).replace(/^[ \t\u3000]+/, '')
        const parts: ElementContent[] = [
          {type: 'element', tagName: 'span', properties: {className: ['section-number']}, children: [{type: 'text', value: number}]},
          {type: 'text', value: ' '} as Text
        ]
        heading.children.splice(0, 1, ...parts, ...(rest ? [{type: 'text', value: rest} as Text] : []))
      }
      const marker = amended[id]
      if (marker) {
        heading.children.push({type: 'text', value: ' '}, {
          type: 'element',
          tagName: 'span',
          properties: {className: ['amended']},
          children: [{type: 'text', value: marker}]
        })
      }
      heading.children.push({
        type: 'element',
        tagName: 'a',
        properties: {className: ['permalink'], href: '#' + id, ariaLabel: label},
        children: [{type: 'text', value: '#'}]
      })
    }
  }
}

export {rehypePolicyHeadings}
