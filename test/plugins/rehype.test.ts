/** The rehype plugins and mdast → hast, alone. */
import {h} from 'hastscript'
import type {Root as HastRoot} from 'hast'
import {describe, expect, it} from 'vitest'
import rehypePolicyFootnotes from '../../src/plugins/rehype-policy-footnotes.js'
import rehypePolicyHeadings from '../../src/plugins/rehype-policy-headings.js'
import rehypeRawIfPresent from '../../src/plugins/rehype-raw-if-present.js'
import remarkPolicyRehype from '../../src/plugins/remark-policy-rehype.js'
import {clean, fileWith, parse, run} from './helpers.js'

const root = (...children: HastRoot['children']): HastRoot => ({type: 'root', children})

describe('rehype-policy-headings', () => {
  const section = {id: 'ch1-2', explicitId: false, level: 2, type: 'heading' as const, number: '2', title: '定義'}

  it('wraps the number, adds the run\'s 「改正」 marker and a permalink', async () => {
    const file = fileWith('', {sections: [section], run: {amended: {'ch1-2': '改正 令和8年3月25日'}}})
    const tree = await run(root(h('h3#ch1-2', '2 定義')), file, [rehypePolicyHeadings, {permalinkLabel: 'この節へのリンク'}])
    expect(clean(tree)).toEqual(
      clean(
        root(
          h('h3#ch1-2', [
            h('span.section-number', '2'),
            ' ',
            '定義',
            ' ',
            h('span.amended', '改正 令和8年3月25日'),
            h('a.permalink', {href: '#ch1-2', ariaLabel: 'この節へのリンク'}, '#')
          ])
        )
      )
    )
  })

  it('leaves headings that are not sections of this edition alone', async () => {
    const tree = await run(root(h('h2#footnote-label', '脚注')), fileWith(''), rehypePolicyHeadings)
    expect(clean(tree)).toEqual(clean(root(h('h2#footnote-label', '脚注'))))
  })
})

describe('rehype-policy-footnotes', () => {
  it('prefixes the footnote label id with the run\'s prefix, and what points at it', async () => {
    const input = root(h('a#d1-fnref-1', {href: '#d1-fn-1', ariaDescribedBy: ['footnote-label']}, '1'), h('h2#footnote-label.sr-only', '脚注'))
    const tree = await run(input, fileWith('', {run: {footnotePrefix: 'd1-'}}), rehypePolicyFootnotes)
    expect(clean(tree)).toEqual(clean(root(h('a#d1-fnref-1', {href: '#d1-fn-1', ariaDescribedBy: ['d1-footnote-label']}, '1'), h('h2#d1-footnote-label.sr-only', '脚注'))))
  })

  it('does nothing without a prefix', async () => {
    const input = root(h('h2#footnote-label', '脚注'))
    expect(clean(await run(input, fileWith(''), rehypePolicyFootnotes))).toEqual(clean(root(h('h2#footnote-label', '脚注'))))
  })
})

describe('remark-policy-rehype', () => {
  it('turns mdast into hast with the run\'s footnote prefix and the given labels', async () => {
    const file = fileWith('本文[^a]\n\n[^a]: 注記\n', {run: {footnotePrefix: 'd2-'}})
    const tree = (await run(parse(file), file, [remarkPolicyRehype, {footnoteLabel: '脚注', footnoteBackLabel: '本文に戻る'}])) as unknown as HastRoot
    const html = JSON.stringify(clean(tree))
    expect(html).toContain('"id":"d2-fnref-a"')
    expect(html).toContain('"id":"d2-fn-a"')
    expect(html).toContain('"value":"脚注"')
    expect(html).toContain('"ariaLabel":"本文に戻る"')
  })

  it('keeps raw HTML as raw nodes for the sanitizer to judge', async () => {
    const file = fileWith('<b>太字</b>\n')
    const tree = (await run(parse(file), file, remarkPolicyRehype)) as unknown as HastRoot
    expect(clean(tree)).toEqual(clean(root(h('p', [{type: 'raw', value: '<b>'} as never, '太字', {type: 'raw', value: '</b>'} as never]))))
  })
})

describe('rehype-raw-if-present', () => {
  it('parses raw HTML into elements, with its ids prefixed', async () => {
    const tree = await run(root({type: 'raw', value: '<span id="x">生</span>'} as never), fileWith(''), rehypeRawIfPresent)
    expect(clean(tree).children).toEqual(clean(root(h('span#user-content-x', '生'))).children)
  })

  it('leaves a tree without raw HTML as it is', async () => {
    const input = root(h('p', '本文'))
    expect(clean(await run(input, fileWith(''), rehypeRawIfPresent))).toEqual(clean(root(h('p', '本文'))))
  })
})
