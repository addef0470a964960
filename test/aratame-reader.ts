/**
 * An independent reader of 改め文, for the tests: it shares no code with
 * the generator (src/diff/aratame). It reads each sentence as 法制執務 reads
 * it — in order, each acting on the text as the sentences before it left it,
 * every place found by the numbers the text has *then* — and applies it to a
 * plain document. A sentence that names a place the text does not have, a
 * phrase that is not there exactly once, or a number already taken, is an
 * error: the sentences are wrong.
 */

export interface ReaderBlock {
  text: string
  /** The number of a list item (イ, (1), ①), as the model records it. */
  item?: string
  depth?: number
}

export interface ReaderSection {
  number?: string
  title: string
  level: number
  blocks: ReaderBlock[]
}

export interface ReaderDocument {
  title: string
  sections: ReaderSection[]
  /** The 目次 lines, for a statute with chapters (as the reader sets it out). */
  contents: string[]
}

const numerals = '〇一二三四五六七八九十百千'
const kanjiValue = (text: string): number => {
  let total = 0
  let digit = 0
  for (const char of text) {
    const at = numerals.indexOf(char)
    if (at >= 0 && at <= 9) digit = digit * 10 + at
    else {
      const unit = char === '十' ? 10 : char === '百' ? 100 : 1000
      total += (digit || 1) * unit
      digit = 0
    }
  }
  return total + digit
}
const toKanji = (n: number): string => {
  const ones = '〇一二三四五六七八九'
  if (n < 10) return ones[n]!
  if (n < 100) return (n >= 20 ? ones[Math.floor(n / 10)] : '') + '十' + (n % 10 ? ones[n % 10] : '')
  return (n >= 200 ? ones[Math.floor(n / 100)] : '') + '百' + (n % 100 ? toKanji(n % 100) : '')
}
const fullWidth = (n: number) => String(n).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))
const widthValue = (text: string) => Number(text.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10)))

const articlePattern = new RegExp('^第[' + numerals + '0-9０-９]+条(の[' + numerals + ']+)*')
const chapterPattern = new RegExp('^第[' + numerals + '0-9０-９]+[章編節款目](の[' + numerals + ']+)*')
const isArticle = (number?: string) => number !== undefined && articlePattern.test(number)
const isChapter = (number?: string) => number !== undefined && chapterPattern.test(number)
const isSuppl = (number?: string) => number !== undefined && /^附\s*則/.test(number)

/** How a later act cites a 附則: 附則, or 平成十七年条例第二十号附則 for the one with that caption. */
function supplName(number: string): string {
  const caption = /[（(](.+?)[）)]/.exec(number)?.[1]
  if (!caption) return '附則'
  const match = /^(.+?年)[^年]*?月[^月]*?日(.+)$/.exec(caption)
  return (match ? match[1] + match[2] : caption) + '附則'
}

/** The 目次 of a document: each chapter with its articles' range, as a law prints it. */
export function contentsOf(sections: readonly ReaderSection[]): string[] {
  const out: string[] = []
  sections.forEach((section, index) => {
    if (!isChapter(section.number)) return
    const articles: string[] = []
    for (let i = index + 1; i < sections.length && sections[i]!.level > section.level; i++) if (isArticle(sections[i]!.number)) articles.push(sections[i]!.number!)
    let nested = 0
    for (let i = index - 1; i >= 0; i--) {
      if (sections[i]!.level < section.level && isChapter(sections[i]!.number)) nested++
    }
    const range = articles.length === 0 ? '' : articles.length === 1 ? '（' + articles[0] + '）' : '（' + articles[0] + (articles.length === 2 ? '・' : '―') + articles.at(-1) + '）'
    out.push('　'.repeat(nested > 0 ? 1 : 0) + section.number + '　' + section.title + range)
  })
  return out
}

