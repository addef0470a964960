/**
 * The sample policy (docs/) built as a reader gets it.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {build} from '../src/publish/build.js'
import {listFiles, repoRoot, seedTocEntries, tempDir} from './helpers.js'

let out: string
let html: string
let files: string[]
const pages: Record<string, string> = {}

beforeAll(async () => {
  out = path.join(await tempDir(), 'build')
  await build({config: path.join(repoRoot, 'kaitei.yaml'), out, formats: ['html']})
  for (const name of ['public', 'staff', 'security']) pages[name] = await fs.readFile(path.join(out, name, 'index.html'), 'utf8')
  // Most checks read the staff edition: the full 基本方針 and 対策基準.
  html = pages.staff!
  files = await listFiles(path.join(out, 'staff'))
})

const tocOf = (page: string) => page.slice(page.indexOf('<nav class="toc"'), page.indexOf('</nav>', page.indexOf('<nav class="toc"')))

/** The page's visible text, roughly: tags dropped, entities kept as written. */
const text = () => html.replace(/<[^>]+>/g, '')

describe('the sample edition', () => {
  it('contains the 基本方針 verbatim', () => {
    expect(text()).toContain('本市が目指す電子自治体を実現するためには、本市の所有するあらゆる情報資産を様々な脅威から保護する統一的な対策を確立することが必要不可欠なことである。')
    expect(text()).toContain('情報セキュリティ対策基準および情報セキュリティ実施手順は、公にすることにより、本市の行政運営に重大な支障を及ぼす恐れがあることから非公開とする。')
    expect(text()).toContain('情報資産を外部からの不正なアクセス等から適切に保護するため、情報資産のアクセス制御、ネットワーク管理等')
  })

  it.each(['public', 'staff', 'security'])('%s: has every heading of the seed 目次, in order, with its number as written', async (edition) => {
    const page = pages[edition]!
    const entries = await seedTocEntries()
    expect(entries.length).toBe(57)
    const toc = tocOf(page)
    let at = 0
    for (const [number, title] of entries) {
      const needle = '<span class="toc-number">' + number + '</span> <span class="toc-text">' + title + '</span>'
      const found = toc.indexOf(needle, at)
      expect(found, number + ' ' + title).toBeGreaterThan(-1)
      at = found
      // …and as a heading in the text.
      expect(page).toMatch(new RegExp('<h[2-4] id="[^"]+"><span class="section-number">' + number.replace('.', '\\.') + '</span> ' + title))
    }
  })

  it('fixes the split heading of the seed (1 3 → 13)', () => {
    expect(html).toContain('<h3 id="ch1-13"><span class="section-number">13</span> 評価及び見直しの実施')
    expect(html).not.toContain('1 3 評価')
  })

  it('gives sections stable ids from their numbers', () => {
    for (const id of ['preface', 'ch1', 'ch1-2-p11', 'ch1-8-p1-c1', 'ch2-5-1', 'ch2-8-4', 'ch2-14-3']) {
      expect(html).toContain(' id="' + id + '"')
    }
  })

  it('has working anchors: every #link points at an id on the page', () => {
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((d) => d[1]))
    const links = [...html.matchAll(/ href="#([^"]*)"/g)].map((d) => decodeURIComponent(d[1]!))
    expect(links.length).toBeGreaterThan(150)
    expect(links.filter((d) => !ids.has(d))).toEqual([])
  })

  it('shows the amendment history in 和暦, as the seed does', () => {
    const history = [...html.matchAll(/<li><time datetime="([\d-]+)">([^<]+)<\/time> <span class="amendment-type">([^<]+)<\/span>/g)].map(
      (d) => d[2] + ' ' + d[3] + ' (' + d[1] + ')'
    )
    expect(history).toEqual([
      '平成16年2月4日 策定 (2004-02-04)',
      '平成18年2月24日 改定 (2006-02-24)',
      '平成28年9月30日 改定 (2016-09-30)',
      '令和4年2月17日 改定 (2022-02-17)',
      '令和8年3月25日 改定 (2026-03-25)'
    ])
  })

  it('carries title, owner, marking and language', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="ja">/)
    expect(html).toContain('<title>四街道市情報セキュリティポリシー（庁内限定）</title>')
    expect(html).toContain('<h1 class="cover-title">四街道市情報セキュリティポリシー</h1>')
    expect(html).toContain('<span class="marking">取扱厳重注意・庁内限定</span>')
    expect(html).toContain('<meta name="author" content="四街道市">')
    expect(html.match(/<h1[ >]/g)).toHaveLength(1)
    expect(html).toContain('<main id="main">')
    expect(html).toContain('<nav class="sidebar-toc" aria-labelledby="sidebar-toc-title">')
  })

  it('keeps the preface table and numbered items as written', () => {
    expect(html).toContain('<td>情報セキュリティ基本方針</td>')
    expect(html).toContain('<li id="ch1-3-p1" class="numbered">')
    expect(html).toContain('①マイナンバー利用事務系においては')
  })

  it('builds a search index of the edition text', async () => {
    const hits = async (edition: string) => {
      const script = await fs.readFile(path.join(out, edition, 'assets', 'search-index.js'), 'utf8')
      const index = JSON.parse(script.replace(/^window\.kaiteiSearchIndex = /, '').replace(/;\n$/, ''))
      expect(index.edition).toBe(edition)
      return index.entries.filter((d: {text: string}) => d.text.includes('多要素認証')).map((d: {id: string}) => d.id)
    }
    expect(await hits('staff')).toEqual(['ch1-8', 'ch2-6'])
    expect(await hits('security')).toEqual(['ch1-8', 'ch2-6', 'ch2-8-4'])
    // The public index holds no text of the withheld 対策基準.
    expect(await hits('public')).toEqual(['ch1-8'])
  })

  it('is self-contained: no http(s) URL in any emitted CSS, JS or HTML reference', async () => {
    for (const file of files.filter((d) => /\.(html|css|js)$/.test(d))) {
      const content = await fs.readFile(path.join(out, 'staff', file), 'utf8')
      expect(content, file).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i)
      expect(content, file).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//i)
      expect(content, file).not.toMatch(/@import/i)
    }
  })

  it('ships the Noto fonts from npm, only the subsets it uses, and every referenced file exists', async () => {
    const css = await fs.readFile(path.join(out, 'staff', 'assets', 'fonts.css'), 'utf8')
    const referenced = [...css.matchAll(/url\(fonts\/([^)]+)\)/g)].map((d) => d[1]!)
    expect(css).toContain("font-family: 'Noto Serif JP'")
    expect(css).toContain("font-family: 'Noto Sans JP'")
    const fonts = files.filter((d) => d.startsWith('assets/fonts/')).map((d) => d.slice('assets/fonts/'.length))
    expect(fonts.every((d) => d.endsWith('.woff2'))).toBe(true)
    expect(fonts.sort()).toEqual([...new Set(referenced)].sort())
    // ~120 subsets per weight exist; the sample needs far fewer.
    expect(fonts.length).toBeGreaterThan(20)
    expect(fonts.length).toBeLessThan(4 * 120)
    // The subset holding 認 (U+8A8D) is shipped for the serif regular face.
    const faces = css.split('@font-face').filter((d) => d.includes("'Noto Serif JP'") && d.includes('font-weight: 400'))
    const covering = faces.filter((face) =>
      (/unicode-range:([^;]+);/.exec(face)?.[1] ?? '').split(',').some((range) => {
        const [a, b] = range.trim().replace('U+', '').split('-')
        const start = parseInt(a!, 16)
        return 0x8a8d >= start && 0x8a8d <= (b ? parseInt(b, 16) : start)
      })
    )
    expect(covering).toHaveLength(1)
  })

  it('writes a build manifest', async () => {
    const manifest = JSON.parse(await fs.readFile(path.join(out, 'kaitei-build.json'), 'utf8'))
    expect(manifest.editions.map((d: {audience: string}) => d.audience)).toEqual(['public', 'staff', 'security'])
    const sources = async (edition: string) =>
      JSON.parse(await fs.readFile(path.join(out, edition, 'manifest.json'), 'utf8')).sources.map((d: {path: string}) => d.path)
    expect(await sources('staff')).toEqual(['docs/00-preface.md', 'docs/01-basic-policy.md', 'docs/02-standards.md'])
    // The public edition's manifest names no withheld file.
    expect(await sources('public')).toEqual(['docs/00-preface.md', 'docs/01-basic-policy.md'])
  })

  it('has print CSS', async () => {
    const css = await fs.readFile(path.join(out, 'staff', 'assets', 'kaitei.css'), 'utf8')
    expect(css).toContain('@media print')
    expect(css).toContain('@page { size: A4;')
  })
})

