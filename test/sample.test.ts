/**
 * The sample policy (docs/) built as a reader gets it.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {build} from '../src/build.js'
import {listFiles, repoRoot, seedTocEntries, tempDir} from './helpers.js'

let out: string
let html: string
let files: string[]

beforeAll(async () => {
  out = path.join(await tempDir(), 'build')
  await build({config: path.join(repoRoot, 'kaitei.yaml'), out})
  html = await fs.readFile(path.join(out, 'all', 'index.html'), 'utf8')
  files = await listFiles(path.join(out, 'all'))
}, 60_000)

/** The page's visible text, roughly: tags dropped, entities kept as written. */
const text = () => html.replace(/<[^>]+>/g, '')

describe('the sample edition', () => {
  it('contains the 基本方針 verbatim', () => {
    expect(text()).toContain('本市が目指す電子自治体を実現するためには、本市の所有するあらゆる情報資産を様々な脅威から保護する統一的な対策を確立することが必要不可欠なことである。')
    expect(text()).toContain('情報セキュリティ対策基準および情報セキュリティ実施手順は、公にすることにより、本市の行政運営に重大な支障を及ぼす恐れがあることから非公開とする。')
    expect(text()).toContain('情報資産を外部からの不正なアクセス等から適切に保護するため、情報資産のアクセス制御、ネットワーク管理等')
  })

  it('has every heading of the seed 目次, in order, with its number as written', async () => {
    const entries = await seedTocEntries()
    expect(entries.length).toBe(57)
    const toc = html.slice(html.indexOf('<nav class="toc"'), html.indexOf('</nav>', html.indexOf('<nav class="toc"')))
    let at = 0
    for (const [number, title] of entries) {
      const needle = '<span class="toc-number">' + number + '</span> <span class="toc-text">' + title + '</span>'
      const found = toc.indexOf(needle, at)
      expect(found, number + ' ' + title).toBeGreaterThan(-1)
      at = found
      // …and as a heading in the text.
      expect(html).toMatch(new RegExp('<h[2-4] id="[^"]+"><span class="section-number">' + number.replace('.', '\\.') + '</span> ' + title))
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
    expect(html).toContain('<title>四街道市情報セキュリティポリシー（全文）</title>')
    expect(html).toContain('<h1 class="cover-title">四街道市情報セキュリティポリシー</h1>')
    expect(html).toContain('<span class="marking">取扱厳重注意</span>')
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
    const script = await fs.readFile(path.join(out, 'all', 'assets', 'search-index.js'), 'utf8')
    const index = JSON.parse(script.replace(/^window\.kaiteiSearchIndex = /, '').replace(/;\n$/, ''))
    expect(index.edition).toBe('all')
    const hits = index.entries.filter((d: {text: string}) => d.text.includes('多要素認証')).map((d: {id: string}) => d.id)
    expect(hits).toEqual(['ch1-8', 'ch2-6'])
  })

  it('is self-contained: no http(s) URL in any emitted CSS, JS or HTML reference', async () => {
    for (const file of files.filter((d) => /\.(html|css|js)$/.test(d))) {
      const content = await fs.readFile(path.join(out, 'all', file), 'utf8')
      expect(content, file).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i)
      expect(content, file).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//i)
      expect(content, file).not.toMatch(/@import/i)
    }
  })

  it('ships the Noto fonts from npm, only the subsets it uses, and every referenced file exists', async () => {
    const css = await fs.readFile(path.join(out, 'all', 'assets', 'fonts.css'), 'utf8')
    const referenced = [...css.matchAll(/url\(fonts\/([^)]+)\)/g)].map((d) => d[1]!)
    expect(css).toContain("font-family: 'Noto Serif JP'")
    expect(css).toContain("font-family: 'Noto Sans JP'")
    const fonts = files.filter((d) => d.startsWith('assets/fonts/')).map((d) => d.slice('assets/fonts/'.length))
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
    expect(manifest.sources.map((d: {path: string}) => d.path)).toEqual(['docs/00-preface.md', 'docs/01-basic-policy.md', 'docs/02-standards.md'])
    expect(manifest.editions).toEqual([{audience: 'all', label: '全文', path: 'all/index.html'}])
  })

  it('has print CSS', async () => {
    const css = await fs.readFile(path.join(out, 'all', 'assets', 'kaitei.css'), 'utf8')
    expect(css).toContain('@media print')
    expect(css).toContain('@page { size: A4;')
  })
})
