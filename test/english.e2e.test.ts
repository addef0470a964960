/**
 * An English publication shows no Japanese it did not write: not in its
 * pages, PDFs (text, metadata, bookmarks), history page, redline and
 * comparison table, search script, CSS, nor in what the CLI prints for it
 * (progress, history, diffs in every format). And `dateStyle: iso` is kept
 * everywhere.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {readBuiltArtifacts} from '../src/access/built-artifacts.js'
import {packagedFont as fontFromPackage} from '../src/edition/fonts.js'
import {KaiteiContext} from '../src/context.js'
import {findBrowser} from '../src/browser.js'
import {cliPath, fixtures, runProgram, tempDir} from './helpers.js'

const canPrint = Boolean(findBrowser()) || Boolean(process.env.CI)
/** Kana, CJK ideographs, CJK punctuation and full-width forms. */
const japanese = /[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/

async function git(cwd: string, ...args: string[]) {
  const result = await runProgram('git', args, {cwd, encoding: 'utf8', env: {...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.com'}})
  if (result.status !== 0) throw new Error('git ' + args.join(' ') + ': ' + result.stderr)
  return result.stdout
}

const cli = async (cwd: string, ...args: string[]) => await runProgram(process.execPath, [cliPath, ...args], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})

/** The first Japanese character in `text`, with what surrounds it (for the failure message). */
function firstJapanese(text: string): string | undefined {
  const match = japanese.exec(text)
  return match ? JSON.stringify(text.slice(Math.max(0, match.index - 30), match.index + 30)) : undefined
}

describe('an English publication', () => {
  let repo: string
  const printed: Array<[string, string]> = []

  beforeAll(async () => {
    repo = await tempDir('kaitei-english-')
    await git(repo, 'init', '-q', '-b', 'main')
    for (const version of ['v1', 'v2']) {
      await fs.cp(path.join(fixtures, 'english', version), repo, {recursive: true})
      await git(repo, 'add', '-A')
      await git(repo, 'commit', '-q', '-m', version)
    }
    // Uncommitted work, so that the history and the switcher say so.
    await fs.appendFile(path.join(repo, 'docs', 'policy.md'), '\nA sentence in progress.\n')
    const runs: Array<[string, string[]]> = [
      ['build', ['build', '--all-versions', '--format', canPrint ? 'html,pdf' : 'html']],
      ['history', ['history']],
      ['history --json', ['history', '--json']],
      ['check', ['check']],
      ['check --leaks', ['check', '--leaks', 'build']],
      ['diff text', ['diff', '2024-04-01', '2025-06-01']],
      ['diff md', ['diff', '2024-04-01', 'worktree', '--format', 'md', '--audience', 'public']],
      ['diff json', ['diff', '2024-04-01', '2025-06-01', '--format', 'json']],
      ['diff html', ['diff', '2024-04-01', '2025-06-01', '--format', 'html', '--out', 'diff']],
      ['diff table', ['diff', '2024-04-01', '2025-06-01', '--format', 'table', '--out', 'diff']]
    ]
    for (const [name, args] of runs) {
      const run = await cli(repo, ...args)
      expect(run.status, name + ': ' + run.stderr).toBe(0)
      printed.push([name, run.stdout + run.stderr])
    }
  })

  it('the CLI prints no Japanese', () => {
    for (const [name, output] of printed) expect(firstJapanese(output), name).toBeUndefined()
  })

  it('no file written holds Japanese: pages, scripts, CSS, PDFs, history, redline, comparison table', async () => {
    const context = new KaiteiContext()
    const packagedFont = (file: string, bytes: Uint8Array) => fontFromPackage(file, bytes, context)
    const artifacts = [...(await readBuiltArtifacts(path.join(repo, 'build'), 'build', {packagedFont})), ...(await readBuiltArtifacts(path.join(repo, 'diff'), 'diff', {packagedFont}))]
    const names = artifacts.map((d) => d.path)
    expect(names).toEqual(expect.arrayContaining(['build/staff/index.html', 'build/staff/history.html', 'build/staff/versions/2025-06-01/diff.html', 'build/staff/versions/2025-06-01/shinkyu.html', 'diff/redline.html', 'diff/shinkyu.html']))
    if (canPrint) expect(names).toEqual(expect.arrayContaining(['build/staff/acme-isp.pdf', 'build/staff/versions/2025-06-01/shinkyu.pdf', 'diff/shinkyu.pdf']))
    for (const artifact of artifacts) expect(firstJapanese(artifact.content), artifact.path).toBeUndefined()
  })

  it('keeps dateStyle iso everywhere, the CLI included', async () => {
    const history = printed.find(([name]) => name === 'history')![1]
    expect(history).toContain('2025-06-01  amended  In force 2025-07-01  commit ')
    expect(history).toContain('Uncommitted (work in progress)')
    const page = await fs.readFile(path.join(repo, 'build', 'staff', 'index.html'), 'utf8')
    expect(page).toContain('<time datetime="2025-06-01">2025-06-01</time> <span class="amendment-type">amended</span> <span class="effective"> (in force <time datetime="2025-07-01">2025-07-01</time>)</span>')
    expect(page).toContain('<title>ACME Information Security Policy (Staff)</title>')
  })
})
