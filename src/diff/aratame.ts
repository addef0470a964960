/**
 * 改め文: the amending text of a change, in the standard forms of 法制執務,
 * from the same change model as the 新旧対照表.
 *
 *   第1章8(1)①中「二要素認証」を「多要素認証」に改める。
 *   第1章13.3を削る。
 *   第1章13.3の次に次のように加える。 (followed by the new text)
 *   第三十八条を第四十六条とし、第三十七条の次に次の八条を加える。
 *   第二章の章名中「A」を「B」に改める。 目次中「第二章 A」を「第二章 B」に改める。
 *
 * Places are addressed by the document's own numbering: 第1章8(1)① in a
 * policy; 第五条第二項第三号 in a statute (articles are numbered through the
 * law, so a chapter is not named before them). A quoted phrase is unique
 * where it is searched — the text as it stands after the changes before it
 * in the same sentence — widened by words until it is; a change that cannot
 * be quoted (it spans a line break) rewrites its block whole
 * (「…を次のように改める。」). The tests apply the sentences to the old text
 * and get the new text back.
 */
import {numberValue, parseJapaneseNumeral, recogniseNumber} from '../numbering.js'
import type {VersionDiff} from './diff-versions.js'
import type {BlockChange, SectionChange, SectionRef} from './engine.js'
import type {Block} from './model.js'
import {diffText, tokenize, type Segment} from './text-diff.js'

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
}

/** One change in a block: old[start, end) becomes `text`. */
interface Edit {
  start: number
  end: number
  text: string
}

/** The edits a block's segments make to its old text, in order. */
export function editsOf(segments: readonly Segment[]): Edit[] {
  const edits: Edit[] = []
  let at = 0
  let open: Edit | undefined
  for (const segment of segments) {
    if (segment.type === 'equal') {
      if (open) edits.push(open)
      open = undefined
      at += segment.text.length
      continue
    }
    open ??= {start: at, end: at, text: ''}
    if (segment.type === 'delete') {
      at += segment.text.length
      open.end = at
    } else open.text += segment.text
  }
  if (open) edits.push(open)
  return edits
}

function occurrences(text: string, phrase: string): number {
  if (!phrase) return Infinity
  let count = 0
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) count++
  return count
}

/** Word boundaries of a text (offsets), for widening a phrase by whole words. */
function boundaries(text: string): number[] {
  const out = [0]
  let at = 0
  for (const token of tokenize(text)) out.push((at += token.length))
  return out
}

/** Continuative and final forms: 改め、… 改める。 */
const verbs = {replace: ['改め', '改める'], delete: ['削り', '削る'], insert: ['加え', '加える']} as const

interface Phrase {
  form: 'replace' | 'delete' | 'below' | 'above'
  /** The quoted phrase's place in the text as it stands. */
  start: number
  end: number
}

/**
 * The phrase that names an edit's place in `text`, widened by whole words
 * until it is unique: the changed words themselves (replace, delete), the
 * words before an insertion (「X」の下に) or, at the start, after it
 * (「X」の上に). `limit`: where the next edit starts (a phrase may not reach it).
 */
function phraseFor(edit: Edit, text: string, limit: number, unique: (phrase: string) => boolean): Phrase | 'merge' | undefined {
  const cuts = boundaries(text)
  if (edit.start === edit.end) {
    for (let from = cuts.filter((d) => d < edit.start).pop(); from !== undefined; from = cuts.filter((d) => d < from!).pop()) {
      if (unique(text.slice(from, edit.start))) return {form: 'below', start: from, end: edit.start}
    }
    for (let to = cuts.find((d) => d > edit.start); to !== undefined; to = cuts.find((d) => d > to!)) {
      if (to > limit) return 'merge'
      if (unique(text.slice(edit.start, to))) return {form: 'above', start: edit.start, end: to}
    }
    return undefined
  }
  let {start, end} = edit
  while (!unique(text.slice(start, end))) {
    const right = cuts.find((d) => d > end)
    const left = cuts.filter((d) => d < start).pop()
    if (right !== undefined && right <= limit) end = right
    else if (left !== undefined) start = left
    else if (right !== undefined) return 'merge'
    else return undefined
  }
  return {form: edit.text === '' && start === edit.start && end === edit.end ? 'delete' : edit.text === '' ? 'replace' : 'replace', start, end}
}

