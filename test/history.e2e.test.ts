/**
 * Revision history from a real git repository: amendments resolved to
 * commits, point-in-time editions on their boundaries, renamed files, work in
 * progress, access control, and the situations git cannot help with.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {findBrowser} from '../src/browser.js'
import {build} from '../src/publish/build.js'
import {historyReport} from '../src/history-report.js'
import {cliPath, listFiles, repoRoot, runProgram, runSync, tempDir} from './helpers.js'

async function git(cwd: string, ...args: string[]) {
  const result = await runProgram('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: '情報政策課',
      GIT_AUTHOR_EMAIL: 'policy@example.jp',
      GIT_COMMITTER_NAME: '情報政策課',
      GIT_COMMITTER_EMAIL: 'policy@example.jp',
      GIT_AUTHOR_DATE: '2026-01-01T00:00:00+09:00',
      GIT_COMMITTER_DATE: '2026-01-01T00:00:00+09:00'
    }
  })
  if (result.status !== 0) throw new Error('git ' + args.join(' ') + ': ' + result.stderr)
  return result.stdout.trim()
}

const audiences = `audiences:
  - {name: public, label: 公開, public: true}
  - {name: staff, label: 庁内限定, includes: public}
`
const config = (sources: string[], history: string) =>
  'id: hist\ntitle: 試験規程\nowner: 試験課\nsources:\n' + sources.map((d) => '  - ' + d).join('\n') + '\nhistory:\n' + history + audiences

const doc = (purpose: string, sections: string) => `---
title: 第1章 総則
---

# 第1章 総則

## 1 目的

${purpose}

${sections}
`

let repo: string
const commits: Record<string, string> = {}

beforeAll(async () => {
  repo = await tempDir('kaitei-history-')
  await git(repo, 'init', '-q', '-b', 'main')
  await fs.mkdir(path.join(repo, 'docs'))
  const write = (file: string, text: string) => fs.writeFile(path.join(repo, file), text)

  // 1. Moved into git with its past: 平成22年 策定 (no text) and 令和2年 改定 (this text).
  await write('docs/a.md', doc('目的の文は第一版である。', '## 2 定義\n\n定義の文は第一版である。'))
  await write('kaitei.yaml', config(['docs/a.md'], '  - {date: 平成22年4月1日, type: 策定}\n  - {date: 2020-04-01, type: 改定}\n'))
  await git(repo, 'add', '-A')
  await git(repo, 'commit', '-q', '-m', 'Policy as of 2020-04-01')
  commits.a1 = await git(repo, 'rev-parse', 'HEAD')

  // 2. Adopted 令和3年4月1日, in force 令和3年10月1日; a staff-only summary.
  await write('docs/a.md', doc('目的の文は第一版である。', '## 2 定義\n\n定義の文は第二版である。'))
  await write(
    'kaitei.yaml',
    config(['docs/a.md'], '  - {date: 平成22年4月1日, type: 策定}\n  - {date: 2020-04-01, type: 改定}\n  - {date: 令和3年4月1日, type: 改定, effective: 令和3年10月1日, summary: 庁内向けの改定理由, summaryAccess: staff}\n')
  )
  await git(repo, 'add', '-A')
  await git(repo, 'commit', '-q', '-m', 'Amendment of 令和3年4月1日')
  commits.a2 = await git(repo, 'rev-parse', 'HEAD')

  // 3. 2022-04-01: the file is renamed and 1 目的 changes; an entry only staff may see.
  await git(repo, 'mv', 'docs/a.md', 'docs/general.md')
  await write('docs/general.md', doc('目的の文は第三版である。', '## 2 定義\n\n定義の文は第二版である。'))
  const thirdHistory =
    '  - {date: 平成22年4月1日, type: 策定}\n  - {date: 2020-04-01, type: 改定}\n  - {date: 令和3年4月1日, type: 改定, effective: 令和3年10月1日, summary: 庁内向けの改定理由, summaryAccess: staff}\n  - {date: 2022-04-01, type: 一部改定, summary: 庁内だけの改定, access: staff}\n'
  await write('kaitei.yaml', config(['docs/general.md'], thirdHistory))
  await git(repo, 'add', '-A')
  await git(repo, 'commit', '-q', '-m', 'Amendment of 2022-04-01')
  commits.a3 = await git(repo, 'rev-parse', 'HEAD')

  // 4. 2023-04-01: a section inserted, 定義 renumbered from 2 to 3.
  await write('docs/general.md', doc('目的の文は第三版である。', '## 2 適用範囲\n\n適用範囲の文は新設である。\n\n## 3 定義\n\n定義の文は第二版である。'))
  await write('kaitei.yaml', config(['docs/general.md'], thirdHistory + '  - {date: 2023-04-01, type: 改定}\n'))
  await git(repo, 'add', '-A')
  await git(repo, 'commit', '-q', '-m', 'Amendment of 2023-04-01')
  commits.a4 = await git(repo, 'rev-parse', 'HEAD')
})

describe('kaitei history', () => {
  it('lists the amendments with their dates, commits and changed sections', async () => {
    const report = await historyReport({config: path.join(repo, 'kaitei.yaml')})
    expect(report.entries.map((d) => [d.date.iso, d.date.wareki, d.type, d.effective.iso, d.commit ?? d.source])).toEqual([
      ['2010-04-01', '平成22年4月1日', '策定', '2010-04-01', 'not-recorded'],
      ['2020-04-01', '令和2年4月1日', '改定', '2020-04-01', commits.a1],
      ['2021-04-01', '令和3年4月1日', '改定', '2021-10-01', commits.a2],
      ['2022-04-01', '令和4年4月1日', '一部改定', '2022-04-01', commits.a3],
      ['2023-04-01', '令和5年4月1日', '改定', '2023-04-01', commits.a4]
    ])
    const changes = (iso: string) =>
      report.entries.find((d) => d.date.iso === iso)!.changes!.map((d) => d.kind + ' ' + d.id + ' ' + (d.number ?? '') + ' +' + d.added + ' -' + d.removed)
    // 第一版 → 第二版: the numeral is marked with its counter (一版 → 二版), never alone.
    expect(changes('2021-04-01')).toEqual(['changed ch1-2 2 +2 -2'])
    // The file was renamed: only the changed section shows, nothing is "removed and added".
    expect(changes('2022-04-01')).toEqual(['changed ch1-1 1 +2 -2'])
    // 2 is inserted and 定義 renumbered from 2 to 3: matched, not "changed and added".
    expect(changes('2023-04-01')).toEqual(['added ch1-2 2 +19 -0', 'renumbered ch1-3 3 +0 -0'])
    expect(report.worktree).toBeUndefined()
  })

  it('prints text and JSON from the CLI', async () => {
    const text = await runProgram(process.execPath, [cliPath, 'history'], {cwd: repo, encoding: 'utf8'})
    expect(text.status).toBe(0)
    expect(text.stdout).toContain('平成22年4月1日 (2010-04-01)  策定  本文の記録なし')
    expect(text.stdout).toContain('令和3年4月1日 (2021-04-01)  改定  施行日 令和3年10月1日 (2021-10-01)  commit ' + commits.a2!.slice(0, 10) + '  庁内向けの改定理由')
    const json = JSON.parse((await runProgram(process.execPath, [cliPath, 'history', '--json'], {cwd: repo, encoding: 'utf8'})).stdout)
    expect(json.entries).toHaveLength(5)
  })

  it('holds back entries and summaries from a looser audience', async () => {
    const report = await historyReport({config: path.join(repo, 'kaitei.yaml'), audience: 'public'})
    expect(report.entries.map((d) => d.date.iso)).toEqual(['2010-04-01', '2020-04-01', '2021-04-01', '2023-04-01'])
    expect(JSON.stringify(report)).not.toContain('庁内')
  })
})

describe('kaitei build --at', () => {
  const at = async (date: string) => {
    const out = path.join(await tempDir(), 'build')
    await build({config: path.join(repo, 'kaitei.yaml'), out, at: date, formats: ['html'], audiences: ['staff']})
    return fs.readFile(path.join(out, 'staff', 'index.html'), 'utf8')
  }

  it.each([
    ['2020-03-31', undefined],
    ['2020-04-01', '定義の文は第一版である。'],
    ['2021-09-30', '定義の文は第一版である。'], // adopted 2021-04-01 but in force from 2021-10-01
    ['令和3年10月1日', '定義の文は第二版である。'],
    ['2021-10-02', '定義の文は第二版である。'],
    ['2022-03-31', '目的の文は第一版である。'],
    ['R4.4.1', '目的の文は第三版である。'],
    ['2023-03-31', '目的の文は第三版である。'],
    ['2023-04-01', '適用範囲の文は新設である。'],
    ['2030-01-01', '適用範囲の文は新設である。']
  ])('on %s shows the text then in force', async (date, expected) => {
    if (expected === undefined) {
      await expect(at(date)).rejects.toThrow('No recorded text was in force on 2020-03-31: the first recorded version took effect on 2020-04-01')
      return
    }
    const page = await at(date)
    expect(page).toContain(expected)
  })

  it('renders exactly the committed text', async () => {
    const page = await at('2022-04-01')
    const committed = await git(repo, 'show', commits.a3 + ':docs/general.md')
    for (const line of committed.split('\n').filter((d) => d && !d.startsWith('#') && !d.startsWith('---') && !d.startsWith('title'))) {
      expect(page).toContain(line)
    }
    expect(page).not.toContain('定義の文は第一版である。')
    expect(page).not.toContain('適用範囲')
  })
})

describe('kaitei build --all-versions', () => {
  it('writes every recorded version and a history page, as each audience may see them', async () => {
    const out = path.join(await tempDir(), 'build')
    const result = await build({config: path.join(repo, 'kaitei.yaml'), out, allVersions: true, formats: ['html']})
    expect(await fs.readdir(path.join(out, 'staff', 'versions'))).toEqual(['2020-04-01', '2021-04-01', '2022-04-01', '2023-04-01'])
    // The staff-only amendment has no public version.
    expect(await fs.readdir(path.join(out, 'public', 'versions'))).toEqual(['2020-04-01', '2021-04-01', '2023-04-01'])
    expect(await fs.readFile(path.join(out, 'staff', 'versions', '2021-04-01', 'index.html'), 'utf8')).toContain('定義の文は第二版である。')
    expect(result.versions).toHaveLength(7)

    const staffHistory = await fs.readFile(path.join(out, 'staff', 'history.html'), 'utf8')
    expect(staffHistory).toContain('<svg class="history-timeline"')
    expect(staffHistory).toContain('<a href="versions/2021-04-01/index.html">')
    expect(staffHistory).toContain('庁内向けの改定理由')
    expect(staffHistory).toContain('本文の記録なし')
    const publicHistory = await fs.readFile(path.join(out, 'public', 'history.html'), 'utf8')
    expect(publicHistory).not.toContain('庁内')
    expect(publicHistory).not.toContain('2022-04-01')

    // The current page: a version switcher, and 「改正」 on what the latest amendment changed.
    const page = await fs.readFile(path.join(out, 'staff', 'index.html'), 'utf8')
    expect(page).toContain('<summary><span class="versions-label">版</span> 令和5年4月1日 改定（現行）</summary>')
    expect(page).toContain('<a href="versions/2021-04-01/index.html">令和3年4月1日 改定</a>')
    expect(page).toMatch(/<h3 id="ch1-2">.*<span class="amended">改定 令和5年4月1日<\/span>/)
    expect(page).not.toMatch(/<h3 id="ch1-1">.*amended/)
    const old = await fs.readFile(path.join(out, 'staff', 'versions', '2021-04-01', 'index.html'), 'utf8')
    expect(old).toContain('<a href="../../index.html">令和5年4月1日 改定（現行）</a>')
    expect(old).toMatch(/<h3 id="ch1-2">.*<span class="amended">改定 令和3年4月1日<\/span>/)

    // Every page works under a CSP without 'unsafe-inline': the policy in its head, no inline script, style or handler.
    const pages = (await listFiles(out)).filter((d) => d.endsWith('.html'))
    expect(pages.filter((d) => d.endsWith('diff.html') || d.endsWith('shinkyu.html') || d.endsWith('history.html')).length).toBeGreaterThan(10)
    for (const name of pages) {
      const html = await fs.readFile(path.join(out, name), 'utf8')
      expect(html, name).toMatch(/<head>\n(?:<meta charset="utf-8">\n)?<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self';/)
      expect(html, name).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|<style[\s>]|\sstyle=|\son[a-z]+=/i)
    }
  })
})

describe.runIf(Boolean(findBrowser()) || Boolean(process.env.CI))('kaitei build --all-versions --format pdf', () => {
  it('prints the latest version once when it is the current text, and every other version', async () => {
    const out = path.join(await tempDir(), 'build')
    const lines: string[] = []
    const result = await build({config: path.join(repo, 'kaitei.yaml'), out, allVersions: true, formats: ['pdf'], audiences: ['staff'], onProgress: (line) => lines.push(line)})
    const current = await fs.readFile(path.join(out, 'staff', 'hist.pdf'))
    const latest = await fs.readFile(path.join(out, 'staff', 'versions', '2023-04-01', 'hist.pdf'))
    const older = await fs.readFile(path.join(out, 'staff', 'versions', '2022-04-01', 'hist.pdf'))
    expect(latest.equals(current)).toBe(true)
    expect(older.equals(current)).toBe(false)
    expect(lines).toContain('printed staff/versions/2023-04-01: the same page as staff, its PDF (' + result.editions.find((d) => d.audience === 'staff')!.pdf!.pages + ' pages) reused')
    expect(lines.filter((d) => d.startsWith('printing '))).toHaveLength(4)
    const text = runSync('pdftotext', ['-enc', 'UTF-8', path.join(out, 'staff', 'versions', '2022-04-01', 'hist.pdf'), '-'], {encoding: 'utf8'}).stdout
    expect(text).toContain('目的の文は第三版である。')
  })
})

describe('work in progress', () => {
  it('shows uncommitted changes as 未確定（作業中） and never mixes them into a version', async () => {
    const file = path.join(repo, 'docs', 'general.md')
    const text = await fs.readFile(file, 'utf8')
    await fs.writeFile(file, text.replace('目的の文は第三版である。', '目的の文は作業中である。'))
    try {
      const report = await historyReport({config: path.join(repo, 'kaitei.yaml')})
      expect(report.worktree).toMatchObject({label: '未確定（作業中）', files: ['docs/general.md']})
      expect(report.worktree!.changes.map((d) => d.id)).toEqual(['ch1-1'])
      const out = path.join(await tempDir(), 'build')
      await build({config: path.join(repo, 'kaitei.yaml'), out, allVersions: true, formats: ['html'], audiences: ['staff']})
      expect(await fs.readFile(path.join(out, 'staff', 'index.html'), 'utf8')).toContain('目的の文は作業中である。')
      expect(await fs.readFile(path.join(out, 'staff', 'versions', '2023-04-01', 'index.html'), 'utf8')).toContain('目的の文は第三版である。')
    } finally {
      await fs.writeFile(file, text)
    }
  })
})

describe('when git cannot tell', () => {
  it('explains a shallow clone', async () => {
    const shallow = path.join(await tempDir(), 'shallow')
    await git(repoRoot, 'clone', '-q', '--depth', '1', 'file://' + repo, shallow)
    const run = await runProgram(process.execPath, [cliPath, 'history'], {cwd: shallow, encoding: 'utf8'})
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Cannot read the history: this is a shallow clone, so older amendments are missing; fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in GitHub Actions checkout)')
  })

  it('explains a folder outside git, and still builds the HTML without history', async () => {
    const dir = await tempDir()
    await fs.cp(repo, dir, {recursive: true, filter: (src) => !src.includes('.git')})
    const run = await runProgram(process.execPath, [cliPath, 'history'], {cwd: dir, encoding: 'utf8'})
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('is not inside a git repository; keep the policy in git')
    const built = await runProgram(process.execPath, [cliPath, 'build', '--format', 'html'], {cwd: dir, encoding: 'utf8'})
    expect(built.status).toBe(0)
    expect(built.stderr).toContain('history skipped: Cannot read the history')
    const at = await runProgram(process.execPath, [cliPath, 'build', '--format', 'html', '--at', '2022-01-01'], {cwd: dir, encoding: 'utf8'})
    expect(at.status).toBe(1)
    // `npm start` builds with --all-versions: outside git it still builds the current editions.
    const all = await runProgram(process.execPath, [cliPath, 'build', '--format', 'html', '--all-versions'], {cwd: dir, encoding: 'utf8'})
    expect(all.status).toBe(0)
    expect(all.stderr).toContain('past versions and history skipped: Cannot read the history')
  })

  it('explains a missing git', async () => {
    const run = await runProgram(process.execPath, [cliPath, 'history'], {cwd: repo, encoding: 'utf8', env: {...process.env, PATH: '/nonexistent'}})
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Cannot run git: it is not installed or not on PATH')
  })
})

describe('the sample policy', () => {
  it('has at least three versions with texts recorded in this repository', async () => {
    const shallow = (await runProgram('git', ['rev-parse', '--is-shallow-repository'], {cwd: repoRoot, encoding: 'utf8'})).stdout.trim() === 'true'
    if (shallow) {
      // A shallow CI checkout: the documented explanation instead.
      await expect(historyReport({config: path.join(repoRoot, 'kaitei.yaml')})).rejects.toThrow('shallow clone')
      return
    }
    const report = await historyReport({config: path.join(repoRoot, 'kaitei.yaml'), changes: false})
    const recorded = report.entries.filter((d) => d.recorded).map((d) => d.date.iso)
    expect(recorded).toEqual(['2016-09-30', '2022-02-17', '2026-03-25'])
    expect(report.entries.filter((d) => !d.recorded).map((d) => d.date.iso)).toEqual(['2004-02-04', '2006-02-24'])
  })
})
