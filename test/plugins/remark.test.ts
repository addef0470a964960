/** The remark plugins, each alone on a parsed tree. */
import type {Root} from 'mdast'
import {describe, expect, it} from 'vitest'
import remarkPolicyAccess from '../../src/access/remark-policy-access.js'
import remarkPolicyAccessCheck from '../../src/access/remark-policy-access-check.js'
import remarkPolicyDirectives from '../../src/plugins/remark-policy-directives.js'
import remarkPolicyFrontMatter from '../../src/plugins/remark-policy-front-matter.js'
import remarkPolicyLinks from '../../src/plugins/remark-policy-links.js'
import remarkPolicyOutline from '../../src/plugins/remark-policy-outline.js'
import remarkPolicyPageLinks from '../../src/plugins/remark-policy-page-links.js'
import remarkPolicySearchText from '../../src/plugins/remark-policy-search-text.js'
import remarkPolicySections from '../../src/plugins/remark-policy-sections.js'
import {audiences, clean, fileWith, messages, parse, run} from './helpers.js'

const text = (value: string) => ({type: 'text', value})
const paragraph = (...children: unknown[]) => ({type: 'paragraph', children})

describe('remark-policy-front-matter', () => {
  it('reads the front matter onto the file and takes it out of the tree', async () => {
    const file = fileWith('---\ntitle: 総則\naccess: staff\n---\n\n本文\n')
    const tree = await run(parse(file), file, remarkPolicyFrontMatter)
    expect(clean(tree)).toEqual({type: 'root', children: [paragraph(text('本文'))]})
    expect(file.data.kaitei?.frontMatter).toEqual({title: '総則', access: 'staff'})
    expect(file.data.kaitei?.frontMatterPlaces?.access?.start).toMatchObject({line: 3, column: 9})
  })

  it('is strict today and relaxed for a past version (the run says which)', async () => {
    const strict = fileWith('---\ntitle: 総則\ntitel: x\n---\n')
    await run(parse(strict), strict, remarkPolicyFrontMatter)
    expect(strict.messages.map((d) => d.fatal)).toEqual([true])
    const past = fileWith('---\ntitle: 総則\ntitel: x\n---\n', {run: {relaxed: true}})
    await run(parse(past), past, remarkPolicyFrontMatter)
    expect(past.messages.map((d) => d.fatal)).toEqual([false])
  })
})

describe('remark-policy-sections', () => {
  it('gives headings and numbered items their section, ids from the number path', async () => {
    const file = fileWith('# 第1章 総則\n\n## 1 目的\n\n- (1) 範囲\n- (2) 対象\n')
    const tree = await run(parse(file), file, remarkPolicySections)
    const sections = (node: {data?: {kaitei?: {section?: {id: string}}}; children?: unknown[]}): string[] => [
      ...(node.data?.kaitei?.section ? [node.data.kaitei.section.id] : []),
      ...((node.children ?? []) as Array<typeof node>).flatMap(sections)
    ]
    expect(sections(tree)).toEqual(['ch1', 'ch1-1', 'ch1-1-p1', 'ch1-1-p2'])
    expect(file.data.kaitei?.allIds).toEqual(['ch1', 'ch1-1', 'ch1-1-p1', 'ch1-1-p2'])
  })

  it('points a duplicate id at the first one (cause)', async () => {
    const file = fileWith('# 第1章 総則\n\n# 第1章 重複\n')
    await run(parse(file), file, remarkPolicySections)
    expect(messages(file)).toEqual([
      '3:1 numbering-sequence Unexpected section number `第1章` after `第1章`, expected 2',
      '3:1 duplicate-section-id Unexpected duplicate section id `ch1`, expected unique ids: renumber or add `{#id}`'
    ])
    expect((file.messages[1]!.cause as {line: number}).line).toBe(1)
  })
})

describe('remark-policy-access-check', () => {
  it('accepts known markers and records the file\'s audience', async () => {
    const file = fileWith(':::access{audience=staff}\n内部\n:::\n', {frontMatter: {title: 't', access: 'public'}})
    await run(parse(file), file, [remarkPolicyAccessCheck, {audiences}])
    expect(messages(file)).toEqual([])
    expect(file.data.kaitei?.fileAudience).toBe('public')
  })

  it('rejects an unknown audience and a looser block inside a stricter one', async () => {
    const file = fileWith(':::access{audience=secret}\nA\n:::\n\n::::access{audience=staff}\n:::access{audience=public}\nB\n:::\n::::\n')
    await run(parse(file), file, [remarkPolicyAccessCheck, {audiences}])
    expect(messages(file)).toEqual([
      '1:1 access-audience Unexpected audience `secret`, expected one of public, staff',
      '6:1 access-nesting Unexpected looser audience `public` inside content for `staff`, expected `staff` or a stricter audience (an inner block cannot show more than its outer one)'
    ])
    expect(file.messages.every((d) => d.fatal)).toBe(true)
  })
})

