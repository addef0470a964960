/**
 * Parse raw HTML written in Markdown (`<br>`, `<u>`) into real nodes so the
 * sanitizer can judge it, but only when a file has any: rehype-raw
 * re-parses the whole tree and costs time on large policies.
 */
import type {Root, Nodes} from 'hast'
import rehypeRaw from 'rehype-raw'
import type {VFile} from 'vfile'

export default function rehypeRawIfPresent() {
  const raw = rehypeRaw()
  return function (tree: Root, file: VFile): Root {
    return hasRaw(tree) ? (raw(tree, file) as Root) : tree
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
