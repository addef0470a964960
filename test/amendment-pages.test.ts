/**
 * The pages around an amendment, as a reader meets them in a real browser:
 * the redline's deletions stay legible on 一 / 二 / 三.
 */
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Browser} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {findBrowser, launchArguments} from '../src/browser.js'
import {gitPublication, runCli} from './helpers.js'

const canBrowse = Boolean(findBrowser()) || Boolean(process.env.CI)

describe.runIf(canBrowse)('the redline in Chromium', () => {
  let browser: Browser
  let redline: string

  beforeAll(async () => {
    const dir = await gitPublication([
      {date: '2024-04-01', type: '策定', text: '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n## 1 目的\n\n条件は一、二及び三とする。\n'},
      {date: '2025-04-01', type: '改定', text: '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n## 1 目的\n\n条件は一及び三とする。\n'}
    ])
    const run = runCli(['diff', '2024-04-01', '2025-04-01', '--format', 'html', '--out', 'diff'], dir)
    expect(run.stderr).toBe('')
    redline = pathToFileURL(path.join(dir, 'diff', 'redline.html')).href
    const {default: puppeteer} = await import('puppeteer-core')
    browser = await puppeteer.launch({executablePath: findBrowser()!, args: launchArguments()})
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('a deleted 二 is still 二: no line through its strokes (a struck 二 reads as 三)', async () => {
    const page = await browser.newPage()
    await page.goto(redline)
    await page.evaluate(() => {
      const p = document.createElement('p')
      p.style.cssText = 'font-size: 72px; line-height: 1.6; margin: 0; padding: 8px'
      // The same glyph plain, with the redline's deletion style, and struck through (the style we must not use).
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
    // Within the rows of the plain glyph: two strokes with the deletion style, three when struck.
    expect((await bands('deleted', [plain.from, plain.to])).count).toBe(2)
    expect((await bands('struck', [plain.from, plain.to])).count).toBe(3)
    // The page explains its marks.
    expect(await page.$eval('.diff-legend', (d) => d.textContent)).toBe('凡例: 追加した文字 削除した文字')
    await page.close()
  })
})
