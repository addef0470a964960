/**
 * `kaitei diff` run as a user runs it, on the sample's recorded amendments:
 * every format from the CLI, and the redline in Chromium.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {describe, expect, it} from 'vitest'
import {findBrowser, launchArguments} from '../src/browser.js'
import {diffVersions} from '../src/diff/diff-versions.js'
import {renderRedline} from '../src/diff/render-html.js'
import {renderComparisonTable} from '../src/diff/render-table.js'
import {renderMarkdown, renderText} from '../src/diff/render-text.js'
import {cliPath, repoRoot, runProgram, runSync, tempDir} from './helpers.js'

describe('every format for the sample\'s recorded amendments', () => {
  const shallow = runSync('git', ['rev-parse', '--is-shallow-repository'], {cwd: repoRoot}).stdout.trim() === 'true'

  it.skipIf(shallow)('令和4年 → 令和8年 as staff', async () => {
    const diff = await diffVersions({config: path.join(repoRoot, 'kaitei.yaml'), from: '令和4年2月17日', to: '2026-03-25', audience: 'staff'})
    expect(diff.from.label).toBe('令和4年2月17日 改定')
    expect(diff.changes.summary.sections).toMatchObject({changed: 2, added: 1, removed: 0})
    expect(renderMarkdown(diff)).toContain('端末への<del>二要素</del><ins>多要素</ins>認証の導入等により')
    expect(renderText(diff)).toContain('端末への[-二要素-]{+多要素+}認証の導入等により')
    expect(JSON.parse(JSON.stringify(diff)).changes.sections.length).toBeGreaterThan(50)
    const table = renderComparisonTable(diff, {lang: 'ja'})
    expect(table).toContain('<th scope="col">改定後</th><th scope="col">改定前</th>')
    expect(table).toContain('（傍線部分は改定部分）')
    expect(table).toContain('<td><p class="placeholder">（新設）</p></td>')
    expect(table).toMatch(/<p class="omitted">[^<]*～[^<]*（略）<\/p>/)
    expect(table).toContain('端末への<span class="changed">多要素</span>認証')
    expect(table).toContain('端末への<span class="changed">二要素</span>認証')
    const redline = renderRedline(diff, {lang: 'ja'})
    expect(redline).toContain('<del>二要素</del><ins>多要素</ins>認証')
    expect(redline).toContain('次の変更 →')
    // 見え消し, double-struck by default; `print.strike: single` strikes once.
    expect(redline).toContain('<body class="diff-page redline-page">')
    expect(renderRedline({...diff, publication: {...diff.publication, strike: 'single'}}, {lang: 'ja'})).toContain('<body class="diff-page redline-page strike-single">')
  })

  it.skipIf(shallow)('新旧 columns can be swapped and a 備考 column added; a deleted section faces （削る）', async () => {
    const diff = await diffVersions({config: path.join(repoRoot, 'kaitei.yaml'), from: '2026-03-25', to: '令和4年2月17日', audience: 'staff'})
    const table = renderComparisonTable(diff, {lang: 'ja', order: ['old', 'new'], remarks: true})
    expect(table).toContain('<th scope="col">改定前</th><th scope="col">改定後</th><th scope="col" class="remarks">備考</th>')
    expect(table).toContain('<td><p class="placeholder">（削る）</p></td>')
  })

  it.skipIf(shallow)('the CLI writes json, text, md, the redline and the 新旧対照表 (HTML and PDF)', async () => {
    const out = await tempDir()
    const run = async (...args: string[]) => await runProgram(process.execPath, [cliPath, 'diff', '2016-09-30', 'R8.3.25', ...args], {cwd: repoRoot, encoding: 'utf8'})
    expect(JSON.parse((await run('--format', 'json')).stdout).changes.summary.sections.added).toBe(2)
    expect((await run('--format', 'text')).stdout).toContain('[-臨時-]{+会計年度任用+}職員等')
    expect((await run('--format', 'md')).stdout).toContain('### 13.3 ソーシャルメディアサービスの利用（新設）')
    const aratame = (await run('--format', 'aratame')).stdout
    expect(aratame).toContain('　四街道市情報セキュリティポリシーの一部を次のように改定する。\n')
    expect(aratame).toContain('　序中「臨時」を「会計年度任用」に改める。\n')
    expect(aratame).toContain('　第1章8(1)①中「二要素」を「多要素」に改める。\n')
    expect(aratame).toContain('　第2章13.2の次に次のように加える。\n　　13.3 ソーシャルメディアサービスの利用\n')
    expect(aratame).toMatch(/\n　　　附　則\n　この改定は、令和8年3月25日から施行する。\n$/)
    expect((await run('--format', 'html', '--out', out)).status).toBe(0)
    expect(await fs.readFile(path.join(out, 'redline.html'), 'utf8')).toContain('<ins>会計年度任用</ins>')
    const table = await run('--format', 'table', '--out', out, '--labels', '改正案,現行')
    expect(await fs.readFile(path.join(out, 'shinkyu.html'), 'utf8')).toContain('<th scope="col">改正案</th><th scope="col">現行</th>')
    expect(table.status).toBe(0)
    const files = await fs.readdir(out)
    expect(files).toContain('shinkyu.html')
    // The 改め文 beside it, as a page (and an A4 PDF).
    expect(files).toContain('aratame.html')
    expect(await fs.readFile(path.join(out, 'aratame.html'), 'utf8')).toContain('<p class="aratame-sentence">第1章8(1)①中「二要素」を「多要素」に改める。</p>')
    if (table.stdout.includes('aratame.pdf')) {
      expect(runSync('pdfinfo', [path.join(out, 'aratame.pdf')], {encoding: 'utf8'}).stdout).toMatch(/Page size:\s+594\.96 x 841\.92 pts \(A4\)/)
    }
    if (table.stdout.includes('shinkyu.pdf')) {
      const info = runSync('pdfinfo', [path.join(out, 'shinkyu.pdf')], {encoding: 'utf8'}).stdout
      expect(info).toMatch(/Page size:\s+841\.92 x 594\.96 pts \(A4\)/)
      const text = runSync('pdftotext', ['-layout', path.join(out, 'shinkyu.pdf'), '-'], {encoding: 'utf8'}).stdout
      // The header row is on every page.
      expect(text.split('\f').filter((d) => d.trim()).every((page) => page.includes('改正案') && page.includes('現行'))).toBe(true)
    }
  })
})

describe.runIf(Boolean(findBrowser()) || Boolean(process.env.CI))('the redline in Chromium', () => {
  it('moves to the next and previous change with the buttons and j / k, the bar staying in view', async () => {
    const shallow = (await runProgram('git', ['rev-parse', '--is-shallow-repository'], {cwd: repoRoot, encoding: 'utf8'})).stdout.trim() === 'true'
    if (shallow) return
    const out = await tempDir()
    expect((await runProgram(process.execPath, [cliPath, 'diff', '2016-09-30', '2026-03-25', '--audience', 'staff', '--format', 'html', '--out', out], {cwd: repoRoot})).status).toBe(0)
    const {default: puppeteer} = await import('puppeteer-core')
    const browser = await puppeteer.launch({executablePath: findBrowser()!, args: launchArguments()})
    try {
      const page = await browser.newPage()
      await page.setViewport({width: 1000, height: 600})
      await page.goto(pathToFileURL(path.join(out, 'redline.html')).href)
      await page.click('[data-go="1"]')
      await page.click('[data-go="1"]')
      await page.keyboard.press('j')
      expect(await page.evaluate(() => location.hash)).toBe('#change-3')
      await page.keyboard.press('k')
      expect(await page.evaluate(() => location.hash)).toBe('#change-2')
      expect(await page.evaluate(() => document.querySelector('.diff-nav')!.getBoundingClientRect().top)).toBe(0)
    } finally {
      await browser.close()
    }
  })
})