/** The document as lines: each heading (number and title), then each line of its blocks. */
export function linesOf(document: ReaderDocument): string[] {
  const out = ['題名 ' + document.title]
  for (const section of document.sections) {
    out.push('# ' + (section.number ? section.number + (section.title ? ' ' : '') : '') + section.title)
    for (const block of section.blocks) out.push(...block.text.split('\n'))
  }
  return out
}

/** A place in the document: a section, or a run of blocks in one. */
interface Place {
  name: string
  section: number
  /** Blocks [from, to) of the section; undefined: the section itself (with the sections under it). */
  from?: number
  to?: number
  kind: 'article' | 'chapter' | 'suppl' | 'section' | 'paragraph' | 'gou' | 'sub' | 'item'
  /** The article (or 附則) it is in, for 同条. */
  article?: string
  /** The full name of the 項 it is (or is in), for 同項. */
  paragraph?: string
  gou?: string
}

/** Every place the document has now, by the name a 改め文 gives it. */
function places(document: ReaderDocument): Place[] {
  const out: Place[] = []
  const {sections} = document
  const statute = sections.some((d) => isArticle(d.number))
  sections.forEach((section, index) => {
    // Sections above it, by level.
    const above: ReaderSection[] = []
    let level = section.level
    for (let i = index - 1; i >= 0; i--) {
      if (sections[i]!.level < level) {
        above.unshift(sections[i]!)
        level = sections[i]!.level
      }
    }
    if (statute) {
      if (isSuppl(section.number)) {
        const name = supplName(section.number!)
        out.push({name, section: index, kind: 'suppl', article: name})
        blockPlaces(section, index, name, out)
        return
      }
      const suppl = above.find((d) => isSuppl(d.number))
      const prefix = suppl ? supplName(suppl.number!) : ''
      if (isChapter(section.number)) {
        out.push({name: prefix + above.filter((d) => isChapter(d.number)).map((d) => d.number).join('') + section.number, section: index, kind: 'chapter'})
        return
      }
      if (isArticle(section.number)) {
        const name = prefix + section.number
        out.push({name, section: index, kind: 'article', article: name})
        blockPlaces(section, index, name, out)
        return
      }
      return
    }
    // A policy: the numbers of the sections above it, a dotted number holding its parent's.
    let name = ''
    let previous = ''
    for (const at of [...above, section]) {
      if (!at.number) continue
      if (previous && at.number.startsWith(previous + '.')) name = name.slice(0, name.length - previous.length)
      name += at.number
      previous = at.number
    }
    if (!name) return
    out.push({name, section: index, kind: 'section'})
    // Items by depth.
    const stack: Array<{depth: number; name: string; from: number}> = []
    section.blocks.forEach((block, at) => {
      if (!block.item) {
        stack.length = 0
        return
      }
      const depth = block.depth ?? 0
      while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) stack.pop()
      const itemName = (stack.length > 0 ? stack[stack.length - 1]!.name : name) + block.item
      let to = at + 1
      while (to < section.blocks.length && section.blocks[to]!.item && (section.blocks[to]!.depth ?? 0) > depth) to++
      out.push({name: itemName, section: index, from: at, to, kind: 'item'})
      stack.push({depth, name: itemName, from: at})
    })
  })
  return out
}

