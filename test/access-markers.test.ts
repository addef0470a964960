/**
 * Mistyped access markers fail closed: anything that looks like a marker is
 * either read as one (the canary stays out of looser editions and reaches
 * the edition cleared for it) or is an error at its position. Headings, alt
 * text and raw HTML holding markers, too.
 */
import {describe, expect, it} from 'vitest'
import {renderEdition, type Edition} from '../src/edition/render-edition.js'
import {KaiteiContext} from '../src/context.js'
import {loadPublicationFromText} from '../src/publication.js'
import {findMarkerCandidates, fold, readAttributes} from '../src/access/marker-syntax.js'
import {typos} from './fixtures/access-typos.js'

/** One context for every case: themes, fonts and processors read once. */
const context = new KaiteiContext()

const config =
  'id: p\ntitle: T\nowner: O\nsources: [docs/a.md]\naudiences:\n' +
  '  - {name: public, label: 公開, public: true, withheld: headings}\n' +
  '  - {name: staff, label: 庁内, includes: public, withheld: notice}\n' +
  '  - {name: security, label: 担当, includes: staff}\n'
const prefix = '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n'
/** The first line of the body is line 7 of the file. */
const firstLine = 7
const canary = 'KNRX秘密の本文'

async function render(markdown: string): Promise<Record<string, Edition>> {
  const publication = await loadPublicationFromText(config, '/p/kaitei.yaml', {readSource: async () => prefix + markdown + '\n'})
  const out: Record<string, Edition> = {}
  for (const name of ['public', 'staff', 'security']) out[name] = await renderEdition(publication, {audience: name, print: true, context})
  return out
}

/** Every text an edition writes, and its 目次 titles and ids. */
function everything(edition: Edition): string {
  const files = edition.files.filter((d) => 'content' in d).map((d) => String((d as {content: string}).content))
  return [...files, edition.printHtml, JSON.stringify(edition.sections), JSON.stringify(edition.searchIndex)].join('\n')
}

const errors = (edition: Edition) => edition.messages.filter((d) => d.fatal).map((d) => d.line + ':' + d.column + ' ' + d.reason + ' [' + d.ruleId + ']')

describe('mistyped access markers fail closed', () => {
  it.each(typos)('%s', async (_, written, expected) => {
    const markdown = written.replace(/C/g, canary)
    const editions = await render(markdown)
    if (expected === 'read') {
      for (const edition of Object.values(editions)) expect(errors(edition)).toEqual([])
      expect(everything(editions.public!)).not.toContain(canary)
      expect(everything(editions.staff!)).not.toContain(canary)
      expect(everything(editions.security!)).toContain(canary)
      return
    }
    // An error at the marker's line, in every edition: the build stops.
    for (const edition of Object.values(editions)) {
      const found = errors(edition)
      expect(found.length, JSON.stringify(found)).toBeGreaterThan(0)
      expect(found.some((d) => d.startsWith(firstLine + expected - 1 + ':')), JSON.stringify(found)).toBe(true)
    }
  })

  it('says what is wrong, in words an author can act on', async () => {
    const messages = async (markdown: string) => errors((await render(markdown)).public!)
    expect(await messages(':::access {audience=security}\n本文\n:::')).toEqual([
      '7:1 Unexpected `:::access {audience=security}` that is not an access marker kaitei can read, expected `:::access{audience=NAME}` on its own line (or `:access[text]{audience=NAME}` in a line): no space between the colons, `access` and `{` [access-marker]',
      '9:1 Unexpected `:::` that closes no block, expected it after a `:::access{audience=NAME}` line that kaitei can read (is the opening marker mistyped?) [access-marker]'
    ])
    expect((await messages('：：：access{audience=security}\n本文\n:::'))[0]).toContain(': write the colons half-width (`:::`)')
    expect((await messages(':::access{audience=security note="a}\n本文\n:::'))[0]).toContain(': close the quoted value')
    expect(await messages(':::access{audience=security, note=x}\n本文\n:::')).toContain(
      '7:11 Unexpected comma after `audience=security,`, expected attributes separated by spaces [access-attribute]'
    )
    expect(await messages(':::access{audience=public audience=security}\n本文\n:::')).toEqual([
      '7:27 Unexpected second `audience` on `access`, expected each attribute once (the parser would keep only one of them) [access-attribute]'
    ])
    expect(await messages('<div>\n:::access{audience=security}\n本文\n</div>')).toEqual([
      '8:1 Unexpected access marker `:::access{audience=security}` inside raw HTML, expected markers outside HTML blocks (leave a blank line after an HTML tag: the lines up to the next blank line are HTML, printed as written) [access-marker]'
    ])
    expect(await messages('![:access[秘]{audience=security}](x.png)')).toEqual([
      '7:3 Unexpected access marker `:access[秘]{audience=security}](x.png)` in the alt text of an image, expected the whole image inside `:access[…]{audience=…}` [access-marker]'
    ])
  })

  it('leaves marker syntax in inline code and closed code fences alone', async () => {
    const editions = await render('書き方は `:::access {audience=staff}` ではない。\n\n```\n:::access {audience=staff}\n:::\n```')
    expect(errors(editions.public!)).toEqual([])
    expect(editions.public!.html).toContain(':::access {audience=staff}')
  })

  it('does not mistake prose for markers', async () => {
    const editions = await render('Note: access to the server room is logged. 時刻は10:30とする。mailto:access@example.jp\n\n注意:以下の通り。')
    expect(errors(editions.public!)).toEqual([])
  })
})

