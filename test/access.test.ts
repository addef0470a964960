/**
 * Access control: markers, modes, definitions, history, ids, and the errors
 * `kaitei check` reports for bad markers.
 */
import path from 'node:path'
import {VFileMessage} from 'vfile-message'
import {beforeAll, describe, expect, it} from 'vitest'
import {parseConfig} from '../src/config/load-config.js'
import {renderEdition, type Edition} from '../src/edition/render-edition.js'
import {loadPublication, loadPublicationFromText} from '../src/publication.js'
import {fixtures} from './helpers.js'

const editions: Record<string, Edition> = {}

beforeAll(async () => {
  const publication = await loadPublication(path.join(fixtures, 'access', 'kaitei.yaml'))
  for (const name of ['public', 'staff', 'security']) editions[name] = await renderEdition(publication, {audience: name, print: true})
})

const body = (name: string) => editions[name]!.html.slice(editions[name]!.html.indexOf('<article'))
const ids = (name: string) => editions[name]!.sections.map((d) => d.id)

describe('audiences', () => {
  it('resolves inclusion: public ⊂ staff ⊂ security', () => {
    const {config} = parseConfig(
      'id: p\ntitle: T\nowner: O\nsources: [a.md]\naudiences:\n  - {name: public, label: 公開}\n  - {name: staff, label: 庁内, includes: public}\n  - {name: security, label: 担当, includes: [staff]}\n',
      '/p/kaitei.yaml'
    )
    expect(config?.audiences.map((d) => [d.name, d.clearance])).toEqual([
      ['public', ['public']],
      ['staff', ['staff', 'public']],
      ['security', ['security', 'staff', 'public']]
    ])
  })

  it('reports unknown audiences in includes and cycles', () => {
    const problems = (yaml: string) =>
      parseConfig('id: p\ntitle: T\nowner: O\nsources: [a.md]\naudiences:\n' + yaml, '/p/kaitei.yaml').file.messages.map(
        (d) => d.line + ':' + d.column + ' ' + d.reason + ' [' + d.ruleId + ']'
      )
    expect(problems('  - {name: staff, label: 庁内, includes: pubic}\n')).toEqual([
      '6:40 Unexpected audience `pubic` in `includes`, expected one of staff [access-audience]'
    ])
    expect(problems('  - {name: a, label: A, includes: b}\n  - {name: b, label: B, includes: a}\n')).toEqual([
      '6:35 Unexpected cycle in `includes`: a → b → a, expected an order such as public ⊂ staff ⊂ security [access-audience]',
      '7:35 Unexpected cycle in `includes`: b → a → b, expected an order such as public ⊂ staff ⊂ security [access-audience]'
    ])
    expect(problems('  - {name: staff, label: 庁内}\n').length).toBe(0)
  })
})

describe('redaction by audience', () => {
  it('withholds blocks and spans the audience may not see', () => {
    expect(body('public')).not.toContain('内線九九九九番')
    expect(body('public')).not.toContain('第二庁舎地下書庫')
    expect(body('staff')).toContain('第二庁舎地下書庫')
    expect(body('staff')).not.toContain('内線九九九九番')
    expect(body('security')).toContain('夜間の緊急連絡先は内線九九九九番の当番者とする。')
  })

  it('shows a notice or nothing, as the audience asks', () => {
    // public: withheld: remove (the default)
    expect(body('public')).toContain('<p>平日の連絡先は情報政策課とする。</p>\n<h3 id="ch1-3">')
    expect(body('public')).toContain('記録は五年間保存する<sup>')
    // staff: withheld: notice
    expect(body('staff')).toContain('<p>平日の連絡先は情報政策課とする。</p>\n<p class="withheld-notice">（非公開）</p>')
  })

  it('keeps headings of a file marked `withheld: headings`, with notices for bodies', () => {
    expect(body('public')).toContain('<h3 id="ch2-1"><span class="section-number">1</span> パスワード')
    expect(body('public')).not.toContain('十四文字以上')
    expect(ids('public')).toEqual(['ch1', 'ch1-1', 'ch1-2', 'ch1-3', 'ch1-5', 'ch2', 'ch2-1', 'ch2-2'])
  })

  it('keeps ids and numbers of the full document', () => {
    expect(ids('staff')).toEqual(['ch1', 'ch1-1', 'ch1-2', 'ch1-3', 'ch1-4', 'ch1-4-1', 'ch1-5', 'ch2', 'ch2-1', 'ch2-2'])
    // 5 stays 5 in public although 4 is withheld.
    expect(body('public')).toContain('<h3 id="ch1-5"><span class="section-number">5</span> 見直し')
  })

  it('drops footnote and link definitions used only by withheld content', () => {
    expect(body('public')).toContain('保存期間は文書管理規程による。')
    expect(body('public')).not.toContain('様式は庁内ポータルから取得する。')
    expect(editions.public!.html).not.toContain('intra.example.jp')
    expect(body('staff')).toContain('様式は庁内ポータルから取得する。')
    expect(body('staff')).toContain('href="https://intra.example.jp/forms/procedure-a"')
  })

  it('filters the amendment history and its summaries', () => {
    const history = (name: string) => editions[name]!.html.slice(editions[name]!.html.indexOf('<ol class="amendment-list">'), editions[name]!.html.indexOf('</section>'))
    expect(history('public')).toContain('令和7年4月1日')
    expect(history('public')).not.toContain('庁内向けの改定理由')
    expect(history('public')).not.toContain('令和7年10月1日')
    expect(history('staff')).toContain('庁内向けの改定理由')
    expect(history('staff')).not.toContain('担当者向けの改定')
    expect(history('security')).toContain('<time datetime="2025-10-01">令和7年10月1日</time> <span class="amendment-type">一部改定</span> <span class="amendment-summary">担当者向けの改定</span>')
  })

  it('lists only visible sources and sections', () => {
    const manifest = (name: string) => JSON.parse(editions[name]!.files.find((d) => d.path === 'manifest.json')!.content as string)
    expect(manifest('public').sources).toEqual([{path: 'docs/01-general.md', title: '第1章 総則'}])
    expect(manifest('staff').sources.map((d: {path: string}) => d.path)).toEqual(['docs/01-general.md', 'docs/02-standards.md'])
    expect(editions.public!.searchIndex.map((d) => d.id)).toEqual(ids('public'))
    expect(JSON.stringify(editions.public!.searchIndex)).not.toContain('申請は所属長を経由する')
  })
})

