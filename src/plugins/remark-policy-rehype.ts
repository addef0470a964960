/**
 * mdast → hast, as remark-rehype does, with the footnote id prefix of the
 * run (`file.data.kaitei.run.footnotePrefix`) rather than of the processor:
 * one processor renders every file of a page, each with its own prefix.
 * Raw HTML is kept (`allowDangerousHtml`) for rehype-raw-if-present and the
 * sanitizer to judge.
 */
import type {Root as HastRoot} from 'hast'
import type {Root} from 'mdast'
import {toHast} from 'mdast-util-to-hast'
import type {VFile} from 'vfile'
import {runOf} from '../file-data.js'

export interface RemarkPolicyRehypeOptions {
  /** Label of the footnotes section (default: mdast-util-to-hast's, `Footnotes`). */
  footnoteLabel?: string
  /** Accessible label of footnote back links (default: mdast-util-to-hast's). */
  footnoteBackLabel?: string
}

export default function remarkPolicyRehype(options?: RemarkPolicyRehypeOptions) {
  return function (tree: Root, file: VFile): HastRoot {
    return toHast(tree, {
      file,
      allowDangerousHtml: true,
      clobberPrefix: runOf(file).footnotePrefix ?? '',
      footnoteLabel: options?.footnoteLabel,
      footnoteBackLabel: options?.footnoteBackLabel
    }) as HastRoot
  }
}

export {remarkPolicyRehype}
