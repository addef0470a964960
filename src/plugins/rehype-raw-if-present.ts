/**
 * Parse raw HTML written in Markdown (`<br>`, `<u>`) into real nodes so the
 * sanitizer can judge it, but only when a file has any: rehype-raw
 * re-parses the whole tree and costs time on large policies.
 *
 * Raw HTML cannot take kaitei's ids: before parsing it, every id kaitei set
 * (sections, footnotes) is tagged with a stand-in prefix nobody can write
 * (derived from the file's own text); afterwards, tagged ids get their own
 * names back and every other id — written in raw HTML — is prefixed
 * `user-content-` (as GitHub does), so `<div id="search-input">` or
 * `<span id="ch1-1">` can neither capture kaitei's links nor break its
 * search box. In-page links to raw ids (from raw HTML or Markdown) follow them.
 * Classes are treated the same way: a class written in raw HTML is
 * prefixed, so the sanitizer (which allows only kaitei's own) drops it.
 */
import {EXIT, visit} from 'unist-util-visit'
import {createHash} from 'node:crypto'
import type {Element, Nodes, Root} from 'hast'
import type {VFile} from 'vfile'

export interface RehypeRawIfPresentOptions {
  /** Prefix of ids written in raw HTML (default: `'user-content-'`). */
  prefix?: string
}

const idLists = ['ariaDescribedBy', 'ariaLabelledBy'] as const

export default function rehypeRawIfPresent(options?: RehypeRawIfPresentOptions) {
  const prefix = options?.prefix ?? 'user-content-'
  return async function (tree: Root, file: VFile): Promise<Root> {
    if (!hasRaw(tree)) return tree
    const tag = 'k' + createHash('sha256').update(String(file.value)).digest('hex').slice(0, 16) + '-'
    forEachElement(tree, (element) => {
      const {properties} = element
      if (typeof properties.id === 'string') properties.id = tag + properties.id
      if (Array.isArray(properties.className)) properties.className = properties.className.map((d) => tag + String(d))
      for (const key of idLists) {
        const list = properties[key]
        if (Array.isArray(list)) properties[key] = list.map((d) => tag + String(d))
      }
      if (typeof properties.href === 'string' && properties.href.startsWith('#')) properties.href = '#' + tag + properties.href.slice(1)
    })
    // Loaded on first use: most policies have no raw HTML, and parse5 is big.
    const {default: rehypeRaw} = await import('rehype-raw')
    const out = rehypeRaw()(tree, file) as Root
    const own = (value: string) => (value.startsWith(tag) ? value.slice(tag.length) : prefix + value)
    const rawIds = new Set<string>()
    const ownIds = new Set<string>()
    forEachElement(out, (element) => {
      const {properties} = element
      if (typeof properties.id === 'string') {
        if (properties.id.startsWith(tag)) ownIds.add(properties.id.slice(tag.length))
        else rawIds.add(properties.id)
        properties.id = own(properties.id)
      }
      if (typeof properties.name === 'string') properties.name = prefix + properties.name
      // Classes too: raw HTML cannot dress up as kaitei's own interface
      // (`<p class="withheld-notice">` faking a （非公開） notice).
      if (Array.isArray(properties.className)) properties.className = properties.className.map((d) => own(String(d)))
      for (const key of idLists) {
        const list = properties[key]
        if (Array.isArray(list)) properties[key] = list.map((d) => own(String(d)))
      }
    })
    forEachElement(out, (element) => {
      const href = element.properties.href
      if (typeof href !== 'string' || !href.startsWith('#')) return
      // A link to an anchor written in raw HTML follows it, wherever the link is written.
      const target = href.slice(1).startsWith(tag) ? href.slice(1 + tag.length) : href.slice(1)
      element.properties.href = '#' + (rawIds.has(target) && !ownIds.has(target) ? prefix + target : target)
    })
    return out
  }
}

function forEachElement(node: Nodes, each: (element: Element) => void) {
  visit(node, 'element', (element) => {
    each(element)
  })
}

function hasRaw(node: Nodes): boolean {
  let found = false
  visit(node, 'raw', () => {
    found = true
    return EXIT
  })
  return found
}

export {rehypeRawIfPresent}
