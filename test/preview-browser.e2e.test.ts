/**
 * `kaitei preview` in a real browser (Chromium, headless): a save updates
 * the open page where the reader was; a broken save keeps the last good
 * page and shows what broke with file:line:col; the audience switch hides
 * withheld text; the draft amendment marks the edited words only. The
 * preview answers this machine only and serves nothing but its rendering.
 */
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import puppeteer, {type Browser, type Page} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {findBrowser} from '../src/browser.js'
import {startPreview, type RunningPreview} from '../src/preview/server.js'
import {request, securityCanary, servePublication, staffCanary} from './serve-helpers.js'

const executablePath = findBrowser()
const runBrowserTests = Boolean(executablePath) || Boolean(process.env.CI)

describe.runIf(runBrowserTests)('kaitei preview in Chromium', () => {
  let project: string
  let preview: RunningPreview
  let browser: Browser
  let page: Page
  let source: string
  let original: string

  beforeAll(async () => {
    project = await servePublication([
      {date: '2026-01-10', type: '策定', words: '（初版）'},
      {date: '2026-04-01', type: '改定', words: '（第二版）'}
    ])
    source = path.join(project, 'docs', 'a.md')
    // A longer page, so that there is somewhere to scroll to.
    original = (await fs.readFile(source, 'utf8')) + '\n## 4 補則\n\n' + Array.from({length: 80}, (_, i) => 'この項は補則の段落' + (i + 1) + 'である。').join('\n\n') + '\n'
    await fs.writeFile(source, original)
    preview = await startPreview({config: path.join(project, 'kaitei.yaml'), port: 0})
    if (!executablePath) throw new Error('No Chromium found: install Debian `chromium` or set PUPPETEER_EXECUTABLE_PATH')
    browser = await puppeteer.launch({executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking']})
    page = await browser.newPage()
    await page.setViewport({width: 1280, height: 800})
  })

  afterAll(async () => {
    await browser?.close()
    await preview?.close()
    await fs.rm(project, {recursive: true, force: true})
  })

  /** Wait until the page shows `text` (a reload after a save), at most 15 s. */
  const waitForText = (text: string) => page.waitForFunction((t) => document.body?.innerText.includes(t), {timeout: 15_000}, text)

  it('opens the edition that sees most, with the bar; a save shows at once, where the reader was', async () => {
    await page.goto(preview.url + '/')
    expect(new URL(page.url()).pathname).toBe('/security/')
    const text = await page.evaluate(() => document.body.innerText)
    expect(text).toContain(securityCanary)
    expect(text).toContain('プレビュー')
    await page.evaluate(() => window.scrollTo(0, 1500))
    const before = await page.evaluate(() => window.scrollY)
    expect(before).toBeGreaterThan(1000)
    await fs.writeFile(source, original.replace('この規程は、情報資産を守るために定める。', 'この規程は、市の情報資産を確実に守るために定める。'))
    await waitForText('市の情報資産を確実に守る')
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 50, {timeout: 5_000}, before)
  })

  it('a broken save keeps the last good page and says what broke, with file:line:col', async () => {
    const good = await fs.readFile(source, 'utf8')
    await fs.writeFile(source, good + '\n:::access{audience=staff}\n閉じていないブロック\n')
    await page.waitForSelector('#kaitei-preview-problems', {timeout: 15_000})
    const overlay = await page.$eval('#kaitei-preview-problems', (d) => d.textContent ?? '')
    expect(overlay).toMatch(/docs\/a\.md:\d+:\d+/)
    expect(await page.evaluate(() => document.body.innerText)).toContain('市の情報資産を確実に守る')
    // Fixed: the overlay goes, the page shows the new text.
    await fs.writeFile(source, good.replace('確実に', '着実に'))
    await waitForText('着実に守る')
    expect(await page.$('#kaitei-preview-problems')).toBeNull()
  })

  it('the audience switch shows the page as a looser edition would', async () => {
    await Promise.all([page.waitForNavigation(), page.click('.kaitei-preview nav a[href="/public/"]')])
    const text = await page.evaluate(() => document.body.innerText)
    expect(text).not.toContain(securityCanary)
    expect(text).not.toContain(staffCanary)
    expect(text).toContain('着実に守る')
  })

  it('the draft amendment marks the edited words only, redline and 新旧対照表', async () => {
    // The draft follows the page of a save (the page is shown first).
    await preview.workspace.settled()
    await page.goto(preview.url + '/security/')
    expect(await page.$eval('.kaitei-preview-draft', (d) => d.textContent)).toContain('改正案: 2節を変更')
    await Promise.all([page.waitForNavigation(), page.click('.kaitei-preview-draft a[href="/-/draft/security/"]')])
    const inserted = await page.$$eval('.change ins', (d) => d.map((e) => e.textContent))
    const deleted = await page.$$eval('.change del', (d) => d.map((e) => e.textContent))
    expect(inserted.join('')).toContain('市の')
    expect(inserted.join('')).toContain('着実に')
    expect(deleted.join('')).toBe('')
    // The 補則 is new; 第二版 text elsewhere is unchanged and not marked.
    expect(inserted.join('')).toContain('補則')
    await page.goto(preview.url + '/-/draft/security/table')
    expect(await page.evaluate(() => document.body.innerText)).toContain('新旧対照表')
  })

  it('shows lint warnings in the bar, kept current when a save patches the text in place', async () => {
    await page.goto(preview.url + '/security/')
    expect(await page.$('#kaitei-preview-warnings')).toBeNull()
    const good = await fs.readFile(source, 'utf8')
    const generation = await page.evaluate(() => document.documentElement.dataset.kaiteiGeneration)
    await page.evaluate(() => ((window as unknown as {stayed: boolean}).stayed = true))
    await fs.writeFile(source, good.replace('職員は、この規程を守らなければならない。', '職員は、上記9に定めるところにより、この規程を守らなければならない。'))
    await page.waitForSelector('#kaitei-preview-warnings', {timeout: 15_000})
    // Patched, not reloaded: the page is the same document.
    expect(await page.evaluate(() => document.documentElement.dataset.kaiteiGeneration)).not.toBe(generation)
    expect(await page.evaluate(() => (window as unknown as {stayed?: boolean}).stayed)).toBe(true)
    expect(await page.$eval('#kaitei-preview-warnings summary', (d) => d.textContent)).toBe('警告 1件')
    expect(await page.$eval('#kaitei-preview-warnings li', (d) => d.textContent)).toMatch(/^docs\/a\.md:\d+:\d+ Unexpected reference `上記9`.*\[cross-reference\]$/)
    // The page's fonts hold the bar's words (警 is in no word of the policy): the preview ships every subset.
    const fonts = await request(preview.url, '/security/assets/fonts.css')
    const ranges = [...fonts.body.matchAll(/unicode-range:([^;}]+)/g)].flatMap((d) => d[1]!.split(',').map((r) => r.trim().replace(/^U\+/i, '').split('-').map((x) => Number.parseInt(x, 16))))
    expect(ranges.some(([from, to]) => 0x8b66 >= from! && 0x8b66 <= (to ?? from!))).toBe(true)
    // The draft's count follows the save too: 2 職員の責務 is changed now, besides 1 and 4.
    expect(await page.$eval('.kaitei-preview-count', (d) => d.textContent)).toBe('3')
    await fs.writeFile(source, good)
    await page.waitForFunction(() => !document.getElementById('kaitei-preview-warnings'), {timeout: 15_000})
    expect(await page.$eval('.kaitei-preview-count', (d) => d.textContent)).toBe('2')
  })

  it('answers this machine only, and serves nothing outside its rendering', async () => {
    expect((await request(preview.url, '/security/', {headers: {host: 'attacker.example'}})).status).toBe(403)
    for (const target of ['/security/../../kaitei.yaml', '/security/%2e%2e/kaitei.yaml', '/kaitei.yaml', '/docs/a.md', '/security/docs/a.md', '//etc/passwd', '/security/assets/../../../package.json']) {
      const response = await request(preview.url, target)
      expect(response.status, target).toBeGreaterThanOrEqual(400)
      expect(response.body).not.toContain('id: serve-test')
    }
    // Listening on 127.0.0.1 only: another address of this machine is refused.
    const other = Object.values(os.networkInterfaces()).flat().find((d) => d && d.family === 'IPv4' && !d.internal)
    if (other) {
      const port = Number(new URL(preview.url).port)
      const refused = await new Promise<boolean>((resolve) => {
        const socket = net.connect({host: other.address, port})
        socket.once('connect', () => (socket.destroy(), resolve(false)))
        socket.once('error', () => resolve(true))
      })
      expect(refused).toBe(true)
    }
  })
})
