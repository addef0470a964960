/**
 * Warn about images and media loaded from the network — Markdown images and
 * raw HTML (`<img src>`, `srcset`, `<video poster>`, `<source>`, `<object
 * data>`) alike: editions must work on a closed network (LGWAN) and from a
 * file share, so a resource should be a file in the repository. (The
 * edition's Content-Security-Policy blocks such requests in the browser;
 * the PDF printer refuses them outright.)
 */
import type {Nodes, Root} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'

const remote = /^(?:[a-z][a-z\d+.-]*:)?\/\//i

export default function remarkPolicyResources() {
  return function (tree: Root, file: VFile) {
    const definitions = new Map<string, string>()
    visit(tree, 'definition', (node) => {
      definitions.set(node.identifier, node.url)
    })
    const warn = (url: string, what: string, place: Nodes['position']) =>
      file.message('Unexpected remote ' + what + ' `' + url + '`, expected a file in the repository (editions must work without a network)', {
        place,
        source: 'kaitei',
        ruleId: 'remote-resource'
      })
    visit(tree, (node) => {
      const url = node.type === 'image' ? node.url : node.type === 'imageReference' ? definitions.get(node.identifier) : undefined
      if (url && remote.test(url)) warn(url, 'image', node.position)
      if (node.type === 'html') {
        for (const match of node.value.matchAll(/\b(?:src|srcset|poster|data|background)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
          const value = match[1] ?? match[2] ?? match[3] ?? ''
          // `srcset` lists several URLs, each with its width.
          for (const candidate of value.split(',').map((d) => d.trim().split(/\s+/)[0] ?? '')) {
            if (remote.test(candidate)) warn(candidate, 'resource in raw HTML', node.position)
          }
        }
      }
    })
  }
}

export {remarkPolicyResources}
