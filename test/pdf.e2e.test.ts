/**
 * PDF editions, really printed with Chromium and read back with poppler
 * (pdftotext, pdfinfo, pdffonts) and qpdf.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs/promises'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {writePolicy} from '../bench/generate-policy.js'
import {findBrowser} from '../src/browser.js'
import {build} from '../src/publish/build.js'
import {copyFixture, fixtures, repoRoot, runCli, runProgram, tempDir} from './helpers.js'

const canPrint = Boolean(findBrowser()) || Boolean(process.env.CI)

const text = (pdf: string, page?: number) =>
  execFileSync('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-layout', '-enc', 'UTF-8', pdf, '-'], {encoding: 'utf8'})
const info = (pdf: string) => execFileSync('pdfinfo', ['-enc', 'UTF-8', pdf], {encoding: 'utf8'})
const pageCount = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(info(pdf))![1])
const squash = (value: string) => value.replace(/\s+/g, '')

interface QpdfObject {
  value?: Record<string, unknown>
}

/** Named destinations (section id → page) and outline titles, via qpdf. */
function structure(pdf: string) {
  const json = JSON.parse(execFileSync('qpdf', ['--json', pdf], {encoding: 'utf8', maxBuffer: 256 * 1024 * 1024}))
  const objects = json.qpdf[1] as Record<string, QpdfObject>
  const get = (ref: unknown) => objects['obj:' + String(ref)]?.value
  const catalog = Object.values(objects).find((d) => d.value?.['/Type'] === '/Catalog')!.value!
  const pages: string[] = []
  const walk = (ref: unknown) => {
    const node = get(ref)!
    if (node['/Type'] === '/Pages') for (const kid of node['/Kids'] as string[]) walk(kid)
    else pages.push(String(ref))
  }
  walk(catalog['/Pages'])
  const dests = new Map<string, number>()
  const destsDict = get(catalog['/Dests']) ?? {}
  for (const [name, value] of Object.entries(destsDict)) {
    const array = (Array.isArray(value) ? value : get(value)) as unknown[]
    dests.set(decodeURIComponent(name.slice(1).replace(/#([\da-f]{2})/gi, '%$1')), pages.indexOf(String(array[0])) + 1)
  }
  const titles: string[] = []
  const outline = (ref: unknown) => {
    for (let item = get(ref); item; item = get(item['/Next'])) {
      titles.push(String(item['/Title']).replace(/^u:/, ''))
      if (item['/First']) outline(item['/First'])
      if (!item['/Next']) break
    }
  }
  const root = get(catalog['/Outlines'])
  if (root?.['/First']) outline(root['/First'])
  return {dests, titles, pages: pages.length}
}

/** The 目次 as printed: [entry text, page] from the 目次 pages. */
function printedToc(pdf: string, tocPages: number[]): Array<[string, number]> {
  const out: Array<[string, number]> = []
  for (const page of tocPages) {
    for (const line of text(pdf, page).split('\n')) {
      const match = /^\s*(.+?)\s+(\d+)\s*$/.exec(line)
      if (match && !/\d+ \/ \d+$/.test(line.trim()) && !line.includes('取扱') && !line.includes('目次')) out.push([squash(match[1]!), Number(match[2])])
    }
  }
  return out
}

/** Check every 目次 entry against where its heading really is, two ways. */
function checkToc(pdf: string, entries: Array<{id: string; number?: string; title: string}>) {
  const {dests} = structure(pdf)
  const tocPages: number[] = []
  // The 目次 pages carry 目次 in their running header.
  for (let page = 2; /目次/.test(text(pdf, page).split("\n")[0] ?? ""); page++) tocPages.push(page)
  expect(tocPages.length).toBeGreaterThan(0)
  const toc = printedToc(pdf, tocPages)
  expect(toc.length).toBe(entries.length)
  entries.forEach((entry, index) => {
    const [label, page] = toc[index]!
    expect(label).toBe(squash((entry.number ?? '') + entry.title))
    // 1. the PDF's own destination for the heading is on that page;
    expect(dests.get(entry.id), entry.id).toBe(page)
    // 2. and the heading's text is printed on that page.
    expect(squash(text(pdf, page)), entry.id + ' on page ' + page).toContain(squash((entry.number ?? '') + entry.title))
  })
}

describe.runIf(canPrint)('the sample PDF editions', () => {
  let out: string
  const pdf = (edition: string) => path.join(out, edition, 'yotsukaido-isp.pdf')
  let sections: Array<{id: string; number?: string; title: string; level: number; type: string}>

  beforeAll(async () => {
    out = path.join(await tempDir(), 'build')
    await build({config: path.join(repoRoot, 'kaitei.yaml'), out, formats: ['html', 'pdf'], formatsExplicit: true})
    const {loadPublication} = await import('../src/publication.js')
    const {renderEdition} = await import('../src/edition/render-edition.js')
    const edition = await renderEdition(await loadPublication(path.join(repoRoot, 'kaitei.yaml')), {audience: 'staff'})
    sections = edition.sections.filter((d) => d.type === 'heading' && d.level <= 3)
  })

  it('writes one A4 PDF per edition, more than one page', async () => {
    for (const edition of ['public', 'staff', 'security']) {
      const pdfInfo = info(pdf(edition))
      expect(pdfInfo).toMatch(/Page size:\s+594\.96 x 841\.92 pts \(A4\)/)
      expect(pageCount(pdf(edition))).toBeGreaterThan(10)
      expect(pdfInfo).toMatch(/Tagged:\s+yes/)
    }
  })

  it('has a 目次 whose every page number is the page its heading is printed on', () => {
    checkToc(pdf('staff'), sections)
  })

  it('keeps a 目次 entry with its first child: no heading alone at the foot of a 目次 page', () => {
    const levels = new Map(sections.map((d) => [squash((d.number ?? '') + d.title), d.level]))
    let checked = 0
    for (const edition of ['public', 'staff', 'security']) {
      const tocPages: number[] = []
      for (let page = 2; /目次/.test(text(pdf(edition), page).split('\n')[0] ?? ''); page++) tocPages.push(page)
      for (const [index, page] of tocPages.entries()) {
        const next = tocPages[index + 1]
        if (next === undefined) continue
        const last = printedToc(pdf(edition), [page]).at(-1)
        const first = printedToc(pdf(edition), [next])[0]
        const [lastLevel, firstLevel] = [levels.get(last![0]), levels.get(first![0])]
        if (lastLevel === undefined || firstLevel === undefined) continue
        expect(firstLevel, edition + ': ' + last![0] + ' at the foot of page ' + page + ', ' + first![0] + ' on the next').toBeLessThanOrEqual(lastLevel)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(0)
  })

  it('prints the edition marking on every page after the cover, and page numbers', () => {
    const file = pdf('staff')
    const pages = pageCount(file)
    expect(squash(text(file, 1))).not.toContain('1/' + pages)
    for (let page = 2; page <= pages; page++) {
      const pageText = text(file, page)
      expect(pageText, 'page ' + page).toContain('取扱厳重注意・庁内限定')
      expect(pageText, 'page ' + page).toContain(page + ' / ' + pages)
    }
  })

  it('runs the chapter title in the header', () => {
    const file = pdf('staff')
    const {dests} = structure(file)
    const chapter1 = dests.get('ch1')!
    const header = text(file, chapter1 + 1).split('\n').find((line) => line.includes('取扱厳重注意'))!
    expect(header).toContain('第1章 四街道市情報セキュリティ基本方針')
  })

  it('has a cover with title, owner, edition and the current amendment in 和暦', () => {
    const cover = squash(text(pdf('staff'), 1))
    for (const part of ['取扱厳重注意・庁内限定', '四街道市情報セキュリティポリシー', '庁内限定', '令和8年3月25日改定', '四街道市']) expect(cover).toContain(part)
  })

  it('contains the seed text, in real embedded fonts (no Type 3, no OS font)', () => {
    expect(squash(text(pdf('public')))).toContain('本市が目指す電子自治体を実現するためには、本市の所有するあらゆる情報資産を様々な脅威から保護する統一的な対策を確立することが必要不可欠なことである。')
    const fonts = execFileSync('pdffonts', [pdf('staff')], {encoding: 'utf8'}).split('\n').slice(2).filter(Boolean)
    expect(fonts.length).toBeGreaterThan(3)
    for (const font of fonts) {
      expect(font).not.toContain('Type 3')
      expect(font).toMatch(/\+NotoS(ans|erif)JP/)
      expect(font).toMatch(/CID TrueType\s+Identity-H\s+yes yes yes/)
    }
  })

  it('has bookmarks for chapters and sections', () => {
    const {titles} = structure(pdf('staff'))
    const clean = titles.map((d) => d.replace(/#$/, '').trim())
    expect(clean).toContain('第1章 四街道市情報セキュリティ基本方針')
    expect(clean).toContain('8.4 ID及びパスワード等の管理')
    expect(clean).toContain('(13) 無害化通信')
  })

  it('sets metadata: title, author, subject, keywords, dates from the amendment', () => {
    const pdfInfo = info(pdf('staff'))
    expect(pdfInfo).toMatch(/Title:\s+四街道市情報セキュリティポリシー（庁内限定）/)
    expect(pdfInfo).toMatch(/Author:\s+四街道市/)
    expect(pdfInfo).toMatch(/Subject:\s+庁内限定 \/ 取扱厳重注意・庁内限定/)
    expect(pdfInfo).toMatch(/Keywords:\s+yotsukaido-isp staff 庁内限定 2026-03-25/)
    expect(pdfInfo).toMatch(/CreationDate:\s+Tue Mar 24 15:00:00 2026 UTC/)
  })

  it('public PDF: no withheld text in its text or metadata', () => {
    const all = squash(text(pdf('public')) + info(pdf('public')))
    for (const withheld of ['自己のID及びパスワードを他者に利用させてはならない', '認証基盤設定基準', '当番携帯電話', '機密性3', '本章の見出しは原本の目次のとおりである']) {
      expect(all).not.toContain(withheld)
    }
    // …while its 目次 keeps 第2章's headings.
    expect(all).toContain('8.4ID及びパスワード等の管理')
    expect(squash(text(pdf('security')))).toContain('認証基盤設定基準')
    expect(squash(text(pdf('staff')))).not.toContain('認証基盤設定基準')
  })
})

describe.runIf(canPrint)('PDF of a 50+ page policy', () => {
  it('has a correct 目次 for every entry', async () => {
    const dir = await tempDir()
    await writePolicy(dir, 200_000, 11)
    const result = await build({config: path.join(dir, 'kaitei.yaml'), formats: ['pdf'], formatsExplicit: true})
    const file = result.editions[0]!.pdf!.path
    expect(result.editions[0]!.pdf!.pages).toBeGreaterThan(50)
    // Only the PDF (and the manifest) were written.
    expect((await fs.readdir(path.dirname(file))).sort()).toEqual(['.kaitei-pages.json', 'bench-policy.pdf', 'manifest.json'])
    const {loadPublication} = await import('../src/publication.js')
    const {renderEdition} = await import('../src/edition/render-edition.js')
    const edition = await renderEdition(await loadPublication(path.join(dir, 'kaitei.yaml')))
    checkToc(file, edition.sections.filter((d) => d.type === 'heading' && d.level <= 3))
  })
})

describe.runIf(canPrint)('PDF builds', () => {
  it('are reproducible: two builds of the same input give the same PDF bytes', async () => {
    const dir = await copyFixture(path.join(fixtures, 'access'))
    const a = await build({config: path.join(dir, 'kaitei.yaml'), out: path.join(dir, 'a'), formats: ['pdf'], audiences: ['staff']})
    const b = await build({config: path.join(dir, 'kaitei.yaml'), out: path.join(dir, 'b'), formats: ['pdf'], audiences: ['staff']})
    const [first, second] = await Promise.all([fs.readFile(a.editions[0]!.pdf!.path), fs.readFile(b.editions[0]!.pdf!.path)])
    expect(first.equals(second)).toBe(true)
  })

  it('print once when rebuilding unchanged text, and still check the remembered pages', async () => {
    const dir = await copyFixture(path.join(fixtures, 'access'))
    const config = path.join(dir, 'kaitei.yaml')
    const first = await build({config, formats: ['pdf'], audiences: ['staff']})
    expect(first.editions[0]!.pdf!.passes).toBe(2)
    const bytes = await fs.readFile(first.editions[0]!.pdf!.path)
    const second = await build({config, formats: ['pdf'], audiences: ['staff']})
    expect(second.editions[0]!.pdf!.passes).toBe(1)
    expect((await fs.readFile(second.editions[0]!.pdf!.path)).equals(bytes)).toBe(true)
    // A wrong remembered page is caught by the check after printing.
    const remembered = path.join(dir, 'build', 'staff', '.kaitei-pages.json')
    const data = JSON.parse(await fs.readFile(remembered, 'utf8'))
    data.pages['ch1-5'] = 1
    await fs.writeFile(remembered, JSON.stringify(data))
    const third = await build({config, formats: ['pdf'], audiences: ['staff']})
    expect(third.editions[0]!.pdf!.passes).toBe(2)
    expect((await fs.readFile(third.editions[0]!.pdf!.path)).equals(bytes)).toBe(true)
  })

  it('put a recipient watermark on every page of non-public editions only', async () => {
    const dir = await copyFixture(path.join(fixtures, 'access'))
    const run = await runCli(['build', '--format', 'pdf', '--watermark', '配布先: 総務課'], dir)
    expect(run.status).toBe(0)
    expect(run.stderr).toContain('the watermark is for non-public editions: not applied to public')
    const staff = path.join(dir, 'build', 'staff', 'access.pdf')
    // pdftotext gives rotated text a character at a time: look for its characters.
    for (let page = 1; page <= pageCount(staff); page++) {
      const pageText = text(staff, page)
      for (const char of '配布先') expect(pageText, 'page ' + page).toContain(char)
    }
    expect(text(path.join(dir, 'build', 'public', 'access.pdf'))).not.toContain('配布先')
  })

  it('without a browser: the default build writes HTML and says why PDFs were skipped; --format pdf fails', async () => {
    const dir = await copyFixture(path.join(fixtures, 'access'))
    const env = {...process.env, PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome'}
    const run = await runProgram(process.execPath, [path.join(repoRoot, 'dist', 'bin', 'cli.js'), 'build'], {cwd: dir, env, encoding: 'utf8'})
    expect(run.status).toBe(0)
    expect(run.stderr).toContain('PDF editions skipped: PUPPETEER_EXECUTABLE_PATH names `/nonexistent/chrome`, which does not exist; to print them, install Chrome, Edge or Chromium')
    expect(await fs.readdir(path.join(dir, 'build', 'staff'))).not.toContain('access.pdf')
    const explicit = await runProgram(process.execPath, [path.join(repoRoot, 'dist', 'bin', 'cli.js'), 'build', '--format', 'pdf'], {cwd: dir, env, encoding: 'utf8'})
    expect(explicit.status).toBe(1)
    expect(explicit.stderr).toContain('Cannot print PDFs: PUPPETEER_EXECUTABLE_PATH names `/nonexistent/chrome`, which does not exist')
  })

  it('load nothing from the network or from outside the edition folder while printing', async () => {
    // A real HTTP server: the print must not reach it.
    const hits: string[] = []
    const server = http.createServer((request, response) => {
      hits.push(request.url ?? '')
      response.writeHead(200, {'content-type': 'image/png'}).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    try {
      const dir = await copyFixture(path.join(fixtures, 'access'))
      await fs.writeFile(path.join(dir, 'outside.png'), '')
      const file = path.join(dir, 'docs', '01-general.md')
      await fs.appendFile(file, '\n![remote](http://127.0.0.1:' + port + '/remote.png) ![outside](../../outside.png)\n')
      const result = await build({config: path.join(dir, 'kaitei.yaml'), formats: ['pdf'], audiences: ['staff']})
      expect(hits).toEqual([])
      const offline = result.messages.filter((d) => d.ruleId === 'pdf-offline').map(String)
      expect(offline).toHaveLength(1)
      expect(offline[0]).toContain('Blocked 2 request(s)')
      expect(offline[0]).toContain('`http://127.0.0.1:' + port + '/remote.png`')
      expect(offline[0]).toContain('outside.png`')
      expect(text(result.editions[0]!.pdf!.path)).toContain('記録は五年間保存する')
    } finally {
      server.close()
    }
  })

  it('can be cancelled: the build stops, nothing is written, no browser is left running', async () => {
    const dir = await copyFixture(path.join(fixtures, 'access'))
    const controller = new AbortController()
    let pid = 0
    const started = performance.now()
    const running = build({
      config: path.join(dir, 'kaitei.yaml'),
      formats: ['pdf'],
      signal: controller.signal,
      onProgress: (line) => {
        pid = Number(/\(pid (\d+)\)/.exec(line)?.[1] ?? pid)
        if (line.startsWith('printing')) controller.abort(new Error('cancelled by test'))
      }
    })
    await expect(running).rejects.toThrow('cancelled by test')
    expect(performance.now() - started).toBeLessThan(10_000)
    expect((await fs.readdir(dir)).filter((d) => d.startsWith('build'))).toEqual([])
    // The browser process is gone.
    expect(pid).toBeGreaterThan(0)
    expect(() => process.kill(pid, 0)).toThrow()
  })
})