describe('remark-policy-access', () => {
  const source = '本文\n\n:::access{audience=staff}\n内部の手順\n:::\n\n一部:access[秘]{audience=staff}を含む\n'

  it('withholds what the run\'s audience may not see, and records it', async () => {
    const file = fileWith(source, {run: {audience: audiences[0]}})
    const tree = await run(parse(file), file, [remarkPolicyAccess, {audiences}])
    expect(clean(tree)).toEqual({type: 'root', children: [paragraph(text('本文')), paragraph(text('一部'), text('を含む'))]})
    expect(file.data.kaitei?.withheld?.map((d) => d.text)).toEqual(['内部の手順', '秘'])
    expect(file.data.kaitei?.visible).toEqual(['本文', '一部', 'を含む'])
  })

  it('shows it, labelled, to an audience that may see it', async () => {
    const file = fileWith(source, {run: {audience: audiences[1]}})
    const tree = (await run(parse(file), file, [remarkPolicyAccess, {audiences}])) as Root
    const block = tree.children[1] as unknown as {data: {hName: string; hProperties: Record<string, unknown>}; children: unknown[]}
    expect(block.data).toMatchObject({hName: 'div', hProperties: {className: ['access-block'], dataAudience: 'staff'}})
    expect(clean(block.children[0])).toEqual({type: 'paragraph', data: {hProperties: {className: ['access-label']}}, children: [text('庁内限定')]})
    expect(file.data.kaitei?.withheld).toEqual([])
  })

  it('fails closed on a file whose front matter could not be read', async () => {
    const file = fileWith('本文\n', {frontMatterInvalid: true, run: {audience: audiences[1]}})
    const tree = await run(parse(file), file, [remarkPolicyAccess, {audiences}])
    expect(clean(tree)).toEqual({type: 'root', children: []})
    expect(file.data.kaitei?.fileWithheld).toBe(true)
  })
})

describe('remark-policy-outline and remark-policy-search-text', () => {
  it('collect the sections and their text as the edition shows them', async () => {
    const file = fileWith('# 第1章 総則\n\n## 1 目的 :access[（内部）]{audience=staff}\n\n目的の本文。\n', {run: {audience: audiences[0]}})
    await run(parse(file), file, remarkPolicySections, [remarkPolicyAccess, {audiences}], remarkPolicyOutline, remarkPolicySearchText)
    expect(file.data.kaitei?.sections.map((d) => [d.id, d.number, d.title])).toEqual([
      ['ch1', '第1章', '総則'],
      ['ch1-1', '1', '目的']
    ])
    expect(file.data.kaitei?.search).toEqual([
      {id: 'ch1', number: '第1章', title: '総則', text: ''},
      {id: 'ch1-1', number: '1', title: '目的', text: '目的の本文。'}
    ])
  })

  it('outline: a section outside the access block of its parent is an error', async () => {
    const file = fileWith(':::access{audience=staff}\n# 第1章 内部\n:::\n\n## 1 目的\n', {run: {audience: audiences[0]}})
    await run(parse(file), file, remarkPolicySections, [remarkPolicyAccess, {audiences}], remarkPolicyOutline)
    expect(messages(file)).toEqual(['5:1 access-structure Unexpected section `1` outside the access block of the section it belongs to, expected it inside the same block'])
  })
})

describe('remark-policy-links and remark-policy-page-links', () => {
  it('point links between files into the page, warn on links that cannot work, and collect in-page links', async () => {
    const file = fileWith('[規程](b.md#ch2-1) [全体](./b.md) [外](/site/x) [他](other.md) [節](#ch1-1) [図](forms/a.pdf)\n')
    const tree = (await run(parse(file), file, [remarkPolicyLinks, {root: '/p', sources: ['docs/a.md', 'docs/b.md']}], remarkPolicyPageLinks)) as Root
    const urls = (tree.children[0] as {children: Array<{type: string; url?: string}>}).children.filter((d) => d.type === 'link').map((d) => d.url)
    expect(urls).toEqual(['#ch2-1', '#file-docs-b', '/site/x', 'other.md', '#ch1-1', 'forms/a.pdf'])
    expect(file.messages.map((d) => d.ruleId)).toEqual(['link-offline', 'link-source', 'link-file'])
    expect(file.data.kaitei?.links?.map((d) => d.target)).toEqual(['ch2-1', 'file-docs-b', 'ch1-1'])
  })
})

describe('remark-policy-directives', () => {
  it('puts prose that looks like a text directive back as text, and rejects unknown blocks', async () => {
    const file = fileWith('受付は10:30まで。\n\n:::note\n注記\n:::\n')
    const tree = (await run(parse(file), file, remarkPolicyDirectives)) as Root
    expect(clean(tree.children[0])).toEqual(paragraph(text('受付は10:30まで。')))
    expect(messages(file)).toEqual(['3:1 unknown-directive Unexpected unknown directive `:::note`, expected one of `:::access`'])
  })
})
