/**
 * `kaitei serve` in a real browser (Chromium, headless): a reader signs in
 * through the form, reads their edition with the bar, switches to the
 * looser edition, acknowledges the version in force and signs out — with
 * the pages' own CSP in force (no violation), nothing requested from the
 * network, and axe-core finding nothing serious on the sign-in page and
 * the bar, on a wide screen and a phone.
 */
import fs from 'node:fs/promises'
import {createRequire} from 'node:module'
import path from 'node:path'
import puppeteer, {type Browser} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {findBrowser} from '../src/browser.js'
import {startServer, type RunningServer} from '../src/serve/server.js'
import {buildHtml, securityCanary, servePublication, staffCanary, writeTestUsers} from './serve-helpers.js'

const require = createRequire(import.meta.url)
const executablePath = findBrowser()
const runBrowserTests = Boolean(executablePath) || Boolean(process.env.CI)

describe.runIf(runBrowserTests)('kaitei serve in Chromium', () => {
  let project: string
  let server: RunningServer
  let browser: Browser

  beforeAll(async () => {
    project = await servePublication(
      [
        {date: '2026-01-10', type: '策定', words: '（初版）'},
        {date: '2026-04-01', type: '改定', words: '（第二版）'}
      ],
      'serve:\n  anonymous: none\n'
    )
    await buildHtml(project)
    const data = path.join(project, '.data')
    await writeTestUsers(path.join(data, 'users.yaml'), [{name: 'tanaka', audience: 'staff', password: 'staff-password'}])
    server = await startServer({config: path.join(project, 'kaitei.yaml'), port: 0, data, logLevel: 'silent'})
    if (!executablePath) throw new Error('No Chromium found: install Debian `chromium` or set PUPPETEER_EXECUTABLE_PATH')
    browser = await puppeteer.launch({executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking']})
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await fs.rm(project, {recursive: true, force: true})
  })

  it('sign in, read, switch, acknowledge, sign out: no CSP violation, nothing from the network', async () => {
    const page = await browser.newPage()
    const problems: string[] = []
    const external: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' && !/favicon/.test(message.location().url ?? '')) problems.push(message.text())
    })
    await page.setRequestInterception(true)
    page.on('request', (request) => {
      if (request.url().startsWith(server.url)) void request.continue()
      else {
        external.push(request.url())
        void request.abort()
      }
    })
    await page.setViewport({width: 1280, height: 800})
    await page.goto(server.url + '/staff/')
    expect(new URL(page.url()).pathname).toBe('/-/signin')
    await page.type('input[name=name]', 'tanaka')
    await page.type('input[name=password]', 'staff-password')
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')])
    expect(new URL(page.url()).pathname).toBe('/staff/')
    const text = await page.evaluate(() => document.body.innerText)
    expect(text).toContain(staffCanary)
    expect(text).not.toContain(securityCanary)
    expect(text).toContain('tanaka（庁内限定）')
    // The edition's own script still runs under its CSP: search finds the staff text.
    await page.type('#search-input', '連絡先')
    await page.waitForSelector('#search-results li')
    // The bar's fonts are the server's own: every face used is loaded.
    const fonts = await page.evaluate(async () => {
      await document.fonts.ready
      return [...document.fonts].filter((d) => d.status === 'error').length
    })
    expect(fonts).toBe(0)

    // As the public edition would show it.
    await Promise.all([page.waitForNavigation(), page.click('.kaitei-serve nav a')])
    expect(new URL(page.url()).pathname).toBe('/public/')
    expect(await page.evaluate(() => document.body.innerText)).not.toContain(staffCanary)
    await page.goto(server.url + '/staff/')

    await Promise.all([page.waitForNavigation(), page.click('.kaitei-ack button')])
    expect(await page.$eval('.kaitei-ack', (d) => d.textContent)).toMatch(/令和8年4月1日 改定の内容を確認済み（令和\d+年\d+月\d+日）/)

    await Promise.all([page.waitForNavigation(), page.click('.kaitei-serve form[action="/-/signout"] button')])
    expect(new URL(page.url()).pathname).toBe('/-/signin')
    await page.goto(server.url + '/staff/')
    expect(new URL(page.url()).pathname).toBe('/-/signin')
    expect(problems).toEqual([])
    expect(external).toEqual([])
  })

  it('axe-core finds nothing serious or critical on the sign-in page and the reader bar', async () => {
    const axe = path.join(path.dirname(require.resolve('axe-core')), 'axe.min.js')
    const page = await browser.newPage()
    await page.goto(server.url + '/-/signin')
    await page.type('input[name=name]', 'tanaka')
    await page.type('input[name=password]', 'staff-password')
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')])
    // axe is injected as a script of its own: the pages' CSP would refuse it.
    await page.setBypassCSP(true)
    const found: string[] = []
    for (const [target, width] of [['/-/signin', 1280], ['/-/signin', 390], ['/staff/', 1280], ['/staff/', 390]] as const) {
      await page.setViewport({width, height: 800})
      await page.goto(server.url + target)
      await page.addScriptTag({path: axe})
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as {axe: {run: (context: Document | Element) => Promise<{violations: Array<{id: string; impact: string; nodes: Array<{target: string[]}>}>}>}}).axe.run(
          document.querySelector('.kaitei-serve') ?? document
        )
        return result.violations.filter((d) => d.impact === 'serious' || d.impact === 'critical').map((d) => d.id + ' ' + d.nodes.map((n) => n.target.join(' ')).join(', '))
      })
      found.push(...violations.map((d) => target + ' @' + width + ': ' + d))
      // Nothing wider than a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), target + ' @' + width).toBeLessThanOrEqual(width)
    }
    expect(found).toEqual([])
  })
})
