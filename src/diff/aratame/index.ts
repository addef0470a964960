/**
 * 改め文: the amending text of a change, as 法制執務 writes it, from the same
 * change model as the 新旧対照表.
 *
 * **Read in order.** Each sentence acts on the text as the sentences before
 * it left it, and names places by the numbers they have then. So the
 * structure of a level (the articles of a law, the 項 of an article, the 号
 * of a 項, the items of a section) changes in an order that never gives two
 * provisions one number: deletions first; then the provisions moving up,
 * from the front; those moving down, from the back; insertions last:
 *
 *   第十条を第十一条とし、第五条から第九条までを一条ずつ繰り下げ、第四条の次に次の一条を加える。
 *   第三十五条第三項を同条第四項とし、同条第二項中「前項」を「前二項」に改め、同項を同条第三項とし、同条第一項の次に次の一項を加える。
 *   第三章中第五条を第七条とし、同章を第四章とし、第二章の次に次の一章を加える。
 *
 * Structure moves as structure: a number is never quoted as text. A
 * provision replaced under its own number is 「…を次のように改める」; a new
 * 項 with its 号 is one insertion. 附則 are addressed as 附則 (附則第二項,
 * 平成十七年条例第二十号附則). Changes inside a text are quoted by phrase.ts.
 * Consecutive places in one provision chain with 同条 and 同項.
 *
 * A text an edition withholds (（非公開）) is never inserted: a partial
 * document says it is partial instead (`partial`).
 */
import type {VersionDiff} from '../diff-versions.js'
import type {BlockChange, SectionChange, SectionRef} from '../engine.js'
import type {Block} from '../model.js'
import {numberValue} from '../../numbering.js'
import {diffText, type Segment} from '../text-diff.js'
import {blockNumber, chapterUnit, countedUnit, isArticle, isChapter, isSupplementary, kanji, kanjiNumerals, supplementaryName} from './numbers.js'
import {editClause, textEdits, type TextEdit} from './phrase.js'

export {amendBlock, editsOf} from './phrase.js'

export interface AratameSentence {
  /** The sentence, ending in 。 */
  text: string
  /** The text it adds or puts in place (a new section, item or block), line by line. */
  body?: string[]
}

export interface Aratame {
  /** 「試験規程の一部を次のように改定する。」 */
  intro: string
  sentences: AratameSentence[]
  /** The handling marking of the edition it was made for: the first line of the text. */
  marking?: string
  /** 附則: when it takes effect (「この改定は、令和8年4月1日から施行する。」), when the amendment says. */
  supplementary?: string
  /** It leaves out changes to text its edition withholds: printed as 「（抄）」 with a note. */
  partial?: boolean
}

/** The notice that stands for withheld text: never inserted by a sentence. */
const notices = /^[（(](非公開|Withheld)[）)]$/

/** Where a clause points, for 同条 and 同項: the provision (an article, a section) and the places inside it. */
interface Place {
  /** 第五条, 附則第二条, 附則, 第1章8: the provision. */
  scope: string
  /** 第二項, 第三号, イ; (1), ①: inside it. */
  parts: string[]
  /** A statute's provision (an article or a 附則): 同条 and 同項 apply. */
  statute: boolean
  /** A chapter (or 節) of a statute: named again right after, it is 同章 (同節). */
  chapter?: string
}

/** Renders places one after another in a sentence: the second in a row on one article is 同条…, on one 項 同項. */
class Chain {
  private previous: Place | undefined
  private chapter: string | undefined
  name(place: Place): string {
    const previous = this.previous
    this.previous = place
    if (place.chapter) {
      const same = this.chapter === place.scope
      this.chapter = place.scope
      if (same) return '同' + place.chapter
    }
    if (!previous || !place.statute || previous.scope !== place.scope) return place.scope + place.parts.join('')
    if (place.parts.length === 0) return previous.parts.length === 0 ? '同条' : place.scope
    const same = previous.parts.length === place.parts.length && previous.parts.every((d, i) => d === place.parts[i])
    if (same) return '同' + place.parts[place.parts.length - 1]!.replace(/^第[〇一二三四五六七八九十百千]+/, '')
    // Inside the 項 just named: 同項第三号.
    if (previous.parts.length > 0 && place.parts.length > previous.parts.length && previous.parts.every((d, i) => d === place.parts[i])) {
      return '同' + previous.parts[previous.parts.length - 1]!.replace(/^第[〇一二三四五六七八九十百千]+/, '') + place.parts.slice(previous.parts.length).join('')
    }
    return (place.scope.startsWith('附則') && !/条$/.test(place.scope) ? place.scope : '同条') + place.parts.join('')
  }
  /** A name that does not move the chain (the target of a renumbering). */
  peek(): Place | undefined {
    return this.previous
  }
}

// ---------------------------------------------------------------------------
// The sections of each side, their sequences and their current numbers.

type SectionKind = 'chapter' | 'article' | 'suppl' | 'section'

interface Sec {
  change: SectionChange
  side: 'old' | 'new'
  ref: SectionRef
  kind: SectionKind
  parent?: Sec
  /** The sequence it is numbered in: articles through the law (or a 附則), chapters among chapters, sections under their parent. */
  seq: string
  /** Its sections and blocks stand in the old text from `index` to `end` (old side only). */
  index: number
  end: number
}

function sectionKind(number: string | undefined, statute: boolean): SectionKind {
  if (isSupplementary(number)) return 'suppl'
  if (statute && isArticle(number)) return 'article'
  if (isChapter(number)) return 'chapter'
  return 'section'
}

function sidesOf(changes: readonly SectionChange[], statute: boolean): {old: Sec[]; new: Sec[]} {
  const make = (side: 'old' | 'new'): Sec[] => {
    const list = changes
      .filter((d) => d[side])
      .map((change) => ({change, side, ref: change[side]!, kind: sectionKind(change[side]!.number, statute), seq: '', index: 0, end: 0}) as Sec)
      .sort((a, b) => (a.ref.index ?? 0) - (b.ref.index ?? 0))
    const byId = new Map(list.map((d) => [(d.ref.file ?? '') + '\u0000' + d.ref.id, d]))
    const stack: Sec[] = []
    list.forEach((sec, index) => {
      sec.index = index
      // The parent by id, or else by level (models made by hand have no parent ids).
      while (stack.length > 0 && stack[stack.length - 1]!.ref.level >= sec.ref.level) stack.pop()
      sec.parent = sec.ref.parent !== undefined ? byId.get((sec.ref.file ?? '') + '\u0000' + sec.ref.parent) : stack[stack.length - 1]
      stack.push(sec)
    })
    for (const sec of list) {
      let end = sec.index
      while (end + 1 < list.length && isUnder(list[end + 1]!, sec)) end++
      sec.end = end
    }
    return list
  }
  const sides = {old: make('old'), new: make('new')}
  // A parent's key: the pair it belongs to, so that both sides' sequences line up.
  const keys = new Map<SectionChange, number>()
  const keyOf = (sec: Sec | undefined) => {
    if (!sec) return 'root'
    let key = keys.get(sec.change)
    if (key === undefined) keys.set(sec.change, (key = keys.size))
    return String(key)
  }
  for (const list of [sides.old, sides.new]) {
    for (const sec of list) {
      const suppl = ancestors(sec).find((d) => d.kind === 'suppl')
      const chapter = ancestors(sec).find((d) => d.kind === 'chapter')
      sec.seq =
        sec.kind === 'article'
          ? 'article:' + (suppl ? keyOf(suppl) : 'main')
          : sec.kind === 'chapter'
            ? 'chapter:' + (statute ? keyOf(chapter) : keyOf(sec.parent))
            : sec.kind === 'suppl'
              ? 'suppl'
              : 'section:' + keyOf(sec.parent)
    }
  }
  return sides
}

