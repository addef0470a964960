/**
 * Every string a node carries that could end up in an artifact: text, code,
 * alt text, URLs and titles, labels and identifiers, raw HTML, directive
 * attributes and explicit section ids. The access plugin records these for
 * withheld nodes; the leak guard fingerprints them.
 */
import {CONTINUE, SKIP, visit} from 'unist-util-visit'
import type {Nodes} from 'mdast'
import {toString} from 'mdast-util-to-string'
import type {Fragment} from '../file-data.js'

export type {Fragment}

/**
 * Push the strings of `node` and its descendants onto `out`, skipping
 * subtrees for which `skip` returns true.
 */
export function collectStrings(tree: Nodes, out: Fragment[], skip?: (node: Nodes) => boolean): void {
  visit(tree, (node: Nodes) => {
    if (skip && skip(node)) return SKIP
    collectOwn(node, out)
    return CONTINUE
  })
}

/** The strings a node holds itself (not its children's). */
function collectOwn(node: Nodes, out: Fragment[]): void {
  const place = node.position?.start
  const add = (value: unknown, kind?: Fragment['kind']) => {
    if (typeof value === 'string' && value.trim() !== '') out.push(kind ? {text: value, place, kind} : {text: value, place})
  }
  if (node.type === 'heading') {
    // The whole heading, and its title without the number: either may stand
    // alone as a 目次 entry, a bookmark or a running head.
    add(toString(node), 'heading')
    const title = node.data?.kaitei?.section?.title
    if (title && title !== toString(node).trim()) add(title, 'heading')
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
  if ('attributes' in node && node.attributes) {
    // An access marker's audience and mode are the publication's vocabulary
    // (edition names are in every build's kaitei-build.json), not its text.
    const vocabulary = 'name' in node && node.name === 'access' ? ['audience', 'withheld'] : []
    for (const [key, value] of Object.entries(node.attributes)) if (!vocabulary.includes(key)) add(value)
  }
  const section = node.data?.kaitei?.section
  if (section?.explicitId) add(section.id, 'id')
}
