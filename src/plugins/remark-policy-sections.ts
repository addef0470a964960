/**
 * Recognise the policy's numbering and give every section a stable id.
 *
 * - Headings and numbered list items (`(1)`, `①`, `ア`) are sections.
 * - An explicit `{#id}` at the end of a heading wins; otherwise the id is the
 *   number path: `第2章` › `5` › `5.1` → `ch2-5-1`; `(1)` → `ch1-2-p1`. The
 *   title is not used, so a retitled section keeps its anchor.
 * - Numbers stay in the text as written; the sequence is checked (1, 2, 4 is
 *   a warning) and duplicate ids are errors.
 * - Headings render one level down (the page title is the only `h1`).
 *
 * Each section's info goes on its node (`data.kaitei.section`); the outline
 * (`file.data.kaitei.sections`) is collected after redaction by
 * remark-policy-outline, so ids are those of the full document in every
 * edition while the outline holds only what the edition shows.
 */
import {CONTINUE, SKIP, visit} from 'unist-util-visit'
import type {Heading, List, ListItem, Nodes, Paragraph, Parents, Root, Text} from 'mdast'
import {VFile} from 'vfile'
import {kaiteiData, type SectionInfo} from '../file-data.js'
import {related} from '../messages.js'
import {asIroha, asRoman, githubSlug, isChapterLike, recogniseNumber, slugify, type SectionNumber} from '../numbering.js'
import {toString} from 'mdast-util-to-string'

export interface RemarkPolicySectionsOptions {
  /** Levels to shift headings down when rendering (default: `1`, so `#` → `h2`). */
  headingShift?: number
}

interface Open {
  depth: number
  id: string
  number?: SectionNumber
  /** Last number seen among this section's children, per kind, for sequence checks. */
  lastChild: Map<string, SectionNumber>
}

