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
import {copyFixture, fixtures, git, listFiles, repoRoot, runCli, tempDir} from './helpers.js'

const secret = '夜間の緊急連絡先は内線九九九九番の当番者とする。'

describe('leak guard at build time', () => {
  it('fails a build whose theme leaks withheld text, naming artifact and source, and keeps the previous build', async () => {
    const dir = await copyFixture(path.join(fixtures, 'access'))
    expect((await runCli(['build', '-q', '--format', 'html'], dir)).status).toBe(0)
    const before = await listFiles(path.join(dir, 'build'))
    const page = await fs.readFile(path.join(dir, 'build', 'public', 'index.html'), 'utf8')

    // A site theme whose footer someone pasted the staff-only contact into.
    const theme = path.join(dir, 'themes', 'city')
    await fs.cp(path.join(repoRoot, 'themes', 'default'), theme, {recursive: true})
    const template = await fs.readFile(path.join(theme, 'template.html'), 'utf8')
    await fs.writeFile(path.join(theme, 'template.html'), template.replace('</main>', '<footer>' + secret + '</footer>\n</main>'))
    const config = path.join(dir, 'kaitei.yaml')
    await fs.writeFile(config, (await fs.readFile(config, 'utf8')).replace('sources:', 'theme: city\nsources:'))

    const run = await runCli(['build', '--format', 'html'], dir)
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
    expect((await runCli(['build', '-q', '--format', 'html'], dir)).status).toBe(0)
    const run = await runCli(['check', '--leaks', 'build'], dir)
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
    expect((await runCli(['build', '-q', '--format', 'html'], dir)).status).toBe(0)
    const index = path.join(dir, 'build', 'public', 'assets', 'search-index.js')
    await fs.appendFile(index, '// ' + encode('庁内手続の詳細は別に定める') + '\n')
    const run = await runCli(['check', '--leaks', 'build'], dir)
    expect(run.status, how).toBe(1)
    expect(run.stderr).toMatch(/docs\/01-general\.md:\d+:\d+: Unexpected withheld text `庁内手続の詳細は別に定める` in `public\/assets\/search-index\.js`/)
  })
})

describe('a clean build passes its own check', () => {
  // Front matter values, attribute names and audience names are not withheld
  // text: `access: security` on a file must not make `security` (in every
  // build's kaitei-build.json) a leak.
  it.each(['valid', 'access', 'links', 'withheld-file', 'english/v1', 'english/v2', 'statute/v1', 'statute/v5', 'terms/v1', 'terms/v2', 'sample'])(
    '%s: build, then check --leaks, 0 errors',
    async (name) => {
      let dir: string
      if (name === 'sample') {
        dir = await tempDir()
        await fs.cp(path.join(repoRoot, 'docs'), path.join(dir, 'docs'), {recursive: true})
        await fs.copyFile(path.join(repoRoot, 'kaitei.yaml'), path.join(dir, 'kaitei.yaml'))
      } else {
        dir = await copyFixture(path.join(fixtures, name))
      }
      const built = await runCli(['build', '-q', '--format', 'html'], dir)
      expect(built.status, built.stderr).toBe(0)
      const run = await runCli(['check', '--leaks', 'build'], dir)
      expect(run.stderr).not.toContain('[leak]')
      expect(run.status, run.stderr).toBe(0)
      expect(run.stdout).toContain('0 errors')
    }
  )
})