describe('a span inside a heading', () => {
  it('titles and ids come from what each edition sees; the id from no withheld text', async () => {
    const editions = await render('## 9 見出し:access[' + canary + ']{audience=security}\n\n本文。\n\n## 見出しのみ:access[' + canary + ']{audience=security}\n\n本文。')
    for (const name of ['public', 'staff']) {
      const edition = editions[name]!
      expect(errors(edition)).toEqual([])
      expect(everything(edition)).not.toContain(canary)
      expect(edition.sections.map((d) => [d.id, d.title])).toEqual([
        ['ch1', '総則'],
        // A withheld span leaves its notice (`headings` is for blocks: a span shows the notice).
        ['ch1-9', '見出し（非公開）'],
        ['ch1-見出しのみ', '見出しのみ（非公開）']
      ])
    }
    // The same ids in the edition that sees the span, with its text in the titles.
    expect(editions.security!.sections.map((d) => [d.id, d.title])).toEqual([
      ['ch1', '総則'],
      ['ch1-9', '見出し' + canary],
      ['ch1-見出しのみ', '見出しのみ' + canary]
    ])
    expect(editions.security!.html).toContain('<span class="toc-text">見出し' + canary + '</span>')
    expect(editions.security!.searchIndex.map((d) => d.title)).toContain('見出し' + canary)
  })

  it('a span holding the number leaves the heading unnumbered in every edition', async () => {
    const editions = await render(':access[9]{audience=security}\n\n## :access[9]{audience=security} 見出し\n\n本文。')
    expect(editions.public!.sections.map((d) => d.id)).toEqual(['ch1', 'ch1-見出し'])
    expect(editions.security!.sections.map((d) => d.id)).toEqual(['ch1', 'ch1-見出し'])
  })
})

describe('marker syntax', () => {
  it('folds widths, look-alikes and case, keeping source offsets', () => {
    const folded = fold('：ＡｃＣеss')
    expect(folded.text).toBe(':access')
    expect(folded.offsets).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })

  it('finds fences, inline markers and attribute blocks, however broken', () => {
    const found = (text: string) => [...new Set(findMarkerCandidates(text, 0, text.length, ['public', 'security']).map((d) => d.kind + '@' + d.offset))]
    expect(found('a\n> - :::x\n文:Access [y]{audience=z}')).toEqual(['fence@6', 'inline@12', 'attributes@23', 'attributes@24'])
    // What random edits leave of `:access[…]{audience=security}` (found by the fuzz test).
    expect(found('文:acc}ess[秘]')).toEqual(['inline@1'])
    expect(found('文access[秘]audiencesecurity}')).toEqual(['attributes@10', 'inline@1'])
    expect(found('文:access秘]')).toEqual(['inline@1'])
    expect(found('文[秘]{x}')).toEqual(['attributes@4'])
    expect(found('文[秘] adience=security')).toEqual(['attributes@12', 'attributes@5'])
    // Prose is not a marker.
    expect(found('Note: access to rooms is logged; mailto:access@example.jp. The audience of this policy is staff. 10:30[注]')).toEqual([])
  })

  it('reads attributes as written, duplicates kept', () => {
    const source = '{audience=staff note="a b" .c #d audience=\'x\'}'
    expect(readAttributes(source, 0)).toEqual({
      attributes: [
        {key: 'audience', value: 'staff', offset: 1},
        {key: 'note', value: 'a b', quoted: true, offset: 16},
        {key: 'class', value: 'c', offset: 27},
        {key: 'id', value: 'd', offset: 30},
        {key: 'audience', value: 'x', quoted: true, offset: 33}
      ],
      end: source.length
    })
    expect(readAttributes('{audience=staff', 0)).toBeUndefined()
    expect(readAttributes('{audience=staff, note=x}', 0)?.attributes[0]?.value).toBe('staff,')
    expect(readAttributes('{a="x}', 0)).toBeUndefined()
  })
})