/**
 * The sentence that turns a block's old text into its new one:
 * `{address}中「A」を「B」に改め、「C」を削り、「D」の下に「E」を加える。`,
 * or undefined when a phrase cannot be quoted (the caller rewrites the block).
 * The phrases are read in order, each in the text as it then stands (the
 * edits before it applied) and unique there and among `others` (texts
 * searched with it); edits too close to be named apart are one.
 */
export function amendBlock(address: string, old: string, segments: readonly Segment[], others: readonly string[] = []): string | undefined {
  // A phrase of one character names nothing a reader can find: two at least.
  const unique = (text: string) => (phrase: string) =>
    [...phrase].length >= Math.min(2, [...text].length) && occurrences(text, phrase) + others.reduce((sum, d) => sum + occurrences(d, phrase), 0) === 1
  const edits = editsOf(segments)
  const parts: Array<{form: keyof typeof verbs; text: string}> = []
  let current = old
  let shift = 0
  for (let index = 0; index < edits.length; index++) {
    const edit = edits[index]!
    const here = {start: edit.start + shift, end: edit.end + shift, text: edit.text}
    const next = edits[index + 1]
    const phrase = phraseFor(here, current, next ? next.start + shift : current.length, unique(current))
    if (phrase === 'merge') {
      // Named together with the next edit: one replacement of both and the words between.
      edits.splice(index, 2, {start: edit.start, end: next!.end, text: edit.text + old.slice(edit.end, next!.start) + next!.text})
      index--
      continue
    }
    if (!phrase) return undefined
    const quoted = current.slice(phrase.start, phrase.end)
    const replaced = current.slice(phrase.start, here.start) + here.text + current.slice(here.end, phrase.end)
    if (/\n/.test(quoted + replaced)) return undefined
    if (phrase.form === 'below') parts.push({form: 'insert', text: '「' + quoted + '」の下に「' + here.text + '」を'})
    else if (phrase.form === 'above') parts.push({form: 'insert', text: '「' + quoted + '」の上に「' + here.text + '」を'})
    else if (phrase.form === 'delete') parts.push({form: 'delete', text: '「' + quoted + '」を'})
    else parts.push({form: 'replace', text: '「' + quoted + '」を「' + replaced + '」に'})
    current = current.slice(0, here.start) + here.text + current.slice(here.end)
    shift += here.text.length - (here.end - here.start)
  }
  if (parts.length === 0) return undefined
  // Consecutive replacements (and insertions) share one verb:
  // 「A」を「B」に、「C」を「D」に改める。 「A」の下に「B」を、「C」の下に「D」を加える。
  let sentence = address + '中'
  parts.forEach((part, index) => {
    const next = parts[index + 1]
    sentence += part.text
    if (next && next.form === part.form && part.form !== 'delete') sentence += '、'
    else sentence += next ? verbs[part.form][0] + '、' : verbs[part.form][1] + '。'
  })
  return sentence
}

/** A kanji numeral: 3 → 三, 12 → 十二, 46 → 四十六. */
function kanji(n: number): string {
  const digits = '〇一二三四五六七八九'
  if (n < 10) return digits[n]!
  if (n < 100) return (n >= 20 ? digits[Math.floor(n / 10)] : '') + '十' + (n % 10 ? digits[n % 10] : '')
  return String(n)
}

interface Outline {
  ref: SectionRef
  /** Refs of the sections above it, outermost first. */
  parents: SectionRef[]
}

/** Each section's parents on one side, by levels (as the 目次 nests them). */
function outlineOf(sections: readonly SectionChange[], side: 'old' | 'new'): Map<SectionRef, Outline> {
  const out = new Map<SectionRef, Outline>()
  const stack: SectionRef[] = []
  for (const change of sections) {
    const ref = change[side]
    if (!ref) continue
    while (stack.length > 0 && stack[stack.length - 1]!.level >= ref.level) stack.pop()
    out.set(ref, {ref, parents: [...stack]})
    stack.push(ref)
  }
  return out
}

const isArticle = (number: string | undefined) => number !== undefined && /^第[〇一二三四五六七八九十百千0-9０-９]+条/.test(number)
const isChapter = (number: string | undefined) => number !== undefined && /^第[〇一二三四五六七八九十百千0-9０-９]+[章編節款目]/.test(number)

