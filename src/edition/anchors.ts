/**
 * The headings' anchors of every file of a publication, as other sites
 * write them: `other.md#2-scope` (GitHub) → kaitei's `#acceptable-use-2`.
 * A link in one file may point at a heading of another, and files are
 * rendered each on its own (in workers): so the table is made first, from
 * the heading lines alone (parsed and numbered as the full run numbers
 * them), and only when some file links to an anchor at all.
 */
import type {Root} from 'mdast'
import {headingAnchors} from '../plugins/remark-policy-sections.js'
import {createPolicyParser} from '../processor.js'

/** Source → (GitHub-style anchor → kaitei id). */
export type AnchorTable = Record<string, Record<string, string>>

/** The table, or `undefined` when no file has a link with `#` (nothing to resolve). */
export function anchorsOf(docs: ReadonlyArray<{source: string; text: string}>): AnchorTable | undefined {
  if (!docs.some((d) => /\]\s*\([^)\s]*#|\]:\s*\S*#/.test(d.text))) return undefined
  const parser = createPolicyParser()
  const out: AnchorTable = {}
  for (const doc of docs) {
    const id = /^---\r?\n(?:[^\n]*\n)*?id:[ \t]*["']?([A-Za-z][\w-]*)/.exec(doc.text)?.[1]
    out[doc.source] = headingAnchors(parser.parse(headingLines(doc.text)) as Root, id)
  }
  return out
}

/** The ATX heading lines of a text (outside code fences, block quote marks dropped), one paragraph each. */
function headingLines(text: string): string {
  const out: string[] = []
  let fence: string | undefined
  for (const line of text.split(/\r\n|\r|\n/)) {
    const mark = /^[ \t>]*(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence) {
      if (mark && mark[0] === fence[0] && mark.length >= fence.length) fence = undefined
      continue
    }
    if (mark) {
      fence = mark
      continue
    }
    const heading = /^(?:[ \t]{0,3}>[ \t]?)*([ \t]{0,3}#{1,6}(?:[ \t].*)?)$/.exec(line)
    if (heading) out.push(heading[1]!.trimStart())
  }
  return out.join('\n\n') + '\n'
}
