/**
 * The sectioned parser gives exactly the tree remark-parse gives for the
 * whole file (with remark-gfm, front matter and directives): same nodes,
 * same positions. Checked on thousands of generated documents built from
 * the constructs that could make a cut go wrong, on the sample, the
 * fixtures and the benchmark policy.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import type {Root} from 'mdast'
import {gfmFromMarkdown} from 'mdast-util-gfm'
import {gfm} from 'micromark-extension-gfm'
import remarkDirective from 'remark-directive'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import {unified, type Processor} from 'unified'
import {describe, expect, it} from 'vitest'
import {generatePolicy} from '../bench/generate-policy.js'
import {random} from '../bench/generate-policy.js'
import {cutSections, sectionCacheOf} from '../src/plugins/remark-policy-parse-sections.js'
import {KaiteiContext} from '../src/context.js'
import {parseInParallel} from '../src/edition/render-pool.js'
import {createPolicyParser} from '../src/processor.js'
import remarkPolicyGfm from '../src/plugins/remark-policy-gfm.js'
import remarkPolicyParseSections from '../src/plugins/remark-policy-parse-sections.js'
import {fixtures, repoRoot} from './helpers.js'

/** What remark-parse + remark-gfm + front matter + directives give for the whole file. */
const reference = unified()
  .use(remarkParse)
  .use(function (this: Processor) {
    const data = this.data()
    ;(data.micromarkExtensions ??= []).push(gfm())
    ;(data.fromMarkdownExtensions ??= []).push(gfmFromMarkdown())
  })
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkDirective)

const sectioned = (size?: number, cache?: ReturnType<typeof sectionCacheOf>) =>
  unified().use(remarkParse).use(remarkPolicyGfm).use(remarkFrontmatter, ['yaml']).use(remarkDirective).use(remarkPolicyParseSections, {size, cache})

const small = sectioned(40)
const standard = sectioned()

function same(text: string, processor = small) {
  const expected = reference.parse(text) as Root
  const actual = processor.parse(text) as Root
  expect(actual).toEqual(expected)
}

/** Blocks chosen to stress cuts: containers, lists, tables, lazy lines, broken fences. */
const pieces: Array<(pick: () => number) => string> = [
  (pick) => '#'.repeat(1 + Math.floor(pick() * 3)) + ' 第' + Math.floor(pick() * 9) + '章 見出し',
  () => '本市は、情報資産を適切に管理する。|区切り| と [x] と ~~削除~~ と a@b.jp と www.example.jp と http://x.jp',
  () => 'English text with *emphasis*, **strong**, `code`, and :access[span]{audience=staff}.',
  () => '- ①項目\n- ②項目\n  - 入れ子\n続く行（怠惰な継続）',
  () => '1. one\n2. two\n\n   after blank',
  () => '- [ ] task\n- [x] done',
  () => '> 引用\n> 続き\n怠惰な継続',
  () => '| 区分 | 内容 |\n| --- | --- |\n| 1 | 2 |',
  () => '見出し行\n:-\n本体',
  () => ':::access{audience=staff}\n内側の段落\n\n# 内側の見出し\n\n:::',
  () => '::::access{audience=staff}\n:::note\n# 入れ子の見出し\n:::\n\n# まだ外側\n\n::::',
  () => ':::access{audience=staff}\n# 閉じない容器',
  () => ':::access{audience=}\n壊れた属性\n\n# 見出し\n\n:::',
  () => ':::\n余った閉じ\n\n# 見出し',
  () => '#ハッシュタグ',
  () => '\\# エスケープ',
  () => '    # 字下げコード',
  () => '設定見出し\n===',
  () => '---',
  () => '',
  // Definitions apply to the whole file: references in one section, definitions in another.
  (pick) => '参照は[定義' + Math.floor(pick() * 3) + ']と[文書][定義' + Math.floor(pick() * 3) + ']と[定義 ' + Math.floor(pick() * 3) + '][]と脚注[^' + Math.floor(pick() * 3) + ']。',
  (pick) => '[定義' + Math.floor(pick() * 3) + ']: http://example.jp/' + Math.floor(pick() * 9) + ' "題"',
  (pick) => '[^' + Math.floor(pick() * 3) + ']: 脚注の本文\n\n    続きの段落',
  (pick) => '  [DEF' + Math.floor(pick() * 2) + ']: <http://example.jp/x>\n[^a' + Math.floor(pick() * 2) + ']: 脚注 [def' + Math.floor(pick() * 2) + ']'
]