/** How the text names a section: 第1章8(1), 13.4, 第五条 (a statute's articles without their chapter). */
function sectionAddress(outline: Outline | undefined, fallback: SectionRef): string {
  const chain = [...(outline?.parents ?? []), fallback]
  const article = chain.findIndex((d) => isArticle(d.number))
  const from = article === -1 ? chain : chain.slice(article)
  let out = ''
  let previous = ''
  for (const ref of from) {
    const number = ref.number ?? ''
    if (!number) continue
    // 13 › 13.4: the dotted number holds its parent.
    if (previous && number.startsWith(previous + '.')) out = out.slice(0, out.length - previous.length)
    out += number
    previous = number
  }
  return out || '「' + fallback.title + '」'
}

/** Where each block of a section stands: its number path inside the section (項 and 号 of a statute). */
function blockAddresses(blocks: readonly (Block | undefined)[], statute: boolean): string[] {
  const out: string[] = []
  const stack: Array<{depth: number; number: string}> = []
  // A statute's 項: ２, 3 …, the first unnumbered; its 号 (一, 二) and their イ, ロ belong to it.
  const paragraphs = statute ? blocks.filter((d) => d && /^[0-9０-９]+$/.test(recogniseNumber((d.text ?? '') + ' ')?.number.text ?? '')).length : 0
  let paragraph = 1
  let item = ''
  for (const block of blocks) {
    if (!block) {
      out.push('')
      continue
    }
    const written = block.number ?? (statute ? recogniseNumber(block.text + ' ')?.number.text : undefined)
    if (statute) {
      const value = written ? parseJapaneseNumeral(written) : undefined
      if (written && /^[0-9０-９]+$/.test(written) && value !== undefined) {
        paragraph = value
        item = ''
        out.push(paragraphs > 0 ? '第' + kanji(paragraph) + '項' : '')
        continue
      }
      const here = paragraphs > 0 ? '第' + kanji(paragraph) + '項' : ''
      if (written && /^[〇一二三四五六七八九十百千]+$/.test(written) && value !== undefined) {
        item = '第' + kanji(value) + '号'
        out.push(here + item)
        continue
      }
      if (written && block.kind === 'item') {
        out.push(here + item + written)
        continue
      }
      out.push(here)
      continue
    }
    if (block.kind === 'item' && written) {
      const depth = block.depth ?? 0
      while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) stack.pop()
      stack.push({depth, number: written})
      out.push(stack.map((d) => d.number).join(''))
      continue
    }
    out.push('')
  }
  return out
}

/** 「次の一条」「次の二項」, or 「次のように」 when the added things are not counted so. */
function counted(numbers: ReadonlyArray<string | undefined>): string {
  const unit = (number: string | undefined) => (isArticle(number) ? '条' : isChapter(number) ? number!.replace(/^第[^章編節款目]+/, '').slice(0, 1) : undefined)
  const units = new Set(numbers.map(unit))
  if (units.size !== 1 || units.has(undefined)) return '次のように'
  return '次の' + kanji(numbers.length) + [...units][0] + 'を'
}

/**
 * Renumbering clauses in their continuative form (…とし, …繰り下げ): a run
 * of three or more articles moved by the same count is
 * 「第六条から第十条までを一条ずつ繰り上げ」; otherwise one clause each,
 * 「第六条を第五条とし」, from the end when numbers go down the text ('down').
 */
function renumberClauses(sections: readonly SectionChange[], address: (ref: SectionRef) => string, direction: 'up' | 'down'): string[] {
  if (sections.length === 0) return []
  const values = sections.map((d) => [numberValue(d.old!.number), numberValue(d.new!.number)] as const)
  const simple = values.every(([a, b]) => a?.length === 1 && b?.length === 1) && sections.every((d) => isArticle(d.old!.number))
  const delta = simple ? values[0]![1]![0]! - values[0]![0]![0]! : 0
  const consecutive = simple && values.every(([a, b], i) => b![0]! - a![0]! === delta && (i === 0 || a![0]! === values[i - 1]![0]![0]! + 1))
  if (consecutive && sections.length >= 3 && delta !== 0) {
    const first = address(sections[0]!.old!)
    const last = address(sections[sections.length - 1]!.old!)
    return [first + 'から' + last + 'までを' + kanji(Math.abs(delta)) + '条ずつ繰り' + (delta > 0 ? '下げ' : '上げ')]
  }
  const clauses = sections.map((d) => address(d.old!) + 'を' + d.new!.number + 'とし')
  return direction === 'down' ? clauses.reverse() : clauses
}

