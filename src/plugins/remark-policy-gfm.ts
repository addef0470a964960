/**
 * GitHub-flavoured Markdown (tables, footnotes, strikethrough, task lists,
 * literal autolinks), as remark-gfm, with two differences, both for speed
 * and neither changing the tree:
 *
 * - The five syntax extensions are registered one by one (in the order
 *   `micromark-extension-gfm` combines them), each with the characters it
 *   cannot match without (`needs`). The sectioned parser
 *   (remark-policy-parse-sections) leaves out of a section's parse the
 *   extensions whose characters the section lacks: the table extension is
 *   tried at the start of every line and the email autolink at every letter
 *   or digit, which is 40% of parsing a large Japanese policy for nothing.
 * - The literal autolink pass (`www.example.com`, `https://…`, `a@b.jp` in
 *   plain text) only runs on trees that have such text.
 */
import {EXIT, visit} from 'unist-util-visit'
import type {Nodes, Root} from 'mdast'
import {gfmFromMarkdown} from 'mdast-util-gfm'
import {gfmAutolinkLiteral} from 'micromark-extension-gfm-autolink-literal'
import {gfmFootnote} from 'micromark-extension-gfm-footnote'
import {gfmStrikethrough} from 'micromark-extension-gfm-strikethrough'
import {gfmTable} from 'micromark-extension-gfm-table'
import {gfmTaskListItem} from 'micromark-extension-gfm-task-list-item'
import type {Extension} from 'micromark-util-types'
import type {Processor} from 'unified'

type Transform = (tree: Root) => Root | null | undefined | void

const candidate = /www\.|https?:\/\/|@/i

declare module 'unified' {
  interface Data {
    /**
     * For each GFM syntax extension, a test that is true for any text in
     * which the extension could match something. False means: parsing that
     * text with or without the extension gives the same tree. Set by
     * remark-policy-gfm, read by remark-policy-parse-sections.
     */
    gfmNeeds?: Map<Extension, (text: string) => boolean>
  }
}

export default function remarkPolicyGfm(this: Processor) {
  const data = this.data()
  const micromarkExtensions = data.micromarkExtensions || (data.micromarkExtensions = [])
  const fromMarkdownExtensions = data.fromMarkdownExtensions || (data.fromMarkdownExtensions = [])
  const extensions: Array<[Extension, (text: string) => boolean]> = [
    // Email (`a@b.jp`, `mailto:`, `xmpp:` all have an `@`), `www.`, `http(s)://`.
    [gfmAutolinkLiteral(), (text) => /@|www\.|http/i.test(text)],
    // Calls and definitions both start with `[^`.
    [gfmFootnote(), (text) => text.includes('[^')],
    [gfmStrikethrough(), (text) => text.includes('~')],
    // The delimiter row needs a `|`, or a `:` beside a `-` (`a\n:-` is a table).
    [gfmTable(), (text) => text.includes('|') || text.includes(':-') || text.includes('-:')],
    [gfmTaskListItem(), (text) => text.includes('[')]
  ]
  const gfmNeeds = data.gfmNeeds || (data.gfmNeeds = new Map())
  for (const [extension, needs] of extensions) {
    gfmNeeds.set(extension, needs)
    micromarkExtensions.push(extension)
  }
  fromMarkdownExtensions.push(
    gfmFromMarkdown().map((extension) => {
      if (!extension.transforms) return extension
      return {
        ...extension,
        transforms: extension.transforms.map((transform: Transform) =>
          transform.name === 'transformGfmAutolinkLiterals'
            ? (tree: Root) => (hasCandidate(tree) ? transform(tree) : undefined)
            : transform
        )
      }
    })
  )
}

function hasCandidate(node: Nodes): boolean {
  let found = false
  visit(node, 'text', (text) => {
    if (!candidate.test(text.value)) return
    found = true
    return EXIT
  })
  return found
}

export {remarkPolicyGfm}