describe('the sample editions by audience', () => {
  const ids = (page: string) => [...page.matchAll(/<(?:h[2-6]|li) id="([^"]+)"/g)].map((d) => d[1])

  it('public: 第2章 headings in the 目次 and the text, bodies withheld', () => {
    const page = pages.public!
    expect(tocOf(page)).toContain('<a href="#ch2-8-4"><span class="toc-number">8.4</span> <span class="toc-text">ID及びパスワード等の管理</span></a>')
    expect(page).toContain('<h4 id="ch2-8-4"><span class="section-number">8.4</span> ID及びパスワード等の管理')
    expect(page).toMatch(/ID及びパスワード等の管理<a class="permalink" href="#ch2-8-4"[^>]*>#<\/a><\/h4>\n<p class="withheld-notice">（非公開）<\/p>/)
    expect(page).not.toContain('自己の ID 及びパスワードを他者に利用させてはならない')
    expect(page).not.toContain('機密性3')
    expect(page).not.toContain('本章の見出しは原本の目次のとおりである')
    expect(page).toContain('本市が目指す電子自治体を実現するためには')
  })

  it('staff: 対策基準 bodies, but the security block and span become notices', () => {
    const page = pages.staff!
    expect(page).toContain('自己の ID 及びパスワードを他者に利用させてはならない')
    expect(page).not.toContain('認証基盤設定基準')
    expect(page).not.toContain('当番携帯電話')
    expect(page).toContain('夜間及び休日の第一報は<span class="withheld-notice">（非公開）</span>に行う。')
  })

  it('security: everything, with restricted parts marked', () => {
    const page = pages.security!
    expect(page).toContain('<div class="access-block" data-audience="security"><p class="access-label">情報セキュリティ担当者限定</p>')
    expect(page).toContain('<span class="access-span" data-audience="security">情報セキュリティ担当の当番携帯電話</span>')
  })

  it('keeps section ids and numbers identical across editions', () => {
    const publicIds = ids(pages.public!)
    const staffIds = ids(pages.staff!)
    // Every id the public edition has, staff has too, in the same order.
    expect(staffIds.filter((d) => publicIds.includes(d))).toEqual(publicIds)
    expect(publicIds).toContain('ch1-8')
    expect(publicIds).toContain('ch2-14-3')
    expect(ids(pages.security!)).toEqual(staffIds)
  })

  it('marks every edition: banner, title, robots', () => {
    expect(pages.public).toContain('<div class="edition-banner public" role="note"><span class="marking">公開</span></div>')
    expect(pages.public).toContain('<title>四街道市情報セキュリティポリシー（公開）</title>')
    expect(pages.public).not.toContain('noindex')
    for (const edition of ['staff', 'security']) {
      expect(pages[edition]).toContain('<meta name="robots" content="noindex, nofollow">')
    }
    expect(pages.security).toContain('<span class="marking">取扱厳重注意・情報セキュリティ担当者限定</span>')
    expect(pages.security).toContain('<meta name="kaitei-edition" content="security">')
    expect(pages.security).toContain('<meta name="kaitei-marking" content="取扱厳重注意・情報セキュリティ担当者限定">')
  })
})
