/**
 * Parse raw HTML written in Markdown (`<br>`, `<u>`) into real nodes so the
 * sanitizer can judge it, but only when a file has any: rehype-raw
 * re-parses the whole tree and costs time on large policies.
 */
import type {Root, Nodes} from 'hast'
import type {VFile} from 'vfile'

export default function rehypeRawIfPresent() {
  return async function (tree: Root, file: VFile): Promise<Root> {
    if (!hasRaw(tree)) return tree
    // Loaded on first use: most policies have no raw HTML, and parse5 is big.
    const {default: rehypeRaw} = await import('rehype-raw')
    return rehypeRaw()(tree, file) as Root
  }
}

function hasRaw(node: Nodes): boolean {
  if (node.type === 'raw') return true
  if ('children' in node) {
    for (const child of node.children) if (hasRaw(child)) return true
  }
  return false
}

export {rehypeRawIfPresent}
