/**
 * Generated statutes and policies, changed by random amendments — articles
 * inserted, deleted and rewritten whole, 項 and 号 inserted and deleted
 * (the rest renumbered), text edited, 見出し and 章名 changed, a chapter
 * inserted before others, 附則 amended — for the 改め文 round trip: the
 * sentences kaitei writes, read in order by an independent reader, must turn
 * the old text into the new one exactly.
 */
import {random} from '../../bench/generate-policy.js'
import type {Block, Section} from '../../src/diff/model.js'

const kanji = (n: number): string => {
  const ones = '〇一二三四五六七八九'
  if (n < 10) return ones[n]!
  return (n >= 20 ? ones[Math.floor(n / 10)] : '') + '十' + (n % 10 ? ones[n % 10] : '')
}
const fullWidth = (n: number) => String(n).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))

const nouns = ['実施機関', '公文書', '開示請求', '個人情報', '市長', '教育委員会', '審査会', '職員', '事業者', '申請者', '行政指導', '処分', '届出', '情報資産', '記録']
const verbs = ['定める', '公表する', '保存する', '通知する', '審査する', '確認する', '記録する', '提出する']
const links = ['の', 'に関する', 'に係る', 'その他の', '及び', '又は']

interface GenItem {
  text: string
  subs: string[]
}
interface GenParagraph {
  text: string
  items: GenItem[]
}
interface GenArticle {
  title: string
  paragraphs: GenParagraph[]
}
interface GenChapter {
  title: string
  articles: GenArticle[]
}
export interface GenStatute {
  chapters: GenChapter[]
  /** 附則: its 項. */
  supplementary: string[]
}

export class StatuteGenerator {
  private next: () => number
  private counter = 0
  constructor(seed: number) {
    this.next = random(seed)
  }
  int(min: number, max: number) {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!
  }
  chance(p: number) {
    return this.next() < p
  }
  phrase(): string {
    return this.pick(nouns) + this.pick(links) + this.pick(nouns)
  }
  sentence(): string {
    return this.phrase() + 'は、' + this.phrase() + 'を' + this.pick(verbs) + 'ものとする' + (this.counter++ % 7 === 0 ? '（第' + kanji(this.int(1, 9)) + '条）' : '') + '。'
  }
  article(): GenArticle {
    const paragraphs = Array.from({length: this.int(1, 3)}, () => ({
      text: this.sentence(),
      items: this.chance(0.4) ? Array.from({length: this.int(1, 3)}, () => ({text: this.phrase(), subs: this.chance(0.2) ? [this.phrase(), this.phrase()] : []})) : []
    }))
    return {title: '（' + this.pick(nouns) + this.pick(['の定義', 'の責務', 'の手続', 'の公表', 'の保存']) + '）', paragraphs}
  }
  statute(): GenStatute {
    return {
      chapters: Array.from({length: this.int(1, 3)}, () => ({title: this.pick(nouns) + this.pick(['総則', '手続', '雑則', '補則']), articles: Array.from({length: this.int(1, 4)}, () => this.article())})),
      supplementary: ['この条例は、公布の日から施行する。', ...(this.chance(0.4) ? ['この条例の施行の際現に' + this.phrase() + 'は、従前の例による。'] : [])]
    }
  }
  edit(text: string): string {
    const kind = this.int(0, 2)
    const noun = this.pick(nouns)
    const at = text.indexOf(this.pick(nouns))
    if (kind === 0) return at >= 0 ? text.replace(/^(.*?)(実施機関|公文書|開示請求|個人情報|市長|教育委員会|審査会|職員|事業者|申請者|行政指導|処分|届出|情報資産|記録)/, '$1' + noun) : text + noun
    if (kind === 1) return text.replace('ものとする', this.pick(['ものとする', 'なければならない', 'ことができる']))
    return text.replace('は、', 'は、' + this.pick(['遅滞なく、', '毎年度、', 'あらかじめ、']))
  }

