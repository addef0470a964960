/**
 * The persistent cache trusts nothing it did not check: a flipped byte, a
 * truncated entry, another version of kaitei or another key is ignored
 * (and said, when asked); writes are atomic; the folder keeps to its bound.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {DiskCache} from '../src/cache/disk-cache.js'
import {tempDir} from './helpers.js'

async function entries(dir: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (current: string) => {
    for (const entry of await fs.readdir(current, {withFileTypes: true})) {
      const full = path.join(current, entry.name)
      if (entry.isDirectory()) await walk(full)
      else out.push(full)
    }
  }
  await walk(dir)
  return out
}

describe('the persistent cache', () => {
  it('gives back what was stored, for its key and version only', async () => {
    const dir = await tempDir()
    const cache = new DiskCache({dir, version: '1'})
    cache.set('model', 'a', {sections: [1, 2, 3], text: '第1章'})
    expect(cache.get('model', 'a')).toEqual({sections: [1, 2, 3], text: '第1章'})
    expect(cache.get('model', 'b')).toBeUndefined()
    expect(cache.get('rendered', 'a')).toBeUndefined()
    expect(new DiskCache({dir, version: '2'}).get('model', 'a')).toBeUndefined()
  })

  it.each([
    ['a flipped byte', (bytes: Buffer) => Buffer.from(bytes.map((d, i) => (i === bytes.length - 5 ? d ^ 1 : d))), /checksum mismatch/],
    ['a truncated entry', (bytes: Buffer) => bytes.subarray(0, bytes.length - 7), /truncated/],
    ['another version in the header', (bytes: Buffer) => Buffer.from(bytes.toString('utf8').replace('"version":"1"', '"version":"0"')), /another version/],
    ['no header at all', () => Buffer.from('{"sections":[]}'), /not a kaitei cache entry/],
    ['an entry written for another key', (bytes: Buffer) => Buffer.from(bytes.toString('utf8').replace(/"id":"[0-9a-f]{4}/, '"id":"0000')), /another key/]
  ])('ignores %s, and says so', async (_, damage, why) => {
    const dir = await tempDir()
    const lines: string[] = []
    const cache = new DiskCache({dir, version: '1', debug: (line) => lines.push(line)})
    cache.set('model', 'a', {sections: ['秘密でない本文']})
    const [file] = await entries(dir)
    await fs.writeFile(file!, damage(await fs.readFile(file!)))
    expect(cache.get('model', 'a')).toBeUndefined()
    expect(lines.join('\n')).toMatch(why)
    // Written anew, it is trusted again.
    cache.set('model', 'a', {sections: ['秘密でない本文']})
    expect(cache.get('model', 'a')).toEqual({sections: ['秘密でない本文']})
  })

  it('writes atomically: no temporary file is left, a reader never sees half an entry', async () => {
    const dir = await tempDir()
    const cache = new DiskCache({dir, version: '1'})
    for (let i = 0; i < 20; i++) cache.set('model', 'k' + i, {i, text: 'x'.repeat(10_000)})
    const files = await entries(dir)
    expect(files.filter((d) => d.endsWith('.tmp'))).toEqual([])
    for (let i = 0; i < 20; i++) expect(cache.get<{i: number}>('model', 'k' + i)?.i).toBe(i)
  })

  it('keeps to its bound, the oldest entries first out', async () => {
    const dir = await tempDir()
    const cache = new DiskCache({dir, version: '1', maxBytes: 200_000})
    for (let i = 0; i < 30; i++) {
      cache.set('model', 'k' + i, {i, text: 'x'.repeat(20_000)})
      // Distinct modification times: the order entries were written in.
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    cache.prune()
    const size = (await Promise.all((await entries(dir)).map((d) => fs.stat(d)))).reduce((sum, d) => sum + d.size, 0)
    expect(size).toBeLessThanOrEqual(200_000)
    // The latest are kept.
    expect(cache.get<{i: number}>('model', 'k29')?.i).toBe(29)
    expect(cache.get('model', 'k0')).toBeUndefined()
  })
})
