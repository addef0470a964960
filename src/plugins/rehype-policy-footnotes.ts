/**
 * Make footnote ids unique on a page that joins several files: remark-rehype
 * prefixes `fn-`/`fnref-` ids (clobberPrefix) but always names the footnote
 * heading `footnote-label`, which every reference points at.
 */
import type {Element, Root} from 'hast'

export interface RehypePolicyFootnotesOptions {
  /** Prefix for this file's footnote label id (default: `''`: leave as is). */
  prefix?: string
}

export default function rehypePolicyFootnotes(options?: RehypePolicyFootnotesOptions) {
  const prefix = options?.prefix ?? ''
  return function (tree: Root) {
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
