/**
 * Every string a node carries that could end up in an artifact: text, code,
 * alt text, URLs and titles, labels and identifiers, raw HTML, directive
 * attributes and explicit section ids. The access plugin records these for
 * withheld nodes; the leak guard fingerprints them.
 */
import type {Nodes} from 'mdast'
import type {Point} from 'unist'

export interface Fragment {
  text: string
  /** Where it is written. */
  place?: Point
  /** The file it is written in (set by the leak guard). */
  file?: string
}

/**
 * Push the strings of `node` and its descendants onto `out`, skipping
 * subtrees for which `skip` returns true.
 */
export function collectStrings(node: Nodes, out: Fragment[], skip?: (node: Nodes) => boolean): void {
  if (skip && skip(node)) return
  const place = node.position?.start
  const add = (value: unknown) => {
    if (typeof value === 'string' && value.trim() !== '') out.push({text: value, place})
  }
  if (node.type === 'html') {
    // Raw HTML: its text and attribute values, not the markup (`</span>`
    // is in every page and is no secret).
    add(node.value.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' '))
    for (const match of node.value.matchAll(/=\s*(?:"([^"]*)"|'([^']*)')/g)) add(match[1] ?? match[2])
  } else if ('value' in node) add(node.value)
  if ('alt' in node) add(node.alt)
  if ('url' in node) add(node.url)
  if ('title' in node) add(node.title)
  if ('label' in node) add(node.label)
  if ('identifier' in node) add(node.identifier)
  if ('attributes' in node && node.attributes) for (const value of Object.values(node.attributes)) add(value)
  const section = node.data?.kaiteiSection
  if (section?.explicitId) add(section.id)
  if ('children' in node) for (const child of node.children as Nodes[]) collectStrings(child, out, skip)
}
