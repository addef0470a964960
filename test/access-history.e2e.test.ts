/**
 * A restricted amendment leaves no trace in looser editions: the version
 * switcher, the 「改正」 markers, the history page, `--at` and `kaitei diff
 * --audience` all see the history through the same filter.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {build} from '../src/publish/build.js'
import {diffVersions} from '../src/diff/diff-versions.js'
import {historyReport} from '../src/history-report.js'
import {listFiles, runProgram, tempDir} from './helpers.js'

async function git(cwd: string, ...args: string[]) {
  const result = await runProgram('git', args, {
    cwd,
    encoding: 'utf8',
    env: {...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.jp', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.jp'}
  })
  if (result.status !== 0) throw new Error('git ' + args.join(' ') + ': ' + result.stderr)
  return result.stdout.trim()
}

const audiences = `audiences:
  - {name: public, label: 公開, public: true}
  - {name: staff, label: 庁内限定, includes: public, withheld: notice}
  - {name: security, label: 担当者限定, includes: staff}
`
const entries = [
  '  - {date: 2024-04-01, type: 策定}\n',
  '  - {date: 2025-04-01, type: 改定, summary: 公開の改定}\n',
  // The newest amendment is for the security staff only (its date is the secret).
  '  - {date: 2025-10-07, type: 一部改定, summary: 担当者だけの改定, access: security}\n'
]
const doc = (purpose: string, secret: string) =>
  `---\ntitle: 第1章 総則\n---\n\n# 第1章 総則\n\n## 1 目的\n\n${purpose}\n\n## 2 連絡\n\n:::access{audience=security}\n${secret}\n:::\n`
const texts = [
  doc('目的の文は第一版である。', '当番は内線一番とする。'),
  doc('目的の文は第二版である。', '当番は内線一番とする。'),
  // It also changes text everyone sees: that cannot be hidden (a warning says so).
  doc('目的の文は第三版である。', '当番は内線九番とする。')
]
const hidden = ['2025-10-07', '令和7年10月7日', '担当者だけの改定', '内線九番']

let repo: string
let out: string
let warnings: string[]

beforeAll(async () => {
  repo = await tempDir('kaitei-access-history-')
  await git(repo, 'init', '-q', '-b', 'main')
  await fs.mkdir(path.join(repo, 'docs'))
  for (const [index, text] of texts.entries()) {
    await fs.writeFile(path.join(repo, 'docs', 'a.md'), text)
    await fs.writeFile(path.join(repo, 'kaitei.yaml'), 'id: h\ntitle: 試験規程\nowner: 試験課\nsources: [docs/a.md]\nhistory:\n' + entries.slice(0, index + 1).join('') + audiences)
    await git(repo, 'add', '-A')
    await git(repo, 'commit', '-q', '-m', 'version ' + (index + 1))
  }
  out = path.join(repo, 'build')
  const result = await build({config: path.join(repo, 'kaitei.yaml'), formats: ['html'], allVersions: true})
  warnings = result.messages.map((d) => d.line + ':' + d.column + ' ' + d.reason + ' [' + d.ruleId + ']')
})

async function editionText(name: string): Promise<string> {
  const dir = path.join(out, name)
  const files = (await listFiles(dir)).filter((d) => !d.endsWith('.woff2'))
  return (await Promise.all(files.map((d) => fs.readFile(path.join(dir, d), 'utf8')))).join('\n')
}

describe('a restricted newest amendment', () => {
  it('leaves no trace in the public and staff editions: no date, no summary, no folder', async () => {
    for (const name of ['public', 'staff']) {
      const text = await editionText(name)
      for (const secret of hidden) expect(text.includes(secret), name + ' holds ' + secret).toBe(false)
      expect(await fs.readdir(path.join(out, name, 'versions'))).toEqual(['2024-04-01', '2025-04-01'])
    }
    expect(await fs.readdir(path.join(out, 'security', 'versions'))).toEqual(['2024-04-01', '2025-04-01', '2025-10-07'])
  })

  it('switchers name the latest amendment each edition may see as current', async () => {
    const current = async (name: string) => /<summary><span class="versions-label">版<\/span> ([^<]*)<\/summary>/.exec(await fs.readFile(path.join(out, name, 'index.html'), 'utf8'))![1]
    expect(await current('public')).toBe('令和7年4月1日 改定（現行）')
    expect(await current('staff')).toBe('令和7年4月1日 改定（現行）')
    expect(await current('security')).toBe('令和7年10月7日 一部改定（現行）')
  })

  it('keeps the 「改正」 markers of the amendment each edition may see', async () => {
    const publicPage = await fs.readFile(path.join(out, 'public', 'index.html'), 'utf8')
    expect(publicPage).toMatch(/<h3 id="ch1-1">.*<span class="amended">改定 令和7年4月1日<\/span>/)
    const securityPage = await fs.readFile(path.join(out, 'security', 'index.html'), 'utf8')
    expect(securityPage).toMatch(/<h3 id="ch1-2">.*<span class="amended">改定 令和7年10月7日<\/span>/)
    expect(securityPage).toMatch(/<h3 id="ch1-1">.*<span class="amended">改定 令和7年10月7日<\/span>/)
  })

  it('--at renders, for each edition, the version in force among those it may see', async () => {
    const at = path.join(repo, 'at')
    await build({config: path.join(repo, 'kaitei.yaml'), formats: ['html'], at: '2026-01-01', out: at})
    const page = (name: string) => fs.readFile(path.join(at, name, 'index.html'), 'utf8')
    expect(await page('public')).not.toContain('2025-10-07')
    expect(await page('public')).toContain('目的の文は第二版である。')
    expect(await page('security')).toContain('目的の文は第三版である。')
    expect(await page('security')).toContain('内線九番')
    expect(await page('staff')).not.toContain('内線')
  })

  it('warns where a restricted amendment changes text a looser edition shows', () => {
    expect(warnings).toEqual([
      '8:5 Unexpected change to text the `public` edition shows (1) in the amendment of 2025-10-07, which `public` may not see (access: security), expected a restricted amendment to change only text its audience sees: `public` readers see the change under the next amendment they may see [access-history]',
      '8:5 Unexpected change to text the `staff` edition shows (1) in the amendment of 2025-10-07, which `staff` may not see (access: security), expected a restricted amendment to change only text its audience sees: `staff` readers see the change under the next amendment they may see [access-history]'
    ])
  })

  it('kaitei diff --audience refuses an amendment the edition may not see; history --audience omits it', async () => {
    const config = path.join(repo, 'kaitei.yaml')
    await expect(diffVersions({config, from: '2025-04-01', to: '2025-10-07', audience: 'public'})).rejects.toThrow(
      'The amendment of 2025-10-07 is not in the history the `public` edition may see'
    )
    // Without an audience (the author's own view), it is a side like any other.
    const diff = await diffVersions({config, from: '2025-04-01', to: '2025-10-07'})
    expect(diff.to.amendment?.date).toBe('2025-10-07')
    const report = await historyReport({config, audience: 'staff', changes: false})
    expect(report.entries.map((d) => d.date.iso)).toEqual(['2024-04-01', '2025-04-01'])
  })
})
