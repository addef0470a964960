/**
 * The pages around an amendment, as a reader meets them in a real browser:
 * the redline's deletions stay legible on 一 / 二 / 三; every page and every
 * PDF of a build carries the edition's marking.
 */
import {createRequire} from 'node:module'
import fs from 'node:fs/promises'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Browser} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {findBrowser, launchArguments} from '../src/browser.js'
import {gitPublication, listFiles, runCli, runSync} from './helpers.js'

const canBrowse = Boolean(findBrowser()) || Boolean(process.env.CI)
const require = createRequire(import.meta.url)

/** Run `use` with the machine's Chromium, closed afterwards whatever happens. */
async function inBrowser(use: (browser: Browser) => Promise<void>): Promise<void> {
  const {default: puppeteer} = await import('puppeteer-core')
  const browser = await puppeteer.launch({executablePath: findBrowser()!, args: launchArguments()})
  try {
    await use(browser)
  } finally {
    await browser.close()
  }
}

describe.runIf(canBrowse)('the redline in Chromium', () => {
  let browser: Browser
  let redline: string

  beforeAll(async () => {
    const dir = await gitPublication([
      {date: '2024-04-01', type: '策定', text: '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n## 1 目的\n\n条件は一、二及び三とする。\n'},
      {date: '2025-04-01', type: '改定', text: '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n## 1 目的\n\n条件は一及び三とする。\n'}
    ])
    const run = await runCli(['diff', '2024-04-01', '2025-04-01', '--format', 'html', '--out', 'diff'], dir)
    expect(run.stderr).toBe('')
    redline = pathToFileURL(path.join(dir, 'diff', 'redline.html')).href
    const {default: puppeteer} = await import('puppeteer-core')
    browser = await puppeteer.launch({executablePath: findBrowser()!, args: launchArguments()})
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('a deleted 二 is struck through with two lines (見え消し), never one: a single line through 二 reads as 三', async () => {
    const page = await browser.newPage()
    await page.goto(redline)
    await page.evaluate(() => {
      const p = document.createElement('p')
      p.style.cssText = 'font-size: 72px; line-height: 1.6; margin: 0; padding: 8px'
      // The same glyph plain, with the redline's deletion style, and struck with one line (what must not be the default).
      // (Styles set through the CSSOM: the page's CSP refuses style attributes.)
      p.innerHTML = '<span id="plain">二</span> <del id="deleted">二</del> <del id="struck">二</del>'
      document.body.prepend(p)
      document.getElementById('plain')!.style.color = '#8a1c1c'
      document.getElementById('struck')!.style.textDecoration = 'line-through'
    })
    await page.evaluate(() => document.fonts.ready)
    /** Horizontal bands of ink across the glyph's rows (dark pixels, not the tinted background). */
    const bands = async (id: string, rows?: [number, number]) => {
      const shot = (await (await page.$('#' + id))!.screenshot({encoding: 'base64'})) as string
      return page.evaluate(
        async (data: string, range: [number, number] | null) => {
          const image = new Image()
          image.src = 'data:image/png;base64,' + data
          await image.decode()
          const canvas = document.createElement('canvas')
          canvas.width = image.width
          canvas.height = image.height
          const context = canvas.getContext('2d')!
          context.drawImage(image, 0, 0)
          const pixels = context.getImageData(0, 0, image.width, image.height).data
          const inked: boolean[] = []
          for (let y = 0; y < image.height; y++) {
            let dark = 0
            for (let x = 0; x < image.width; x++) {
              const at = (y * image.width + x) * 4
              if (0.299 * pixels[at]! + 0.587 * pixels[at + 1]! + 0.114 * pixels[at + 2]! < 120) dark++
            }
            inked.push(dark > image.width * 0.2)
          }
          const [from, to] = range ?? [inked.indexOf(true), inked.lastIndexOf(true)]
          let count = 0
          for (let y = from; y <= to; y++) if (inked[y] && !inked[y - 1]) count++
          return {count, from, to}
        },
        shot,
        rows ?? null
      )
    }
    const plain = await bands('plain')
    expect(plain.count).toBe(2)
    // Within the rows of the plain glyph: its two strokes and two lines with the deletion style (not 三's three);
    // three with a single line, which reads as 三.
    expect((await bands('deleted', [plain.from, plain.to])).count).toBe(4)
    expect((await bands('struck', [plain.from, plain.to])).count).toBe(3)
    // Told apart from an insertion in black and white: a line through, a line under.
    expect(await page.$eval('#deleted', (d) => [getComputedStyle(d).textDecorationLine, getComputedStyle(d).textDecorationStyle].join(' '))).toBe('line-through double')
    const inserted = await page.evaluate(() => {
      const ins = document.createElement('ins')
      document.body.append(ins)
      return getComputedStyle(ins).textDecorationLine + ' ' + getComputedStyle(ins).textDecorationStyle
    })
    expect(inserted).toBe('underline solid')
    // `print.strike: single` for those who want one line.
    const single = await page.evaluate(() => {
      document.body.classList.add('strike-single')
      return getComputedStyle(document.getElementById('deleted')!).textDecorationStyle
    })
    expect(single).toBe('solid')
    // The page explains its marks.
    expect(await page.$eval('.diff-legend', (d) => d.textContent)).toBe('凡例: 追加した文字（下線） 削除した文字（取消線）')
    await page.close()
  })
})

/** Pages of a PDF as text, whitespace removed (the cover spaces its marking out). */
function pdfPages(file: string): string[] {
  const text = runSync('pdftotext', ['-enc', 'UTF-8', file, '-'], {encoding: 'utf8'}).stdout
  return text.split('\f').slice(0, -1).map((d) => d.replace(/\s+/g, ''))
}

describe.runIf(canBrowse)('the marking', () => {
  const markings = {staff: '取扱注意・庁内限定', security: '取扱厳重注意・担当者限定'}
  const config =
    'id: m\ntitle: 試験規程\nowner: 試験課\nsources: [docs/a.md]\naudiences:\n' +
    '  - {name: staff, label: 庁内, marking: ' + markings.staff + '}\n' +
    '  - {name: security, label: 担当者, marking: ' + markings.security + ', includes: staff}\n'
  const text = (body: string) =>
    '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n## 1 目的\n\n' + body + '\n\n:::access{audience=security}\n担当者だけの手順である。\n:::\n\n' +
    Array.from({length: 40}, (_, i) => '## ' + (i + 2) + ' 条項' + (i + 2) + '\n\n' + '本文を長く書く。'.repeat(30) + '\n').join('\n')
  let dir: string

  beforeAll(async () => {
    dir = await gitPublication(
      [
        {date: '2024-04-01', type: '策定', text: text('二要素認証を用いる。')},
        {date: '2025-04-01', type: '改定', text: text('多要素認証を用いる。')}
      ],
      config
    )
    const run = await runCli(['build', '--all-versions', '--out', 'out'], dir)
    expect(run.status).toBe(0)
    // The summary does not call the text in force a past version.
    expect(run.stdout).toContain('built 1 past version (2024-04-01) and the version in force (2025-04-01), and history.html for each edition')
  })

  it('is on every page of every PDF kaitei writes, and in its Subject', async () => {
    for (const [audience, marking] of Object.entries(markings)) {
      const pdfs = (await listFiles(path.join(dir, 'out', audience))).filter((d) => d.endsWith('.pdf'))
      // The edition, each version and each version's 新旧対照表 and 改め文.
      expect(pdfs.sort()).toEqual(['m.pdf', 'versions/2024-04-01/m.pdf', 'versions/2025-04-01/aratame.pdf', 'versions/2025-04-01/m.pdf', 'versions/2025-04-01/shinkyu.pdf'])
      for (const pdf of pdfs) {
        const file = path.join(dir, 'out', audience, pdf)
        const pages = pdfPages(file)
        // The editions run to several pages (cover, 目次, text); every one is marked.
        expect(pages.length, pdf).toBeGreaterThan(/shinkyu|aratame/.test(pdf) ? 0 : 2)
        pages.forEach((page, index) => expect(page, audience + '/' + pdf + ' page ' + (index + 1)).toContain(marking))
        expect(runSync('pdfinfo', [file], {encoding: 'utf8'}).stdout).toMatch(new RegExp('Subject:\\s+.*' + marking))
      }
    }
  })

  it('a past version\'s PDF says so on its cover; history.html links each 新旧対照表 as a page and as a PDF', async () => {
    expect(pdfPages(path.join(dir, 'out', 'staff', 'versions', '2024-04-01', 'm.pdf'))[0]).toContain('旧版：令和6年4月1日策定の本文（現行の本文ではありません）')
    // Every page after the cover carries it in its head, and the PDF's Title says it: a PDF is read without its folder.
    const past = pdfPages(path.join(dir, 'out', 'staff', 'versions', '2024-04-01', 'm.pdf'))
    past.slice(1).forEach((page, index) => expect(page, 'page ' + (index + 2)).toContain('旧版（令和6年4月1日策定）'))
    expect(runSync('pdfinfo', ['-enc', 'UTF-8', path.join(dir, 'out', 'staff', 'versions', '2024-04-01', 'm.pdf')], {encoding: 'utf8'}).stdout).toMatch(/Title:\s+.*旧版（令和6年4月1日策定）/)
    // The version in force says nothing of the kind.
    expect(pdfPages(path.join(dir, 'out', 'staff', 'versions', '2025-04-01', 'm.pdf')).join('\n')).not.toContain('旧版')
    expect(runSync('pdfinfo', ['-enc', 'UTF-8', path.join(dir, 'out', 'staff', 'm.pdf')], {encoding: 'utf8'}).stdout).not.toContain('旧版')
    expect(pdfPages(path.join(dir, 'out', 'staff', 'versions', '2025-04-01', 'm.pdf'))[0]).not.toContain('旧版')
    const history = await fs.readFile(path.join(dir, 'out', 'staff', 'history.html'), 'utf8')
    expect(history).toContain('<a href="versions/2025-04-01/shinkyu.html">新旧対照表</a> (<a href="versions/2025-04-01/shinkyu.pdf">PDF</a>)')
  })

  it('PDF bookmarks are the headings without their 「改定」 markers, which stand below the headings', async () => {
    const file = path.join(dir, 'out', 'staff', 'm.pdf')
    const outline = JSON.parse(runSync('qpdf', ['--json', '--json-key=outlines', file], {encoding: 'utf8'}).stdout).outlines as Array<{title: string; kids: unknown[]}>
    const titles: string[] = []
    const walk = (items: Array<{title: string; kids: unknown[]}>) => items.forEach((d) => (titles.push(d.title), walk(d.kids as typeof items)))
    walk(outline)
    expect(titles).toContain('1 目的')
    expect(titles.filter((d) => d.includes('改定'))).toEqual([])
    expect(pdfPages(file).join('')).toContain('1目的改定令和7年4月1日')
  })

  it('is on every HTML page: a banner, and the stylesheet that prints it on every page', async () => {
    for (const [audience, marking] of Object.entries(markings)) {
      const pages = (await listFiles(path.join(dir, 'out', audience))).filter((d) => d.endsWith('.html'))
      expect(pages).toEqual(expect.arrayContaining(['index.html', 'history.html', 'versions/2025-04-01/diff.html', 'versions/2025-04-01/shinkyu.html']))
      for (const page of pages) {
        const html = await fs.readFile(path.join(dir, 'out', audience, page), 'utf8')
        expect(html, page).toMatch(new RegExp('<div class="edition-banner[^"]*" role="note"><span class="marking">' + marking + '</span>'))
        expect(html, page).toContain('<link rel="stylesheet" href="assets/marking.css">')
        expect(await fs.readFile(path.join(dir, 'out', audience, path.dirname(page), 'assets', 'marking.css'), 'utf8'), page).toContain('@top-right { content: "' + marking + '"')
      }
    }
  })

  it('prints on every page when a reader prints the HTML edition from the browser (Ctrl+P)', async () => {
    await inBrowser(async (browser) => {
      const page = await browser.newPage()
      await page.goto(pathToFileURL(path.join(dir, 'out', 'security', 'index.html')).href)
      const file = path.join(dir, 'printed.pdf')
      await fs.writeFile(file, await page.pdf({preferCSSPageSize: true}))
      const pages = pdfPages(file)
      expect(pages.length).toBeGreaterThan(2)
      pages.forEach((text, index) => expect(text, 'page ' + (index + 1)).toContain(markings.security))
    })
  })
})

describe.runIf(canBrowse)('the reader always knows which text is in force', () => {
  const body = (word: string) =>
    '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n' + Array.from({length: 30}, (_, i) => '## ' + (i + 1) + ' 条項' + (i + 1) + '\n\n' + (i === 4 ? word : '本文を長く書く。'.repeat(40)) + '\n').join('\n')
  let dir: string
  const read = (page: string) => fs.readFile(path.join(dir, 'out', 'all', page), 'utf8')

  beforeAll(async () => {
    dir = await gitPublication([
      {date: '2023-04-01', type: '策定', text: body('一の規定。')},
      {date: '2024-04-01', type: '改定', text: body('二の規定。')},
      {date: '2025-04-01', type: '改定', text: body('三の規定。')}
    ])
    expect((await runCli(['build', '-q', '--all-versions', '--format', 'html', '--out', 'out'], dir)).status).toBe(0)
  })

  it('a past version says so: a 旧版 banner linking the text in force, and its <title>', async () => {
    const past = await read('versions/2024-04-01/index.html')
    expect(past).toContain('<div class="version-banner" role="note">この版は令和6年4月1日改定の本文です。 <a href="../../index.html">現行の本文はこちら</a></div>')
    expect(past).toContain('<title>試験規程（全文） — 令和6年4月1日改定の版（旧版）</title>')
    // The version in force and the edition itself have no such banner.
    for (const page of ['versions/2025-04-01/index.html', 'index.html']) expect(await read(page), page).not.toContain('version-banner')
  })

  it('the switcher lists each version once, the one in force labelled 現行 and linking the edition', async () => {
    const entries = (html: string) => [...html.slice(html.indexOf('<nav class="versions"')).split('</ol>')[0]!.matchAll(/<li>(.*?)<\/li>/g)].map((d) => d[1])
    expect(entries(await read('index.html'))).toEqual([
      '<a href="versions/2023-04-01/index.html">令和5年4月1日 策定</a>',
      '<a href="versions/2024-04-01/index.html">令和6年4月1日 改定</a>',
      '<span aria-current="page">令和7年4月1日 改定（現行）</span>'
    ])
    expect(entries(await read('versions/2024-04-01/index.html'))).toEqual([
      '<a href="../../versions/2023-04-01/index.html">令和5年4月1日 策定</a>',
      '<span aria-current="page">令和6年4月1日 改定</span>',
      '<a href="../../index.html">令和7年4月1日 改定（現行）</a>'
    ])
  })

  it('history.html links each version\'s 新旧対照表 page', async () => {
    const history = await read('history.html')
    expect(history).toContain('<a href="versions/2024-04-01/shinkyu.html">新旧対照表</a>')
    expect(history).toContain('<a href="versions/2025-04-01/shinkyu.html">新旧対照表</a>')
  })

  it('axe-core finds nothing serious or critical on the edition, a past version, history, redline, 新旧対照表 and 改め文 pages', async () => {
    const axe = path.join(path.dirname(require.resolve('axe-core')), 'axe.min.js')
    await inBrowser(async (browser) => {
      const page = await browser.newPage()
      // axe is injected as a script of its own: the pages' CSP would refuse it.
      await page.setBypassCSP(true)
      const found: string[] = []
      for (const [name, width] of [['index.html', 1280], ['index.html', 390], ['versions/2024-04-01/index.html', 1280], ['history.html', 1280], ['history.html', 390], ['versions/2025-04-01/diff.html', 1280], ['versions/2025-04-01/shinkyu.html', 1280], ['versions/2025-04-01/aratame.html', 1280]] as const) {
        await page.setViewport({width, height: 800})
        await page.goto(pathToFileURL(path.join(dir, 'out', 'all', name)).href)
        await page.addScriptTag({path: axe})
        const {violations, passes} = await page.evaluate(async () => {
          const result = await (window as unknown as {axe: {run: (context: Document) => Promise<{passes: unknown[]; violations: Array<{id: string; impact: string; nodes: Array<{target: string[]}>}>}>}}).axe.run(document)
          return {
            passes: result.passes.length,
            violations: result.violations.filter((d) => d.impact === 'serious' || d.impact === 'critical').map((d) => d.id + ' ' + d.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', '))
          }
        })
        // axe ran its rules on the page.
        expect(passes, name).toBeGreaterThan(10)
        found.push(...violations.map((d) => name + ' @' + width + ': ' + d))
      }
      expect(found).toEqual([])
    })
  })

  it('history.html on a phone (390 px): no horizontal scrolling, the timeline as a list with a legend', async () => {
    await inBrowser(async (browser) => {
      const page = await browser.newPage()
      await page.setViewport({width: 390, height: 800})
      await page.goto(pathToFileURL(path.join(dir, 'out', 'all', 'history.html')).href)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
      expect(await page.$$eval('.history-timeline-list li', (d) => d.map((e) => e.className + ' ' + e.textContent!.trim()))).toEqual([
        'recorded 令和5年4月1日 策定',
        'recorded 令和6年4月1日 改定',
        'recorded 令和7年4月1日 改定'
      ])
      expect(await page.$eval('.history-timeline-list', (d) => getComputedStyle(d).display)).toBe('block')
      expect(await page.$eval('.history-legend', (d) => d.textContent)).toBe(' 本文あり  本文の記録なし')
    })
  })

  it('history.html: every row has its 施行日, and no cell breaks inside a word', async () => {
    const history = await read('history.html')
    for (const iso of ['2023-04-01', '2024-04-01', '2025-04-01']) expect(history).toContain('<td data-label="施行日"><time datetime="' + iso + '">')
    await inBrowser(async (browser) => {
      const page = await browser.newPage()
      for (const width of [1280, 900, 390]) {
        await page.setViewport({width, height: 800})
        await page.goto(pathToFileURL(path.join(dir, 'out', 'all', 'history.html')).href)
        // A link or 「本文の記録なし」 on one line: its box is one line high.
        const broken = await page.$$eval('.history-table td a, .history-table .not-recorded', (items) =>
          items.filter((d) => [...d.getClientRects()].filter((r) => r.width > 0).length > 1).map((d) => d.textContent)
        )
        expect(broken, String(width)).toEqual([])
      }
    })
  })

  it('a past version says so while one reads: its notice stays in view with the marking, a section jumped to lands below both', async () => {
    await inBrowser(async (browser) => {
      const page = await browser.newPage()
      for (const width of [1280, 390]) {
        await page.setViewport({width, height: 700})
        await page.goto(pathToFileURL(path.join(dir, 'out', 'all', 'versions', '2024-04-01', 'index.html')).href + '#ch1-12')
        await page.evaluate(() => document.fonts.ready)
        const placed = await page.evaluate(() => {
          const notice = document.querySelector('.version-banner')!.getBoundingClientRect()
          const heading = document.getElementById('ch1-12')!.getBoundingClientRect()
          return {noticeTop: notice.top, noticeBottom: notice.bottom, heading: heading.top, scrolled: window.scrollY}
        })
        expect(placed.scrolled, String(width)).toBeGreaterThan(500)
        expect(placed.noticeTop, String(width)).toBeGreaterThanOrEqual(0)
        expect(placed.noticeBottom, String(width)).toBeLessThan(150)
        expect(placed.heading, String(width)).toBeGreaterThanOrEqual(placed.noticeBottom)
        // The heading jumped to is marked in its words, not across the empty width of its line.
        expect(await page.$eval('#ch1-12', (d) => getComputedStyle(d).backgroundImage)).toBe('none')
      }
      // On a phone the 目次／検索 links are a bar of their own: opaque, full width, and the page's end scrolls clear of it.
      await page.setViewport({width: 390, height: 700})
      const bar = await page.$eval('.reader-nav', (d) => {
        const style = getComputedStyle(d)
        const box = d.getBoundingClientRect()
        return {left: box.left, right: box.right, bottom: box.bottom, background: style.backgroundColor, pad: parseFloat(getComputedStyle(document.body).paddingBottom), height: box.height}
      })
      expect(bar).toMatchObject({left: 0, right: 390, bottom: 700, background: 'rgb(255, 255, 255)'})
      expect(bar.pad).toBeGreaterThanOrEqual(bar.height)
      if (await page.$('.sidebar-toc')) {
        await page.setViewport({width: 1280, height: 700})
        await page.goto(pathToFileURL(path.join(dir, 'out', 'all', 'versions', '2024-04-01', 'index.html')).href + '#ch1-12')
        await page.waitForFunction(() => document.querySelector('.sidebar-toc a.current')?.getAttribute('href') === '#ch1-12')
      }
    })
  })

  it('switching versions keeps the section; the sidebar 目次 follows the section being read', async () => {
    await inBrowser(async (browser) => {
      const page = await browser.newPage()
      await page.setViewport({width: 1280, height: 700})
      await page.goto(pathToFileURL(path.join(dir, 'out', 'all', 'versions', '2024-04-01', 'index.html')).href + '#ch1-12')
      await page.waitForFunction(() => document.querySelector('.sidebar-toc a.current') !== null)
      expect(await page.$eval('.sidebar-toc a[aria-current="location"]', (d) => d.getAttribute('href'))).toBe('#ch1-12')
      await page.evaluate(() => document.getElementById('ch1-20')!.scrollIntoView())
      await page.waitForFunction(() => document.querySelector('.sidebar-toc a.current')?.getAttribute('href') === '#ch1-20')
      // To the text in force, from the switcher: the same section.
      await page.click('.versions summary')
      await Promise.all([page.waitForNavigation(), page.click('.versions a[href="../../index.html"]')])
      expect(page.url()).toMatch(/\/out\/all\/index\.html#ch1-20$/)
    })
  })
})

describe.runIf(canBrowse)('the PDF 目次', () => {
  it.each([33, 34])('never leaves a last line alone on a page (%i sections)', async (count) => {
    const dir = await gitPublication([
      {date: '2024-04-01', type: '策定', text: '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n' + Array.from({length: count}, (_, i) => '## ' + (i + 1) + ' 条項' + (i + 1) + '\n\n本文。\n').join('\n')}
    ])
    expect((await runCli(['build', '-q', '--format', 'pdf', '--out', 'out'], dir)).status).toBe(0)
    const text = runSync('pdftotext', ['-layout', path.join(dir, 'out', 'all', 's.pdf'), '-'], {encoding: 'utf8'}).stdout
    // The 目次 pages: after the cover, before the text (whose sections say 本文).
    const tocPages = text.split('\f').slice(1).filter((page) => page.trim() !== '' && !page.includes('本文。'))
    expect(tocPages.length).toBeGreaterThan(1)
    for (const page of tocPages) expect((page.match(/条項/g) ?? []).length, page).toBeGreaterThan(1)
  })
})

describe.runIf(canBrowse)('the 新旧対照表 across pages', () => {
  const kanjiNumber = (n: number) => {
    const ones = '〇一二三四五六七八九'
    return n < 10 ? ones[n]! : (n >= 20 ? ones[Math.floor(n / 10)]! : '') + '十' + (n % 10 ? ones[n % 10]! : '')
  }
  /** A statute of twelve chapters of three articles; `grow(chapter)` characters more in the first article of chapters it names. */
  const statute = (grow: (chapter: number) => number) => {
    const lines = ['---', 'title: 試験法', '---', '', '# 試験法', '']
    let n = 0
    for (let c = 1; c <= 12; c++) {
      lines.push('## 第' + kanjiNumber(c) + '章 第' + kanjiNumber(c) + 'の定め', '')
      for (let a = 0; a < 3; a++) {
        n++
        lines.push('### 第' + kanjiNumber(n) + '条（定め' + n + '）', '', 'この条は、' + '試験の定めを置く。'.repeat(2) + (a === 0 ? '特例を定める。'.repeat(grow(c)) : ''), '')
        for (let p = 2; p <= 3; p++) lines.push(String.fromCharCode(0xff10 + p) + '\u3000前項の定めは、' + '各号の場合に適用する。'.repeat(4), '')
      }
    }
    return lines.join('\n')
  }
  async function pages(grow: (chapter: number) => number): Promise<string[]> {
    const dir = await gitPublication(
      [
        {date: '2024-04-01', type: '制定', text: statute(() => 0)},
        {date: '2025-04-01', type: '改正', text: statute(grow)}
      ],
      'id: s\ntitle: 試験法\nowner: 試験課\nsources: [docs/a.md]\n'
    )
    const run = await runCli(['diff', '2024-04-01', '2025-04-01', '--format', 'table', '--out', 'out'], dir)
    expect(run.stdout).toContain('shinkyu.pdf')
    const text = runSync('pdftotext', ['-layout', path.join(dir, 'out', 'shinkyu.pdf'), '-'], {encoding: 'utf8'}).stdout
    // Each page's lines of text, its page number left out.
    return text
      .split('\f')
      .filter((d) => d.trim())
      .map((page) => page.split('\n').filter((line) => line.trim() && !/^\s*\d+ \/ \d+\s*$/.test(line)).join('\n'))
  }

  it('no nearly empty first page: a first row a little shorter than a page starts on page 1 and runs on', async () => {
    // (Rows kept whole left page 1 with the title alone: 4 lines beside 24.)
    const printed = await pages((chapter) => (chapter === 1 ? 90 : 0))
    const lines = printed.map((d) => d.split('\n').length)
    expect(lines[0]!, lines.join(' ')).toBeGreaterThan(Math.max(...lines.slice(1)) * 0.6)
  })

  it('a chapter heading never ends a page: it opens the row of the article under it', async () => {
    // The first article of every chapter changed, longer chapter by chapter, so headings fall at every height of a page.
    const printed = await pages((chapter) => 21 + chapter * 7)
    expect(printed.length).toBeGreaterThan(8)
    for (const page of printed) {
      const last = page.split('\n').at(-1)!
      expect(last, page).not.toMatch(/第[一二三四五六七八九十]+章/)
      // Never a page of nothing but the column labels and a heading.
      expect(page.split('\n').length, page).toBeGreaterThan(3)
    }
  })
})
