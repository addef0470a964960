/**
 * Raw HTML cannot reach the network or take kaitei's ids: remote resources
 * are warned about and blocked by the page's Content-Security-Policy (a
 * real browser and a real HTTP server on 127.0.0.1 check it); raw ids are
 * prefixed so that they collide with nothing kaitei names.
 */
import fs from 'node:fs/promises'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import puppeteer from 'puppeteer-core'
import {describe, expect, it} from 'vitest'
import {findBrowser} from '../src/browser.js'
import {build} from '../src/publish/build.js'
import {renderEdition} from '../src/edition/render-edition.js'
import {loadPublicationFromText} from '../src/publication.js'
import {tempDir} from './helpers.js'

const config = 'id: r\ntitle: 試験\nowner: 試験課\nsources: [docs/a.md]\n'
const head = '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n## 1 目的\n\n'

async function render(body: string, audiences = '') {
  const publication = await loadPublicationFromText(config + audiences, '/p/kaitei.yaml', {readSource: async () => head + body + '\n'})
  return renderEdition(publication)
}

describe('raw HTML ids', () => {
  it('are prefixed, so they cannot take kaitei\'s ids; links between raw elements follow', async () => {
    const edition = await render(
      '<div id="search-input">偽の検索欄</div>\n\n<span id="ch1-1">偽の節</span> <a href="#note">注へ</a> <span id="note">注</span> [節へ](#ch1-1)\n\n本文[^a]。\n\n[^a]: 脚注。'
    )
    const html = edition.html
    expect(html).toContain('<div id="user-content-search-input">偽の検索欄</div>')
    expect(html).toContain('<span id="user-content-ch1-1">偽の節</span>')
    expect(html).toContain('<a href="#user-content-note">注へ</a> <span id="user-content-note">注</span>')
    // kaitei's own ids and links are untouched: the section, the search box, footnotes.
    expect(html).toContain('<h3 id="ch1-1">')
    expect(html).toContain('<a href="#ch1-1">節へ</a>')
    expect(html.match(/id="search-input"/g)).toHaveLength(1)
    expect(html).toMatch(/<sup><a href="#d0-fn-a" id="d0-fnref-a" data-footnote-ref(="")? aria-describedby="d0-footnote-label">1<\/a><\/sup>/)
    expect(html).toContain('<h2 class="sr-only" id="d0-footnote-label">')
    expect(html).toContain('<li id="d0-fn-a">')
  })

  it('cannot take kaitei\'s classes: a fake （非公開） notice or access block is plain text', async () => {
    const edition = await render(
      '<p class="withheld-notice">偽の非公開</p>\n\n<div class="access-block" data-audience="staff"><p class="access-label">庁内限定</p>偽</div>\n\n' +
        '<ul class="numbered-list"><li class="numbered">偽</li></ul> <span class="access-span withheld-notice">偽</span>\n\n:::access{audience=public}\n本物\n:::',
      'audiences:\n  - {name: public, label: 公開}\n  - {name: staff, label: 庁内限定, includes: public}\n'
    )
    const html = edition.html
    expect(html).toContain('偽の非公開')
    // No class written in raw HTML survives: every kaitei class in the page is kaitei's.
    expect(html.match(/class="withheld-notice"/g) ?? []).toHaveLength(0)
    expect(html.match(/class="access-label"/g) ?? []).toHaveLength(1)
    expect(html.match(/class="access-block"/g) ?? []).toHaveLength(1)
    expect(html).not.toMatch(/class="numbered(-list)?"/)
    expect(html).not.toContain('access-span')
  })

  it('leave a file without raw HTML exactly as before', async () => {
    const edition = await render('本文[^a]。\n\n[^a]: 脚注。')
    expect(edition.html).not.toContain('user-content-')
  })
})

describe('remote resources in raw HTML', () => {
  it('are warned about, like Markdown images', async () => {
    const edition = await render('<img src="http://example.jp/a.png" alt="図">\n\n<picture><source srcset="local.png 1x, https://cdn.example.jp/b.png 2x"></picture>')
    expect(edition.messages.map((d) => d.line + ':' + d.column + ' ' + d.reason + ' [' + d.ruleId + ']')).toEqual([
      '9:1 Unexpected remote resource in raw HTML `http://example.jp/a.png`, expected a file in the repository (editions must work without a network) [remote-resource]',
      '11:10 Unexpected remote resource in raw HTML `https://cdn.example.jp/b.png`, expected a file in the repository (editions must work without a network) [remote-resource]'
    ])
  })

  it.runIf(Boolean(findBrowser()) || Boolean(process.env.CI))('are never fetched: the edition\'s Content-Security-Policy blocks them', async () => {
    const requests: string[] = []
    const server = http.createServer((request, response) => {
      requests.push(request.url ?? '')
      response.writeHead(200, {'content-type': 'image/png'}).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const {port} = server.address() as AddressInfo
    const dir = await tempDir('kaitei-raw-')
    await fs.mkdir(path.join(dir, 'docs'))
    await fs.writeFile(path.join(dir, 'docs', 'a.md'), head + '<img src="http://127.0.0.1:' + port + '/tracker.png" alt="追跡">\n')
    await fs.writeFile(path.join(dir, 'kaitei.yaml'), config)
    await build({config: path.join(dir, 'kaitei.yaml'), formats: ['html']})
    const page = await fs.readFile(path.join(dir, 'build', 'all', 'index.html'), 'utf8')
    expect(page).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'self\'; style-src \'self\'; img-src \'self\' data:;')
    const browser = await puppeteer.launch({executablePath: findBrowser()!, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']})
    try {
      const tab = await browser.newPage()
      const violations: string[] = []
      tab.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) violations.push(message.text())
      })
      await tab.goto(pathToFileURL(path.join(dir, 'build', 'all', 'index.html')).href, {waitUntil: 'load'})
      await tab.evaluate(() => document.fonts.ready)
      // The edition's own files all load: fonts, styles and the search script.
      expect(await tab.evaluate(() => document.fonts.check('16px "Noto Serif JP"', '目的'))).toBe(true)
      expect(await tab.evaluate(() => typeof (window as unknown as {kaiteiSearchIndex?: unknown}).kaiteiSearchIndex)).toBe('object')
      expect(violations).toHaveLength(1)
      expect(violations[0]).toContain('127.0.0.1:' + port + '/tracker.png')
    } finally {
      await browser.close()
      server.close()
    }
    expect(requests).toEqual([])
  })
})
