/**
 * The edition in a real browser (Chromium, headless), opened from a file
 * path as from a file share: search works for Japanese, fonts load from the
 * edition itself and nothing is requested from the network.
 */
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import puppeteer, {type Browser, type Page} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {findBrowser} from '../src/browser.js'
import {build} from '../src/publish/build.js'
import {repoRoot, tempDir} from './helpers.js'

const executablePath = findBrowser()
// CI installs Debian's chromium: there a missing browser is a failure, not a skip.
const runBrowserTests = Boolean(executablePath) || Boolean(process.env.CI)

describe.runIf(runBrowserTests)('the sample edition in Chromium', () => {
  let browser: Browser
  let page: Page
  let publicUrl: string
  const external: string[] = []
  const loaded: string[] = []

  beforeAll(async () => {
    const out = path.join(await tempDir(), 'build')
    await build({config: path.join(repoRoot, 'kaitei.yaml'), out, formats: ['html']})
    if (!executablePath) throw new Error('No Chromium found: install Debian `chromium` or set PUPPETEER_EXECUTABLE_PATH')
    browser = await puppeteer.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking']
    })
    page = await browser.newPage()
    await page.setRequestInterception(true)
    page.on('request', (request) => {
      const url = request.url()
      if (url.startsWith('file:')) {
        loaded.push(url)
        void request.continue()
      } else {
        external.push(url)
        void request.abort()
      }
    })
    await page.setViewport({width: 1280, height: 900})
    await page.goto(pathToFileURL(path.join(out, 'staff', 'index.html')).href, {waitUntil: 'load'})
    publicUrl = pathToFileURL(path.join(out, 'public', 'index.html')).href
    await page.evaluate(() => document.fonts.ready)
  })

  afterAll(async () => {
    await browser?.close()
  })

  async function search(query: string) {
    await page.$eval('#search-input', (input) => {
      ;(input as HTMLInputElement).value = ''
    })
    await page.type('#search-input', query)
    return page.$$eval('#search-results li a', (links) =>
      links.map((a) => ({href: a.getAttribute('href'), title: a.querySelector('.result-title')?.textContent, marked: [...a.querySelectorAll('mark')].map((m) => m.textContent)}))
    )
  }

  it('the cover lists its amendments in columns: dates aligned at their right, types at their left, wide and on a phone', async () => {
    for (const width of [1280, 390]) {
      await page.setViewport({width, height: 900})
      const edges = await page.evaluate(() => ({
        dates: [...document.querySelectorAll('.amendment-list time')].map((d) => Math.round(d.getBoundingClientRect().right)),
        types: [...document.querySelectorAll('.amendment-list .amendment-type')].map((d) => Math.round(d.getBoundingClientRect().left))
      }))
      expect(edges.dates.length, String(width)).toBeGreaterThan(3)
      expect(new Set(edges.dates).size, String(width) + ': ' + edges.dates.join(',')).toBe(1)
      expect(new Set(edges.types).size, String(width) + ': ' + edges.types.join(',')).toBe(1)
    }
    await page.setViewport({width: 1280, height: 900})
  })

  it('finds 多要素認証 (Japanese, no spaces) and links to the sections', async () => {
    const results = await search('多要素認証')
    expect(results.map((d) => d.href)).toEqual(['#ch1-8', '#ch2-6'])
    expect(results[0]).toMatchObject({title: '8 情報セキュリティ対策', marked: ['多要素認証']})
    expect(await page.$eval('#search-results .search-status', (d) => d.textContent)).toBe('2件見つかりました')
    await page.click('#search-results li a')
    expect(await page.evaluate(() => location.hash)).toBe('#ch1-8')
  })

  it('matches full-width letters and requires every term', async () => {
    const folded = await search('ｌｇｗａｎ')
    expect(folded.map((d) => d.href).sort()).toEqual(['#ch1-2-p10', '#ch1-2-p12', '#ch1-8', '#ch2-6'])
    expect(folded.find((d) => d.href === '#ch1-8')?.marked).toContain('LGWAN')
    expect((await search('LGWAN 無害化通信')).map((d) => d.href)).toEqual(['#ch1-8'])
    expect(await search('存在しない語句')).toEqual([])
    expect(await page.$eval('#search-results .search-status', (d) => d.textContent)).toBe('「存在しない語句」は見つかりませんでした')
  })

  it('shows each result\'s chapter; answers ↓ / ↑, Enter and Escape; marks the term after the jump', async () => {
    await search('多要素認証')
    expect(await page.$$eval('#search-results .result-chapter', (d) => d.map((e) => e.textContent))).toEqual(['第1章 四街道市情報セキュリティ基本方針', '第2章 四街道市情報セキュリティ対策基準'])
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement).getAttribute('href') ?? document.activeElement!.id)
    await page.focus('#search-input')
    await page.keyboard.press('ArrowDown')
    expect(await focused()).toBe('#ch1-8')
    await page.keyboard.press('ArrowDown')
    expect(await focused()).toBe('#ch2-6')
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('ArrowUp')
    expect(await focused()).toBe('search-input')
    await page.keyboard.press('Escape')
    expect(await page.$eval('#search-results', (d) => (d as HTMLElement).hidden)).toBe(true)
    // Enter opens the first result, and the term is marked where it landed.
    await search('多要素認証')
    await page.focus('#search-input')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => location.hash)).toBe('#ch1-8')
    await page.waitForFunction(() => document.querySelector('mark.search-hit') !== null)
    expect(await page.$$eval('mark.search-hit', (d) => d.map((e) => e.textContent))).toContain('多要素認証')
  })

  it('in the public edition, finds only public text', async () => {
    await page.goto(publicUrl, {waitUntil: 'load'})
    expect((await search('多要素認証')).map((d) => d.href)).toEqual(['#ch1-8'])
    expect(await search('自己の ID 及びパスワード')).toEqual([])
  })

  it('ranks real text above sections that only say they are withheld', async () => {
    const results = await page.evaluate(() => {
      const index = (window as unknown as {kaiteiSearchIndex: {entries: Array<{id: string; text: string}>; labels: {notice: string}}}).kaiteiSearchIndex
      const found = (window as unknown as {kaiteiSearch: (e: unknown, q: string, n: string) => Array<{entry: {text: string}}>}).kaiteiSearch(index.entries, '情報システム', index.labels.notice)
      return found.map((d) => d.entry.text.trim() === index.labels.notice)
    })
    // Some of each, and every placeholder after every real text.
    expect(results).toContain(true)
    expect(results).toContain(false)
    expect(results.indexOf(true)).toBeGreaterThan(results.lastIndexOf(false))
  })

  it('renders Japanese in Noto from the edition, with no network request', async () => {
    expect(await page.evaluate(() => document.fonts.check('16px "Noto Serif JP"', '認証'))).toBe(true)
    expect(loaded.some((d) => /assets\/fonts\/noto-serif-jp-[\w-]+\.woff2$/.test(d))).toBe(true)
    expect(external).toEqual([])
  })
})
