/**
 * Pairing that never invents a change (src/diff/pairing.ts): the pairs of
 * three fixtures written out by hand, the reason each pair carries, and a
 * property test over 300 generated policy sets — every pair kaitei reports
 * joins sections the generator knows to be the same, and nothing untouched
 * is reported changed, moved or removed.
 */
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {compareSides} from '../src/diff/diff-versions.js'
import {diffModels, type SectionChange} from '../src/diff/engine.js'
import {documentModel, type DocumentModel} from '../src/diff/model.js'
import {pairFiles} from '../src/diff/pairing.js'
import {sectionChanges} from '../src/diff/section-changes.js'
import {similarity, titleSimilarity} from '../src/diff/similarity.js'
import {loadPublication, loadPublicationFromText, type Publication} from '../src/publication.js'
import {Generator, placesOf, render, type GenSet} from './fuzz/policy-sets.js'
import {fixtures} from './helpers.js'

async function fixtureDiff(name: string) {
  const before = await loadPublication(path.join(fixtures, name, 'v1', 'kaitei.yaml'))
  const after = await loadPublication(path.join(fixtures, name, 'v2', 'kaitei.yaml'))
  return compareSides(after.config, undefined, {side: {spec: 'v1', label: 'v1'}, publication: before}, {side: {spec: 'v2', label: 'v2'}, publication: after})
}

/** A change as a line: `kind old-title → new-title (rule)`, with renumbering and moves. */
function line(change: SectionChange): string {
  const title = (ref: SectionChange['old']) => (ref ? (ref.number ? ref.number + ' ' : '') + (ref.title || ref.id) : '-')
  const notes = [change.renumbered ? 'renumbered' : '', change.moved ? 'moved' : '', change.pairing?.rule ?? ''].filter(Boolean)
  return change.kind + ' ' + title(change.old) + ' → ' + title(change.new) + (notes.length > 0 ? ' (' + notes.join(', ') + ')' : '')
}

