/**
 * The handling marking (取扱厳重注意・情報セキュリティ担当者限定 …) on every
 * printed page: a stylesheet of its own, `assets/marking.css`, written
 * beside each page that carries a marking (editions, past versions, history,
 * redline, 新旧対照表) and linked from it. An external stylesheet, so that the
 * pages keep a CSP without `unsafe-inline`; an `@page` margin box, so that
 * printing an HTML page from the browser (Ctrl+P) puts the marking on every
 * page, as the PDFs do.
 */
import type {Element, Root} from 'hast'
import {h} from 'hastscript'

export type MarkingPosition = 'top-right' | 'top-left' | 'top-center'

export const markingStylesheetName = 'marking.css'

/** CSS string literal: `"…"` with quotes, backslashes and newlines escaped (and `<`, for `<style>`). */
export function cssString(text: string): string {
  return '"' + text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\n\r\f]/g, ' ').replace(/</g, '\\3c ') + '"'
}

/** The stylesheet: the marking in the margin box at `position` of every printed page. */
export function markingStylesheet(marking: string, position: MarkingPosition = 'top-right'): string {
  return (
    '/* The handling marking on every printed page (written by kaitei). */\n' +
    '@page {\n' +
    `  @${position} { content: ${cssString(marking)}; font-family: "Noto Sans JP", sans-serif; font-size: 8pt; font-weight: 700; color: #000; vertical-align: bottom; padding-bottom: 3mm; }\n` +
    '}\n'
  )
}

/** The margin box on the other side, for running titles beside the marking. */
export function oppositeBox(position: MarkingPosition): 'top-left' | 'top-right' {
  return position === 'top-left' ? 'top-right' : 'top-left'
}

/** `<link>` to the marking stylesheet at the end of `<head>` (after the theme's, so that it wins). */
export function linkMarking(tree: Root, href: string): Root {
  const html = tree.children.find((d): d is Element => d.type === 'element' && d.tagName === 'html')
  const head = html?.children.find((d): d is Element => d.type === 'element' && d.tagName === 'head')
  head?.children.push(h('link', {rel: 'stylesheet', href}), {type: 'text', value: '\n'})
  return tree
}