/** 項, 号 and イ of an article (or a 附則 of 項). */
function blockPlaces(section: ReaderSection, index: number, article: string, out: Place[]) {
  const paragraphs: Array<{value: number; from: number}> = []
  section.blocks.forEach((block, at) => {
    const digits = /^([0-9０-９]+)[\u3000 ]/.exec(block.text)
    if (digits) paragraphs.push({value: widthValue(digits[1]!), from: at})
    else if (at === 0 && !block.item && !new RegExp('^[' + numerals + ']+[\\u3000 ]').test(block.text)) paragraphs.push({value: 1, from: 0})
  })
  // An article names its 項 once it has more than one, or its only one bears a number.
  const several = paragraphs.length > 1 || (paragraphs.length === 1 && paragraphs[0]!.value !== 1)
  paragraphs.forEach((paragraph, i) => {
    const to = paragraphs[i + 1]?.from ?? section.blocks.length
    const name = article + (several ? '第' + toKanji(paragraph.value) + '項' : '')
    if (several) out.push({name, section: index, from: paragraph.from, to, kind: 'paragraph', article, paragraph: name})
    let gou: {name: string; from: number} | undefined
    for (let at = paragraph.from; at < to; at++) {
      const block = section.blocks[at]!
      const number = new RegExp('^([' + numerals + ']+)[\\u3000 ]').exec(block.text)
      const kanjiItem = !block.item || new RegExp('^[' + numerals + ']+$').test(block.item)
      if (number && kanjiItem) {
        let end = at + 1
        while (end < to && !new RegExp('^[' + numerals + ']+[\\u3000 ]').test(section.blocks[end]!.text)) end++
        gou = {name: name + '第' + toKanji(kanjiValue(number[1]!)) + '号', from: at}
        out.push({name: gou.name, section: index, from: at, to: end, kind: 'gou', article, paragraph: several ? name : undefined, gou: gou.name})
      } else if (block.item && gou) {
        out.push({name: gou.name + block.item, section: index, from: at, to: at + 1, kind: 'sub', article, paragraph: several ? name : undefined, gou: gou.name})
      }
    }
  })
}

/** Apply the sentences, in order. */
export function applyAratame(document: ReaderDocument, sentences: ReadonlyArray<{text: string; body?: readonly string[]}>): ReaderDocument {
  const doc: ReaderDocument = structuredClone(document) as ReaderDocument
  for (const sentence of sentences) new Reader(doc, sentence.text, sentence.body ?? []).read()
  return doc
}

class Reader {
  private at = 0
  private last: {article?: string; paragraph?: string; gou?: string; chapter?: string; place?: Place} = {}
  constructor(
    private doc: ReaderDocument,
    private text: string,
    private body: readonly string[]
  ) {}

  fail(why: string): never {
    throw new Error(why + ' at 「' + this.text.slice(this.at, this.at + 30) + '」 in 「' + this.text + '」')
  }
  rest() {
    return this.text.slice(this.at)
  }
  eat(word: string): boolean {
    if (!this.rest().startsWith(word)) return false
    this.at += word.length
    return true
  }
  expect(word: string) {
    if (!this.eat(word)) this.fail('expected 「' + word + '」')
  }
  quoted(): string {
    this.expect('「')
    let depth = 1
    const start = this.at
    while (this.at < this.text.length) {
      const char = this.text[this.at]!
      if (char === '「') depth++
      else if (char === '」' && --depth === 0) {
        const value = this.text.slice(start, this.at)
        this.at++
        return value
      }
      this.at++
    }
    this.fail('unclosed quote')
  }

  /** 同条, 同項 … as the names they stand for. */
  expanded(): string {
    const rest = this.rest()
    for (const [short, full] of [
      ['同条', this.last.article],
      ['同項', this.last.paragraph],
      ['同号', this.last.gou],
      ['同章', this.last.chapter],
      ['同節', this.last.chapter]
    ] as const) {
      if (rest.startsWith(short)) {
        if (!full) this.fail(short + ' with nothing named before')
        return full + rest.slice(short.length)
      }
    }
    return rest
  }

  /** The longest name of a place the text has now, at the cursor. */
  place(): Place {
    const rest = this.expanded()
    const consumed = this.rest().length - rest.length
    let best: Place | undefined
    for (const place of places(this.doc)) {
      if (rest.startsWith(place.name) && (!best || place.name.length > best.name.length)) best = place
    }
    if (!best) this.fail('no such place')
    void consumed
    // The cursor goes past what named it in the original text (同条 … stands for more).
    this.at = this.text.length - (rest.length - best.name.length)
    this.remember(best)
    return best
  }

