/**
 * Warn about images loaded from the network: editions must work on a closed
 * network (LGWAN) and from a file share, so an image should be a file in
 * the repository. (The PDF printer refuses such requests outright.)
 */
import type {Root} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'

const remote = /^(?:[a-z][a-z\d+.-]*:)?\/\//i

export default function remarkPolicyResources() {
  return function (tree: Root, file: VFile) {
    const definitions = new Map<string, string>()
    visit(tree, 'definition', (node) => {
      definitions.set(node.identifier, node.url)
    })
    visit(tree, (node) => {
      const url = node.type === 'image' ? node.url : node.type === 'imageReference' ? definitions.get(node.identifier) : undefined
      if (url && remote.test(url)) {
        file.message('Unexpected remote image `' + url + '`, expected a file in the repository (editions must work without a network)', {
          place: node.position,
          source: 'kaitei',
          ruleId: 'remote-resource'
        })
      }
    })
  }
}

export {remarkPolicyResources}
