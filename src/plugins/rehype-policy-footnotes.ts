/**
 * Make footnote ids unique on a page that joins several files:
 * mdast-util-to-hast prefixes `fn-`/`fnref-` ids (clobberPrefix, the run's
 * `footnotePrefix`) but always names the footnote heading `footnote-label`,
 * which every reference points at.
 */
import type {Element, Root} from 'hast'
import type {VFile} from 'vfile'
import {runOf} from '../file-data.js'

export default function rehypePolicyFootnotes() {
  return function (tree: Root, file: VFile) {
    const prefix = runOf(file).footnotePrefix ?? ''
    if (!prefix) return
    const visit = (node: Root | Element) => {
      for (const child of node.children) {
        if (child.type !== 'element') continue
        const {properties} = child
        if (properties.id === 'footnote-label') properties.id = prefix + 'footnote-label'
        // hast keeps space-separated properties such as aria-describedby as lists.
        const describedBy = properties.ariaDescribedBy
        if (Array.isArray(describedBy) && describedBy.includes('footnote-label')) {
          properties.ariaDescribedBy = describedBy.map((d) => (d === 'footnote-label' ? prefix + 'footnote-label' : d))
        }
        visit(child)
      }
    }
    visit(tree)
  }
}

export {rehypePolicyFootnotes}