  remember(place: Place) {
    this.last.place = place
    if (place.article) this.last.article = place.article
    if (place.kind === 'paragraph') this.last.paragraph = place.name
    if (place.kind === 'gou') this.last.gou = place.name
    if (place.paragraph && place.kind !== 'paragraph') this.last.paragraph = place.paragraph
    if (place.kind === 'chapter') this.last.chapter = place.name
  }

  read() {
    while (this.at < this.text.length) {
      this.clause()
      if (this.eat('。')) break
      this.expect('、')
    }
    if (this.at !== this.text.length) this.fail('text after the end')
  }

  /** One clause: a place and what is done to it. */
  clause() {
    if (this.eat('目次中')) return this.edits((find, replace) => {
      const text = this.doc.contents.join('\n')
      this.doc.contents = replace(text, find(text)).split('\n')
    })
    if (this.eat('題名中')) return this.edits((find, replace) => (this.doc.title = replace(this.doc.title, find(this.doc.title))))
    if (this.eat('題名を次のように改め')) {
      this.doc.title = this.body.join('')
      return this.verbEnd()
    }
    if (this.eat('冒頭に')) return this.insert(undefined, 'start')
    // 第三章中第五条を…: the chapter only says which article.
    const expanded = this.expanded()
    const chapterScope = /^(第[〇一二三四五六七八九十百0-9０-９]+[章編節款目](?:の[〇一二三四五六七八九十]+)*)中(?=第|附則|同)/.exec(expanded)
    if (chapterScope) {
      const place = places(this.doc).find((d) => d.kind === 'chapter' && d.name === chapterScope[1])
      if (!place) this.fail('no such chapter')
      this.remember(place)
      // Past what named it in the original text (同章中 stands for 第二章中).
      this.at = this.text.length - (expanded.length - chapterScope[0].length)
    }
    const place = this.place()
    if (this.eat('の見出し中')) return this.edits((find, replace) => this.title(place, replace(this.title(place), find(this.title(place)))))
    if (this.eat('の章名中')) return this.edits((find, replace) => this.title(place, replace(this.title(place), find(this.title(place)))))
    if (this.eat('の見出しを次のように改め') || this.eat('の章名を次のように改め')) {
      this.title(place, this.body.join(''))
      return this.verbEnd()
    }
    if (this.eat('中')) return this.editPlace(place)
    if (this.eat('を次のように改め')) {
      const level = this.doc.sections[place.section]!.level
      const index = this.remove(place)
      this.insertBody(place, index, undefined, place.from === undefined ? level : undefined)
      return this.verbEnd()
    }
    if (this.eat('から')) {
      const last = this.place()
      this.expect('まで')
      const run = this.run(place, last)
      if (this.eat('を削')) {
        for (const item of [...run].reverse()) this.remove(item)
        return this.verbEnd()
      }
      this.expect('を')
      const count = /^([〇一二三四五六七八九十]+)(条|項|号)ずつ繰り(下げ|上げ)/.exec(this.rest())
      if (!count) this.fail('expected 繰り下げ or 繰り上げ')
      this.at += count[0].length
      const step = kanjiValue(count[1]!) * (count[3] === '下げ' ? 1 : -1)
      for (const item of step > 0 ? [...run].reverse() : run) this.renumber(this.refind(item), this.shifted(item, step))
      this.eat('る')
      return
    }
    if (this.eat('及び')) {
      const second = this.place()
      this.expect('を削')
      this.remove(second)
      this.remove(this.refind(place))
      return this.verbEnd()
    }
    if (this.eat('を削')) {
      this.remove(place)
      return this.verbEnd()
    }
    if (this.eat('を')) {
      // A new number: を第七条とし, を同条第四項とし, を(4)とし.
      const end = this.rest().search(/とし|とする/)
      if (end < 0) this.fail('expected とし')
      let target = this.rest().slice(0, end)
      this.at += end
      target = target.replace(/^同条/, this.last.article ?? '').replace(/^同項/, this.last.paragraph ?? '').replace(/^同章/, this.last.chapter ?? '')
      this.renumber(place, target)
      this.expect('と')
      this.eat('し') || this.expect('する')
      return
    }
    if (this.eat('の次に')) return this.insert(place, 'after')
    if (this.eat('の前に')) return this.insert(place, 'before')
    if (this.eat('に')) return this.insert(place, 'into')
    this.fail('unknown clause')
  }