/** A clause's final form: …とし → …とする, …繰り上げ → …繰り上げる. */
function finalForm(clause: string): string {
  return clause.endsWith('とし') ? clause.slice(0, -2) + 'とする' : clause + 'る'
}

/** The new text of a section, as the 改め文 sets it out after 「次のように加える」. */
function sectionBody(section: SectionChange): string[] {
  const ref = section.new!
  return [(ref.number ? ref.number + ' ' : '') + ref.title, ...section.blocks.flatMap((d) => (d.new ? d.new.text.split('\n') : []))]
}

/** The 改め文 of a diff. */
export function aratame(diff: VersionDiff): Aratame {
  const {sections} = diff.changes
  const word = diff.publication.amendmentWord
  const statute = sections.some((d) => isArticle((d.old ?? d.new)!.number))
  const oldOutline = outlineOf(sections, 'old')
  const address = (ref: SectionRef) => sectionAddress(oldOutline.get(ref), ref)
  const sentences: AratameSentence[] = []
  // The 題名 first, as the law reads.
  const {previousTitle} = diff.publication
  if (previousTitle !== undefined && previousTitle !== diff.publication.title) {
    const title = amendBlock('題名', previousTitle, diffText(previousTitle, diff.publication.title))
    sentences.push(title ? {text: title} : {text: '題名を次のように改める。', body: [diff.publication.title]})
  }
  // The last section of the old text before a place: where additions go.
  let previousOld: SectionRef | undefined
  for (let index = 0; index < sections.length; index++) {
    const section = sections[index]!
    if (section.kind === 'added') {
      // A run of new sections after the same place, and the renumbered ones after it.
      const run: SectionChange[] = []
      while (sections[index]?.kind === 'added') run.push(sections[index++]!)
      const renumbered: SectionChange[] = []
      for (let j = index; sections[j] && sections[j]!.renumbered && sections[j]!.kind === 'unchanged'; j++) renumbered.push(sections[j]!)
      index--
      const where = previousOld ? address(previousOld) + 'の次に' : '冒頭に'
      // Renumbered from the end (繰り下げ), so that no number is taken twice.
      const renumbering = renumberClauses(renumbered, address, 'down').map((d) => d + '、').join('')
      const count = counted(run.map((d) => d.new!.number))
      sentences.push({text: renumbering + where + (count === '次のように' ? '次のように加える。' : count + '加える。'), body: run.flatMap(sectionBody)})
      index += renumbered.length
      if (renumbered.length > 0) previousOld = renumbered[renumbered.length - 1]!.old
      continue
    }
    if (section.kind === 'removed') {
      const run: SectionChange[] = []
      while (sections[index]?.kind === 'removed' && sections[index]!.old!.level === section.old!.level) run.push(sections[index++]!)
      index--
      const first = address(run[0]!.old!)
      const removed = (run.length === 1 ? first : first + 'から' + address(run[run.length - 1]!.old!) + 'まで') + 'を削'
      // The sections after it move up: 「第五条を削り、第六条を第五条とする。」
      const renumbered: SectionChange[] = []
      for (let j = index + 1; sections[j] && sections[j]!.renumbered && sections[j]!.kind === 'unchanged'; j++) renumbered.push(sections[j]!)
      const clauses = renumberClauses(renumbered, address, 'up')
      sentences.push({text: clauses.length === 0 ? removed + 'る。' : removed + 'り、' + [...clauses.slice(0, -1), finalForm(clauses.at(-1)!)].join('、') + '。'})
      index += renumbered.length
      previousOld = renumbered.length > 0 ? renumbered[renumbered.length - 1]!.old : run[run.length - 1]!.old
      continue
    }
    const old = section.old!
    previousOld = old
    if (section.kind === 'unchanged' && !section.renumbered) continue
    if (section.renumbered && section.old!.number !== section.new!.number) {
      sentences.push({text: address(old) + 'を' + section.new!.number + 'とする。'})
    }
    // The heading: 見出し (a chapter's 章名).
    if (section.old!.title !== section.new!.title) {
      const label = isChapter(old.number) ? 'の章名' : 'の見出し'
      const segments = section.heading.filter((d) => d.type !== 'equal' || true)
      const titleSegments = headingTitleSegments(segments, old, section.new!)
      const text = amendBlock(address(old) + label, old.title, titleSegments)
      sentences.push(text ? {text} : {text: address(old) + label + 'を次のように改める。', body: [section.new!.title]})
      if (statute && isChapter(old.number)) {
        sentences.push({text: '目次中「' + old.number + '　' + old.title + '」を「' + section.new!.number + '　' + section.new!.title + '」に改める。'})
      }
    }
    sentences.push(...blockSentences(address(old), section.blocks, statute))
  }
  // 附則: the amending act takes effect on the amendment's 施行日. It is named by the
  // kind of text it amends (この条例, この規程) or, for a policy, as この改定.
  const effective = diff.to.amendment?.effective
  const act = /(条例|規則|規程|要綱|要領|訓令|告示)$/.exec(previousTitle ?? diff.publication.title)?.[1] ?? word
  return {
    intro: (previousTitle ?? diff.publication.title) + 'の一部を次のように' + word + 'する。',
    sentences,
    marking: diff.publication.marking,
    ...(effective ? {supplementary: 'この' + act + 'は、' + effective + 'から施行する。'} : {})
  }
}

