/**
 * 改め文 that apply when read in order: an independent reader
 * (aratame-reader.ts, no code shared with the generator) applies the
 * sentences kaitei writes to the old text, each acting on the text as the
 * sentences before it left it, and must get the new text exactly — over 300
 * generated amendments of statutes (articles, 項 and 号 inserted, deleted and
 * renumbered, provisions rewritten whole, chapters inserted, 附則 amended)
 * and every statute and policy fixture.
 */
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {aratame} from '../src/diff/aratame.js'
import type {VersionDiff} from '../src/diff/diff-versions.js'
import {diffModels} from '../src/diff/engine.js'
import {documentModel, type Section} from '../src/diff/model.js'
import {loadPublication} from '../src/publication.js'
import {applyAratame, contentsOf, linesOf, type ReaderDocument} from './aratame-reader.js'
import {StatuteGenerator, statuteModel} from './fuzz/statutes.js'
import {loadConfig} from '../src/config/load-config.js'
import {HistorySession} from '../src/history/session.js'
import {fixtures, repoRoot} from './helpers.js'

function readerDocument(title: string, sections: readonly Section[]): ReaderDocument {
  const converted = sections.map((d) => ({
    number: d.number,
    title: d.title,
    level: d.level,
    blocks: d.blocks.map((b) => (b.kind === 'item' && b.number ? {text: b.text, item: b.number, depth: b.depth ?? 0} : {text: b.text}))
  }))
  return {title, sections: converted, contents: contentsOf(converted)}
}

/** Write the 改め文 from old to new, read it back on the old text, and compare with the new. */
function roundTrip(before: Section[], after: Section[], title = '試験条例', previousTitle?: string): {sentences: string[]} {
  const diff: VersionDiff = {
    publication: {id: 'p', title, amendmentWord: '改正', ...(previousTitle ? {previousTitle} : {})},
    from: {spec: 'a', label: '旧'},
    to: {spec: 'b', label: '新'},
    changes: diffModels({sections: before}, {sections: after})
  }
  const document = aratame(diff)
  const sentences = document.sentences.map((d) => d.text + (d.body ? '\n' + d.body.map((l) => '　' + l).join('\n') : ''))
  const old = readerDocument(previousTitle ?? title, before)
  const expected = readerDocument(title, after)
  let applied: ReaderDocument
  try {
    applied = applyAratame(old, document.sentences)
  } catch (error) {
    throw new Error(String((error as Error).message) + '\n\nsentences:\n' + sentences.join('\n'))
  }
  // The act's own 附則 joins the law when it takes effect (溶け込み), under the act's caption.
  const last = after[after.length - 1]
  if (last && /^附則[（(]/.test(last.number ?? '') && !before.some((d) => d.number === last.number)) {
    applied.sections.push({number: last.number, title: '', level: last.level, blocks: (document.supplementary ?? '').split('\n').map((text) => ({text}))})
  }
  expect(linesOf(applied), sentences.join('\n')).toEqual(linesOf(expected))
  // The 目次, amended by its own sentences, is the new text's 目次.
  expect(applied.contents, sentences.join('\n')).toEqual(expected.contents)
  return {sentences}
}

describe('generated amendments of statutes, read in order', () => {
  const seeds = Array.from({length: Number(process.env.KAITEI_ARATAME_SEEDS ?? 300)}, (_, i) => i + 1)
  it.each(seeds)('seed %i', (seed) => {
    const generator = new StatuteGenerator(seed)
    const statute = generator.statute()
    const {after} = generator.amend(statute)
    roundTrip(statuteModel(statute), statuteModel(after))
  })
})

describe('fixtures, read in order', () => {
  async function model(dir: string) {
    const publication = await loadPublication(path.join(dir, 'kaitei.yaml'))
    return {sections: (await documentModel(publication)).sections, title: publication.config.title}
  }

  it.each([
    ['statute', 'v1', 'v2'],
    ['statute', 'v2', 'v3'],
    ['statute', 'v3', 'v4'],
    ['statute', 'v4', 'v5'],
    ['chapter-insert', 'v1', 'v2'],
    ['gyosei-tetsuzuki', 'v1', 'v2'],
    ['gyosei-tetsuzuki', 'v2', 'v3']
  ])('%s %s → %s', async (name, from, to) => {
    const before = await model(path.join(fixtures, name, from))
    const after = await model(path.join(fixtures, name, to))
    roundTrip(before.sections, after.sections, after.title, before.title !== after.title ? before.title : undefined)
  })

  it('the sample policy, each recorded amendment (a file renamed between them)', async () => {
    const {config, file} = await loadConfig(path.join(repoRoot, 'kaitei.yaml'))
    const session = await HistorySession.open(config!, file)
    try {
      const versions = session.recorded
      expect(versions.length).toBeGreaterThanOrEqual(3)
      for (let i = 1; i < versions.length; i++) {
        const before = (await documentModel(await session.load(versions[i - 1]!))).sections
        const after = (await documentModel(await session.load(versions[i]!))).sections
        const {sentences} = roundTrip(before, after, config!.title)
        expect(sentences.length).toBeGreaterThan(0)
      }
    } finally {
      session.close()
    }
  })
})