  verbEnd() {
    this.eat('る') || this.eat('り') || this.eat('め') || this.eat('え')
  }

  /** Edits in a text: 「A」を「B」に改め、「C」を削り、「D」の下に「E」を加える. */
  edits(apply: (find: (text: string) => number, replace: (text: string, at: number) => string) => void) {
    for (;;) {
      const a = this.quoted()
      let replacement: string
      let offset: 'at' | 'below' | 'above' = 'at'
      if (this.eat('の下に')) {
        replacement = this.quoted()
        offset = 'below'
        this.expect('を')
      } else if (this.eat('の上に')) {
        replacement = this.quoted()
        offset = 'above'
        this.expect('を')
      } else {
        this.expect('を')
        replacement = this.rest().startsWith('「') ? this.quoted() : ''
        if (replacement !== '' || this.rest().startsWith('に')) this.expect('に')
      }
      const find = (text: string) => {
        const at = text.indexOf(a)
        if (at < 0 || text.indexOf(a, at + 1) >= 0) this.fail('「' + a + '」 is not there exactly once')
        return at
      }
      apply(find, (text, at) =>
        offset === 'below' ? text.slice(0, at + a.length) + replacement + text.slice(at + a.length) : offset === 'above' ? text.slice(0, at) + replacement + text.slice(at) : text.slice(0, at) + replacement + text.slice(at + a.length)
      )
      // 、「…: another edit with the same verb, or after a verb of its own.
      if (this.eat('、') && this.rest().startsWith('「')) continue
      if (this.text[this.at - 1] === '、') {
        this.at--
        return
      }
      if (this.eat('改め') || this.eat('削') || this.eat('加え')) {
        this.eat('り')
        if (this.rest().startsWith('、「')) {
          this.at++
          continue
        }
        this.eat('る')
        return
      }
      this.fail('expected a verb')
    }
  }

  /** Edits inside a place: the phrase is searched in all its text, and must be there once. */
  editPlace(place: Place) {
    const section = this.doc.sections[place.section]!
    const from = place.from ?? 0
    const to = place.to ?? section.blocks.length
    this.edits((find, replace) => {
      const texts = section.blocks.slice(from, to).map((d) => d.text)
      const joined = texts.join('\u0000')
      const at = find(joined)
      const replaced = replace(joined, at).split('\u0000')
      replaced.forEach((text, i) => (section.blocks[from + i]!.text = text))
    })
  }

  title(place: Place, value?: string): string {
    const section = this.doc.sections[place.section]!
    if (value !== undefined) section.title = value
    return section.title
  }

  /** The places from `first` to `last` in one sequence, in order. */
  run(first: Place, last: Place): Place[] {
    // Sections: their sequence (articles of the law or of one 附則); blocks: those of the same kind in one article.
    const prefix = (name: string) => name.replace(/第[^第]+$/, '')
    const all = places(this.doc).filter((d) =>
      d.kind === first.kind && (d.from === undefined ? prefix(d.name) === prefix(first.name) : d.article === first.article && d.paragraph === first.paragraph)
    )
    const from = all.findIndex((d) => d.name === first.name)
    const to = all.findIndex((d) => d.name === last.name)
    if (from < 0 || to < from) this.fail('no such run')
    return all.slice(from, to + 1)
  }

