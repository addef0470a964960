/**
 * A theme's page template (`template.html`, `print.html`) as a tree.
 * Theme authors write HTML with two kinds of slot:
 *
 * - `{{name}}`: text, in text or in an attribute value (escaped on output
 *   like all text);
 * - `{{{name}}}`: nodes kaitei built (the cover, the 目次, the policy).
 *
 * The template is parsed once per theme (parse5, through hast-util-from-html) with
 * each `{{{name}}}` as a `<template data-kaitei-slot>` (allowed anywhere,
 * `<head>` included, so the page's structure is the one written), then
 * filled. In a raw-text element (`<style>`) a node slot takes text.
 */
import type {Element, ElementContent, Root, RootContent} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import type {Raw} from 'mdast-util-to-hast'
import {toString} from 'hast-util-to-string'

/** What fills a slot: text, or nodes (for `{{{name}}}`). */
export type SlotValue = string | ElementContent | Raw | Array<ElementContent | Raw> | undefined

const nodeSlot = /\{\{\{\s*([\w.]+)\s*\}\}\}/g
const textSlot = /\{\{\s*([\w.]+)\s*\}\}/g
const placeholder = /<template data-kaitei-slot="([\w.]+)"><\/template>/g

/** A template as written and as a tree: parsed once, when its theme is read, and shared (never changed). */
export interface PageTemplate {
  text: string
  tree: Root
}

/** Parse a template (its `{{{slots}}}` as placeholders). */
export function parseTemplate(text: string): PageTemplate {
  const tree = fromHtml(text.replace(nodeSlot, (_, name: string) => '<template data-kaitei-slot="' + name + '"></template>'))
  layout(tree)
  return {text, tree}
}

/**
 * The line breaks the parser keeps nowhere (after the doctype, before
 * `<head>`), put back: the written page reads like its template.
 */
function layout(tree: Root) {
  const newline = () => ({type: 'text' as const, value: '\n'})
  tree.children = tree.children.flatMap((d) => (d.type === 'text' ? [] : [d, newline()]))
  const html = tree.children.find((d): d is Element => d.type === 'element' && d.tagName === 'html')
  if (html && html.children[0]?.type === 'element') html.children.unshift(newline())
  // Whitespace after `</body>` and `</html>` ends up in the body: one line break.
  const body = html?.children.find((d): d is Element => d.type === 'element' && d.tagName === 'body')
  const last = body?.children.at(-1)
  if (last?.type === 'text' && /^\s+$/.test(last.value)) last.value = '\n'
  if (html?.children.at(-1)?.type === 'element') html.children.push(newline())
}

/** Fill a template: a new tree (the parsed template is shared, never changed). A text is parsed first. */
export function fillTemplate(template: PageTemplate | string, values: Record<string, SlotValue>): Root {
  const {tree} = typeof template === 'string' ? parseTemplate(template) : template
  const text = (value: SlotValue): string =>
    value === undefined ? '' : typeof value === 'string' ? value : (Array.isArray(value) ? value : [value]).map((d) => (d.type === 'raw' ? d.value : toString(d as ElementContent))).join('')
  const fillText = (value: string) => (value.includes('{{') || value.includes('<template') ? value.replace(placeholder, (_, name: string) => text(values[name])).replace(textSlot, (_, name: string) => text(values[name])) : value)

  const fill = (nodes: readonly RootContent[]): RootContent[] => {
    const out: RootContent[] = []
    for (const node of nodes) {
      if (node.type === 'element' && node.tagName === 'template' && typeof node.properties.dataKaiteiSlot === 'string') {
        const value = values[node.properties.dataKaiteiSlot]
        if (value === undefined) continue
        if (typeof value === 'string') out.push({type: 'text', value})
        else out.push(...((Array.isArray(value) ? value : [value]) as RootContent[]))
      } else if (node.type === 'text') {
        // In raw text (`<style>`, `<title>`) a node slot stays a placeholder: its text goes there.
        out.push({type: 'text', value: fillText(node.value)})
      } else if (node.type === 'element') {
        const properties: Element['properties'] = {}
        for (const [key, property] of Object.entries(node.properties)) properties[key] = typeof property === 'string' ? fillText(property) : property
        out.push({type: 'element', tagName: node.tagName, properties, children: fill(node.children) as ElementContent[], ...(node.content ? {content: node.content} : {})})
      } else {
        out.push(node)
      }
    }
    return out
  }
  return {type: 'root', children: fill(tree.children)}
}
