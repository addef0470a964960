/**
 * Collect the outline of the tree as the edition shows it (after
 * redaction): the sections of headings and numbered items, in order, into
 * `file.data.kaitei.sections`.
 *
 * A section whose parent section was withheld (a heading left outside the
 * access block of the heading it belongs to) is an error: its id and place
 * would depend on, or reveal, the withheld one.
 */
import type {Nodes, Root} from 'mdast'
import type {VFile} from 'vfile'
import {kaiteiData, type SectionInfo} from '../file-data.js'

export default function remarkPolicyOutline() {
  return function (tree: Root, file: VFile) {
    const sections: SectionInfo[] = []
    const walk = (node: Nodes) => {
      const info = (node.data as {kaiteiSection?: SectionInfo} | undefined)?.kaiteiSection
      if (info && (node.type === 'heading' || node.type === 'listItem')) sections.push(info)
      if ('children' in node && node.type !== 'paragraph') for (const child of node.children as Nodes[]) walk(child)
    }
    walk(tree)

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

export {remarkPolicyOutline}