  refind(place: Place): Place {
    return places(this.doc).find((d) => d.section === place.section && d.from === place.from && d.kind === place.kind) ?? place
  }

  shifted(place: Place, step: number): string {
    const number = /第([〇一二三四五六七八九十百]+)(条|項|号)$/.exec(place.name)
    if (!number) this.fail('cannot shift ' + place.name)
    return place.name.slice(0, place.name.length - number[0].length) + '第' + toKanji(kanjiValue(number[1]!) + step) + number[2]
  }

  /** Take a place out; where it stood. */
  remove(place: Place): number {
    const section = this.doc.sections[place.section]!
    if (place.from === undefined) {
      let end = place.section + 1
      while (end < this.doc.sections.length && this.doc.sections[end]!.level > section.level) end++
      this.doc.sections.splice(place.section, end - place.section)
      return place.section
    }
    section.blocks.splice(place.from, place.to! - place.from)
    return place.from
  }

  /** Give a place a new number (written as the text writes it). */
  renumber(place: Place, target: string) {
    if (places(this.doc).some((d) => d.name === target)) this.fail(target + ' is taken')
    const section = this.doc.sections[place.section]!
    // An article's only 項 given a number: 「第五条を同条第二項とし」.
    const sole = new RegExp('^' + place.name + '第([' + numerals + ']+)項$').exec(target)
    if (place.kind === 'article' && sole) {
      const first = section.blocks[0]!
      first.text = fullWidth(kanjiValue(sole[1]!)) + '\u3000' + first.text.replace(/^[0-9０-９]+[\u3000 ]/, '')
      return
    }
    if (place.from === undefined) {
      const parent = place.name.slice(0, place.name.length - (section.number?.length ?? 0))
      section.number = target.startsWith(parent) && parent !== '' ? target.slice(parent.length) : target.replace(/^.*?(第[^第]+)$/, '$1')
      if (!isArticle(section.number) && !isChapter(section.number)) section.number = target.slice(parent.length) || target
      return
    }
    const block = section.blocks[place.from]!
    if (place.kind === 'paragraph') {
      const value = kanjiValue(/第([〇一二三四五六七八九十百]+)項$/.exec(target)?.[1] ?? this.fail('bad 項 ' + target))
      // The first 項 bears no number; the others are numbered ２, ３ ….
      const text = block.text.replace(/^[0-9０-９]+[\u3000 ]/, '')
      block.text = value === 1 ? text : fullWidth(value) + '\u3000' + text
    } else if (place.kind === 'gou') {
      const value = kanjiValue(/第([〇一二三四五六七八九十百]+)号$/.exec(target)?.[1] ?? this.fail('bad 号 ' + target))
      block.text = block.text.replace(new RegExp('^[' + numerals + ']+'), toKanji(value))
    } else {
      // An item: the number that ends the target.
      const number = /(\([^)]+\)|（[^）]+）|[①-⑳]|[ア-ン]|[a-zA-Z0-9.]+)$/.exec(target)?.[1] ?? this.fail('bad item ' + target)
      if (block.item && block.text.startsWith(block.item)) block.text = number + block.text.slice(block.item.length)
      block.item = number
    }
  }

  /** 「…の次に次の一条を加える」 and its kin, with the body. */
  insert(place: Place | undefined, where: 'after' | 'before' | 'into' | 'start') {
    const count = /^次の(?:[〇一二三四五六七八九十]+(?:条|項|号|章|節)|ように)を?/.exec(this.rest())
    if (!count) this.fail('expected 次の…を')
    this.at += count[0].length
    this.expect('加え')
    this.eat('る')
    if (!place) {
      this.insertBody(undefined, 0)
      return
    }
    if (place.from === undefined && where === 'into' && /^(第|附|\d)/.test(this.body[0] ?? '') && !/^[0-9０-９]+[\u3000 ]/.test(this.body[0] ?? '')) {
      // New sections under a section: after the last section under it.
      const section = this.doc.sections[place.section]!
      let index = place.section + 1
      while (index < this.doc.sections.length && this.doc.sections[index]!.level > section.level) index++
      this.insertBody({...place}, index, undefined, section.level + 1)
      return
    }
    if (place.from === undefined && where !== 'into') {
      const section = this.doc.sections[place.section]!
      let index = place.section
      if (where === 'after') {
        index++
        while (index < this.doc.sections.length && this.doc.sections[index]!.level > section.level) index++
      }
      this.insertBody(place, index)
      return
    }
    const section = this.doc.sections[place.section]!
    const index = where === 'into' ? (place.to ?? section.blocks.length) : where === 'after' ? place.to! : place.from!
    this.insertBody(place, index, where === 'into' && place.from === undefined ? 'blocks' : undefined)
  }

  /** Insert the body: sections where the place is a section (after it), blocks where it is a block. */
  insertBody(place: Place | undefined, index: number, force?: 'blocks', levelOf?: number) {
    const heading = (line: string) => articlePattern.test(line) || chapterPattern.test(line) || /^附\s*則/.test(line) || /^(第\d+章|\d+(\.\d+)*)( |$)/.test(line)
    const item = (line: string) => /^(\([^)]+\)|（[^）]+）|[①-⑳]|[イロハニホヘトチリヌルヲワカヨタレソツネナラム](?=[\u3000 ])|[アイウエオカキクケコ](?=[\u3000 ]))/.exec(line)?.[1]
    // An article as the act prints it: （見出し） on its own line, then 第N条　and its first 項.
    const articleLine = new RegExp('^(' + articlePattern.source.slice(1) + ')\u3000(.*)$')
    const caption = (line: string, next: string | undefined) => /^（[^（）]*）$/.test(line) && next !== undefined && articleLine.test(next)
    if (place && place.from === undefined && force !== 'blocks' && (heading(this.body[0] ?? '') || caption(this.body[0] ?? '', this.body[1]))) {
      const level = levelOf ?? this.doc.sections[place.section]?.level ?? 1
      const added: ReaderSection[] = []
      let title: string | undefined
      for (const [i, line] of this.body.entries()) {
        if (caption(line, this.body[i + 1])) {
          title = line
          continue
        }
        const article = articleLine.exec(line)
        if (article) {
          const chapterFirst = added.length > 0 && isChapter(added[0]!.number)
          added.push({number: article[1], title: title ?? '', level: level + (chapterFirst ? 1 : 0), blocks: [{text: article[article.length - 1]!}]})
          title = undefined
          continue
        }
        if (heading(line)) {
          const match = /^(第[^ 　（]+?[条章節款目編](?:の[〇一二三四五六七八九十]+)*|附\s*則(?:[（(][^）)]*[）)])?|第\d+章|\d+(?:\.\d+)*)(?: |　)?(.*)$/.exec(line)!
          const chapterFirst = added.length > 0 && isChapter(added[0]!.number) && !isChapter(match[1])
          added.push({number: match[1], title: match[2]!, level: level + (chapterFirst ? 1 : 0), blocks: []})
        } else {
          const last = added[added.length - 1]
          if (!last) this.fail('body without a heading')
          last.blocks.push(item(line) ? {text: line, item: item(line)} : {text: line})
        }
      }
      this.doc.sections.splice(index, 0, ...added)
      return
    }
    if (!place) this.fail('nowhere to insert')
    const section = this.doc.sections[place.section]!
    const depth = place.from !== undefined ? (section.blocks[place.from]?.depth ?? 0) + (force === 'blocks' ? 0 : 0) : 0
    const blocks: ReaderBlock[] = this.body.map((line) => (item(line) && !/^[0-9０-９]/.test(line) ? {text: line, item: item(line), depth} : {text: line}))
    section.blocks.splice(index, 0, ...blocks)
  }
}
