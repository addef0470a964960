/**
 * The page shell: what every page kaitei writes for readers has in its
 * `<head>` — the charset, the Content-Security-Policy (only the edition's
 * own files; no inline script or style), the viewport, the title, `noindex`
 * for editions that are not public, and its stylesheets. Pages kaitei builds
 * whole (history, redline, 新旧対照表) take it from `pageShell`; pages from a
 * theme's template get the CSP from `ensureCsp` if the template lacks it.
 */
import type {Element, ElementContent, Root} from 'hast'
import {h} from 'hastscript'
import type {Raw} from 'mdast-util-to-hast'
import {contentSecurityPolicy} from './csp.js'
import {block} from './html.js'

export interface ShellOptions {
  lang: string
  title: string
  /** Whether search engines may index the page (public editions; default: `false`). */
  indexable?: boolean
  /** Stylesheets, relative to the page. */
  stylesheets: string[]
  /** Class of `<body>`. */
  bodyClass?: string
}

/** The policy as a `<meta>` element. */
export function cspElement(): Element {
  return h('meta', {httpEquiv: 'Content-Security-Policy', content: contentSecurityPolicy})
}

/** `<meta name="robots" content="noindex, nofollow">`, for pages of editions that are not public. */
export function noindexElement(): Element {
  return h('meta', {name: 'robots', content: 'noindex, nofollow'})
}

/** A whole page: `<!doctype html>`, the head every reader's page has, and `body`. */
export function pageShell(options: ShellOptions, body: Array<ElementContent | Raw>): Root {
  const head = h(
    'head',
    block(
      h('meta', {charset: 'utf-8'}),
      cspElement(),
      h('meta', {name: 'viewport', content: 'width=device-width, initial-scale=1'}),
      h('title', options.title),
      options.indexable ? undefined : noindexElement(),
      options.stylesheets.map((href) => h('link', {rel: 'stylesheet', href}))
    )
  )
  const bodyElement = h('body', options.bodyClass ? {className: [options.bodyClass]} : {}, block(body))
  return {
    type: 'root',
    children: [{type: 'doctype'}, {type: 'text', value: '\n'}, h('html', {lang: options.lang}, block(head, bodyElement)), {type: 'text', value: '\n'}]
  }
}

/** A theme's page without the CSP slot gets the policy first in its `<head>`. */
export function ensureCsp(tree: Root): Root {
  const html = tree.children.find((d): d is Element => d.type === 'element' && d.tagName === 'html')
  const head = html?.children.find((d): d is Element => d.type === 'element' && d.tagName === 'head')
  if (!head) return tree
  const has = (node: Element): boolean =>
    (node.tagName === 'meta' && String(node.properties.httpEquiv ?? '').toLowerCase() === 'content-security-policy') ||
    node.children.some((d) => d.type === 'element' && has(d))
  if (!has(head)) head.children.unshift({type: 'text', value: '\n'}, cspElement())
  return tree
}
