/**
 * Pages as trees: templates with slots, the page shell, the print page only
 * when wanted, and fonts from the text a folder holds.
 */
import type {Element, Root} from 'hast'
import {h} from 'hastscript'
import {describe, expect, it} from 'vitest'
import {assembleEdition, renderEdition, renderEditions} from '../src/edition/render-edition.js'
import {block, lines, sanitized, serialize} from '../src/page/html.js'
import {forPrint} from '../src/page/print-page.js'
import {labelsFor} from '../src/labels.js'
import {ensureCsp, pageShell} from '../src/page/shell.js'
import {fillTemplate} from '../src/page/template.js'
import {loadPublicationFromText} from '../src/publication.js'

const find = (tree: Root | Element, tagName: string): Element[] =>
  tree.children.flatMap((d) => (d.type === 'element' ? [...(d.tagName === tagName ? [d] : []), ...find(d, tagName)] : []))

describe('theme templates', () => {
  const template = '<!doctype html>\n<html lang="{{lang}}">\n<head>\n<meta charset="utf-8">\n{{{csp}}}\n<title>{{title}}</title>\n<style>\n{{{rules}}}\n</style>\n</head>\n<body>\n<h1 title="{{title}}">{{title}}</h1>\n{{{content}}}\n</body>\n</html>\n'

  it('fills text slots as text, in text and in attributes, whatever they hold', () => {
    const html = serialize(fillTemplate(template, {lang: 'ja', title: '<script>alert("x")</script> & 規程'}))
    expect(html).toContain('<title>&#x3C;script>alert("x")&#x3C;/script> &#x26; 規程</title>')
    expect(html).toContain('<h1 title="<script>alert(&#x22;x&#x22;)</script> &#x26; 規程">&#x3C;script>')
    // No element was made of it: the page's only script-like text is escaped or inside an attribute.
    expect(html.replace(/title="[^"]*"/g, '')).not.toContain('<script>')
  })

  it('fills node slots with trees, in <head> too, and a slot in <style> with text', () => {
    const tree = fillTemplate(template, {
      lang: 'en',
      csp: h('meta', {httpEquiv: 'Content-Security-Policy', content: "default-src 'none'"}),
      rules: '@page { size: A4 }',
      content: lines(h('p', 'one'), h('p', 'two'))
    })
    const head = find(tree, 'head')[0]!
    // The meta stays in <head> (a text slot there would have ended it).
    expect(find(head, 'meta').map((d) => String(d.properties.httpEquiv ?? d.properties.charSet))).toEqual(['utf-8', 'Content-Security-Policy'])
    expect(serialize(tree)).toContain('<style>\n@page { size: A4 }\n</style>')
    expect(serialize(tree)).toContain('<p>one</p>\n<p>two</p>')
    expect(serialize(tree)).toMatch(/^<!doctype html>\n<html lang="en">\n<head>/)
  })

  it('leaves an unfilled node slot out, and never changes the parsed template', () => {
    expect(serialize(fillTemplate(template, {title: 'a'}))).not.toContain('template')
    expect(serialize(fillTemplate(template, {title: 'b'}))).toContain('<h1 title="b">b</h1>')
  })

  it('gives a theme page without the CSP slot the policy, first in <head>', () => {
    const tree = ensureCsp(fillTemplate('<!doctype html><html><head><title>x</title></head><body></body></html>', {}))
    expect(serialize(tree)).toMatch(/<head>\n<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self';/)
  })
})

describe('the page shell', () => {
  it('has the charset, CSP, viewport, title, noindex unless public, and the stylesheets', () => {
    const html = serialize(pageShell({lang: 'ja', title: '改定履歴', stylesheets: ['assets/kaitei.css'], bodyClass: 'diff-page'}, [h('main', 'x')]))
    expect(html).toBe(
      '<!doctype html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n' +
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'self\'; style-src \'self\'; img-src \'self\' data:; font-src \'self\'; media-src \'self\'; base-uri \'none\'; form-action \'none\'">\n' +
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>改定履歴</title>\n<meta name="robots" content="noindex, nofollow">\n' +
        '<link rel="stylesheet" href="assets/kaitei.css">\n</head>\n<body class="diff-page">\n<main>x</main>\n</body>\n</html>\n'
    )
    expect(serialize(pageShell({lang: 'en', title: 't', indexable: true, stylesheets: []}, []))).not.toContain('robots')
  })

  it('keeps sanitized policy HTML as it is and escapes everything else', () => {
    const html = serialize({type: 'root', children: [h('div', block(sanitized('<p>本文<br>二行目</p>'), h('p', '<b>'))) as Element]})
    expect(html).toBe('<div>\n<p>本文<br>二行目</p>\n<p>&#x3C;b></p>\n</div>')
  })
})

describe('an edition', () => {
  const config = 'id: p\ntitle: 規程\nowner: 市\nsources: [docs/a.md]\naudiences:\n  - {name: public, label: 公開}\n'
  const load = (text: string) => loadPublicationFromText(config, '/p/kaitei.yaml', {readSource: async () => '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n' + text + '\n'})

  it('renders every audience from one validation: the file\'s problems once, each edition redacted', async () => {
    const twoAudiences = config.replace('audiences:\n  - {name: public, label: 公開}\n', 'audiences:\n  - {name: public, label: 公開}\n  - {name: staff, label: 庁内, includes: [public]}\n')
    const publication = await loadPublicationFromText(twoAudiences, '/p/kaitei.yaml', {
      readSource: async () => '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n![図](https://example.com/a.png)\n\n[壊れた](#nowhere)\n\n:::access{audience=staff}\n庁内だけの文。\n:::\n'
    })
    const {editions, messages} = await renderEditions(publication, publication.config.audiences)
    expect(editions.map((d) => d.audience.name)).toEqual(['public', 'staff'])
    expect(editions[0]!.html).not.toContain('庁内だけの文')
    expect(editions[1]!.html).toContain('庁内だけの文')
    // A problem of the text (a network image) once; a problem of an edition's page (a link that lands nowhere) on each edition.
    expect(messages.map((d) => d.ruleId)).toEqual(['remote-resource'])
    for (const edition of editions) expect(edition.messages.map((d) => d.ruleId)).toEqual(['link-anchor'])
  })

  it('builds its print page only when its PDF is wanted', async () => {
    const publication = await load('本文。')
    expect((await renderEdition(publication)).printHtml).toBeUndefined()
    expect((await renderEdition(publication, {print: true})).printHtml).toContain('<nav class="print-toc"')
  })

  it('ships the font subsets its folder\'s text needs, the pages written beside it included', async () => {
    const fonts = (edition: {files: Array<{path: string}>}) => edition.files.filter((d) => d.path.startsWith('assets/fonts/')).map((d) => d.path)
    const publication = await load('本文。')
    const plain = await renderEdition(publication)
    // Cyrillic is in no page of the edition: no subset for it, until a page beside it holds it.
    const edition = plain
    const withPage = await assembleEdition(publication.config, publication.config.audiences[0]!, edition.documents, {pages: ['<p>Жизнь</p>']})
    const added = fonts(withPage).filter((d) => !fonts(plain).includes(d))
    expect(added.length).toBeGreaterThan(0)
    expect(fonts(plain).every((d) => fonts(withPage).includes(d))).toBe(true)
  })
})

describe('the policy HTML as the PDF shows it', () => {
  it('moves a heading\'s 「改定」 marker below it (Chromium makes bookmarks from the heading\'s text)', () => {
    expect(forPrint('<h3 id="ch1-8"><span class="section-number">8</span> 対策 <span class="amended">改定 令和8年3月25日</span><a class="permalink" href="#ch1-8">#</a></h3>\n<p>本文</p>', 'once')).toBe(
      '<h3 id="ch1-8"><span class="section-number">8</span> 対策<a class="permalink" href="#ch1-8">#</a></h3>\n<p class="amended-note">改定 令和8年3月25日</p>\n<p>本文</p>'
    )
  })

  it('says a run of withheld headings once, under its chapter heading (withheldNotices: once), or under each', () => {
    const html = ['<h2 id="a">第2章 基準</h2>', '<p class="withheld-notice">（非公開）</p>', '<h3 id="a-1">1 趣旨</h3>', '<p class="withheld-notice">（非公開）</p>', '<h3 id="a-2">2 定義</h3>', '<p class="withheld-notice">（非公開）</p>', '<p>公開の本文</p>'].join('\n')
    const chapter = labelsFor('ja').withheldChapter
    const once = forPrint(html, 'once', chapter)
    expect(once.match(/withheld-notice/g)).toHaveLength(1)
    // Under the chapter's heading, as the chapter's; not under its last section, where it would read as that section's body.
    expect(once).toMatch(/第2章 基準<\/h2>\n<p class="withheld-notice">（本章の本文は非公開）<\/p>\n<h3 id="a-1">1 趣旨<\/h3>\n<h3 id="a-2">2 定義<\/h3>\n<p>公開の本文/)
    // A run of sections (no chapter heading) keeps the notice's own words, under its first heading.
    const sections = html.split('\n').slice(2).join('\n')
    expect(forPrint(sections, 'once', chapter)).toMatch(/1 趣旨<\/h3>\n<p class="withheld-notice">（非公開）<\/p>\n<h3 id="a-2">2 定義<\/h3>\n<p>公開の本文/)
    expect(labelsFor('en').withheldChapter('(Withheld)')).toBe('(The text of this chapter is withheld)')
    expect(forPrint(html, 'each')).toBe(html)
  })
})
