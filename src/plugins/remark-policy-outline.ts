/**
 * Collect the outline of the tree as the edition shows it (after
 * redaction): the sections of headings and numbered items, in order, into
 * `file.data.kaitei.sections`.
 *
 * Titles are read again from the redacted heading (or item): a heading's
 * `:access[…]` span shows in the titles of the editions that may see it
 * only (目次, search, PDF outline and running heads all take this title).
 *
 * A section whose parent section was withheld (a heading left outside the
 * access block of the heading it belongs to) is an error: its id and place
 * would depend on, or reveal, the withheld one.
 */
import {CONTINUE, SKIP, visit} from 'unist-util-visit'
import type {Nodes, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import type {VFile} from 'vfile'
import {kaiteiData, type SectionInfo} from '../file-data.js'

export default function remarkPolicyOutline() {
  return function (tree: Root, file: VFile) {
    const sections: SectionInfo[] = []
    visit(tree, (node: Nodes) => {
      const info = node.data?.kaitei?.section
      if (info && (node.type === 'heading' || node.type === 'listItem' || node.type === 'paragraph')) {
        // A new object: the section info on the parsed tree is shared.
        const edition: SectionInfo = {...info, title: titleOf(node, info)}
        node.data = {...node.data, kaitei: {...node.data?.kaitei, section: edition}}
        sections.push(edition)
      }
      // No section starts inside a paragraph.
      return node.type === 'paragraph' ? SKIP : CONTINUE
    })

    const ids = new Set(sections.map((d) => d.id))
    for (const section of sections) {
      if (section.parent && !ids.has(section.parent)) {
        file.message(
          'Unexpected section `' + (section.number ?? section.title) + '` outside the access block of the section it belongs to, expected it inside the same block',
          {place: section.position, source: 'kaitei', ruleId: 'access-structure'}
        ).fatal = true
      }
    }
    kaiteiData(file).sections = sections
  }
}

/** The title as this edition shows it: the redacted text after the number. */
function titleOf(node: Nodes, info: SectionInfo): string {
  let text: string
  if (node.type === 'listItem') {
    const first = node.children[0]
    text = first && first.type === 'paragraph' ? toString(first).split('\n')[0]! : ''
  } else if (node.type === 'paragraph') {
    // A statute's 項 or 号: its first line.
    text = toString(node).split('\n')[0]!
  } else {
    text = toString(node)
  }
  text = text.trim()
  if (info.number && text.startsWith(info.number)) text = text.slice(info.number.length)
  return text.trim()
}

export {remarkPolicyOutline}