function isUnder(sec: Sec, parent: Sec): boolean {
  for (let at = sec.parent; at; at = at.parent) if (at === parent) return true
  return false
}

function ancestors(sec: Sec): Sec[] {
  const out: Sec[] = []
  for (let at = sec.parent; at; at = at.parent) out.push(at)
  return out
}

/** The longest run of pairs that keep their order (by old place, in new order): the rest moved. */
function keptInOrder(pairs: ReadonlyArray<[number, number]>): Set<number> {
  // pairs: [old index, new index], in new order; patience sorting over old indices.
  const tails: number[] = []
  const previous: number[] = []
  const tailAt: number[] = []
  pairs.forEach(([old], i) => {
    let low = 0
    let high = tails.length
    while (low < high) {
      const mid = (low + high) >> 1
      if (pairs[tails[mid]!]![0] < old) low = mid + 1
      else high = mid
    }
    previous[i] = low > 0 ? tails[low - 1]! : -1
    tails[low] = i
    tailAt[low] = i
  })
  const out = new Set<number>()
  for (let at = tails.length > 0 ? tails[tails.length - 1]! : -1; at >= 0; at = previous[at]!) out.add(at)
  return out
}

// ---------------------------------------------------------------------------
// Operations on one sequence (of sections or of blocks), and their order.

/** A member of a sequence on one side or both: a section or a block. */
interface Member<T> {
  old?: T
  new?: T
  /** The numbers as written on each side (第五条, ２, 一, (1), 8). */
  oldNumber?: string
  newNumber?: string
}

/** `zone`: the operations between two provisions that keep their numbers are read together. */
type Op<T> =
  | {kind: 'delete'; member: Member<T>; position: number; zone: number}
  | {kind: 'renumber'; member: Member<T>; position: number; delta?: number; zone: number}
  | {kind: 'insert'; members: Member<T>[]; after?: Member<T>; before?: Member<T>; position: number; zone: number}
  | {kind: 'replace'; old: Member<T>; new: Member<T>; position: number; zone: number}

/** A sequence's operations: what was deleted, renumbered, inserted or replaced whole, and where. */
function sequenceOps<T>(
  oldList: readonly T[],
  newList: readonly T[],
  partnerOf: (item: T) => T | undefined,
  numberOf: (item: T) => string | undefined,
  positionOf: (item: T) => number,
  endOf: (item: T) => number,
  /** Whether a new item may take an old one's place (under the same parent). */
  samePlace: (old: T, neu: T) => boolean = () => true,
  /** Whether two new items are inserted together (under the same parent). */
  together: (a: T, b: T) => boolean = () => true
): Op<T>[] {
  const newIndex = new Map(newList.map((d, i) => [d, i]))
  const pairs: Array<[number, number, T, T]> = []
  oldList.forEach((old, i) => {
    const partner = partnerOf(old)
    if (partner !== undefined && newIndex.has(partner)) pairs.push([i, newIndex.get(partner)!, old, partner])
  })
  pairs.sort((a, b) => a[1] - b[1])
  const kept = keptInOrder(pairs.map((d) => [d[0], d[1]]))
  const keptOld = new Map<T, T>()
  const keptNew = new Map<T, T>()
  pairs.forEach(([, , old, neu], i) => {
    if (!kept.has(i)) return
    keptOld.set(old, neu)
    keptNew.set(neu, old)
  })
  const ops: Op<T>[] = []
  const member = (old?: T, neu?: T): Member<T> => ({old, new: neu, oldNumber: old !== undefined ? numberOf(old) : undefined, newNumber: neu !== undefined ? numberOf(neu) : undefined})
  // Zones: what stands between two kept provisions that keep their numbers.
  const zoneOf = new Map<T, number>()
  let zone = -1
  oldList.forEach((old, i) => {
    const neu = keptOld.get(old)
    if (neu !== undefined && numberOf(neu) === numberOf(old)) zone = i
    zoneOf.set(old, neu !== undefined && numberOf(neu) === numberOf(old) ? i : zone)
  })
  void zoneOf
  // Old items not kept: deleted (or replaced whole, when a new item takes their number in their place).
  const deleted = oldList.filter((d) => !keptOld.has(d))
  const inserted = newList.filter((d) => !keptNew.has(d))
  const replacedBy = new Map<T, T>()
  for (const old of deleted) {
    const number = numberOf(old)
    if (number === undefined) continue
    const i = oldList.indexOf(old)
    const previousKept = oldList.slice(0, i).reverse().find((d) => keptOld.has(d))
    const nextKept = oldList.slice(i + 1).find((d) => keptOld.has(d))
    const candidate = inserted.find((neu) => {
      if (numberOf(neu) !== number || [...replacedBy.values()].includes(neu) || !samePlace(old, neu)) return false
      const j = newList.indexOf(neu)
      const before = newList.slice(0, j).reverse().find((d) => keptNew.has(d))
      const after = newList.slice(j + 1).find((d) => keptNew.has(d))
      return (before ? keptNew.get(before) : undefined) === previousKept && (after ? keptNew.get(after) : undefined) === nextKept
    })
    if (candidate !== undefined) replacedBy.set(old, candidate)
  }
  for (const old of deleted) {
    const neu = replacedBy.get(old)
    if (neu !== undefined) ops.push({kind: 'replace', old: member(old), new: member(undefined, neu), position: positionOf(old), zone: zoneOf.get(old)!})
    else ops.push({kind: 'delete', member: member(old), position: positionOf(old), zone: zoneOf.get(old)!})
  }
  for (const [old, neu] of keptOld) {
    const from = numberOf(old)
    const to = numberOf(neu)
    if (from === to) continue
    const a = numberValue(from)
    const b = numberValue(to)
    const delta = a && b && a.length === 1 && b.length === 1 ? b[0]! - a[0]! : undefined
    ops.push({kind: 'renumber', member: member(old, neu), position: positionOf(old), delta, zone: zoneOf.get(old)!})
  }
  // Runs of new items, after the item before them that stays (kept, or replaced
  // whole in its place), or before the one after them, at the start.
  const replacing = new Map([...replacedBy].map(([old, neu]) => [neu, old]))
  const standing = (d: T) => keptNew.get(d) ?? replacing.get(d)
  let run: T[] = []
  const flush = (index: number) => {
    if (run.length === 0) return
    const before = newList.slice(0, index).reverse().find((d) => standing(d) !== undefined)
    const after = newList.slice(index).find((d) => standing(d) !== undefined)
    const anchor = before !== undefined ? standing(before)! : after !== undefined ? standing(after)! : undefined
    ops.push({
      kind: 'insert',
      members: run.map((d) => member(undefined, d)),
      after: before !== undefined ? member(standing(before), before) : undefined,
      before: before === undefined && after !== undefined ? member(standing(after), after) : undefined,
      position: anchor === undefined ? -0.5 : before !== undefined ? endOf(anchor) + 0.5 : positionOf(anchor) - 0.5,
      zone: before !== undefined ? zoneOf.get(standing(before)!) ?? -1 : -1
    })
    run = []
  }
  newList.forEach((neu, index) => {
    if (standing(neu) !== undefined) flush(index)
    else {
      // A run stays under one parent (articles of two chapters are two insertions).
      if (run.length > 0 && !together(run[0]!, neu)) flush(index)
      run.push(neu)
    }
  })
  flush(newList.length)
  return ops
}

