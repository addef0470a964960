/**
 * Rendering in worker threads gives exactly the single-thread result, and
 * problems found in a worker keep their file and position.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {writePolicy} from '../bench/generate-policy.js'
import {cliPath, listFiles, runProgram, tempDir} from './helpers.js'

async function build(dir: string, out: string, threads: number) {
  return await runProgram(process.execPath, [cliPath, 'build', '-q', '--format', 'html', '--out', out], {
    cwd: dir,
    encoding: 'utf8',
    env: {...process.env, KAITEI_THREADS: String(threads)}
  })
}

describe('parallel rendering', () => {
  let dir: string

  beforeAll(async () => {
    dir = await tempDir()
    await writePolicy(dir, 300_000, 7)
  })

  it('writes byte-identical editions with 1 and 3 threads', async () => {
    expect((await build(dir, 'one', 1)).status).toBe(0)
    expect((await build(dir, 'three', 3)).status).toBe(0)
    const one = await listFiles(path.join(dir, 'one'))
    expect(await listFiles(path.join(dir, 'three'))).toEqual(one)
    for (const file of one) {
      const [a, b] = await Promise.all([fs.readFile(path.join(dir, 'one', file)), fs.readFile(path.join(dir, 'three', file))])
      expect(a.equals(b), file).toBe(true)
    }
    const html = await fs.readFile(path.join(dir, 'one', 'all', 'index.html'), 'utf8')
    expect(html.match(/<h2 id="ch\d+">/g)?.length).toBeGreaterThan(2)
  })

  it('one big file, parsed in pieces on three threads: byte-identical editions, with access blocks and footnotes', async () => {
    const big = await tempDir()
    await writePolicy(big, 400_000, 11, true)
    const config = await fs.readFile(path.join(big, 'kaitei.yaml'), 'utf8')
    const docs = config.match(/docs\/\S+\.md/g)!
    // The chapters as one file (their own front matter dropped), with footnotes across its pieces.
    let text = ''
    for (const doc of docs) text += (await fs.readFile(path.join(big, doc), 'utf8')).replace(/^---\n[\s\S]*?\n---\n/, '') + '\n'
    text = text.replace(/。/, '。[^first]') + '\n[^first]: 一つ目の脚注。\n'
    await fs.writeFile(path.join(big, 'docs', 'policy.md'), text)
    await fs.writeFile(path.join(big, 'kaitei.yaml'), config.replace(/sources:\n(?:  - .*\n)+/, 'sources:\n  - docs/policy.md\n'))
    expect((await build(big, 'one', 1)).status).toBe(0)
    const three = await build(big, 'three', 3)
    expect(three.status, three.stderr).toBe(0)
    const one = await listFiles(path.join(big, 'one'))
    expect(await listFiles(path.join(big, 'three'))).toEqual(one)
    for (const file of one) {
      const [a, b] = await Promise.all([fs.readFile(path.join(big, 'one', file)), fs.readFile(path.join(big, 'three', file))])
      expect(a.equals(b), file).toBe(true)
    }
    expect(await fs.readFile(path.join(big, 'one', 'security', 'index.html'), 'utf8')).toContain('一つ目の脚注。')
  })

  it('reports an error found in a worker with its file and position', async () => {
    const file = path.join(dir, 'docs', '03-chapter.md')
    const text = await fs.readFile(file, 'utf8')
    await fs.writeFile(file, text.replace('## 2 ', '## 1 '))
    const run = await build(dir, 'broken', 3)
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/docs\/03-chapter\.md:\d+:1: Unexpected duplicate section id `ch3-1`/)
    // Its related place crossed the worker boundary too.
    expect(run.stderr).toMatch(/\n  \S*docs\/03-chapter\.md:\d+:1: note: the first section with id `ch3-1`/)
    await fs.writeFile(file, text)
  })
})
