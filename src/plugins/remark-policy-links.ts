/**
 * Links as an edition can keep them. An edition is one page that works from
 * a file share, so:
 *
 * - a link to another source file of the publication (`02-standards.md`,
 *   `./02-standards.md#ch2-8`) becomes a link into the page (`#ch2-8`, or
 *   the file's own anchor `#file-docs-02-standards`);
 * - a link to a Markdown file that is not in the publication is a warning
 *   (`link-source`), as is a site-relative link (`/site/privacy`: it cannot
 *   work offline; `link-offline`) and a link to a file the edition does not
 *   ship (`forms/a.pdf`; `link-file`);
 * - in-page links (`#section`) are left for the edition to check
 *   (remark-policy-page-links collects them after redaction), a rewritten
 *   link with its target on `node.data.kaitei.target`;
 * - an anchor written the way GitHub makes them (`#2-scope`,
 *   `other.md#a-definitions`: the heading's text, see `githubSlug`) is taken
 *   to the section's own id (`#policy-2`): links written for a repository's
 *   web view still land.
 *
 * Runs once on the full text, for every edition: a link that cannot work
 * is worth a word even where only a stricter edition shows it.
 */
import path from 'node:path'
import type {Root} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {kaiteiData} from '../file-data.js'
import {slugify} from '../numbering.js'

export interface RemarkPolicyLinksOptions {
  /** The publication's folder (default: the file's folder). */
  root?: string
  /** The publication's sources, relative to `root` (default: none). */
  sources?: readonly string[]
  /** Each source's GitHub-style heading anchors → ids (default: none): `#2-scope` and `b.md#2-scope` land on their sections. */
  anchors?: Readonly<Record<string, Readonly<Record<string, string>>>>
}

/** The anchor of a source file in the edition's page: `file-docs-02-standards`. */
export function fileAnchor(source: string): string {
  return 'file-' + slugify(source.replace(/\.[^./\\]+$/, '').replace(/[/\\]/g, '-'))
}

const scheme = /^[a-z][a-z\d+.-]*:/i

export default function remarkPolicyLinks(options?: RemarkPolicyLinksOptions) {
  return function (tree: Root, file: VFile) {
    const here = file.path ? path.dirname(file.path) : undefined
    const root = options?.root ?? here
    const sources = new Set((options?.sources ?? []).map((d) => path.posix.normalize(d.split(path.sep).join('/'))))

    const own = root && file.path ? path.relative(root, file.path).split(path.sep).join('/') : undefined
    const ids = new Set(kaiteiData(file).allIds ?? [])
    /** An anchor as written → the section's id: its own id, else a GitHub-style alias of a heading of `source`. */
    const resolve = (source: string | undefined, anchor: string) => {
      if (source === own && ids.has(anchor)) return anchor
      return (source !== undefined ? options?.anchors?.[source]?.[anchor] : undefined) ?? anchor
    }
    visit(tree, (node) => {
      if (node.type !== 'link' && node.type !== 'definition' && node.type !== 'image') return
      const url = node.url
      if (!url || scheme.test(url) || url.startsWith('//')) return
      const warn = (reason: string, ruleId: string) => file.message(reason, {place: node.position, source: 'kaitei', ruleId})
      if (node.type === 'image') {
        warn('Unexpected image `' + url + '`, a file the edition does not include, expected a picture the edition can show (an image of the repository is not copied into it)', 'link-file')
        return
      }
      if (url.startsWith('#')) {
        const anchor = decode(url.slice(1))
        const id = resolve(own, anchor)
        if (id !== anchor) {
          node.url = '#' + id
          node.data = {...node.data, kaitei: {...node.data?.kaitei, target: id}}
        }
        return
      }
      if (url.startsWith('/')) {
        warn('Unexpected site-relative link `' + url + '`, expected a full address (`https://…`) or a link into the policy: an edition opened from a file share has no site', 'link-offline')
        return
      }
      const [pathPart, hash] = splitHash(url)
      const target = root && here ? path.relative(root, path.resolve(here, decode(pathPart))).split(path.sep).join('/') : pathPart
      if (sources.has(target)) {
        // Another file of the publication: it is on the same page.
        const anchor = hash ? resolve(target, decode(hash)) : fileAnchor(target)
        node.url = '#' + anchor
        node.data = {...node.data, kaitei: {...node.data?.kaitei, target: anchor}}
        return
      }
      if (/\.(md|markdown)$/i.test(pathPart)) {
        warn('Unexpected link to `' + url + '`, a Markdown file that is not in the publication, expected one listed in `sources` (or a full address)', 'link-source')
        return
      }
      warn('Unexpected link to `' + url + '`, a file the edition does not include, expected a full address (`https://…`) or a link into the policy', 'link-file')
    })
  }
}

function splitHash(url: string): [string, string | undefined] {
  const at = url.indexOf('#')
  return at < 0 ? [url.replace(/\?.*$/, ''), undefined] : [url.slice(0, at).replace(/\?.*$/, ''), url.slice(at + 1)]
}

export function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

export {remarkPolicyLinks}
