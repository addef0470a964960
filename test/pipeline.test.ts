import type {Root} from 'mdast'
import {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import {describe, expect, it} from 'vitest'
import type {Audience} from '../src/access/audiences.js'
import {renderDocument} from '../src/edition/render-document.js'
import type {KaiteiRun, SectionInfo} from '../src/file-data.js'
import {createEditionProcessor, createPolicyProcessor, createPolicyValidator} from '../src/processor.js'

const audiences: Audience[] = [
  {name: 'public', label: '公開', includes: [], public: true, withheld: 'remove', notice: '（非公開）', clearance: ['public']},
  {name: 'staff', label: '庁内限定', includes: ['public'], public: false, withheld: 'remove', notice: '（非公開）', clearance: ['staff', 'public']}
]

async function render(markdown: string) {
  // The full text (no audience): markers are validated, nothing is withheld.
  const processor = createPolicyProcessor({audiences})
  const file = new VFile({path: 'docs/x.md', value: '---\ntitle: x\n---\n' + markdown})
  const tree = processor.parse(file) as Root
  const hast = await processor.run(tree, file)
  const html = String(processor.stringify(hast as never, file))
  const sections: SectionInfo[] = file.data.kaitei?.sections ?? []
  return {
    html,
    ids: sections.map((d) => d.id),
    sections,
    messages: file.messages.map(
      (d) =>
        d.line + ':' + d.column + ' ' + d.reason + ' [' + d.ruleId + ']' + (d.fatal ? '' : ' (warning)') +
        (d.cause instanceof VFileMessage ? ' ← ' + d.cause.line + ':' + d.cause.column + ' ' + d.cause.reason : '')
    ),
    search: file.data.kaitei?.search ?? []
  }
}

describe('section ids from the number path', () => {
  it('derives ids like ch2-5-1, p1 and c1', async () => {
    const {ids} = await render(
      [
        '# 第2章 対策基準',
        '## 5 情報資産の分類と管理方法',
        '### 5.1 情報資産の分類',
        '### 5.2 情報資産の管理',
        '- ① 台帳',
        '- ② 廃棄',
        '## 8 人的セキュリティ',
        '### 8.4 ID及びパスワード等の管理',
        '## 9 定義',
        '- (1) 管理区域  \n  本文',
        '  - ①ひとつ',
        '- (2) インシデント'
      ].join('\n\n')
    )
    expect(ids).toEqual([
      'ch2',
      'ch2-5',
      'ch2-5-1',
      'ch2-5-2',
      'ch2-5-2-c1',
      'ch2-5-2-c2',
      'ch2-8',
      'ch2-8-4',
      'ch2-9',
      'ch2-9-p1',
      'ch2-9-p1-c1',
      'ch2-9-p2'
    ])
  })

  it('keeps an anchor when a section is retitled', async () => {
    const before = await render('# 第1章 総則\n\n## 3 対象範囲\n')
    const after = await render('# 第1章 総則\n\n## 3 適用範囲\n')
    expect(after.ids).toEqual(before.ids)
    expect(after.html).toContain('id="ch1-3"')
  })

  it('lets an explicit {#id} win and removes it from the text', async () => {
    const {ids, html, sections} = await render('# 第1章 総則\n\n## 3 対象範囲 {#scope}\n')
    expect(ids).toEqual(['ch1', 'scope'])
    expect(html).toContain('<h3 id="scope"><span class="section-number">3</span> 対象範囲<a class="permalink" href="#scope"')
    expect(html).not.toContain('{#scope}')
    expect(sections[1]).toMatchObject({id: 'scope', explicitId: true, number: '3', title: '対象範囲'})
  })

  it('keeps numbers as written in the page', async () => {
    const {html} = await render('# 第1章 総則\n\n## 2 定義\n\n### （１） パソコン等\n\n- ①マイナンバー\n')
    expect(html).toContain('<h2 id="ch1"><span class="section-number">第1章</span> 総則')
    expect(html).toContain('<h4 id="ch1-2-p1"><span class="section-number">（１）</span> パソコン等')
    expect(html).toContain('<ul class="numbered-list">')
    expect(html).toContain('<li id="ch1-2-p1-c1" class="numbered">①マイナンバー</li>')
  })

  it('gives unnumbered sections an id from the title', async () => {
    const {ids} = await render('# 第1章 総則\n\n## 用語の説明\n')
    expect(ids).toEqual(['ch1', 'ch1-用語の説明'])
  })

  it('warns on a skipped number and fails on a duplicate id', async () => {
    const {messages} = await render('# 第1章 総則\n\n## 1 目的\n\n## 3 範囲\n\n## 3 重複\n\n### 4.1 違う親\n')
    expect(messages).toEqual([
      '8:1 Unexpected section number `3` after `1`, expected 2 [numbering-sequence] (warning)',
      '10:1 Unexpected section number `3` after `3`, expected 4 [numbering-sequence] (warning)',
      '10:1 Unexpected duplicate section id `ch1-3`, expected unique ids: renumber or add `{#id}` [duplicate-section-id] ← 8:1 the first section with id `ch1-3`',
      '12:1 Unexpected section number `4.1` under `3`, expected `3.…` [numbering-sequence] (warning)'
    ])
  })
})

describe('directives', () => {
  it('puts prose that looks like a text directive back as written', async () => {
    const {html, messages} = await render('# 第1章 総則\n\n受付は10:30まで。注意:以下を参照。Note:this.\n')
    expect(html).toContain('<p>受付は10:30まで。注意:以下を参照。Note:this.</p>')
    expect(messages).toEqual([])
  })

  it('reports an unclosed container directive where it opens', async () => {
    const {messages} = await render('# 第1章 総則\n\n:::access{audience=staff}\n本文\n\n## 1 目的\n')
    expect(messages).toEqual([
      '6:1 Unexpected end of file inside `:::access` opened here, expected a closing `:::` [unclosed-directive]'
    ])
  })

  it('accepts a closed access block', async () => {
    const {messages, html} = await render('# 第1章 総則\n\n:::access{audience=staff}\n本文\n:::\n')
    expect(messages).toEqual([])
    expect(html).toContain('<div class="access-block" data-audience="staff"><p class="access-label">庁内限定</p><p>本文</p></div>')
  })

  it('rejects unknown block directives', async () => {
    const {messages} = await render('# 第1章 総則\n\n:::secret\n本文\n:::\n')
    expect(messages).toEqual(['6:1 Unexpected unknown directive `:::secret`, expected one of `:::access` [unknown-directive]'])
  })
})

describe('resources', () => {
  it('warns about images from the network, with their position', async () => {
    const {messages} = await render('# 第1章 総則\n\n![図](https://example.jp/a.png) と ![図][b]\n\n![図](images/local.png)\n\n[b]: //cdn.example.jp/b.png\n')
    expect(messages).toEqual([
      '6:1 Unexpected remote image `https://example.jp/a.png`, expected a file in the repository (editions must work without a network) [remote-resource] (warning)',
      '6:34 Unexpected remote image `//cdn.example.jp/b.png`, expected a file in the repository (editions must work without a network) [remote-resource] (warning)',
      // Nor is a file of the repository shipped with the edition (yet): said, not left to surprise.
      '8:1 Unexpected image `images/local.png`, a file the edition does not include, expected a picture the edition can show (an image of the repository is not copied into it) [link-file] (warning)'
    ])
  })
})

describe('sanitizing raw HTML', () => {
  it('removes scripts, event handlers and javascript: URLs', async () => {
    const {html} = await render(
      [
        '# 第1章 総則',
        '<script>alert("x")</script>',
        '<img src="x.png" onerror="alert(1)" alt="図">',
        '[リンク](javascript:alert(1)) と <a href="javascript:alert(2)">生HTML</a>',
        '<div onclick="alert(3)" style="color:red">div</div>',
        '<iframe src="https://example.com"></iframe>',
        '<p class="edition-banner">公開</p>'
      ].join('\n\n')
    )
    expect(html).not.toMatch(/<script|alert\(|onerror|onclick|javascript:|<iframe|style=|edition-banner/i)
    expect(html).toContain('<img src="x.png" alt="図">')
    expect(html).toContain('<a>生HTML</a>')
  })

  it('keeps harmless inline HTML such as <br> and <sup>', async () => {
    const {html} = await render('# 第1章 総則\n\n一行目<br>二行目<sup>注</sup>\n')
    expect(html).toContain('<p>一行目<br>二行目<sup>注</sup></p>')
  })
})

describe('search text', () => {
  it('collects each section text, blocks separated', async () => {
    const {search} = await render('# 第1章 総則\n\n## 8 対策\n\n- ①多要素認証の導入\n- ②通信経路の分割\n\n| a | b |\n|---|---|\n| 表1 | 表2 |\n')
    expect(search).toEqual([
      {id: 'ch1', number: '第1章', title: '総則', text: ''},
      {id: 'ch1-8', number: '8', title: '対策', text: '①多要素認証の導入 ②通信経路の分割 a b 表1 表2'}
    ])
  })
})

describe('one processor, many runs', () => {
  const text = '---\ntitle: x\n---\n# 第1章 総則\n\n## 1 目的\n\n:::access{audience=staff}\n## 2 内部[^n]\n\n庁内の手順。\n:::\n\n## 4 範囲\n\n[^n]: 注記\n'

  it('reads the audience, footnote prefix and 「改正」 markers of each run from the file', async () => {
    const processor = createPolicyProcessor({audiences})
    const run = async (kaitei: KaiteiRun) => {
      const file = new VFile({path: 'docs/x.md', value: text, data: {kaitei: {sections: [], run: kaitei}}})
      return {html: String(await processor.process(file)), file}
    }
    const pub = await run({audience: audiences[0], footnotePrefix: 'd0-', amended: {'ch1-1': '改正 令和8年3月25日'}})
    const staff = await run({audience: audiences[1], footnotePrefix: 'd1-'})
    expect(pub.html).not.toContain('庁内の手順')
    expect(pub.html).toContain('<span class="amended">改正 令和8年3月25日</span>')
    expect(pub.file.data.kaitei?.withheld?.map((d) => d.text)).toContain('庁内の手順。')
    expect(staff.html).toContain('庁内の手順')
    expect(staff.html).toContain('id="d1-fn-n"')
    expect(staff.html).toContain('id="d1-footnote-label"')
    expect(staff.html).not.toContain('class="amended"')
    // The same processor, the full text: nothing withheld, every marker labelled.
    const full = await run({})
    expect(full.html).toContain('<p class="access-label">庁内限定</p>')
    expect(full.file.data.kaitei?.withheld).toEqual([])
  })

  it('validates a file once for all its editions', async () => {
    const rendered = await renderDocument({source: 'docs/x.md', path: '/p/docs/x.md', index: 0, text}, audiences, {lang: 'ja', allAudiences: audiences})
    // One numbering warning (4 after 2), not one per edition.
    expect(rendered.messages.map((d) => d.line + ':' + d.column + ' [' + d.ruleId + ']')).toEqual(['14:1 [numbering-sequence]'])
    expect(rendered.editions.map((d) => d.sections.map((s) => s.id))).toEqual([
      ['ch1', 'ch1-1', 'ch1-4'],
      ['ch1', 'ch1-1', 'ch1-2', 'ch1-4']
    ])
  })

  it('splits the stages: a validated tree renders any edition without being validated again', async () => {
    const options = {audiences}
    const validator = createPolicyValidator(options)
    const file = new VFile({path: 'docs/x.md', value: text.replace('## 4', '## 3')})
    const tree = await validator.run(validator.parse(file), file)
    expect(file.messages).toEqual([])
    const edition = createEditionProcessor(options)
    const editionFile = new VFile({path: 'docs/x.md', value: file.value, data: {kaitei: {...file.data.kaitei!, run: {audience: audiences[0]}}}})
    const html = edition.stringify((await edition.run(tree, editionFile)) as never, editionFile)
    expect(html).toContain('目的')
    expect(html).not.toContain('庁内の手順')
    expect(editionFile.messages).toEqual([])
  })
})
