/**
 * Work proportional to the change, with results that do not depend on it:
 * a diff that reuses one model for a file whose text did not change (and
 * pairs its sections each with itself) says exactly what a diff that models
 * both sides apart says — over generated policy sets, the statute and
 * policy fixtures, the sample's history, and access blocks that span
 * sections.
 */
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {KaiteiContext} from '../src/context.js'
import {diffModels} from '../src/diff/engine.js'
import {createModelCache, documentModel} from '../src/diff/model.js'
import {loadConfig} from '../src/config/load-config.js'
import {HistorySession} from '../src/history/session.js'
import {loadPublication, loadPublicationFromText, type Publication} from '../src/publication.js'
import {Generator, render} from './fuzz/policy-sets.js'
import {fixtures, repoRoot} from './helpers.js'

async function publicationOf(files: Record<string, string>, config: string): Promise<Publication> {
  return loadPublicationFromText(config, '/p/kaitei.yaml', {readSource: async (file) => files[path.relative('/p', file).split(path.sep).join('/')]!})
}

/** The diff of two publications as JSON: with one model cache for both sides (incremental), or one each. */
async function both(before: Publication, after: Publication, audience?: string) {
  const viewer = audience ? after.config.audiences.find((d) => d.name === audience) : undefined
  const shared = createModelCache(new KaiteiContext())
  const incremental = diffModels(await documentModel(before, viewer, shared), await documentModel(after, viewer, shared))
  const apart = diffModels(await documentModel(before, viewer, createModelCache(new KaiteiContext())), await documentModel(after, viewer, createModelCache(new KaiteiContext())))
  return {incremental, apart}
}

describe('the incremental path says what the full path says', () => {
  it.each(Array.from({length: Number(process.env.KAITEI_PAIRING_SEEDS ?? 300)}, (_, i) => i + 1))('generated policy set, seed %i', async (seed) => {
    const generator = new Generator(seed)
    const before = generator.set()
    const {after} = generator.change(before)
    const config = (files: Record<string, string>) => 'id: gen\ntitle: Policies\nowner: O\nlang: en\nsources:\n' + Object.keys(files).map((d) => '  - ' + d + '\n').join('')
    const a = render(before)
    const b = render(after)
    const {incremental, apart} = await both(await publicationOf(a, config(a)), await publicationOf(b, config(b)))
    expect(JSON.stringify(incremental)).toBe(JSON.stringify(apart))
  })

  it.each([
    ['statute', 'v1', 'v2'],
    ['statute', 'v2', 'v3'],
    ['statute', 'v3', 'v4'],
    ['statute', 'v4', 'v5'],
    ['chapter-insert', 'v1', 'v2'],
    ['gyosei-tetsuzuki', 'v1', 'v2'],
    ['gyosei-tetsuzuki', 'v2', 'v3'],
    ['terms', 'v1', 'v2'],
    ['english', 'v1', 'v2']
  ])('%s %s → %s', async (name, from, to) => {
    const before = await loadPublication(path.join(fixtures, name, from, 'kaitei.yaml'))
    const after = await loadPublication(path.join(fixtures, name, to, 'kaitei.yaml'))
    for (const audience of [undefined, ...after.config.audiences.map((d) => d.name)]) {
      const {incremental, apart} = await both(before, after, audience)
      expect(JSON.stringify(incremental), audience).toBe(JSON.stringify(apart))
    }
  })

  it('the sample\'s recorded amendments, for every audience', async () => {
    const {config, file} = await loadConfig(path.join(repoRoot, 'kaitei.yaml'))
    const session = await HistorySession.open(config!, file)
    try {
      const versions = session.recorded
      for (let i = 1; i < versions.length; i++) {
        const before = await session.load(versions[i - 1]!)
        const after = await session.load(versions[i]!)
        for (const audience of config!.audiences) {
          const {incremental, apart} = await both(before, after, audience.name)
          expect(JSON.stringify(incremental), versions[i]!.amendment.key + ' ' + audience.name).toBe(JSON.stringify(apart))
        }
      }
    } finally {
      session.close()
    }
  })

  it('an access block across sections: a change inside it, judged on the whole file, never by a neighbour', async () => {
    const config =
      'id: p\ntitle: 規程\nowner: 課\nsources: [docs/a.md, docs/b.md]\naudiences:\n  - {name: public, label: 公開, public: true, withheld: headings}\n  - {name: staff, label: 庁内, includes: public}\n'
    const a = (secret: string) =>
      '# 第1章 総則\n\n## 1 目的\n\n公開の本文。\n\n:::access{audience=staff}\n## 2 庁内手続\n\n庁内の手続。\n\n## 3 連絡\n\n' + secret + '\n:::\n\n## 4 附記\n\n公開の附記。\n'
    const b = '# 第2章 対策\n\n## 1 対策\n\n対策の本文。\n'
    const before = await publicationOf({'docs/a.md': a('夜間は内線1234へ。'), 'docs/b.md': b}, config)
    const after = await publicationOf({'docs/a.md': a('夜間は内線5678へ。'), 'docs/b.md': b}, config)
    for (const audience of ['public', 'staff']) {
      const {incremental, apart} = await both(before, after, audience)
      expect(JSON.stringify(incremental)).toBe(JSON.stringify(apart))
      const text = JSON.stringify(incremental)
      if (audience === 'public') {
        expect(text).not.toMatch(/内線|庁内の手続/)
        expect(incremental.summary.sections.changed).toBe(0)
      } else {
        expect(text).toContain('内線5678')
        expect(incremental.summary.sections.changed).toBe(1)
      }
    }
  })
})