/** Blocks after which the file must be parsed whole (rarer, so that most documents are cut). */
const wholePieces: Array<(pick: () => number) => string> = [
  // An opening fence that might not open (broken attributes; after a table
  // row, a list item, a paragraph line), then a longer container whose
  // shorter closing fence would fool a tracker that took the first for real.
  ...[':::access{audience=}', '| a |\n| - |\n:::access{audience=staff}', '- 箇条\n:::access{audience=staff}', '段落\n:::access{audience=staff}'].map(
    (first) => () => first + '\n\n::::note\n\n# 中\n\n:::\n\n# 中の二\n\n本文\n\n::::'
  ),
  () => '表の直後\n| a | b |\n| - | - |\n:::access{audience=staff}\n# 見出し',
  () => '段落の直後\n:::access{audience=staff}\n# 中\n:::',
  () => '- 箇条\n:::access{audience=staff}\n\n# 中\n\n:::',
  () => '```\n# コードの中\n:::access{audience=staff}\n```',
  () => '~~~\n# 閉じないコード',
  () => '<div>\n# HTMLの中\n</div>',
  () => '<!--\n\n# コメントの中\n\n-->',
  () => '[定義]: http://example.jp\n\n[定義]を参照',
  () => '脚注[^1]を付ける。\n\n[^1]: 脚注の本文\n\n    # 脚注の続き',
  () => '  - :::access{audience=staff}\n    中',
  () => '> :::access{audience=staff}\n> # 中'
]

export function generate(seed: number): string {
  const pick = random(seed)
  const blocks: string[] = []
  if (pick() < 0.3) blocks.push(pick() < 0.8 ? '---\ntitle: 表題\n\n# コメント\n---' : '---\ntitle: 閉じない')
  const count = 3 + Math.floor(pick() * 14)
  for (let i = 0; i < count; i++) {
    if (pick() < 0.4) blocks.push(pieces[0]!(pick))
    const from = pick() < 0.02 ? wholePieces : pieces
    blocks.push(from[Math.floor(pick() * from.length)]!(pick))
  }
  let text = ''
  for (const block of blocks) text += block + (pick() < 0.85 ? '\n\n' : '\n')
  if (pick() < 0.15) text = text.replace(/\n/g, '\r\n')
  if (pick() < 0.1) text = text.trimEnd()
  return text
}

