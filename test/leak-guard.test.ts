/**
 * The leak guard catches text of stricter editions in a looser one: at build
 * time (the build fails, nothing is written) and on an existing build
 * (`kaitei check --leaks`).
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {findBrowser} from '../src/browser.js'
import {buildFingerprints, decodeEntities, decodeEscapes, decodePercent, scanArtifact} from '../src/access/leak-guard.js'
import {copyFixture, fixtures, listFiles, repoRoot, runCli} from './helpers.js'

const secret = '夜間の緊急連絡先は内線九九九九番の当番者とする。'

describe('leak guard at build time', () => {
  it('fails a build whose theme leaks withheld text, naming artifact and source, and keeps the previous build', async () => {
    const dir = await copyFixture(path.join(fixtures, 'access'))
    expect(runCli(['build', '-q', '--format', 'html'], dir).status).toBe(0)
    const before = await listFiles(path.join(dir, 'build'))
    const page = await fs.readFile(path.join(dir, 'build', 'public', 'index.html'), 'utf8')

    // A site theme whose footer someone pasted the staff-only contact into.
    const theme = path.join(dir, 'themes', 'city')
    await fs.cp(path.join(repoRoot, 'themes', 'default'), theme, {recursive: true})
    const template = await fs.readFile(path.join(theme, 'template.html'), 'utf8')
    await fs.writeFile(path.join(theme, 'template.html'), template.replace('</main>', '<footer>' + secret + '</footer>\n</main>'))
    const config = path.join(dir, 'kaitei.yaml')
    await fs.writeFile(config, (await fs.readFile(config, 'utf8')).replace('sources:', 'theme: city\nsources:'))

    const run = runCli(['build', '--format', 'html'], dir)
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(
      'docs/01-general.md:16:1: Unexpected withheld text `夜間の緊急連絡先は内線九九九九番の当番者とする。` in `public/index.html`, expected only text the `public` edition may see  [leak]'
    )
    expect(run.stderr).toContain('in `staff/index.html`')
    expect(run.stderr).not.toContain('in `security/')
    expect(run.stderr).toContain('the previous build was left as it was')
    expect(await listFiles(path.join(dir, 'build'))).toEqual(before)
    expect(await fs.readFile(path.join(dir, 'build', 'public', 'index.html'), 'utf8')).toBe(page)
  })
})

describe('kaitei check --leaks', () => {
  it('passes on an honest build', async () => {
    const dir = await copyFixture(path.join(fixtures, 'access'))
    expect(runCli(['build', '-q', '--format', 'html'], dir).status).toBe(0)
    const run = runCli(['check', '--leaks', 'build'], dir)
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
  })

  it.each([
    ['as written', (text: string) => text],
    ['as HTML entities', (text: string) => [...text].map((d) => '&#x' + d.codePointAt(0)!.toString(16) + ';').join('')],
    ['URL-encoded', (text: string) => encodeURIComponent(text)],
    ['as JS escapes', (text: string) => JSON.stringify(text).replace(/[^\x20-\x7e]/g, (d) => '\\u' + d.charCodeAt(0).toString(16).padStart(4, '0')).slice(1, -1)]
  ])('finds withheld text injected into a built edition %s', async (how, encode) => {
    const dir = await copyFixture(path.join(fixtures, 'access'))
    expect(runCli(['build', '-q', '--format', 'html'], dir).status).toBe(0)
    const index = path.join(dir, 'build', 'public', 'assets', 'search-index.js')
    await fs.appendFile(index, '// ' + encode('庁内手続の詳細は別に定める') + '\n')
    const run = runCli(['check', '--leaks', 'build'], dir)
    expect(run.status, how).toBe(1)
    expect(run.stderr).toMatch(/docs\/01-general\.md:\d+:\d+: Unexpected withheld text `庁内手続の詳細は別に定める` in `public\/assets\/search-index\.js`/)
  })
})

describe('kaitei check --leaks reads everything the build wrote', () => {
  const canPrint = Boolean(findBrowser()) || Boolean(process.env.CI)
  let dir: string

  beforeAll(async () => {
    dir = await copyFixture(path.join(fixtures, 'access'))
    // A short withheld heading (4 characters, unnumbered: its id is its slug).
    const general = path.join(dir, 'docs', '01-general.md')
    await fs.writeFile(general, (await fs.readFile(general, 'utf8')).replace('### 4.1 申請', '### 秘密計画\n\n計画の本文。\n\n### 4.1 申請'))
    expect(runCli(['build', '-q', '--format', canPrint ? 'html,pdf' : 'html'], dir).status).toBe(0)
    expect(runCli(['check', '--leaks', 'build'], dir).status).toBe(0)
  })

  /** Plant something, run the check, take the plant away again. */
  async function planted(file: string, content: string | Uint8Array) {
    const target = path.join(dir, 'build', file)
    const before = await fs.readFile(target).catch(() => undefined)
    await fs.mkdir(path.dirname(target), {recursive: true})
    await fs.writeFile(target, content)
    try {
      return runCli(['check', '--leaks', 'build'], dir)
    } finally {
      if (before) await fs.writeFile(target, before)
      else await fs.rm(target)
    }
  }

  it.runIf(canPrint)('reads PDFs: the security PDF copied into the public edition as history.pdf', async () => {
    const run = await planted('public/history.pdf', await fs.readFile(path.join(dir, 'build', 'security', 'access.pdf')))
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('docs/01-general.md:16:1: Unexpected withheld text `夜間の緊急連絡先は内線九九九九番の当番者とする。` in `public/history.pdf`')
  })

  it.runIf(canPrint)('reads PDF metadata and bookmarks', async () => {
    const {PDFDocument} = await import('pdf-lib')
    const pdf = await PDFDocument.load(await fs.readFile(path.join(dir, 'build', 'public', 'access.pdf')))
    pdf.setSubject('庁内手続の詳細は別に定める')
    const run = await planted('public/access.pdf', await pdf.save())
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Unexpected withheld text `庁内手続の詳細は別に定める` in `public/access.pdf`')
  })

  it('reads the build marker and files outside the editions', async () => {
    const marker = JSON.parse(await fs.readFile(path.join(dir, 'build', 'kaitei-build.json'), 'utf8'))
    const run = await planted('kaitei-build.json', JSON.stringify({...marker, note: '庁内手続の詳細は別に定める'}))
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Unexpected withheld text `庁内手続の詳細は別に定める` in `kaitei-build.json`')
  })

  it('reads files of any type, and fonts that are not npm\'s', async () => {
    const secret = Buffer.from('x\u0000夜間の緊急連絡先は内線九九九九番の当番者とする。\u0000y')
    expect((await planted('public/assets/logo.bin', secret)).stderr).toContain('in `public/assets/logo.bin`')
    const font = (await fs.readdir(path.join(dir, 'build', 'public', 'assets', 'fonts')))[0]!
    const bytes = await fs.readFile(path.join(dir, 'build', 'public', 'assets', 'fonts', font))
    expect((await planted('public/assets/fonts/' + font, Buffer.concat([bytes, secret]))).stderr).toContain('in `public/assets/fonts/' + font + '`')
  })

  it.each([
    ['split by tags', '<p>庁内手続の<b>詳細は</b>別に<span>定める</span></p>', 'split by tags'],
    ['in full-width letters (NFKC)', '<p>ｈｔｔｐｓ：／／ｉｎｔｒａ．ｅｘａｍｐｌｅ．ｊｐ／ｆｏｒｍｓ／ｐｒｏｃｅｄｕｒｅ－ａ</p>', ''],
    ['in a base64 data URL', '<img src="data:text/plain;base64,' + Buffer.from('庁内手続の詳細は別に定める').toString('base64') + '">', 'base64-encoded'],
    ['as a short heading', '<h2>秘密計画</h2>', 'as a heading, title or id'],
    ['as a short heading\'s id', '<a href="#ch1-秘密計画">#</a>', 'as a heading, title or id']
  ])('finds withheld text hidden %s', async (_, html, how) => {
    const index = path.join(dir, 'build', 'public', 'index.html')
    const page = await fs.readFile(index, 'utf8')
    const run = await planted('public/index.html', page.replace('</main>', html + '</main>'))
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/Unexpected withheld text `[^`]+` in `public\/index\.html`/)
    if (how) expect(run.stderr).toContain('(' + how + ')')
  })
})

describe('fingerprints', () => {
  it('ignore withheld text the edition also shows, and very short fragments', () => {
    const fingerprints = buildFingerprints(
      [
        {text: '情報資産の分類に応じて管理する。詳細な手順は非公開とする。'},
        {text: '第3章'},
        {text: '公開文書にも同じ文がある。'}
      ],
      ['公開文書にも同じ文がある。', '情報資産の分類に応じて管理する。']
    )
    const scan = (content: string) => scanArtifact({path: 'x.html', content}, fingerprints).map((d) => d.fragment.text)
    expect(scan('<p>情報資産の分類に応じて管理する。</p><p>公開文書にも同じ文がある。</p><p>第3章</p>')).toEqual([])
    expect(scan('<p>詳細な手順は非公開とする。</p>')).toEqual(['情報資産の分類に応じて管理する。詳細な手順は非公開とする。'])
    // Whitespace and line breaks do not hide it.
    expect(scan('詳細な手順は\n  非公開とする。')).toHaveLength(1)
  })

  it('decode entities, %-escapes and JS escapes', () => {
    expect(decodeEntities('&#x5185;&#32218;&amp;&lt;')).toBe('内線&<')
    expect(decodePercent('https://x.jp/%E5%86%85%E7%B7%9A')).toBe('https://x.jp/内線')
    expect(decodeEscapes('\\u5185\\u7dda \\x41')).toBe('内線 A')
  })
})