/**
 * The order operations are read in: deletions from the front; numbers
 * going up, from the front; going down, from the back; insertions last.
 */
function ordered<T>(ops: readonly Op<T>[], depth: (op: Op<T>) => number = () => 0): Op<T>[] {
  const rank = (op: Op<T>) => (op.kind === 'delete' ? 0 : op.kind === 'renumber' ? (op.delta !== undefined && op.delta > 0 ? 2 : 1) : op.kind === 'insert' ? 3 : 4)
  // At one place, what goes inside comes before what follows (an article at the end of a chapter, then the next chapter).
  return [...ops].sort((a, b) => rank(a) - rank(b) || (rank(a) === 2 ? b.position - a.position : a.position - b.position) || depth(b) - depth(a))
}

// ---------------------------------------------------------------------------
// Blocks: 項, 号 and イ of an article; items of a section.

interface BlockNode {
  block: Block
  row: BlockChange
  kind: 'paragraph' | 'item' | 'sub' | 'text'
  /** The number as written at the start of its text (２, 一, イ, (1)), if any. */
  number?: string
  /** Its value for addressing (第二項, 第三号). */
  value?: number
  parent?: BlockNode
  children: BlockNode[]
}

/**
 * The blocks of one side as a tree. In a statute's article the first
 * paragraph is 第一項 and `２　…` the next 項; `一　…` is a 号 of the 項
 * above it, an item イ a part of the 号 above it. In a policy, numbered items
 * nest by their list depth; other paragraphs are text of the section.
 */
function blockTree(rows: readonly BlockChange[], side: 'old' | 'new', statute: boolean): BlockNode[] {
  const out: BlockNode[] = []
  let paragraph: BlockNode | undefined
  let item: BlockNode | undefined
  const stack: BlockNode[] = []
  for (const row of rows) {
    const block = row[side]
    if (!block) continue
    const node: BlockNode = {block, row, kind: 'text', children: []}
    if (statute) {
      // A 号 may be written as a list item (`- 一　…`): a kanji number is a 号 however written.
      const listed = block.kind === 'item' && block.number !== undefined && !/^[〇一二三四五六七八九十百千]+$/.test(block.number)
      const number = listed ? undefined : blockNumber(block.text)
      if (number?.kind === 'paragraph' || (!number && !paragraph && block.kind !== 'item')) {
        node.kind = 'paragraph'
        node.number = number?.written
        node.value = number?.value ?? 1
        paragraph = node
        item = undefined
      } else if (number?.kind === 'item') {
        node.kind = 'item'
        node.number = number.written
        node.value = number.value
        node.parent = paragraph
        item = node
      } else if (listed) {
        node.kind = 'sub'
        node.number = block.number
        node.parent = item ?? paragraph
      } else {
        node.parent = item ?? paragraph
      }
    } else if (block.kind === 'item' && block.number) {
      node.kind = 'item'
      node.number = block.number
      const depth = block.depth ?? 0
      while (stack.length > 0 && (stack[stack.length - 1]!.block.depth ?? 0) >= depth) stack.pop()
      node.parent = stack[stack.length - 1]
      stack.push(node)
    } else {
      stack.length = 0
    }
    if (node.parent) node.parent.children.push(node)
    out.push(node)
  }
  return out
}

/** A block's text without the number it starts with, nor the space after it (a renumbering is no change of its text). */
function ownText(node: BlockNode): string {
  if (!node.number) return node.block.text
  const text = node.block.text
  return text.startsWith(node.number) ? text.slice(node.number.length).replace(/^[\u3000 ]/, '') : text
}

// ---------------------------------------------------------------------------
// The document.

