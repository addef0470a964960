/**
 * Collect the text of each heading section for the edition's search index.
 * Runs on the tree as the edition sees it (after redaction), so the index
 * never holds text the edition does not show.
 */
import type {Nodes, Parents, Root} from 'mdast'
import type {VFile} from 'vfile'
import {kaiteiData, type SearchEntry} from '../file-data.js'
import {blockText} from '../text.js'

export type {SearchEntry}

export default function remarkPolicySearchText() {
  return function (tree: Root, file: VFile) {
    const entries: SearchEntry[] = []
    let current: {entry: SearchEntry; parts: string[]} | undefined

    const flush = () => {
      if (current) current.entry.text = current.parts.join(' ').replace(/\s+/g, ' ').trim()
    }

    const walk = (parent: Parents) => {
      for (const child of parent.children as Nodes[]) {
        if (child.type === 'heading') {
          const info = child.data?.kaitei?.section
          if (info) {
            flush()
            current = {entry: {id: info.id, number: info.number, title: info.title, text: ''}, parts: []}
            entries.push(current.entry)
            continue
          }
        }
        if (child.type === 'containerDirective') {
          walk(child)
          continue
        }
        if (current) current.parts.push(blockText(child))
      }
    }
    walk(tree)
    flush()
    kaiteiData(file).search = entries
  }
}

export {remarkPolicySearchText}
