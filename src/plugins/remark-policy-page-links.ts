/**
 * Collect the in-page links (`#ch2-8`) an edition keeps, after redaction
 * (links in withheld text are not the edition's), on
 * `file.data.kaitei.links`: the edition checks each against every id of its
 * page (`link-anchor`, render-edition.ts), since a target may stand in
 * another file. A link remark-policy-links rewrote into the page carries its
 * target.
 */
import type {Root} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {kaiteiData, type PageLink} from '../file-data.js'
import {decode} from './remark-policy-links.js'

export type {PageLink}

export default function remarkPolicyPageLinks() {
  return function (tree: Root, file: VFile) {
    const links: PageLink[] = []
    visit(tree, (node) => {
      if (node.type !== 'link' && node.type !== 'definition') return
      const target = node.data?.kaitei?.target
      if (target !== undefined) links.push({target, place: node.position})
      else if (node.url.startsWith('#')) links.push({target: decode(node.url.slice(1)), place: node.position})
    })
    kaiteiData(file).links = links
  }
}

export {remarkPolicyPageLinks}
