/**
 * Text helpers shared by the search index and (later) diffs.
 */
import type {Nodes} from 'mdast'

/**
 * Fold width for matching: full-width letters and digits (`ＬＧＷＡＮ`, `１２`)
 * become ASCII and the ideographic space a space. One character for one, so
 * offsets into the folded text are offsets into the original; unlike NFKC,
 * ①, （ and ㈱ stay as written. The theme's search.js does the same.
 */
export function foldWidth(text: string): string {
  return text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]/g, (char) =>
    char === '\u3000' ? ' ' : String.fromCharCode(char.charCodeAt(0) - 0xfee0)
  )
}

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