describe('pairs written out by hand', () => {
  it('boilerplate in three files, one file deleted: its sections are removed, the others\' identical sections stay unchanged', async () => {
    const diff = await fixtureDiff('policy-set')
    expect(diff.changes.sections.map(line)).toEqual([
      'removed Access Control Policy → -',
      'removed 1. Scope → -',
      'removed 2. Policy → -',
      'removed 3. Enforcement → -',
      'unchanged Acceptable Use Policy → Acceptable Use Policy (contents)',
      'unchanged 1. Scope → 1. Scope (same-body)',
      'unchanged 2. Policy → 2. Policy (same-body)',
      'unchanged 3. Enforcement → 3. Enforcement (same-body)',
      'unchanged Backup Policy → Backup Policy (contents)',
      'unchanged 1. Scope → 1. Scope (same-body)',
      'unchanged 2. Policy → 2. Policy (same-body)',
      'unchanged 3. Enforcement → 3. Enforcement (same-body)'
    ])
    // Each removed section is the deleted file's; each unchanged one stays in its file.
    for (const change of diff.changes.sections) {
      if (change.kind === 'removed') expect(change.old?.file).toBe('docs/access-control.md')
      if (change.old && change.new) expect(change.old.file).toBe(change.new.file)
    }
  })

  it('an English rewrite: a clause removed and an unrelated one under its number are never paired; a clause moved to the other file is a move between files', async () => {
    const diff = await fixtureDiff('terms-move')
    expect(diff.changes.sections.map(line)).toEqual([
      'unchanged Terms of Service → Terms of Service (contents)',
      'changed A. Definitions → A. Definitions (same-heading)',
      'unchanged B. Account Terms → B. Account Terms (same-body)',
      'unchanged C. Acceptable Use → C. Acceptable Use (same-body)',
      'unchanged D. API Terms → D. API Terms (contents)',
      'unchanged 1. No Abuse or Overuse of the API → 1. No Abuse or Overuse of the API (same-body)',
      'removed 2. Limitation of Liability for API Use → -',
      'added - → 2. Confidentiality of Private Repositories',
      'unchanged F. Contact → E. Contact (renumbered, same-body)',
      'unchanged Privacy Statement → Privacy Statement (contents)',
      'unchanged 1. Data We Collect → 1. Data We Collect (same-body)',
      'unchanged 2. How We Use Data → 2. How We Use Data (same-body)',
      'unchanged E. Cookies → 3. Cookies (renumbered, moved, moved-file)',
      'unchanged 3. Contact → 4. Contact (renumbered, same-body)'
    ])
    const cookies = diff.changes.sections.find((d) => d.new?.title === 'Cookies')!
    expect(cookies.movedFile).toEqual({from: 'docs/terms.md', to: 'docs/privacy.md'})
    expect(cookies.pairing).toEqual({rule: 'moved-file', similarity: 1, file: {from: 'docs/terms.md', to: 'docs/privacy.md'}})
    // The Contact boilerplate of each file stays in its file.
    for (const change of diff.changes.sections.filter((d) => d.new?.title === 'Contact')) expect(change.old?.file).toBe(change.new?.file)
  })

  it('a statute inserting a chapter before a moved one: 第三章 補則 is 第四章 補則 by what it holds, the new 第三章 is new', async () => {
    const diff = await fixtureDiff('chapter-insert')
    expect(diff.changes.sections.map(line)).toEqual([
      'unchanged 試験市行政手続条例 → 試験市行政手続条例 (same-heading)',
      'unchanged 第一章 総則 → 第一章 総則 (contents)',
      'unchanged 第一条 （目的） → 第一条 （目的） (same-body)',
      'unchanged 第二条 （定義） → 第二条 （定義） (same-body)',
      'unchanged 第二章 申請に対する処分 → 第二章 申請に対する処分 (contents)',
      'unchanged 第三条 （審査基準） → 第三条 （審査基準） (same-body)',
      'unchanged 第四条 （標準処理期間） → 第四条 （標準処理期間） (same-body)',
      'added - → 第三章 意見公募手続等',
      'added - → 第五条 （命令等を定める場合の一般原則）',
      'added - → 第六条 （意見公募手続）',
      'unchanged 第三章 補則 → 第四章 補則 (renumbered, contents)',
      'unchanged 第五条 （適用除外） → 第七条 （適用除外） (renumbered, same-body)'
    ])
    expect(diff.changes.sections.find((d) => d.new?.number === '第四章')!.pairing).toEqual({rule: 'contents', sections: 1})
  })

  it('the history and the 「改定」 markers follow the same pairs: the deleted file\'s sections only', async () => {
    const before = await loadPublication(path.join(fixtures, 'policy-set', 'v1', 'kaitei.yaml'))
    const after = await loadPublication(path.join(fixtures, 'policy-set', 'v2', 'kaitei.yaml'))
    const changes = await sectionChanges(before, after)
    expect(changes.map((d) => d.kind + ' ' + d.id)).toEqual([
      'removed access-control-policy',
      'removed access-control-policy-1',
      'removed access-control-policy-2',
      'removed access-control-policy-3'
    ])
  })
})

describe('similarity, in words where words are spaced', () => {
  it('gives unrelated English paragraphs nothing, an edited one most', () => {
    const api = 'You understand and agree that we shall not be liable for any direct, indirect, incidental, special, consequential or exemplary damages resulting from your use of the API.'
    const confidential = 'We treat the contents of private repositories as confidential to you, and protect them from unauthorized use, access or disclosure as we protect our own confidential information.'
    expect(similarity(api, confidential)).toBeLessThan(0.1)
    expect(similarity(api, api.replace('exemplary', 'punitive'))).toBeGreaterThan(0.85)
    expect(similarity('', '')).toBe(0)
    expect(similarity('情報資産を取り扱う全ての職員は、この基本方針を遵守しなければならない。', '情報資産を取り扱う全ての職員等は、この基本方針及び対策基準を遵守しなければならない。')).toBeGreaterThan(0.6)
    expect(titleSimilarity('Termination', 'Suspension and Termination')).toBe(0.5)
    expect(titleSimilarity('補則', '意見公募手続等')).toBe(0)
  })

  it('pairs a renamed file by its text, and no file by a little boilerplate', () => {
    const section = (file: string, id: string, text: string) => ({id, title: id, level: 2, file, blocks: [{kind: 'paragraph' as const, text, markup: text}]})
    const long = 'Access to systems is granted on the principle of least privilege and reviewed every six months by the owner of each system.'
    const files = pairFiles(
      [section('a.md', 'x', long), section('a.md', 'scope', 'This policy applies to all staff.'), section('b.md', 'scope', 'This policy applies to all staff.')],
      [section('renamed.md', 'x', long), section('renamed.md', 'scope', 'This policy applies to all staff.'), section('c.md', 'scope', 'This policy applies to all staff.')]
    )
    expect([...files]).toEqual([['a.md', 'renamed.md']])
  })
})

