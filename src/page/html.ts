/**
 * Pages are hast trees (hastscript's `h`, `s` for SVG), serialised once by
 * hast-util-to-html: nothing is escaped by hand. The one exception is the
 * policy text itself, which arrives as HTML the unified pipeline sanitized
 * (rehype-sanitize) and serialised in a worker: it goes in as a `raw` node.
 */
import type {ElementContent, Root, RootContent} from 'hast'
import {toHtml} from 'hast-util-to-html'
import type {Raw} from 'mdast-util-to-hast'

/**
 * A page as HTML text. Apostrophes stay as written in attribute values (the
 * CSP reads as written; escaping them only guarded browsers older than any
 * that can open an edition), empty SVG elements close themselves.
 */
export function serialize(tree: Root): string {
  return toHtml(tree, {allowDangerousHtml: true, allowDangerousCharacters: true, closeEmptyElements: true, tightSelfClosing: true})
}

/** Sanitized HTML from the pipeline, kept as it is. */
export function sanitized(html: string): Raw {
  return {type: 'raw', value: html}
}

/** What a child list may hold: nodes, and nothing for parts a page leaves out. */
export type Child = ElementContent | Raw | RootContent | string | undefined | false | null

/**
 * Children on lines of their own: the nodes with a newline between each
 * (the page's source stays readable; whitespace between blocks shows nothing).
 */
export function lines(...children: Array<Child | Child[]>): Array<ElementContent | Raw> {
  const out: Array<ElementContent | Raw> = []
  for (const child of children.flat()) {
    if (child === undefined || child === false || child === null || child === '') continue
    if (out.length > 0) out.push({type: 'text', value: '\n'})
    out.push(typeof child === 'string' ? {type: 'text', value: child} : (child as ElementContent))
  }
  return out
}

/** Children of a block element on lines of their own, the tags too: `<ol>\n<li>…</li>\n</ol>`. */
export function block(...children: Array<Child | Child[]>): Array<ElementContent | Raw> {
  const inner = lines(...children)
  return inner.length === 0 ? [] : [{type: 'text', value: '\n'}, ...inner, {type: 'text', value: '\n'}]
}