/** The title's own segments out of the heading's (number and title): the part after the number. */
function headingTitleSegments(segments: readonly Segment[], old: SectionRef, neu: SectionRef): Segment[] {
  const prefixOld = old.number ? old.number.length + 1 : 0
  const prefixNew = neu.number ? neu.number.length + 1 : 0
  const out: Segment[] = []
  let a = 0
  let b = 0
  for (const segment of segments) {
    const length = segment.text.length
    const from = segment.type === 'insert' ? b : a
    const skip = Math.max(0, (segment.type === 'insert' ? prefixNew : prefixOld) - from)
    if (segment.type !== 'insert') a += length
    if (segment.type !== 'delete') b += length
    if (segment.type === 'equal') {
      // An equal run straddles both prefixes alike only when the numbers are equal in length.
      const cut = Math.max(skip, Math.max(0, prefixNew - (b - length)))
      if (cut < length) out.push({type: 'equal', text: segment.text.slice(cut)})
    } else if (skip < length) out.push({type: segment.type, text: segment.text.slice(skip)})
  }
  return out
}

/** The sentences for a section's blocks, each addressed by its number path. */
function blockSentences(section: string, blocks: readonly BlockChange[], statute: boolean): AratameSentence[] {
  const out: AratameSentence[] = []
  const olds = blockAddresses(blocks.map((d) => d.old), statute)
  const news = blockAddresses(blocks.map((d) => d.new), statute)
  // Texts searched with an unnumbered block: the section's other unnumbered blocks.
  const scope = (index: number) => blocks.filter((d, i) => i !== index && d.old && olds[i] === olds[index]).map((d) => d.old!.text)
  let previous = ''
  let last: number | undefined
  for (const [index, change] of blocks.entries()) {
    const here = section + (olds[index] ?? '')
    if (change.kind === 'unchanged' || change.kind === 'formatting') {
      previous = here
      last = index
      continue
    }
    if (change.kind === 'removed') {
      out.push(olds[index] ? {text: here + 'を削る。'} : {text: section + '中「' + change.old!.text + '」を削る。'})
      continue
    }
    if (change.kind === 'added') {
      const numbered = news[index]
      const after = last !== undefined && olds[last] ? previous : ''
      out.push({
        text: after ? after + 'の次に次のように加える。' : numbered ? section + 'に次のように加える。' : section + 'に次の一文を加える。',
        body: change.new!.text.split('\n')
      })
      continue
    }
    const sentence = amendBlock(here, change.old!.text, change.segments, scope(index))
    out.push(sentence ? {text: sentence} : {text: here + 'を次のように改める。', body: change.new!.text.split('\n')})
    previous = here
    last = index
  }
  return out
}

/** The 改め文 as text: the intro, then each sentence with its body indented. */
export function renderAratameText(document: Aratame): string {
  const lines = [...(document.marking ? [document.marking, ''] : []), '　' + document.intro, '']
  for (const sentence of document.sentences) {
    lines.push('　' + sentence.text)
    for (const line of sentence.body ?? []) lines.push('　　' + line)
  }
  if (document.supplementary) lines.push('', '　　　附　則', '　' + document.supplementary)
  return lines.join('\n') + '\n'
}