  /** One to four random amendments of a copy. */
  amend(statute: GenStatute): {after: GenStatute; operations: string[]} {
    const after: GenStatute = structuredClone(statute)
    const operations: string[] = []
    const articles = () => after.chapters.flatMap((d) => d.articles)
    for (let i = 0, n = this.int(1, 4); i < n; i++) {
      const kind = this.pick([
        'insert-article', 'delete-article', 'rewrite-article', 'edit', 'insert-paragraph', 'delete-paragraph', 'insert-item', 'delete-item', 'retitle', 'chapter-title', 'insert-chapter', 'supplementary', 'edit-item'
      ] as const)
      const chapter = this.pick(after.chapters)
      const article = this.pick(articles())
      switch (kind) {
        case 'insert-article':
          chapter.articles.splice(this.int(0, chapter.articles.length), 0, this.article())
          break
        case 'delete-article':
          if (chapter.articles.length < 2) continue
          chapter.articles.splice(this.int(0, chapter.articles.length - 1), 1)
          break
        case 'rewrite-article': {
          const fresh = this.article()
          article.paragraphs = fresh.paragraphs
          break
        }
        case 'edit': {
          const paragraph = this.pick(article.paragraphs)
          paragraph.text = this.edit(paragraph.text)
          break
        }
        case 'insert-paragraph':
          article.paragraphs.splice(this.int(1, article.paragraphs.length), 0, {text: this.sentence(), items: this.chance(0.3) ? [{text: this.phrase(), subs: []}] : []})
          break
        case 'delete-paragraph':
          if (article.paragraphs.length < 2) continue
          article.paragraphs.splice(this.int(1, article.paragraphs.length - 1), 1)
          break
        case 'insert-item': {
          const paragraph = this.pick(article.paragraphs)
          paragraph.items.splice(this.int(0, paragraph.items.length), 0, {text: this.phrase() + this.pick(nouns), subs: []})
          break
        }
        case 'delete-item': {
          const paragraph = this.pick(article.paragraphs)
          if (paragraph.items.length === 0) continue
          paragraph.items.splice(this.int(0, paragraph.items.length - 1), 1)
          break
        }
        case 'edit-item': {
          const item = this.pick(article.paragraphs.flatMap((d) => d.items))
          if (!item) continue
          item.text = item.text + this.pick(['等', '（' + this.pick(nouns) + 'を含む。）'])
          break
        }
        case 'retitle':
          article.title = '（' + this.pick(nouns) + this.pick(['の定義', 'の責務', 'の手続', 'の公表', 'の保存', 'の届出']) + '）'
          break
        case 'chapter-title':
          chapter.title = chapter.title + this.pick(['等', 'の特例'])
          break
        case 'insert-chapter':
          after.chapters.splice(this.int(0, after.chapters.length), 0, {title: this.pick(nouns) + '手続等', articles: [this.article(), ...(this.chance(0.5) ? [this.article()] : [])]})
          break
        case 'supplementary':
          if (this.chance(0.5) || after.supplementary.length < 2) after.supplementary.push('前項の規定にかかわらず、' + this.sentence())
          else after.supplementary.splice(1, 1)
          break
      }
      operations.push(kind)
    }
    return {after, operations}
  }
}

/** A statute as the diff engine models it: chapters, articles (numbered through the law), 項 and 号 as blocks, イ as items; a 附則 of 項. */
export function statuteModel(statute: GenStatute): Section[] {
  const out: Section[] = []
  const block = (text: string, extra: Partial<Block> = {}): Block => ({kind: 'paragraph', text, markup: text, ...extra})
  let n = 0
  statute.chapters.forEach((chapter, c) => {
    const chapterId = 'ch' + (c + 1)
    out.push({id: chapterId, number: '第' + kanji(c + 1) + '章', title: chapter.title, level: 1, blocks: []})
    for (const article of chapter.articles) {
      n++
      const blocks: Block[] = []
      article.paragraphs.forEach((paragraph, p) => {
        blocks.push(block(p === 0 ? paragraph.text : fullWidth(p + 1) + '\u3000' + paragraph.text))
        paragraph.items.forEach((item, g) => {
          blocks.push(block(kanji(g + 1) + '\u3000' + item.text))
          item.subs.forEach((sub, s) => blocks.push(block('イロハニホ'[s] + '\u3000' + sub, {kind: 'item', number: 'イロハニホ'[s], depth: 0})))
        })
      })
      out.push({id: 'art' + n, number: '第' + kanji(n) + '条', title: article.title, level: 2, parent: chapterId, blocks})
    }
  })
  out.push({id: 'suppl', number: '附則', title: '', level: 1, blocks: statute.supplementary.map((text, i) => block(i === 0 ? text : fullWidth(i + 1) + '\u3000' + text))})
  return out
}
