/**
 * The leak guard catches text of stricter editions in a looser one: at build
 * time (the build fails, nothing is written) and on an existing build
 * (`kaitei check --leaks`).
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
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
