/**
 * GitHub-flavoured Markdown (tables, footnotes, strikethrough, task lists,
 * literal autolinks), as remark-gfm, with one difference: the literal
 * autolink pass (`www.example.com`, `https://…`, `a@b.jp` in plain text)
 * only runs on files that have such text. It scans every text node with
 * Unicode regexes, which costs ~10% of a large Japanese build for nothing.
 */
import type {Nodes, Root} from 'mdast'
import {gfmFromMarkdown} from 'mdast-util-gfm'
import {gfm} from 'micromark-extension-gfm'
import type {Processor} from 'unified'

type Transform = (tree: Root) => Root | null | undefined | void

const candidate = /www\.|https?:\/\/|@/i

export default function remarkPolicyGfm(this: Processor) {
  const data = this.data()
  const micromarkExtensions = data.micromarkExtensions || (data.micromarkExtensions = [])
  const fromMarkdownExtensions = data.fromMarkdownExtensions || (data.fromMarkdownExtensions = [])
  micromarkExtensions.push(gfm())
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
  if (node.type === 'text') return candidate.test(node.value)
  if ('children' in node) {
    for (const child of node.children) if (hasCandidate(child)) return true
  }
  return false
}

export {remarkPolicyGfm}