export function aratame(diff: VersionDiff & {partial?: boolean}): Aratame {
  const {sections} = diff.changes
  const word = diff.publication.amendmentWord
  const statute = sections.some((d) => isArticle((d.old ?? d.new)!.number))
  const sides = sidesOf(sections, statute)
  const sentences: AratameSentence[] = []
  let partial = diff.partial === true
  const withheld = (lines: readonly string[]) => lines.some((d) => notices.test(d.trim()))

  // Current numbers of sections: old ones until renumbered, new ones once inserted.
  const current = new Map<Sec, string | undefined>()
  for (const sec of sides.old) current.set(sec, sec.ref.number)
  const oldOf = new Map<SectionChange, Sec>(sides.old.map((d) => [d.change, d]))
  const newOf = new Map<SectionChange, Sec>(sides.new.map((d) => [d.change, d]))

  /** How the text names a section now: 第五条, 附則第二条, 第二章, 第1章8(1). */
  const placeOf = (sec: Sec): Place => {
    const number = current.get(sec) ?? sec.ref.number
    if (statute) {
      if (sec.kind === 'suppl') return {scope: supplementaryName(number ?? '附則'), parts: [], statute: true}
      const suppl = ancestors(sec).find((d) => d.kind === 'suppl')
      const prefix = suppl ? supplementaryName(current.get(suppl) ?? suppl.ref.number ?? '附則') : ''
      if (sec.kind === 'article') return {scope: prefix + number, parts: [], statute: true}
      if (sec.kind === 'chapter') {
        const outer = ancestors(sec).filter((d) => d.kind === 'chapter').reverse().map((d) => current.get(d) ?? d.ref.number ?? '')
        return {scope: prefix + outer.join('') + number, parts: [], statute: false, chapter: chapterUnit(number ?? '第一章')}
      }
      return {scope: number ? prefix + number : '「' + sec.ref.title + '」', parts: [], statute: false}
    }
    const chain = [...ancestors(sec).reverse(), sec]
    let out = ''
    let previous = ''
    for (const at of chain) {
      const value = (current.get(at) ?? at.ref.number) ?? ''
      if (!value) continue
      if (previous && value.startsWith(previous + '.')) out = out.slice(0, out.length - previous.length)
      out += value
      previous = value
    }
    return {scope: out || '「' + sec.ref.title + '」', parts: [], statute: false}
  }

  // 題名 first, as the law reads; then the 目次.
  const {previousTitle} = diff.publication
  if (previousTitle !== undefined && previousTitle !== diff.publication.title) {
    const edits = textEdits(previousTitle, diffText(previousTitle, diff.publication.title))
    sentences.push(edits && edits.length > 0 ? {text: editClause('題名中', edits, true)} : {text: '題名を次のように改める。', body: [diff.publication.title]})
  }
  if (statute) {
    const before = contentsOf(sides.old)
    const after = contentsOf(sides.new)
    const changed = changedLines(before, after)
    if (changed) {
      // Line by line, as the 目次 sets them out: 「第二章　公文書の開示（第四条）」を「第二章　公文書の開示等（第四条）」に改める;
      // lines added or taken away, the run whole.
      const parts =
        changed.old.length === changed.new.length
          ? changed.old.map((line, i) => '「' + line + '」を「' + changed.new[i] + '」に').join('、')
          : '「' + changed.old.join('\n') + '」を「' + changed.new.join('\n') + '」に'
      sentences.push({text: '目次中' + parts + '改める。'})
    }
  }

  // The structure of each sequence of sections.
  const sequences = new Map<string, {old: Sec[]; new: Sec[]}>()
  for (const sec of [...sides.old, ...sides.new]) {
    const entry = sequences.get(sec.seq) ?? {old: [], new: []}
    entry[sec.side].push(sec)
    sequences.set(sec.seq, entry)
  }
  const sectionOps: Array<Op<Sec>> = []
  for (const {old, new: neu} of sequences.values()) {
    const ops = sequenceOps(
      old,
      neu,
      (d) => {
        // Kept in place only under the same parent (an article moved to another chapter is taken out and put in again).
        const partner = newOf.get(d.change)
        return partner && partner.seq === d.seq && partner.parent?.change === d.parent?.change ? partner : undefined
      },
      (d) => d.ref.number,
      (d) => d.index,
      (d) => d.end,
      (old, neu) => old.parent?.change === neu.parent?.change,
      (a, b) => a.parent === b.parent
    )
    // A section inside one deleted or inserted goes with it.
    const insertedWithParent = (sec: Sec) => ancestors(sec).some((d) => !oldOf.has(d.change) || oldOf.get(d.change)!.seq !== d.seq)
    for (const raw of ops) {
      // Replaced whole by a section that comes with a new chapter: deleted here, inserted with the chapter.
      const op: Op<Sec> = raw.kind === 'replace' && insertedWithParent(raw.new.new!) ? {kind: 'delete', member: raw.old, position: raw.position, zone: raw.zone} : raw
      if (op.kind === 'delete' && ancestors(op.member.old!).some((d) => !sides.new.some((n) => n.change === d.change && n.seq === d.seq))) continue
      // The 附則 of the amending act itself (附則（平成十七年…条例第二十号）) is no text the act inserts: it closes the act.
      if (op.kind === 'insert') op.members = op.members.filter((m) => !(m.new!.kind === 'suppl' && /[（(]/.test(m.new!.ref.number ?? '') && !sides.new.slice(m.new!.index + 1).some((d) => !isUnder(d, m.new!))))
      if (op.kind === 'insert') {
        op.members = op.members.filter((m) => !insertedWithParent(m.new!))
        if (op.members.length === 0) continue
      }
      sectionOps.push(op)
    }
  }
  // Deleted sections whose parent is deleted too go with it (filtered above); so do the parent's own ops.
  const structural = sectionOps.filter((op) => op.kind !== 'replace')
  const replaced = sectionOps.filter((op): op is Extract<Op<Sec>, {kind: 'replace'}> => op.kind === 'replace')
  /** A new section that takes an old one's place whole → the old one. */
  const replacing = new Map(replaced.map((op) => [op.new.new!, op.old.old!]))

  // Regions: the zones of a sequence, and zones of other sequences whose
  // places overlap them (a chapter and its articles), are read as one sentence.
  const spanOf = (op: Op<Sec>): [number, number] => {
    if (op.kind === 'insert') return [op.position, op.position]
    const sec = op.kind === 'replace' ? op.old.old! : op.member.old!
    return [sec.index, sec.end + 0.25]
  }
  const zones = new Map<string, {from: number; to: number; ops: Op<Sec>[]}>()
  for (const op of structural) {
    const sec = op.kind === 'insert' ? op.members[0]!.new! : (op as Extract<Op<Sec>, {kind: 'delete' | 'renumber'}>).member.old!
    const key = sec.seq + '\u0000' + op.zone
    const [from, to] = spanOf(op)
    const entry = zones.get(key)
    if (entry) {
      entry.ops.push(op)
      entry.from = Math.min(entry.from, from)
      entry.to = Math.max(entry.to, to)
    } else zones.set(key, {from, to, ops: [op]})
  }
  const regions: Array<{from: number; to: number; ops: Op<Sec>[]}> = []
  for (const zone of [...zones.values()].sort((a, b) => a.from - b.from)) {
    const last = regions[regions.length - 1]
    if (last && zone.from <= last.to) {
      last.ops.push(...zone.ops)
      last.to = Math.max(last.to, zone.to)
    } else regions.push({...zone, ops: [...zone.ops]})
  }

  // Sections whose text changed: their headings and blocks, in the old order.
  const inRegion = new Set<Sec>()
  for (const region of regions) for (const op of region.ops) if (op.kind !== 'insert') for (const sec of sides.old) if (sec.index >= region.from && sec.index <= region.to) inRegion.add(sec)
  const done = new Set<Sec>()
  // Sections deleted (or moved out of order, deleted and inserted again) have no text changes of their own.
  const gone = new Set(structural.filter((op) => op.kind === 'delete').map((op) => (op as Extract<Op<Sec>, {kind: 'delete'}>).member.old!))
  const content = (sec: Sec) => {
    if (done.has(sec) || gone.has(sec) || ancestors(sec).some((d) => gone.has(d))) return
    done.add(sec)
    const neu = newOf.get(sec.change)
    if (!neu || neu.seq !== sec.seq && sec.kind !== 'suppl') return
    if (replaced.some((op) => op.old.old === sec)) return
    sentences.push(...sectionContent(sec, neu))
  }
  const regionAt = new Map(regions.map((d) => [Math.floor(d.from), d]))
  const emitted = new Set<(typeof regions)[number]>()
  const emitRegion = (region: (typeof regions)[number]) => {
    if (emitted.has(region)) return
    emitted.add(region)
    // Text changes inside the region first, by the numbers they have now.
    for (const sec of sides.old) if (sec.index >= region.from && sec.index <= region.to) content(sec)
    sentences.push(...structureSentences(region.ops))
  }
  for (const sec of sides.old) {
    for (const region of regions) if (!emitted.has(region) && region.from < sec.index) emitRegion(region)
    const region = regionAt.get(sec.index)
    if (region && region.from === sec.index) emitRegion(region)
    const replace = replaced.find((op) => op.old.old === sec)
    if (replace) {
      done.add(sec)
      const body = sectionBody(replace.new.new!)
      if (withheld(body)) partial = true
      else sentences.push({text: new Chain().name(placeOf(sec)) + 'を次のように改める。', body})
      continue
    }
    if (!inRegion.has(sec)) content(sec)
  }
  for (const region of regions) emitRegion(region)

  // 附則: the amending act takes effect on the amendment's 施行日. It is named
  // by the kind of text it amends (この法律, この条例, この規程) or, for a
  // policy, as この改定; a 法律's date in kanji numerals.
  const title = previousTitle ?? diff.publication.title
  const kind = documentKind(title, diff.publication.number)
  const effective = diff.to.amendment?.effective
  const act = kind ?? word
  // The act's own 附則, when the new text carries it (附則（平成十七年…条例第二十号）): its words close the act.
  const own = sides.new.find((d) => d.kind === 'suppl' && /[（(]/.test(d.ref.number ?? '') && !oldOf.has(d.change) && d.index === sides.new.length - 1)
  const actText = own ? own.change.blocks.flatMap((d) => (d.new ? [d.new.text] : [])).join('\n') : undefined
  const number = diff.publication.number ? '（' + (kind === '法律' ? kanjiNumerals(diff.publication.number) : diff.publication.number) + '）' : ''
  return {
    intro: title + number + 'の一部を次のように' + word + 'する。',
    sentences,
    marking: diff.publication.marking,
    ...(actText ? {supplementary: actText} : effective ? {supplementary: 'この' + act + 'は、' + (kind === '法律' ? kanjiNumerals(effective) : effective) + 'から施行する。'} : {}),
    ...(partial ? {partial: true} : {})
  }

  // ------------------------------------------------------------------
  /** The sentences of a region of structural change: deletions, renumberings, insertions. */
  function structureSentences(ops: readonly Op<Sec>[]): AratameSentence[] {
    const out: AratameSentence[] = []
    const clauses: string[] = []
    let chain = new Chain()
    const list = ordered(ops, (op) => (op.kind === 'insert' ? op.members[0]!.new!.ref.level : 0))
    for (let i = 0; i < list.length; i++) {
      const op = list[i]!
      if (op.kind === 'delete') {
        // A run of deletions in one sequence: 「第三条から第五条までを削り」.
        const run = [op]
        while (list[i + 1]?.kind === 'delete' && adjacent(run[run.length - 1]!.member.old!, (list[i + 1] as typeof op).member.old!)) run.push(list[++i] as typeof op)
        const first = chain.name(placeOf(run[0]!.member.old!))
        clauses.push(run.length === 1 ? first + 'を削り' : first + (run.length === 2 ? '及び' : 'から') + shortName(placeOf(run[run.length - 1]!.member.old!), run[0]!.member.old!) + (run.length === 2 ? 'を削り' : 'までを削り'))
        for (const d of run) current.delete(d.member.old!)
        continue
      }
      if (op.kind === 'renumber') {
        // Three or more in a row moved by one count: 「第五条から第九条までを一条ずつ繰り下げ」.
        const run = [op]
        const step = op.delta
        while (
          step !== undefined &&
          list[i + 1]?.kind === 'renumber' &&
          (list[i + 1] as typeof op).delta === step &&
          adjacent((list[i + 1] as typeof op).member.old!, run[run.length - 1]!.member.old!, true)
        ) {
          run.push(list[++i] as typeof op)
        }
        if (run.length >= 3 && step !== undefined && op.member.old!.kind === 'article') {
          const sorted = [...run].sort((a, b) => a.position - b.position)
          const first = chain.name(placeOf(sorted[0]!.member.old!))
          clauses.push(first + 'から' + shortName(placeOf(sorted[sorted.length - 1]!.member.old!), sorted[0]!.member.old!) + 'までを' + kanji(Math.abs(step)) + '条ずつ繰り' + (step > 0 ? '下げ' : '上げ'))
          for (const d of run) current.set(d.member.old!, d.member.newNumber)
          continue
        }
        i -= run.length - 1
        const sec = op.member.old!
        clauses.push(renumberClause(sec, op.member.newNumber!, chain))
        current.set(sec, op.member.newNumber)
        continue
      }
      if (op.kind === 'insert') {
        const body = op.members.flatMap((m) => sectionBody(m.new!))
        if (withheld(body)) {
          partial = true
          continue
        }
        const unit = op.members.every((m) => m.new!.kind === 'article') ? '条' : op.members.every((m) => m.new!.kind === 'chapter') ? chapterUnit(op.members[0]!.new!.ref.number!) : undefined
        const count = unit ? '次の' + kanji(op.members.length) + unit + 'を' : '次のように'
        for (const m of op.members) for (const sec of [m.new!, ...sides.new.filter((d) => isUnder(d, m.new!))]) current.set(sec, sec.ref.number)
        const where = insertionPlace(op, chain)
        out.push({text: [...clauses, where + count + '加える。'].join('、'), body})
        clauses.length = 0
        chain = new Chain()
      }
    }
    if (clauses.length > 0) out.push({text: finalVerb(clauses.join('、')) + '。'})
    return out
  }

  /** 「第五条を第七条とし」; an article last in its chapter names the chapter first (第三章中第五条を第七条とし). */
  function renumberClause(sec: Sec, to: string, chain: Chain): string {
    const chapter = statute && sec.kind === 'article' ? sec.parent : undefined
    const last = chapter && chapter.kind === 'chapter' && sides.old.filter((d) => d.parent === chapter && d.kind === 'article' && current.has(d)).pop() === sec
    const prefix = last ? chain.name(placeOf(chapter!)) + '中' : ''
    const name = chain.name(placeOf(sec))
    const target = statute && sec.kind === 'article' ? placeOf(sec).scope.replace(/第[^第]+条(の[〇一二三四五六七八九十]+)*$/, '') + to : sec.kind === 'chapter' ? to : to
    return prefix + name + 'を' + target + 'とし'
  }

  /**
   * Where an insertion goes: 「第四条の次に」, 「第五条の前に」, 「第1章8に」. An
   * article at the edge of its chapter names the chapter: last in it,
   * 「第二章中第八条の次に」; first in it, 「第二章中第九条の前に」 (articles are
   * numbered through the law, so 第八条の次に alone could be either chapter).
   */
  function insertionPlace(op: Extract<Op<Sec>, {kind: 'insert'}>, chain: Chain): string {
    const first = op.members[0]!.new!
    const chapter = statute && first.kind === 'article' && first.parent?.kind === 'chapter' ? first.parent : undefined
    if (chapter) {
      const oldChapter = newToOld(chapter)
      const name = oldChapter ? chain.name(placeOf(oldChapter)) : undefined
      // The articles of the chapter as the new text has them; those that stand (kept, or replaced in place) name places.
      const siblings = sides.new.filter((d) => d.parent === chapter && d.kind === 'article')
      const lastInserted = op.members[op.members.length - 1]!.new!
      const standingOld = (d: Sec) => newToOld(d) ?? replacing.get(d)
      const next = siblings.slice(siblings.indexOf(lastInserted) + 1).find((d) => standingOld(d))
      if (op.after?.new && op.after.new.parent === chapter) {
        return (!next && name ? name + '中' + placeOf(op.after.old!).scope : chain.name(placeOf(op.after.old!))) + 'の次に'
      }
      if (next) return (name ? name + '中' + placeOf(standingOld(next)!).scope : chain.name(placeOf(standingOld(next)!))) + 'の前に'
      if (name) return name + 'に'
    }
    const anchor = op.after?.old ?? op.before?.old
    if (!anchor) return first.parent && newToOld(first.parent) ? chain.name(placeOf(newToOld(first.parent)!)) + 'に' : '冒頭に'
    return chain.name(placeOf(anchor)) + (op.after ? 'の次に' : 'の前に')
  }

  function newToOld(sec: Sec): Sec | undefined {
    const old = oldOf.get(sec.change)
    return old && old.seq === sec.seq ? old : undefined
  }

  /** Whether two sections are neighbours in the old text's sequence (runs of 削り, 繰り下げ). */
  function adjacent(a: Sec, b: Sec, either = false): boolean {
    if (a.seq !== b.seq) return false
    const list = sides.old.filter((d) => d.seq === a.seq)
    const gap = list.indexOf(b) - list.indexOf(a)
    return gap === 1 || (either && gap === -1)
  }

  /** The second place of a range, without what it shares with the first (第二項から第四項まで). */
  function shortName(place: Place, first: Sec): string {
    const start = placeOf(first)
    return place.scope === start.scope && place.parts.length > 0 ? place.parts.join('') : place.scope
  }

  /** The heading and blocks of a paired section. */
  function sectionContent(old: Sec, neu: Sec): AratameSentence[] {
    const out: AratameSentence[] = []
    const change = old.change
    const place = placeOf(old)
    // The heading: 見出し (a chapter's 章名).
    if (change.old!.title !== change.new!.title && change.new!.title !== '') {
      const label = old.kind === 'chapter' ? 'の章名' : 'の見出し'
      const edits = textEdits(change.old!.title, diffText(change.old!.title, change.new!.title))
      out.push(edits && edits.length > 0 ? {text: editClause(place.scope + label + '中', edits, true)} : {text: place.scope + label + 'を次のように改める。', body: [change.new!.title]})
    }
    const blocks = blockSentences(place, change.blocks, old.kind === 'article' || old.kind === 'suppl')
    // A provision rewritten whole (its only 項 cannot be quoted): 「第三条を次のように改める。」 with the whole
    // provision as it now reads, heading and all; nothing else of it is said.
    if (blocks.some((d) => d.text === place.scope + 'を次のように改める。')) {
      // Under the number it has now: a renumbering later in the act moves it.
      const ref = change.new!
      const number = current.get(old) ?? ref.number
      const body = provisionLines(number, ref.title, change.blocks.flatMap((d) => (d.new ? [d.new] : [])))
      if (withheld(body)) partial = true
      else return [{text: place.scope + 'を次のように改める。', body}]
      return []
    }
    out.push(...blocks)
    void neu
    return out
  }

  /** The new text of a section and the new sections under it, line by line. */
  function sectionBody(sec: Sec): string[] {
    const lines: string[] = []
    for (const at of [sec, ...sides.new.filter((d) => isUnder(d, sec))]) {
      lines.push(...provisionLines(at.ref.number, at.ref.title, at.change.blocks.flatMap((d) => (d.new ? [d.new] : []))))
    }
    return lines
  }

  /**
   * A provision's text as an amending act prints it: an article of a statute
   * as in the act, its caption on a line of its own and its number opening its
   * first 項 (（目的）／第一条　この法律は…); any other section its heading line
   * (number and title), then its blocks.
   */
  function provisionLines(number: string | undefined, title: string, blocks: ReadonlyArray<{text: string; kind: string}>): string[] {
    const first = blocks[0]
    const asInTheAct =
      statute && isArticle(number) && (title === '' || /^（[^（）]*）$/.test(title)) && first?.kind === 'paragraph' && blockNumber(first.text) === undefined
    if (asInTheAct) {
      const [opening = '', ...rest] = first.text.split('\n')
      return [...(title ? [title] : []), number + '\u3000' + opening, ...rest, ...blocks.slice(1).flatMap((d) => d.text.split('\n'))]
    }
    // A chapter of a statute as the act prints it: 第六章　意見公募手続等.
    const space = statute && isChapter(number) ? '\u3000' : ' '
    return [(number ? number + (title ? space : '') : '') + title, ...blocks.flatMap((d) => d.text.split('\n'))]
  }

  /** The sentences for a section's blocks: text changes, and 項, 号 and items deleted, renumbered, inserted or replaced. */
  function blockSentences(section: Place, rows: readonly BlockChange[], article: boolean): AratameSentence[] {
    const out: AratameSentence[] = []
    const olds = blockTree(rows, 'old', statute && article)
    const news = blockTree(rows, 'new', statute && article)
    const oldByRow = new Map(olds.map((d) => [d.row, d]))
    const newByRow = new Map(news.map((d) => [d.row, d]))
    // The blocks the text has now, and their numbers (the value of a 項 or 号, an item's number).
    const present = new Set<BlockNode>(olds)
    const currentNumber = new Map<BlockNode, string | undefined>(olds.map((d) => [d, d.number]))
    /** An article names its 項 once it has more than one — or its only one bears a number (２) for a moment. */
    const several = () => {
      const list = [...present].filter((d) => d.kind === 'paragraph')
      return list.length > 1 || list.some((d) => (currentNumber.has(d) ? currentNumber.get(d) : d.number) !== undefined)
    }
    const valueOf = (node: BlockNode, side: 'old' | 'new') => {
      const number = side === 'old' ? currentNumber.get(node) ?? node.number : node.number
      return node.kind === 'paragraph' ? (number ? blockNumber(number + '　')?.value ?? node.value : 1) : node.kind === 'item' && statute && article ? (number ? blockNumber(number + '　')?.value : node.value) : undefined
    }
    /** Where a block is now: 第二項第三号, (1)①. */
    const placeOfBlock = (node: BlockNode, side: 'old' | 'new'): Place => {
      const chain: BlockNode[] = []
      for (let at: BlockNode | undefined = node; at; at = at.parent) chain.unshift(at)
      const parts: string[] = []
      for (const at of chain) {
        if (statute && article) {
          if (at.kind === 'paragraph') {
            if (several()) parts.push('第' + kanji(valueOf(at, side) ?? 1) + '項')
          } else if (at.kind === 'item') parts.push('第' + kanji(valueOf(at, side) ?? 1) + '号')
          else if (at.kind === 'sub') parts.push(side === 'old' ? currentNumber.get(at) ?? at.number ?? '' : at.number ?? '')
        } else if (at.number) parts.push(side === 'old' ? currentNumber.get(at) ?? at.number : at.number)
      }
      return {scope: section.scope, parts, statute: section.statute}
    }

    /** The blocks under a block as the text has them now (a 号 inserted under a 項 is searched with it). */
    /** Text of blocks as the sentences so far left it (a block rewritten or replaced). */
    const currentText = new Map<BlockNode, string>()
    const oldParentOf = (node: BlockNode) => (olds.includes(node) ? node.parent : node.parent ? oldByRow.get(node.parent.row) ?? node.parent : undefined)
    const currentBelow = (node: BlockNode): BlockNode[] => [...present].filter((d) => oldParentOf(d) === node).flatMap((d) => [d, ...currentBelow(d)])

    // Text changes of blocks kept, and whole blocks changed where they cannot be quoted.
    const pairs = rows.filter((d) => d.old && d.new)
    const partnerOf = (node: BlockNode) => (node.row.old && node.row.new ? newByRow.get(node.row) : undefined)
    // Structure, per parent (the article or section, each 項, each 号).
    const groups = new Map<BlockNode | undefined, {old: BlockNode[]; new: BlockNode[]}>()
    const parentKey = (node: BlockNode, side: 'old' | 'new') => (side === 'old' ? node.parent : node.parent ? oldByRow.get(node.parent.row) ?? node.parent : undefined)
    for (const node of olds) if (node.kind !== 'text') groups.set(parentKey(node, 'old'), {old: [...(groups.get(parentKey(node, 'old'))?.old ?? []), node], new: groups.get(parentKey(node, 'old'))?.new ?? []})
    for (const node of news) if (node.kind !== 'text') groups.set(parentKey(node, 'new'), {old: groups.get(parentKey(node, 'new'))?.old ?? [], new: [...(groups.get(parentKey(node, 'new'))?.new ?? []), node]})
    const blockOps = new Map<BlockNode | undefined, Op<BlockNode>[]>()
    for (const [parent, list] of groups) {
      // Blocks under a new block come with it (a new 項 with its 号).
      if (parent && !olds.includes(parent)) continue
      blockOps.set(
        parent,
        sequenceOps(list.old, list.new, partnerOf, (d) => d.number ?? (d.kind === 'paragraph' ? '1' : undefined), (d) => olds.indexOf(d), (d) => olds.indexOf(d))
      )
    }
    const moved = new Set<BlockNode>()
    for (const ops of blockOps.values()) for (const op of ops) if (op.kind === 'delete' || op.kind === 'replace') moved.add(op.kind === 'delete' ? op.member.old! : op.old.old!)
    // Blocks under a block deleted or replaced go with it.
    for (const [parent] of [...blockOps]) {
      for (let at = parent; at; at = at.parent) {
        if (moved.has(at)) {
          blockOps.delete(parent)
          break
        }
      }
    }

    // Unnumbered text kept: edits searched in the section's other text.
    const textOf = (list: BlockNode[]) => list.filter((d) => d.kind === 'text' || !d.parent).map(ownText)
    const sentence = (clauses: string[], body?: string[]) => {
      if (clauses.length === 0) return
      out.push({text: finalVerb(clauses.join('、')) + '。', ...(body ? {body} : {})})
    }
    // Edits of one block, as a clause (continuative) or sentences.
    const editOf = (node: BlockNode, chain: Chain, final: boolean): {clause?: string; whole?: AratameSentence} | undefined => {
      const neu = partnerOf(node)
      if (!neu) return undefined
      const a = ownText(node)
      const b = ownText(neu)
      if (a === b) return undefined
      const scope = node.kind === 'text' ? textOf(olds).filter((d) => d !== a) : currentBelow(node).map((d) => currentText.get(d) ?? ownText(d))
      const edits = textEdits(a, diffText(a, b), scope)
      const place = placeOfBlock(node, 'old')
      currentText.set(node, b)
      if (!edits || edits.length === 0) {
        const body = neu.block.text.split('\n')
        if (withheld(body)) {
          partial = true
          return undefined
        }
        // Unnumbered text quoted whole; across lines, the provision is rewritten whole.
        if (node.kind === 'text' && !place.parts.length) {
          return {whole: {text: /[\n\r]/.test(a + b) ? chain.name(place) + 'を次のように改める。' : chain.name(place) + '中「' + a + '」を「' + b + '」に改める。'}}
        }
        return {whole: {text: chain.name(place) + 'を次のように改める。', body}}
      }
      return {clause: editClause(chain.name(place) + '中', edits, final)}
    }

    // 1. Text changes, in the old order: numbered blocks whose structure stays, and text.
    const renumbered = new Set<BlockNode>()
    for (const ops of blockOps.values()) for (const op of ops) if (op.kind === 'renumber') renumbered.add(op.member.old!)
    // Changes of one provision's blocks in a row are one sentence, as acts write them:
    // 「第一条第一項中「A」を「B」に改め、同条第二項中「C」の下に「D」を加える。」
    let run: string[] = []
    let runChain = new Chain()
    const endRun = () => {
      if (run.length > 0) out.push({text: finalVerb(run.join('、')) + '。'})
      run = []
      runChain = new Chain()
    }
    for (const node of olds) {
      if (renumbered.has(node) || moved.has(node)) continue
      if (node.kind === 'text' && !node.row.new) {
        endRun()
        out.push({text: section.scope + '中「' + node.block.text + '」を削る。'})
        continue
      }
      const edit = editOf(node, runChain, false)
      if (edit?.clause) run.push(edit.clause)
      else if (edit?.whole) {
        endRun()
        out.push(edit.whole)
      }
    }
    endRun()
    // Unnumbered text added: after the block before it, or to the section.
    for (const node of news) {
      if (node.kind !== 'text' || node.row.old) continue
      const body = node.block.text.split('\n')
      if (withheld(body)) {
        partial = true
        continue
      }
      const index = news.indexOf(node)
      const before = news.slice(0, index).reverse().find((d) => d.row.old)
      const anchor = before ? oldByRow.get(before.row) : undefined
      const place = anchor && anchor.kind !== 'text' ? placeOfBlock(anchor, 'old') : undefined
      out.push({text: place ? place.scope + place.parts.join('') + 'の次に次のように加える。' : section.scope + (anchor ? 'に次の一文を加える。' : 'に次のように加える。'), body})
    }
    // 2. Structure, parent by parent (deepest first, so that a 項's 号 are set before the 項 moves).
    const parents = [...blockOps.keys()].sort((a, b) => depthOf(b) - depthOf(a))
    for (const parent of parents) {
      const ops = blockOps.get(parent)!
      if (ops.length === 0) continue
      let chain = new Chain()
      const clauses: string[] = []
      // A sentence ends: the next starts afresh (no 同条 across sentences).
      const close = (last?: AratameSentence) => {
        sentence(clauses.splice(0))
        if (last) out.push(last)
        chain = new Chain()
      }
      for (const op of ordered(ops)) {
        if (op.kind === 'replace') {
          const body = [op.new.new!, ...descendants(op.new.new!)].flatMap((d) => d.block.text.split('\n'))
          if (withheld(body)) partial = true
          else {
            close()
            close({text: chain.name(placeOfBlock(op.old.old!, 'old')) + 'を次のように改める。', body})
          }
          // The new block stands where the old one did.
          for (const d of [op.old.old!, ...descendants(op.old.old!)]) present.delete(d)
          for (const d of [op.new.new!, ...descendants(op.new.new!)]) present.add(d)
          continue
        }
        if (op.kind === 'delete') {
          clauses.push(chain.name(placeOfBlock(op.member.old!, 'old')) + 'を削り')
          present.delete(op.member.old!)
          for (const d of descendants(op.member.old!)) present.delete(d)
          continue
        }
        if (op.kind === 'renumber') {
          const node = op.member.old!
          // Its own text changes come with it: 「同条第二項中「前項」を「前二項」に改め、同項を同条第三項とし」.
          const edit = editOf(node, chain, false)
          if (edit?.clause) clauses.push(edit.clause)
          else if (edit?.whole) {
            close()
            close(edit.whole)
          }
          const from = chain.name(placeOfBlock(node, 'old'))
          currentNumber.set(node, op.member.newNumber)
          const target = placeOfBlock(node, 'old')
          clauses.push(from + 'を' + renumberTarget(target, node) + 'とし')
          continue
        }
        if (op.kind === 'insert') {
          const nodes = op.members.map((d) => d.new!)
          const body = nodes.flatMap((d) => [d, ...descendants(d)]).flatMap((d) => d.block.text.split('\n'))
          if (withheld(body)) {
            partial = true
            continue
          }
          const unit = statute && article ? countedUnit(nodes[0]!.kind === 'paragraph' ? 'paragraph' : nodes[0]!.kind === 'item' ? 'item' : '') : undefined
          const count = unit && nodes.every((d) => d.kind === nodes[0]!.kind) ? '次の' + kanji(nodes.length) + unit + 'を' : '次のように'
          let where: string
          // A statute adds at the end of an article or a 項 by naming it: 「第五条に次の一項を加える」, 「同条第二項に次の一号を加える」.
          const last = statute && article && op.after?.old && !op.before && !ops.some((d) => d !== op && d.kind !== 'delete' && d.position > op.position)
          const atEnd = last && [...present].filter((d) => d.kind === op.after!.old!.kind && oldParentOf(d) === parent).every((d) => olds.indexOf(d) <= olds.indexOf(op.after!.old!))
          if (atEnd) where = (parent ? chain.name(placeOfBlock(parent, 'old')) : chain.name({scope: section.scope, parts: [], statute: section.statute})) + 'に'
          else if (op.after?.old) where = chain.name(placeOfBlock(op.after.old, 'old')) + 'の次に'
          else if (op.before?.old) where = chain.name(placeOfBlock(op.before.old, 'old')) + 'の前に'
          else where = (parent ? chain.name(placeOfBlock(parent, 'old')) : chain.name({scope: section.scope, parts: [], statute: section.statute})) + 'に'
          clauses.push(where + count + '加え')
          const text = clauses.splice(0).join('、').replace(/加え$/, '加える') + '。'
          for (const node of nodes) for (const d of [node, ...descendants(node)]) present.add(d)
          close({text, body})
        }
      }
      if (clauses.length > 0) out.push({text: finalVerb(clauses.join('、')) + '。'})
    }
    void pairs
    return out
  }

  /** A renumbered block's new place, named from the old one: 同条第三項, 同項第四号, (4). */
  function renumberTarget(place: Place, node: BlockNode): string {
    if (!(statute && place.statute)) return place.parts[place.parts.length - 1] ?? ''
    const last = place.parts[place.parts.length - 1] ?? ''
    if (node.kind === 'paragraph') return (/条$/.test(place.scope) ? '同条' : place.scope) + last
    const outer = place.parts.slice(0, -1)
    return outer.length > 0 ? '同項' + last : (/条$/.test(place.scope) ? '同条' : place.scope) + last
  }
}

/** A clause's verb in its final form, to end a sentence: …とし → …とする, 削り → 削る, 繰り下げ → 繰り下げる. */
function finalVerb(text: string): string {
  return text.replace(/(とし|削り|改め|加え|繰り下げ|繰り上げ)$/, (verb) => ({とし: 'とする', 削り: '削る', 改め: '改める', 加え: '加える', 繰り下げ: '繰り下げる', 繰り上げ: '繰り上げる'})[verb]!)
}

function depthOf(node: BlockNode | undefined): number {
  let depth = 0
  for (let at = node; at; at = at.parent) depth++
  return depth
}

function descendants(node: BlockNode): BlockNode[] {
  return node.children.flatMap((d) => [d, ...descendants(d)])
}

/** What kind of text it is, by its number or its title: 法律, 条例, 規則, 規程 …; a policy has none. */
function documentKind(title: string, number?: string): string | undefined {
  const fromNumber = number ? /(法律|政令|省令|条例|規則|訓令|告示)第/.exec(number)?.[1] : undefined
  if (fromNumber) return fromNumber
  if (/法$/.test(title)) return '法律'
  return /(条例|規則|規程|要綱|要領|訓令|告示)$/.exec(title)?.[1]
}

/**
 * The 目次 of a statute as the law sets it out: each chapter (and 節) with
 * the articles it holds — 「第六章　補則（第三十八条）」, two as 「（第三条・第四条）」,
 * more as 「（第一条―第三条）」.
 */
function contentsOf(list: readonly Sec[]): string[] {
  const lines: string[] = []
  for (const sec of list) {
    if (sec.kind !== 'chapter') continue
    const articles = list.filter((d) => d.kind === 'article' && isUnder(d, sec))
    const range =
      articles.length === 0
        ? ''
        : articles.length === 1
          ? '（' + articles[0]!.ref.number + '）'
          : '（' + articles[0]!.ref.number + (articles.length === 2 ? '・' : '―') + articles[articles.length - 1]!.ref.number + '）'
    const depth = ancestors(sec).filter((d) => d.kind === 'chapter').length
    lines.push('　'.repeat(depth) + sec.ref.number + '　' + sec.ref.title + range)
  }
  return lines
}

/** The lines that differ between two lists, as one run each side (the rest stays). */
function changedLines(before: readonly string[], after: readonly string[]): {old: string[]; new: string[]} | undefined {
  let start = 0
  while (start < before.length && start < after.length && before[start] === after[start]) start++
  let end = 0
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++
  const old = before.slice(start, before.length - end)
  const neu = after.slice(start, after.length - end)
  if (old.length === 0 && neu.length === 0) return undefined
  // Nothing to quote on the old side: the line before carries the addition.
  if (old.length === 0 && start > 0) return {old: [before[start - 1]!], new: [before[start - 1]!, ...neu]}
  if (old.length === 0) return {old: [before[start]!], new: [...neu, before[start]!]}
  return {old, new: neu}
}

/** The 改め文 as text: the intro, then each sentence with its body indented. */
export function renderAratameText(document: Aratame): string {
  const lines = [...(document.marking ? [document.marking, ''] : []), ...(document.partial ? ['（抄）', ''] : []), '　' + document.intro, '']
  for (const sentence of document.sentences) {
    lines.push(...sentence.text.split('\n').map((d, i) => (i === 0 ? '　' : '　　') + d))
    for (const line of sentence.body ?? []) lines.push('　　' + line)
  }
  if (document.supplementary) lines.push('', '　　　附　則', '　' + document.supplementary)
  if (document.partial) lines.push('', partialNote(document.intro.includes('改定') ? '改定' : '改正'))
  return lines.join('\n') + '\n'
}

/** What a partial 改め文 or 新旧対照表 says of itself. */
export function partialNote(word: string): string {
  return '（注）この版で非公開とされている部分の' + word + 'は、示していない。'
}

export type {Segment, TextEdit}