/** The model of a generated set, through the real pipeline. */
async function modelOf(set: GenSet): Promise<{model: DocumentModel; publication: Publication}> {
  const files = render(set)
  const sources = Object.keys(files)
  const config = 'id: gen\ntitle: Policies\nowner: O\nlang: en\nsources:\n' + sources.map((d) => '  - ' + d + '\n').join('')
  const publication = await loadPublicationFromText(config, '/p/kaitei.yaml', {
    readSource: async (file) => files[path.relative('/p', file).split(path.sep).join('/')]!
  })
  return {model: await documentModel(publication), publication}
}

describe('generated policy sets (property test)', () => {
  const seeds = Array.from({length: Number(process.env.KAITEI_PAIRING_SEEDS ?? 300)}, (_, i) => i + 1)

  it.each(seeds)('seed %i: every pair is a true pair, nothing untouched is reported changed, moved or removed', async (seed) => {
    const generator = new Generator(seed)
    const before = generator.set()
    const {after, operations} = generator.change(before)
    const [a, b] = await Promise.all([modelOf(before), modelOf(after)])
    const diff = {changes: diffModels(a.model, b.model)}
    const oldPlaces = placesOf(before)
    const newPlaces = placesOf(after)
    // Model sections back to the generator's identities, by file and title.
    const identityOf = (places: ReturnType<typeof placesOf>, ref: NonNullable<SectionChange['old']>) => {
      for (const [identity, place] of places) if (place.file === ref.file && place.title === ref.title) return identity
      throw new Error('seed ' + seed + ': no generated section for ' + ref.file + ' ' + ref.title)
    }
    const context = 'seed ' + seed + ' (' + operations.join('; ') + ')'
    const seen = new Map<string, SectionChange>()
    for (const change of diff.changes.sections) {
      const oldIdentity = change.old ? identityOf(oldPlaces, change.old) : undefined
      const newIdentity = change.new ? identityOf(newPlaces, change.new) : undefined
      // Never an invented pair.
      if (oldIdentity && newIdentity) expect(newIdentity, context + ': ' + line(change) + ' (' + JSON.stringify(change.pairing) + ')').toBe(oldIdentity)
      if (oldIdentity) {
        // Every old section is accounted for, once.
        expect(seen.has(oldIdentity), context + ': ' + oldIdentity + ' twice').toBe(false)
        seen.set(oldIdentity, change)
      }
    }
    expect(seen.size, context).toBe(oldPlaces.size)
    // Untouched sections are unchanged, in place; text moved unchanged is found.
    const renamedFiles = new Set(before.filter((f) => after.some((g) => g.identity === f.identity && g.path !== f.path)).map((f) => f.identity))
    for (const [identity, old] of oldPlaces) {
      const now = newPlaces.get(identity)
      if (!now) {
        expect(seen.get(identity)!.kind, context + ': ' + identity + ' was deleted').toBe('removed')
        continue
      }
      const change = seen.get(identity)!
      const parentKept = old.parent === now.parent
      if (old.file === now.file && old.number === now.number && old.title === now.title && old.body === now.body && parentKept) {
        expect(line(change), context + ': untouched ' + identity).toBe('unchanged ' + (old.number ? old.number + ' ' : '') + old.title + ' → ' + (old.number ? old.number + ' ' : '') + old.title + ' (' + change.pairing?.rule + ')')
      }
      // A text kept word for word that occurs once is always found, wherever it went.
      const unique = old.body !== '' && !old.boilerplate && [...oldPlaces.values()].filter((d) => d.body === old.body).length === 1
      if (unique && old.body === now.body && !renamedFiles.has(old.parent ?? '')) {
        expect(change.new, context + ': ' + identity + ' (' + old.title + ') kept its text but was not found').toBeDefined()
      }
    }
  })
})
