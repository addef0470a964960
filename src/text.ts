/**
 * Text helpers shared by the search index and the diff model.
 */
import type {Nodes} from 'mdast'

const blockTypes = new Set([
  'paragraph', 'heading', 'list', 'listItem', 'table', 'tableRow', 'tableCell', 'blockquote', 'code',
  'containerDirective', 'leafDirective', 'footnoteDefinition', 'html', 'thematicBreak'
])

/**
 * Plain text of a node, with blocks (paragraphs, list items, table cells)
 * separated by a space so that words of adjacent blocks do not run together.
 */
export function blockText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'html' && node.type !== 'yaml') return node.value
  if (node.type === 'image' || node.type === 'imageReference') return node.alt ?? ''
  if (node.type === 'break') return ' '
  if (!('children' in node)) return ''
  let out = ''
  for (const child of node.children as Nodes[]) {
    const text = blockText(child)
    if (blockTypes.has(child.type) && out && text) out += ' '
    out += text
  }
  return out
}

/** Levenshtein distance, for short words. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = current
  }
  return previous[b.length]!
}
