/**
 * A looser audience's diff never reveals stricter content, in any format:
 * text added, changed or removed inside withheld blocks, spans and files.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {cliPath, runProgram, runSync, tempDir} from './helpers.js'

const canaries = ['KNRDIFF1カナリア新規ブロック', 'KNRDIFF2カナリア変更前', 'KNRDIFF3カナリア変更後', 'KNRDIFF4カナリア削除', 'KNRDIFF5カナリア新規ファイル']

async function git(cwd: string, ...args: string[]) {
  const result = await runProgram('git', args, {
    cwd,
    encoding: 'utf8',
    env: {...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.jp', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.jp'}
  })
  if (result.status !== 0) throw new Error(result.stderr)
  return result.stdout.trim()
}

let repo: string

beforeAll(async () => {
  repo = await tempDir('kaitei-diff-canary-')
  await git(repo, 'init', '-q', '-b', 'main')
  await fs.mkdir(path.join(repo, 'docs'))
  const config = (sources: string[], history: string) =>
    'id: c\ntitle: 規程\nowner: 課\nsources:\n' + sources.map((d) => '  - ' + d).join('\n') + '\nhistory:\n' + history +
    'audiences:\n  - {name: public, label: 公開, public: true, withheld: notice}\n  - {name: staff, label: 庁内, includes: public}\n'
  await fs.writeFile(
    path.join(repo, 'docs', 'a.md'),
    '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n## 1 目的\n\n公開の本文。:access[' + canaries[1] + ']{audience=staff}\n\n:::access{audience=staff}\n' + canaries[3] + 'の段落。\n:::\n'
  )
  await fs.writeFile(path.join(repo, 'kaitei.yaml'), config(['docs/a.md'], '  - {date: 2024-04-01, type: 策定}\n'))
  await git(repo, 'add', '-A')
  await git(repo, 'commit', '-q', '-m', 'v1')
  await fs.writeFile(
    path.join(repo, 'docs', 'a.md'),
    '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n## 1 目的\n\n公開の本文を改めた。:access[' + canaries[2] + ']{audience=staff}\n\n:::access{audience=staff}\n## 2 庁内手続\n\n' + canaries[0] + 'の段落。\n:::\n'
  )
  await fs.writeFile(path.join(repo, 'docs', 'b.md'), '---\ntitle: 第2章\naccess: staff\n---\n\n# 第2章 内部\n\n## 1 内容\n\n' + canaries[4] + 'の本文。\n')
  await fs.writeFile(path.join(repo, 'kaitei.yaml'), config(['docs/a.md', 'docs/b.md'], '  - {date: 2024-04-01, type: 策定}\n  - {date: 2025-04-01, type: 改定}\n'))
  await git(repo, 'add', '-A')
  await git(repo, 'commit', '-q', '-m', 'v2')
})

const forms = (canary: string) => [canary, encodeURIComponent(canary), [...canary].map((d) => '&#' + d.codePointAt(0) + ';').join(''), JSON.stringify(canary).slice(1, -1)]

describe('diff canaries', () => {
  it.each(['json', 'text', 'md', 'html', 'table'])('%s: public sees the public change and no staff text; staff sees it all', async (format) => {
    const read = async (audience: string) => {
      const out = await tempDir()
      const run = await runProgram(process.execPath, [cliPath, 'diff', '2024-04-01', '2025-04-01', '--audience', audience, '--format', format, '--out', format === 'html' || format === 'table' ? out : path.join(out, 'diff.out')], {cwd: repo, encoding: 'utf8'})
      expect(run.status, run.stderr).toBe(0)
      let text = ''
      for (const file of await fs.readdir(out, {recursive: true})) {
        const full = path.join(out, String(file))
        if ((await fs.stat(full)).isFile() && !full.endsWith('.woff2')) {
          text += full.endsWith('.pdf') ? runSync('pdftotext', [full, '-'], {encoding: 'utf8'}).stdout : await fs.readFile(full, 'utf8')
        }
      }
      return text
    }
    const publicDiff = await read('public')
    expect(publicDiff).toContain('改めた')
    for (const canary of canaries) for (const form of forms(canary)) expect(publicDiff.includes(form), format + ': ' + form).toBe(false)
    expect(publicDiff).not.toContain('KNRDIFF')
    const staffDiff = await read('staff')
    for (const canary of [canaries[0]!, canaries[4]!]) expect(staffDiff, format).toContain(canary)
  })
})

describe('diff pages of a build with all versions', () => {
  it('holds no staff text in the public redline and 新旧対照表, and all of it in staff\'s', async () => {
    const out = path.join(await tempDir(), 'build')
    const run = await runProgram(process.execPath, [cliPath, 'build', '--all-versions', '--format', 'html', '--out', out], {cwd: repo, encoding: 'utf8'})
    expect(run.status, run.stderr).toBe(0)
    const page = (audience: string, file: string) => fs.readFile(path.join(out, audience, 'versions', '2025-04-01', file), 'utf8')
    for (const file of ['diff.html', 'shinkyu.html']) {
      const publicPage = await page('public', file)
      expect(publicPage).toContain('改めた')
      expect(publicPage).not.toContain('KNRDIFF')
      expect(await page('staff', file)).toContain(canaries[4])
    }
    expect(await fs.readFile(path.join(out, 'public', 'history.html'), 'utf8')).toContain('href="versions/2025-04-01/diff.html"')

    // check --leaks reads every version folder with that version's own text: clean…
    const check = async (...args: string[]) => await runProgram(process.execPath, [cliPath, 'check', '--leaks', out, ...args], {cwd: repo, encoding: 'utf8'})
    expect((await check()).status, (await check()).stderr).toBe(0)
    // …until staff text is put into a public version's diff page.
    await fs.appendFile(path.join(out, 'public', 'versions', '2025-04-01', 'diff.html'), '<!-- ' + canaries[0] + ' -->')
    const tampered = await check()
    expect(tampered.status).toBe(1)
    expect(tampered.stderr).toContain('in `public/versions/2025-04-01/diff.html`')
  })
})