describe('marker errors', () => {
  async function check(markdown: string, frontMatter = '') {
    const config =
      'id: p\ntitle: T\nowner: O\nsources: [docs/a.md]\naudiences:\n  - {name: public, label: 公開}\n  - {name: staff, label: 庁内, includes: public}\n  - {name: security, label: 担当, includes: staff}\n'
    const publication = await loadPublicationFromText(config, '/p/kaitei.yaml', {
      readSource: async () => '---\ntitle: 第1章\n' + frontMatter + '---\n\n# 第1章 総則\n\n' + markdown + '\n'
    })
    const edition = await renderEdition(publication, {audience: 'public'})
    return {
      messages: edition.messages.map((d) => d.line + ':' + d.column + ' ' + d.reason + ' [' + d.ruleId + ']'),
      html: edition.html
    }
  }

  it('rejects an unknown audience, at its position', async () => {
    expect((await check(':::access{audience=secret}\n本文\n:::')).messages).toEqual([
      '7:1 Unexpected audience `secret`, expected one of public, staff, security [access-audience]'
    ])
    expect((await check('文:access[秘]{audience=secrets}。')).messages).toEqual([
      '7:2 Unexpected audience `secrets`, expected one of public, staff, security [access-audience]'
    ])
    expect((await check('本文', 'access: secret\n')).messages).toEqual([
      '3:9 Unexpected audience `secret` in front matter `access`, expected one of public, staff, security [access-audience]'
    ])
  })

  it('rejects a looser block inside a stricter one, and points at the stricter one', async () => {
    // A stricter block inside a looser one is fine (the outer fence is longer).
    expect((await check('::::access{audience=staff}\n外\n\n:::access{audience=security}\n内\n:::\n::::')).messages).toEqual([])
    expect((await check('::::access{audience=security}\n外\n\n:::access{audience=staff}\n内\n:::\n::::')).messages).toEqual([
      '10:1 Unexpected looser audience `staff` inside content for `security`, expected `security` or a stricter audience (an inner block cannot show more than its outer one) [access-nesting]'
    ])
    expect((await check(':access[内]{audience=public}', 'access: security\n')).messages).toEqual([
      '8:1 Unexpected looser audience `public` inside content for `security`, expected `security` or a stricter audience (an inner block cannot show more than its outer one) [access-nesting]'
    ])
    // The related place (`cause`, printed as a note): the block it stands in, or the front matter.
    const causes = async (markdown: string, frontMatter = '') => {
      const config = 'id: p\ntitle: T\nowner: O\nsources: [docs/a.md]\naudiences:\n  - {name: public, label: 公開}\n  - {name: staff, label: 庁内, includes: public}\n  - {name: security, label: 担当, includes: staff}\n'
      const publication = await loadPublicationFromText(config, '/p/kaitei.yaml', {
        readSource: async () => '---\ntitle: 第1章\n' + frontMatter + '---\n\n# 第1章 総則\n\n' + markdown + '\n'
      })
      const edition = await renderEdition(publication, {audience: 'public'})
      return edition.messages.map((d) => (d.cause instanceof VFileMessage ? d.cause.file + ':' + d.cause.line + ':' + d.cause.column + ' ' + d.cause.reason : undefined))
    }
    expect(await causes('::::access{audience=security}\n外\n\n:::access{audience=staff}\n内\n:::\n::::')).toEqual(['/p/docs/a.md:7:1 the content for `security` it stands in'])
    expect(await causes(':access[内]{audience=public}', 'access: security\n')).toEqual(['/p/docs/a.md:3:9 the front matter that makes the file for `security`'])
  })

  it('rejects missing audiences and unknown attributes or modes', async () => {
    expect((await check(':::access\n本文\n:::')).messages).toEqual([
      '7:1 Missing `audience` on `access`, expected `{audience=staff}` [access-audience]'
    ])
    expect((await check(':::access{audience=staff level=2 withheld=hide}\n本文\n:::')).messages).toEqual([
      '7:1 Unexpected attribute `level` on `access`, expected audience, withheld or note [access-attribute]',
      '7:1 Unexpected withheld mode `hide`, expected one of remove, notice, headings [access-attribute]'
    ])
  })

  it('rejects a subsection left outside the block of its withheld section', async () => {
    const {messages} = await check(':::access{audience=staff}\n## 6 庁内\n\n本文\n:::\n\n### 6.1 続き\n\n本文')
    expect(messages).toEqual(['13:1 Unexpected section `6.1` outside the access block of the section it belongs to, expected it inside the same block [access-structure]'])
  })

  it('fails closed: a file whose front matter is invalid is withheld from every edition', async () => {
    const {messages, html} = await check('## 1 秘密の節\n\n秘密の本文', 'access: [staff\n')
    expect(messages[0]).toMatch(/Unexpected YAML syntax/)
    expect(html).not.toContain('秘密の本文')
  })

  it('applies a per-block mode', async () => {
    const {html} = await check(':::access{audience=staff withheld=notice}\n本文\n:::\n\n:::access{audience=staff withheld=headings}\n## 2 見出しだけ\n\n隠す本文\n:::')
    expect(html).toContain('<p class="withheld-notice">（非公開）</p>\n<h3 id="ch1-2"><span class="section-number">2</span> 見出しだけ')
    expect(html).not.toContain('隠す本文')
  })
})

