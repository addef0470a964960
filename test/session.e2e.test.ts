/**
 * The history session and cancelling: Ctrl+C during `kaitei diff` and
 * `kaitei history` stops them with a clear message, leaves no git process
 * behind and no half-written output; the diff models a session keeps are
 * keyed by everything they depend on.
 */
import {spawn} from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {generatePolicy} from '../bench/generate-policy.js'
import {createModelCache, documentModel} from '../src/diff/model.js'
import {loadPublicationFromText} from '../src/publication.js'
import {cliPath, runProgram, runSync, tempDir} from './helpers.js'

async function git(cwd: string, ...args: string[]) {
  const result = await runProgram('git', args, {cwd, encoding: 'utf8', env: {...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.jp', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.jp'}})
  if (result.status !== 0) throw new Error('git ' + args.join(' ') + ': ' + result.stderr)
}

/** Processes whose parent is `pid`. */
function children(pid: number): number[] {
  const result = runSync('ps', ['-o', 'pid=', '--ppid', String(pid)], {encoding: 'utf8'})
  return result.stdout.split('\n').map((d) => Number(d.trim())).filter((d) => d > 0)
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('cancelling with Ctrl+C', () => {
  let repo: string

  beforeAll(async () => {
    // Twelve versions of a 1 MB policy: long enough to interrupt.
    repo = await tempDir('kaitei-cancel-')
    await git(repo, 'init', '-q', '-b', 'main')
    await fs.mkdir(path.join(repo, 'docs'))
    const chapters = generatePolicy(1_000_000, 7)
    const entries: string[] = []
    for (let version = 1; version <= 12; version++) {
      for (const chapter of chapters) await fs.writeFile(path.join(repo, chapter.name), chapter.text.replace(/管理/g, version % 2 ? '管理' : '保全') + '\n版' + version + '\n')
      entries.push('  - {date: 20' + (10 + version) + '-04-01, type: 改定}')
      await fs.writeFile(path.join(repo, 'kaitei.yaml'), 'id: c\ntitle: 試験\nowner: 課\nsources:\n' + chapters.map((d) => '  - ' + d.name).join('\n') + '\nhistory:\n' + entries.join('\n') + '\n')
      await git(repo, 'add', '-A')
      await git(repo, 'commit', '-q', '-m', 'v' + version)
    }
  })

  it.each([
    ['kaitei history', ['history'], 'History cancelled', undefined],
    ['kaitei diff --format html', ['diff', '2011-04-01', '2022-04-01', '--format', 'html', '--out', 'out'], 'Diff cancelled', 'out'],
    ['kaitei diff --format md', ['diff', '2011-04-01', '2022-04-01', '--format', 'md', '--out', 'out.md'], 'Diff cancelled', 'out.md']
  ])('%s: stops, says so, leaves no git process and no output', async (_, args, said, output) => {
    const child = spawn(process.execPath, [cliPath, ...args], {cwd: repo, env: {...process.env, NO_COLOR: '1'}})
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    // Wait until it reads the history (a git process of its own), then interrupt.
    let seen: number[] = []
    for (let waited = 0; waited < 20_000 && seen.length === 0; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      seen = children(child.pid!)
    }
    expect(seen.length, 'a git process while it works').toBeGreaterThan(0)
    // A moment more, to see the git processes it has while at work (never long: it must not finish first).
    await new Promise((resolve) => setTimeout(resolve, 50))
    seen = [...new Set([...seen, ...children(child.pid!)])]
    child.kill('SIGINT')
    expect(await exited).toBe(1)
    expect(stderr).toContain('kaitei: ' + said + '  [E_CANCELLED]')
    expect(stderr).not.toMatch(/\n\s+at /)
    for (let waited = 0; waited < 3000 && seen.some(alive); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(seen.filter(alive)).toEqual([])
    if (output) expect((await fs.readdir(repo)).filter((d) => d.startsWith(output))).toEqual([])
  })
})

describe('the diff models a session keeps', () => {
  it('are told apart by language, withheld mode and notice, not by audience names alone', async () => {
    const text = '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n## 1 目的\n\n:::access{audience=staff}\n庁内だけの文。\n:::\n'
    const config = (o: {lang?: string; withheld?: string; notice?: string}) =>
      'id: m\ntitle: T\nowner: O\nsources: [docs/a.md]\n' + (o.lang ? 'lang: ' + o.lang + '\n' : '') +
      'audiences:\n  - {name: public, label: 公開, withheld: ' + (o.withheld ?? 'notice') + (o.notice ? ', notice: ' + o.notice : '') + '}\n  - {name: staff, label: 庁内, includes: public}\n'
    const cache = createModelCache()
    const model = async (o: {lang?: string; withheld?: string; notice?: string}) => {
      const publication = await loadPublicationFromText(config(o), '/p/kaitei.yaml', {readSource: async () => text})
      return JSON.stringify((await documentModel(publication, publication.config.audiences[0], cache)).sections.flatMap((d) => d.blocks.map((b) => b.text)))
    }
    // The same file and audience names: only the notice, the mode or the language differ.
    expect(await model({})).toBe('["（非公開）"]')
    expect(await model({notice: '【非公開】'})).toBe('["【非公開】"]')
    expect(await model({withheld: 'remove'})).toBe('[]')
    expect(await model({lang: 'en'})).toBe('["(Withheld)"]')
  })
})