describe('a withheld file leaves no trace of its name', () => {
  it('and a shown file whose name shares a stretch with it is no leak (docs/03-chapter.md withheld beside docs/13-chapter.md)', async () => {
    const dir = await tempDir()
    await fs.mkdir(path.join(dir, 'docs'))
    await fs.writeFile(path.join(dir, 'docs', '03-chapter.md'), '---\ntitle: 第3章\naccess: staff\n---\n\n# 第3章 庁内\n\n庁内の本文。\n')
    await fs.writeFile(path.join(dir, 'docs', '13-chapter.md'), '---\ntitle: 第13章\n---\n\n# 第13章 公開\n\n公開の本文。\n')
    await fs.writeFile(
      path.join(dir, 'kaitei.yaml'),
      'id: p\ntitle: 試験規程\nowner: 試験課\nsources: [docs/03-chapter.md, docs/13-chapter.md]\naudiences:\n  - {name: public, label: 公開, public: true}\n  - {name: staff, label: 庁内, includes: public}\n'
    )
    const built = await runCli(['build', '-q', '--format', 'html'], dir)
    expect(built.status, built.stderr).toBe(0)
    for (const file of ['index.html', 'manifest.json']) {
      const text = await fs.readFile(path.join(dir, 'build', 'public', file), 'utf8')
      expect(text).toContain('13-chapter')
      expect(text).not.toContain('03-chapter')
    }
  })

  it('in any artifact of a looser edition, remove or notice alike (history and diffs included)', async () => {
    const dir = await copyFixture(path.join(fixtures, 'withheld-file'))
    // Two versions in git: the restricted files arrive in the second.
    const config = await fs.readFile(path.join(dir, 'kaitei.yaml'), 'utf8')
    const first = config.replace(/  - docs\/breach-response-plan\.md\n  - docs\/incident-contacts\.md\n/, '')
    await fs.writeFile(path.join(dir, 'kaitei.yaml'), first + 'history:\n  - {date: 2025-04-01, type: 制定}\n')
    await git(dir, 'init', '-q', '-b', 'main')
    await git(dir, 'add', 'kaitei.yaml', 'docs/01-general.md')
    await git(dir, 'commit', '-q', '-m', 'v1')
    await fs.writeFile(path.join(dir, 'kaitei.yaml'), config + 'history:\n  - {date: 2025-04-01, type: 制定}\n  - {date: 2026-04-01, type: 改定}\n')
    await git(dir, 'add', '-A')
    await git(dir, 'commit', '-q', '-m', 'v2')
    const built = await runCli(['build', '-q', '--format', 'html', '--all-versions'], dir)
    expect(built.status, built.stderr).toBe(0)
    const names = ['breach-response-plan', 'incident-contacts']
    const hidden: Record<string, string[]> = {public: names, staff: ['breach-response-plan'], security: []}
    for (const [edition, gone] of Object.entries(hidden)) {
      for (const file of await listFiles(path.join(dir, 'build', edition))) {
        if (file.endsWith('.woff2')) continue
        const text = await fs.readFile(path.join(dir, 'build', edition, file), 'utf8')
        for (const name of gone) expect(text.includes(name), edition + '/' + file + ' names ' + name).toBe(false)
      }
    }
    // The notice of the staff-only file still stands in the public edition.
    expect(await fs.readFile(path.join(dir, 'build', 'public', 'index.html'), 'utf8')).toContain('<p class="withheld-notice">（非公開）</p>')
    expect(await fs.readFile(path.join(dir, 'build', 'security', 'index.html'), 'utf8')).toContain('id="file-docs-breach-response-plan"')
    for (const [edition, gone] of Object.entries(hidden)) {
      const history = await runCli(['history', '--audience', edition, '--json'], dir)
      const diff = await runCli(['diff', '2025-04-01', '2026-04-01', '--audience', edition, '--format', 'json'], dir)
      for (const run of [history, diff]) {
        expect(run.status, run.stderr).toBe(0)
        for (const name of gone) expect(run.stdout.includes(name), edition + ' names ' + name).toBe(false)
      }
    }
    const check = await runCli(['check', '--leaks', 'build'], dir)
    expect(check.status, check.stderr).toBe(0)
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
    expect((await runCli(['build', '-q', '--format', canPrint ? 'html,pdf' : 'html'], dir)).status).toBe(0)
    expect((await runCli(['check', '--leaks', 'build'], dir)).status).toBe(0)
  })

  /** Plant something, run the check, take the plant away again. */
  async function planted(file: string, content: string | Uint8Array) {
    const target = path.join(dir, 'build', file)
    const before = await fs.readFile(target).catch(() => undefined)
    await fs.mkdir(path.dirname(target), {recursive: true})
    await fs.writeFile(target, content)
    try {
      return await runCli(['check', '--leaks', 'build'], dir)
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

  it('reads UTF-16 text and gzip and brotli files', async () => {
    const secret = '夜間の緊急連絡先は内線九九九九番の当番者とする。'
    const {gzipSync, brotliCompressSync} = await import('node:zlib')
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('note: ' + secret, 'utf16le')])
    for (const [file, bytes] of [
      ['public/notes.txt', utf16],
      ['public/notes-without-bom.log', Buffer.from('note: ' + secret, 'utf16le')],
      ['public/index.html.gz', gzipSync(Buffer.from('<p>' + secret + '</p>'))],
      ['public/assets/search-index.js.br', brotliCompressSync(Buffer.from('x = "' + secret + '"'))]
    ] as const) {
      const run = await planted(file, bytes)
      expect(run.status, file).toBe(1)
      expect(run.stderr, file).toContain('Unexpected withheld text `夜間の緊急連絡先は内線九九九九番の当番者とする。` in `' + file + '`')
    }
  })

  it('says which file it cannot read, and fails', async () => {
    const noise = Buffer.from(Array.from({length: 4096}, (_, i) => (i * 7919 + 13) % 256))
    const run = await planted('public/assets/blob.dat', noise)
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Cannot check `public/assets/blob.dat` for withheld text: a binary file (.dat) the leak guard cannot read as text')
    const broken = await planted('public/index.html.gz', Buffer.from([0x1f, 0x8b, 1, 2, 3, 4, 5, 6]))
    expect(broken.status).toBe(1)
    expect(broken.stderr).toContain('Cannot check `public/index.html.gz` for withheld text: a packed file')
  })

  it.each([
    ['with zero-width characters between its characters', '<p>庁\u200b内\u200b手\u200d続の\ufeff詳細は\u2060別に\u00ad定める</p>', ''],
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

  it('look for a short withheld heading by its slug only when the edition does not show those words', () => {
    // 第二条（定義） of a withheld file and a public section 「4 定義」: its slug 定義 is no leak.
    const shown = buildFingerprints([{text: '（定義）', kind: 'heading'}], ['定義', 'この規程における用語の意義'])
    const scan = (fingerprints: typeof shown, content: string) => scanArtifact({path: 'x.html', content}, fingerprints).map((d) => d.fragment.text)
    expect(scan(shown, '<h2 id="ch1-4">4 定義</h2><a href="#定義">#</a>')).toEqual([])
    expect(scan(shown, '<h2>（定義）</h2>')).toEqual(['（定義）'])
    // Not shown: the slug still tells.
    const hidden = buildFingerprints([{text: '（秘密）', kind: 'heading'}], ['定義'])
    expect(scan(hidden, '<a href="#ch1-秘密">#</a>')).toEqual(['（秘密）'])
  })

  it('decode entities, %-escapes and JS escapes', () => {
    expect(decodeEntities('&#x5185;&#32218;&amp;&lt;')).toBe('内線&<')
    expect(decodePercent('https://x.jp/%E5%86%85%E7%B7%9A')).toBe('https://x.jp/内線')
    expect(decodeEscapes('\\u5185\\u7dda \\x41')).toBe('内線 A')
  })
})