describe('monotonic editions', () => {
  async function render(markdown: string, modes: {public: string; staff: string}, frontMatter = '') {
    const config =
      'id: p\ntitle: T\nowner: O\nsources: [docs/a.md]\naudiences:\n' +
      `  - {name: public, label: 公開, withheld: ${modes.public}}\n` +
      `  - {name: staff, label: 庁内, includes: public, withheld: ${modes.staff}}\n` +
      '  - {name: security, label: 担当, includes: staff}\n'
    const publication = await loadPublicationFromText(config, '/p/kaitei.yaml', {
      readSource: async () => '---\ntitle: 第1章\n' + frontMatter + '---\n\n# 第1章 総則\n\n' + markdown + '\n'
    })
    const out: Record<string, string[]> = {}
    for (const name of ['public', 'staff', 'security']) out[name] = (await renderEdition(publication, {audience: name})).sections.map((d) => d.id)
    return out
  }

  it('a security block inside a staff block shows its headings to public only if staff shows them too', async () => {
    const nested = '::::access{audience=staff}\n## 2 庁内\n\n本文。\n\n:::access{audience=security}\n### 2.1 担当\n\n秘密。\n:::\n::::'
    expect(await render(nested, {public: 'headings', staff: 'notice'})).toEqual({
      public: ['ch1', 'ch1-2'],
      staff: ['ch1', 'ch1-2'],
      security: ['ch1', 'ch1-2', 'ch1-2-1']
    })
    expect((await render(nested, {public: 'headings', staff: 'headings'})).public).toEqual(['ch1', 'ch1-2', 'ch1-2-1'])
  })

  it('a security-only file: public shows its headings only if staff does', async () => {
    const file = '## 1 手順\n\n秘密。'
    expect(await render(file, {public: 'headings', staff: 'notice'}, 'access: security\n')).toEqual({public: [], staff: [], security: ['ch1', 'ch1-1']})
    expect((await render(file, {public: 'headings', staff: 'headings'}, 'access: security\n')).public).toEqual(['ch1', 'ch1-1'])
    // A mode written on the content applies to every edition alike.
    expect(await render(file, {public: 'remove', staff: 'remove'}, 'access: security\nwithheld: headings\n')).toEqual({
      public: ['ch1', 'ch1-1'],
      staff: ['ch1', 'ch1-1'],
      security: ['ch1', 'ch1-1']
    })
  })
})