const explicitIdPattern = /[ \t\u3000]*\{#([A-Za-z][A-Za-z0-9_-]*)\}[ \t]*$/

export default function remarkPolicySections(options?: RemarkPolicySectionsOptions) {
  const shift = options?.headingShift ?? 1

  return function (tree: Root, file: VFile) {
    const data = kaiteiData(file)
    const sections: SectionInfo[] = []
    const seen = new Map<string, SectionInfo>()
    const prefix = data.frontMatter?.id
    const root: Open = {depth: 0, id: prefix ?? '', lastChild: new Map()}
    const stack: Open[] = [root]

    /**
     * Inside an article of a statute (第N条), its 項 (a paragraph starting `２`)
     * and 号 (`一`, as a paragraph or a list item) are sections too, so that
     * the イ, ロ under one 号 are told from those under another.
     */
    let clause: {article: Open; paragraph?: Open; item?: Open} | undefined
    /** An excerpt (its title says （抄）) leaves parts out: a number may skip ahead, never back. */
    const excerpt = tree.children.some((d) => d.type === 'heading' && /[（(]抄[)）]/.test(toString(d)))

    walk(tree)
    data.allIds = sections.map((d) => d.id)

    function walk(parent: Parents) {
      for (const child of parent.children as Nodes[]) {
        if (child.type === 'heading') onHeading(child)
        else if (child.type === 'list') onList(child, clause?.item ?? clause?.paragraph)
        else if (child.type === 'paragraph') onParagraph(child)
        else if ('children' in child && child.type !== 'table') walk(child as Parents)
      }
    }

    /** A 項 or 号 written as a paragraph, inside an article. */
    function onParagraph(paragraph: Paragraph) {
      if (!clause) return
      const text = leadingText(paragraph)
      const numbered = text ? recogniseNumber(text) : undefined
      if (!numbered) return
      const {number} = numbered
      let owner: Open
      if (number.kind === 'arabic' && number.value.length === 1) {
        owner = clause.article
      } else if (number.kind === 'kanji') {
        owner = clause.paragraph ?? clause.article
      } else {
        return
      }
      const id = join(owner.id, number.segment)
      checkSequence(owner, number, paragraph)
      const info: SectionInfo = {
        id,
        explicitId: false,
        parent: owner.id,
        level: stack.length + (number.kind === 'kanji' && clause.paragraph ? 2 : 1),
        type: 'item',
        number: number.text,
        kind: number.kind,
        title: firstLineOf(paragraph).slice(number.text.length).trim(),
        position: paragraph.position
      }
      if (!register(info, paragraph.position)) return
      const open: Open = {depth: Infinity, id, number, lastChild: new Map()}
      if (number.kind === 'arabic') clause = {article: clause.article, paragraph: open}
      else clause = {...clause, item: open}
      paragraph.data = {...paragraph.data, kaitei: {...paragraph.data?.kaitei, section: info}, hProperties: {...paragraph.data?.hProperties, id}}
    }

    function onHeading(heading: Heading) {
      const explicit = takeExplicitId(heading)
      // Ids never derive from text inside an access marker: the same id in
      // every edition, and none spells out what some edition withholds.
      const text = textOutsideAccess(heading).trim()
      const numbered = recogniseNumber(text)

      while (stack.length > 1 && stack[stack.length - 1]!.depth >= heading.depth) stack.pop()
      let parent = stack[stack.length - 1]!
      // A chapter heading starts a new path even when a file has no `#`.
      if (numbered && isChapterLike(numbered.number.kind) && parent !== root) {
        stack.length = 1
        parent = root
      }
      if (numbered) numbered.number = inContext(numbered.number, parent)

      // Articles are numbered through the whole law (or 附則): their ids do
      // not change when an article moves to another chapter.
      const base = numbered?.number.kind === 'article' ? ([...stack].reverse().find((d) => d.number?.kind === 'supplementary') ?? root) : parent
      let id: string
      if (explicit) id = explicit
      else if (numbered) id = join(base.id, segmentUnder(parent, numbered.number))
      else id = join(parent.id, slugify(text))

      if (numbered) checkSequence(parent, numbered.number, heading)

      const info: SectionInfo = {
        id,
        explicitId: Boolean(explicit),
        parent: parent === root ? undefined : parent.id,
        level: stack.length,
        type: 'heading',
        number: numbered?.number.text,
        kind: numbered?.number.kind,
        title: numbered ? numbered.rest.trim() : text,
        position: heading.position
      }
      register(info, heading.position)
      heading.data = {...heading.data, kaitei: {...heading.data?.kaitei, section: info}}
      const open: Open = {depth: heading.depth, id, number: numbered?.number, lastChild: new Map()}
      stack.push(open)
      clause = numbered?.number.kind === 'article' ? {article: open} : undefined

      heading.data = {
        ...heading.data,
        hName: 'h' + Math.min(6, heading.depth + shift),
        hProperties: {...heading.data?.hProperties, id}
      }
    }

    function onList(list: List, item: Open | undefined) {
      let numberedItems = 0
      const owner = item ?? stack[stack.length - 1]!
      // イ first: the list counts in いろは order (a statute's イ, ロ, ハ).
      const first = list.children.map(recogniseItemNumber).find((d) => d?.kind === 'katakana' || d?.kind === 'paren-katakana')
      const inIroha = first !== undefined && first.text.replace(/[()（）]/g, '') === 'イ'
      for (const listItem of list.children) {
        let numbered = recogniseItemNumber(listItem)
        if (numbered && inIroha && (numbered.kind === 'katakana' || numbered.kind === 'paren-katakana')) numbered = asIroha(numbered)
        if (numbered) numbered = inContext(numbered, owner)
        let open: Open | undefined
        if (numbered) {
          numberedItems++
          const id = join(owner.id, numbered.segment)
          checkSequence(owner, numbered, listItem)
          register(
            {
              id,
              explicitId: false,
              parent: owner === root ? undefined : owner.id,
              level: stack.length + (item ? 2 : 1),
              type: 'item',
              number: numbered.text,
              kind: numbered.kind,
              title: firstLine(listItem).slice(numbered.text.length).trim(),
              position: listItem.position
            },
            listItem.position
          )
          open = {depth: Infinity, id, number: numbered, lastChild: new Map()}
          listItem.data = {
            ...listItem.data,
            kaitei: {...listItem.data?.kaitei, section: sections[sections.length - 1]},
            hProperties: {...listItem.data?.hProperties, id, className: ['numbered']}
          } as ListItem['data']
        }
        for (const child of listItem.children) {
          if (child.type === 'list') onList(child, open ?? item)
        }
      }
      if (numberedItems > 0 && !list.ordered) {
        list.data = {...list.data, hProperties: {...list.data?.hProperties, className: ['numbered-list']}}
      }
    }

    function register(info: SectionInfo, place: Heading['position']): boolean {
      const existing = seen.get(info.id)
      if (existing) {
        file.message('Unexpected duplicate section id `' + info.id + '`, expected unique ids: renumber or add `{#id}`', {
          place,
          source: 'kaitei',
          ruleId: 'duplicate-section-id',
          cause: related('the first section with id `' + info.id + '`', existing.position, file.path)
        }).fatal = true
        return false
      }
      seen.set(info.id, info)
      sections.push(info)
      return true
    }

    /**
     * A one-letter `i.` / `I.` / `v.` is a roman numeral where its neighbours
     * are (`i.` first, or after `iv.`), a letter after `h.`.
     */
    function inContext(number: SectionNumber, parent: Open): SectionNumber {
      if (number.kind !== 'latin' || !/^[ivxIVX]/.test(number.text)) return number
      if (parent.lastChild.has('roman:1')) return asRoman(number)
      if (!parent.lastChild.has('latin:1') && /^[iI]/.test(number.text)) return asRoman(number)
      return number
    }

    function checkSequence(parent: Open, number: SectionNumber, node: Heading | ListItem | Paragraph) {
      // Dotted numbers continue their parent's: under `5`, expect `5.1`.
      if (number.value.length > 1 && parent.number && parent.number.kind === 'arabic') {
        const expectedPrefix = parent.number.value.join('.')
        const prefix = number.value.slice(0, -1).join('.')
        if (prefix !== expectedPrefix) {
          file.message(
            'Unexpected section number `' + number.text + '` under `' + parent.number.text + '`, expected `' +
              expectedPrefix + '.' + '…`',
            {place: node.position, source: 'kaitei', ruleId: 'numbering-sequence'}
          )
        }
      }
      const key = number.kind + ':' + number.value.length
      const previous = parent.lastChild.get(key)
      const current = number.value[number.value.length - 1]!
      const last = previous ? previous.value[previous.value.length - 1]! : undefined
      // 第三十六条の二 follows 第三十六条; 第三十七条 follows 第三十六条の二.
      const branch = (d: SectionNumber) => d.branch?.[0] ?? 1
      const expected =
        previous === undefined ? undefined : current === last && number.branch ? 'the same number, branch ' + (branch(previous) + 1) : String(last! + 1)
      const fits = previous === undefined || (current === last && number.branch ? branch(number) === branch(previous) + 1 : current === last! + 1 && !number.branch)
      const skipsAhead = excerpt && previous !== undefined && current > last!
      if (!fits && !skipsAhead && number.kind !== 'preface' && number.kind !== 'supplementary') {
        file.message(
          'Unexpected section number `' + number.text + '` after `' + previous!.text + '`, expected ' + expected,
          {place: node.position, source: 'kaitei', ruleId: 'numbering-sequence'}
        )
      }
      parent.lastChild.set(key, number)
    }
  }
}

/** Under `5`, the dotted number `5.1` contributes only `1`: the id is `…-5-1`. */
function segmentUnder(parent: Open, number: SectionNumber): string {
  if (number.kind === 'arabic' && number.value.length > 1 && parent.number?.kind === 'arabic') {
    const parentValue = parent.number.value
    if (number.value.length === parentValue.length + 1 && parentValue.every((d, i) => number.value[i] === d)) {
      return String(number.value[number.value.length - 1])
    }
  }
  return number.segment
}

function join(parent: string, segment: string): string {
  return parent ? parent + '-' + segment : segment
}

/** Strip a trailing `{#id}` from a heading's last text and return the id. */
function takeExplicitId(heading: Heading): string | undefined {
  const last = heading.children[heading.children.length - 1]
  if (!last || last.type !== 'text') return undefined
  const match = explicitIdPattern.exec(last.value)
  if (!match) return undefined
  last.value = last.value.slice(0, match.index)
  if (last.value === '') heading.children.pop()
  return match[1]
}

/**
 * The text of a node without its access spans (`:access[…]{…}`): what every
 * edition sees of it. Numbers and ids come from this; each edition's titles
 * come from its redacted tree (remark-policy-outline).
 */
export function textOutsideAccess(node: Nodes): string {
  if (node.type === 'textDirective' && node.name === 'access') return ''
  if ('children' in node) return (node.children as Nodes[]).map(textOutsideAccess).join('')
  return toString(node)
}

function recogniseItemNumber(item: ListItem): SectionNumber | undefined {
  const first = item.children[0]
  if (!first || first.type !== 'paragraph') return undefined
  const text = leadingText(first)
  if (!text) return undefined
  const numbered = recogniseNumber(text)
  // Plain arabic numbers and chapters are not item markers inside a list.
  if (!numbered || numbered.number.kind === 'arabic' || isChapterLike(numbered.number.kind)) return undefined
  return numbered.number
}

function leadingText(paragraph: Paragraph): string | undefined {
  const first = paragraph.children[0]
  return first && first.type === 'text' ? (first as Text).value : undefined
}

function firstLine(item: ListItem): string {
  const first = item.children[0]
  if (!first || first.type !== 'paragraph') return ''
  return firstLineOf(first)
}

function firstLineOf(paragraph: Paragraph): string {
  return textOutsideAccess(paragraph).split('\n')[0]!
}

export {remarkPolicySections}

/**
 * The anchors a file's headings have elsewhere: GitHub-style slugs of their
 * text as written (`2-scope`; a second one `2-scope-1`, as GitHub counts
 * them) → kaitei's id of each. Computed from the headings alone, by the same
 * numbering as the full run (ids of headings never depend on what is under
 * them), so that a link in one file can be resolved to a heading in another
 * before either is rendered.
 */
export function headingAnchors(tree: Root, frontMatterId?: string): Record<string, string> {
  const headings: Heading[] = []
  visit(tree, (node: Nodes) => {
    if (node.type === 'heading') {
      headings.push(structuredClone(node))
      return SKIP
    }
    // Headings in lists and tables are no sections.
    return node.type === 'list' || node.type === 'table' ? SKIP : CONTINUE
  })
  const file = new VFile({data: {kaitei: {sections: [], frontMatter: frontMatterId ? {title: '', id: frontMatterId} : undefined}}})
  const written = headings.map((d) => toString(d).replace(explicitIdPattern, '').trim())
  remarkPolicySections()({type: 'root', children: headings}, file)
  const out: Record<string, string> = {}
  const counts = new Map<string, number>()
  headings.forEach((heading, index) => {
    const id = heading.data?.kaitei?.section?.id
    const base = githubSlug(written[index]!)
    const seen = counts.get(base) ?? 0
    counts.set(base, seen + 1)
    const slug = seen === 0 ? base : base + '-' + seen
    if (id && slug !== '' && slug !== id && !(slug in out)) out[slug] = id
  })
  return out
}