describe('the sectioned parser', () => {
  it('gives the whole-file tree for 2,000 generated documents, cutting where it may', () => {
    let cut = 0
    for (let seed = 1; seed <= 2000; seed++) {
      const text = generate(seed)
      if (cutSections(text, 40, () => true).length > 1) cut++
      const expected = reference.parse(text) as Root
      const actual = small.parse(text) as Root
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        // Show the document that failed, then the difference.
        expect({seed, text, tree: actual}).toEqual({seed, text, tree: expected})
      }
    }
    // The generator exercises cutting, not only the fallbacks.
    expect(cut).toBeGreaterThan(800)
  })

  it('cuts before headings only outside containers, and not at all where a cut could change the tree', () => {
    const body = 'あ'.repeat(50)
    const sections = (text: string) => cutSections(text, 40, () => true).map((d) => text.slice(d.offset, d.end))
    expect(sections(`# 一\n\n${body}\n\n# 二\n\n${body}\n`)).toEqual([`# 一\n\n${body}\n\n`, `# 二\n\n${body}\n`])
    expect(sections(`# 一\n\n${body}\n\n:::access{audience=staff}\n\n# 二\n\n${body}\n:::\n`)).toHaveLength(1)
    // Plain definition lines do not stop cuts (stand-ins resolve references across sections); others do.
    expect(sections(`# 一\n\n${body}\n\n# 二\n\n${body}\n\n[a]: http://example.jp\n`).length).toBeGreaterThan(1)
    expect(sections(`# 一\n\n${body}\n\n# 二\n\n${body}\n\n> [a]: http://example.jp\n`)).toHaveLength(1)
    expect(sections(`# 一\n\n${body} [a]: b\n\n# 二\n\n${body}\n`)).toHaveLength(1)
    expect(sections(`# 一\n\n${body}\n\n\`\`\`\n\n# 二\n\n${body}\n`)).toHaveLength(1)
    expect(sections(`# 一\n\n${body}\n\n<div>\n\n# 二\n\n${body}\n`)).toHaveLength(1)
    // A heading right after a paragraph line is not a cut (the line before must be blank).
    expect(sections(`# 一\n\n${body}\n# 二\n\n${body}\n`).some((d) => d.startsWith('# 二'))).toBe(false)
    // Paragraphs and footnote definitions under one heading are cut too, but never inside a list.
    expect(sections(`# 一\n\n${body}\n\n${body}\n\n[^1]: ${body}\n`)).toEqual([`# 一\n\n${body}\n\n`, `${body}\n\n`, `[^1]: ${body}\n`])
    expect(sections(`- ${body}\n\n- ${body}\n\n  ${body}\n`)).toHaveLength(1)
  })

  it('gives the whole-file tree for the sample policy and the fixtures', async () => {
    const files: string[] = []
    for (const dir of [path.join(repoRoot, 'docs'), ...(await fs.readdir(fixtures)).map((d) => path.join(fixtures, d, 'docs'))]) {
      const names = await fs.readdir(dir).catch(() => [])
      for (const name of names) if (name.endsWith('.md')) files.push(path.join(dir, name))
    }
    expect(files.length).toBeGreaterThan(10)
    for (const file of files) {
      const text = await fs.readFile(file, 'utf8')
      same(text)
      same(text, standard)
    }
  })

  it('gives the whole-file tree for the 1 MB benchmark policy, cut into many sections', () => {
    for (const access of [false, true]) {
      for (const chapter of generatePolicy(1_000_000, 20260325, access)) {
        expect(cutSections(chapter.text, 4000, () => true).length).toBeGreaterThan(5)
        same(chapter.text, standard)
      }
    }
  })

  it('in pieces on several threads, put together: the whole-file tree for 1,000 generated documents and the 1 MB policy', async () => {
    // The pieces parsed here, as a worker would parse them (the worker runs the same parser).
    const parser = createPolicyParser({lang: 'ja'})
    const elsewhere = async (texts: string[]) => texts.map((text) => JSON.parse(JSON.stringify(parser.parse(text))) as Root)
    let pieces = 0
    for (let seed = 1; seed <= 1000; seed++) {
      const text = generate(seed)
      const tree = await parseInParallel(text, 1 + (seed % 4), 'ja', {parseElsewhere: elsewhere, size: 40})
      if (!tree) continue
      pieces++
      if (JSON.stringify(tree) !== JSON.stringify(reference.parse(text))) expect({seed, text, tree}).toEqual({seed, text, tree: reference.parse(text)})
    }
    expect(pieces).toBeGreaterThan(300)
    for (const chapter of generatePolicy(1_000_000, 20260325, true).slice(0, 4)) {
      expect(await parseInParallel(chapter.text, 3, 'ja', {parseElsewhere: elsewhere})).toEqual(reference.parse(chapter.text))
    }
  })

  it('parses only the sections that changed when given a cache, and gives the same trees', () => {
    const cache = sectionCacheOf(new KaiteiContext())
    let lookups = 0
    let hits = 0
    const counting = {
      get(text: string) {
        lookups++
        const tree = cache.get(text)
        if (tree) hits++
        return tree
      },
      set: cache.set
    }
    const processor = sectioned(1000, counting)
    const [chapter] = generatePolicy(200_000, 7)
    const old = chapter!.text
    const first = processor.parse(old) as Root
    expect(first).toEqual(reference.parse(old))
    const sections = lookups
    expect(sections).toBeGreaterThan(10)
    // The caller may change what it gets: the cache keeps its own copy.
    first.children.length = 0
    // One word changed near the end: every section before it comes from the cache.
    const at = old.lastIndexOf('管理')
    const next = old.slice(0, at) + '保全' + old.slice(at + 2)
    lookups = 0
    expect(processor.parse(next)).toEqual(reference.parse(next))
    expect(hits).toBe(sections - 1)
    expect(processor.parse(old)).toEqual(reference.parse(old))
  })
})
