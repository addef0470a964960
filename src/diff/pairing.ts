/**
 * Which old section is which new section: the one rule every output of a
 * comparison follows (the history, each diff format, the 「改定」 markers in
 * editions, the 新旧対照表 and the 改め文). A pair is a claim a reviewer
 * signs; so a pair is made only on evidence, and each pair says which:
 *
 * 1. **Files first.** A file keeps its identity across versions by its path,
 *    by its front matter `id`, or — renamed — by most of its text (at least
 *    half, as git's rename detection). Sections are paired inside their own
 *    file pair.
 * 2. Inside a file pair, in this order:
 *    - `same-body`: the same text, wherever it went in the file (renumbered
 *      or moved; several with that text: the one with the same title or id);
 *    - `same-heading`: the same number, title and place (id): the same
 *      provision, however its text was rewritten;
 *    - `same-place`: the same number and place, under a title with at
 *      least `retitledFloor` of its words in common (総則及び目的 → 総則);
 *    - `same-title`: the same title elsewhere in the file (renumbered), with
 *      at least `titleFloor` of its text in common;
 *    - `similar`: at least `similarityFloor` of its text in common, best
 *      pairs first.
 * 3. **Across files** only a near-identical text (`movedFloor`) pairs, and
 *    only a text that occurs once on each side: boilerplate repeated in
 *    several files (a "Scope" in every policy) is never evidence. Such a
 *    pair is a move between files (`moved-file`), shown as such.
 * 4. **A section with sections under it** (a chapter) pairs by what it holds
 *    (`contents`): with the section that holds most of its own sections'
 *    partners. 第六章 補則 holding 第三十八条 that became 第七章 補則 holding
 *    第四十六条 is one chapter renumbered; the new 第六章 is new. Without any
 *    partner below it, by its heading as above.
 * 5. Everything else is removed and added: a doubtful pair is never made to
 *    make a diff smaller. Text before a file's first heading pairs only with
 *    that of the same file.
 *
 * Similarity is measured by `similarity.ts` (shingles of words or
 * characters); the floors are constants here, documented in the README.
 */
import type {Section} from './model.js'
import {diceOf, shingles, titleSimilarity} from './similarity.js'

/** Text in common for two sections of one file with different headings to pair. */
export const similarityFloor = 0.6
/** Text in common for two sections of one file with the same title but another number or place. */
export const titleFloor = 0.3
/** Words in common between the titles of two sections of one number and place (a retitled section). */
export const retitledFloor = 0.5
/** Text in common for a section to pair with one in another file (a move between files). */
export const movedFloor = 0.9
/** Text in common for a file to be the same file under another name. */
export const renamedFloor = 0.5

export type PairRule = 'same-body' | 'same-heading' | 'same-place' | 'same-title' | 'similar' | 'contents' | 'moved-file'

/** Why a pair was made. */
export interface PairReason {
  rule: PairRule
  /** For `same-title`, `similar` and `moved-file`: the text in common; for `same-place`: the title's words in common (0 to 1, two decimals). */
  similarity?: number
  /** For `contents` (and `moved-file` of a section with sections under it): how many of them went under its partner. */
  sections?: number
  /** The files, when the section changed file (`moved-file`) or its file was renamed. */
  file?: {from: string; to: string}
}

export interface Pairing {
  /** New section → its old section. */
  partner: Map<Section, Section>
  /** New section → why. */
  reasons: Map<Section, PairReason>
  /** Old file → new file (same path, same id, or renamed). */
  files: Map<string, string>
}

/** Most pairs compared each with each in one file pair (beyond: the best for each new section, in order). */
const maxMatrix = 250_000

const fileOf = (section: Section) => section.file ?? ''
const bodyOf = (section: Section) => section.blocks.map((d) => d.text).join('\n')
const isIntro = (section: Section) => section.level === 0 && section.id.endsWith('-intro')
const round = (value: number) => Math.round(value * 100) / 100

export function pairSections(before: readonly Section[], after: readonly Section[]): Pairing {
  const partner = new Map<Section, Section>()
  const reasons = new Map<Section, PairReason>()
  const partnerOfOld = new Map<Section, Section>()
  const pair = (section: Section, old: Section, reason: PairReason) => {
    partner.set(section, old)
    reasons.set(section, reason)
    partnerOfOld.set(old, section)
  }
  const used = (old: Section) => partnerOfOld.has(old)
  const grams = new Map<Section, Map<string, number>>()
  const gramsOf = (section: Section) => {
    let found = grams.get(section)
    if (!found) grams.set(section, (found = shingles(bodyOf(section))))
    return found
  }
  const alike = (a: Section, b: Section) => {
    const x = bodyOf(a)
    const y = bodyOf(b)
    if (x === y) return x.trim() === '' ? 0 : 1
    // Lengths far apart cannot reach a floor: skip the work.
    if (Math.min(x.length, y.length) < 0.3 * Math.max(x.length, y.length)) return 0
    return diceOf(gramsOf(a), gramsOf(b))
  }
  const treeBefore = treeOf(before)
  const treeAfter = treeOf(after)
  const holdsOld = (d: Section) => (treeBefore.children.get(d)?.length ?? 0) > 0
  const holdsNew = (d: Section) => (treeAfter.children.get(d)?.length ?? 0) > 0

  // 1. Files.
  const files = pairFiles(before, after)
  const oldByFile = groupBy(before, fileOf)
  const newByFile = groupBy(after, fileOf)
  const renamed = (from: string, to: string): Pick<PairReason, 'file'> => (from !== to ? {file: {from, to}} : {})

  /** Pair what is left in one file pair by heading, title and text (`olds`, `news`: the candidates). */
  const byHeadingAndText = (olds: readonly Section[], news: readonly Section[], file: Pick<PairReason, 'file'>, bodies: boolean) => {
    const free = () => olds.filter((d) => !used(d))
    const open = () => news.filter((d) => !partner.has(d))
    // Text before the first heading: with that of the same file.
    const intro = open().find(isIntro)
    const oldIntro = free().find(isIntro)
    if (intro && oldIntro) pair(intro, oldIntro, {rule: 'same-heading', ...file})
    // The same text.
    if (bodies) {
      const byBody = groupBy(free().filter((d) => bodyOf(d).trim() !== ''), bodyOf)
      for (const section of open()) {
        const candidates = (byBody.get(bodyOf(section)) ?? []).filter((d) => !used(d))
        if (candidates.length === 0) continue
        const old = candidates.find((d) => d.title === section.title) ?? candidates.find((d) => d.id === section.id) ?? candidates[0]!
        // Several with this text and none by title or id: no evidence which.
        if (candidates.length > 1 && old.title !== section.title && old.id !== section.id) continue
        pair(section, old, {rule: 'same-body', ...file})
      }
    }
    // The same heading in the same place; or the same number in the same
    // place under a title with words in common (a retitled provision).
    const byId = new Map(free().map((d) => [d.id, d]))
    for (const section of open()) {
      const old = byId.get(section.id)
      // The same place: the same number under the same parent (an article of one number in another chapter is another place).
      if (!old || used(old) || (old.number ?? '') !== (section.number ?? '') || (old.parent ?? '') !== (section.parent ?? '')) continue
      if (old.title === section.title) {
        pair(section, old, {rule: 'same-heading', ...file})
        continue
      }
      const value = titleSimilarity(old.title, section.title)
      if (value >= retitledFloor) pair(section, old, {rule: 'same-place', similarity: round(value), ...file})
    }
    // The same title elsewhere in the file, with some text in common.
    for (const section of open()) {
      if (section.title === '') continue
      const same = free().filter((d) => d.title === section.title)
      if (same.length !== 1 || open().filter((d) => d.title === section.title).length !== 1) continue
      const value = alike(same[0]!, section)
      const empty = bodyOf(same[0]!).trim() === '' && bodyOf(section).trim() === ''
      if (empty || value >= titleFloor) pair(section, same[0]!, {rule: 'same-title', similarity: round(value), ...file})
    }
    // Similar text, best pairs first.
    const left = open().filter((d) => d.blocks.length > 0 && !isIntro(d))
    const oldLeft = free().filter((d) => d.blocks.length > 0 && !isIntro(d))
    const candidates: Array<[number, Section, Section]> = []
    const exhaustive = left.length * oldLeft.length <= maxMatrix
    for (const section of left) {
      let best: [number, Section, Section] | undefined
      for (const old of oldLeft) {
        const value = alike(old, section)
        if (value < similarityFloor) continue
        if (exhaustive) candidates.push([value, old, section])
        else if (!best || value > best[0]) best = [value, old, section]
      }
      if (best) candidates.push(best)
    }
    candidates.sort((a, b) => b[0] - a[0])
    for (const [value, old, section] of candidates) {
      if (!partner.has(section) && !used(old)) pair(section, old, {rule: 'similar', similarity: round(value), ...file})
    }
  }

  // 0. A file whose model is the very one on both sides (its text did not change: one model
  // serves both): each section with itself, for the reason the rules below would give.
  for (const [oldFile, newFile] of files) {
    const olds = oldByFile.get(oldFile) ?? []
    const news = newByFile.get(newFile) ?? []
    if (oldFile !== newFile || olds.length === 0 || olds.length !== news.length || olds.some((d, i) => d !== news[i])) continue
    for (const section of olds) {
      const children = treeBefore.children.get(section)?.length ?? 0
      pair(section, section, children > 0 ? {rule: 'contents', sections: children} : isIntro(section) || bodyOf(section).trim() === '' ? {rule: 'same-heading'} : {rule: 'same-body'})
    }
  }

  // 2. Inside each file pair: sections with no sections under them.
  for (const [oldFile, newFile] of files) {
    byHeadingAndText(
      (oldByFile.get(oldFile) ?? []).filter((d) => !holdsOld(d)),
      (newByFile.get(newFile) ?? []).filter((d) => !holdsNew(d)),
      renamed(oldFile, newFile),
      true
    )
  }

  // 3. Across files: a near-identical text, once on each side.
  const count = (sections: readonly Section[]) => {
    const out = new Map<string, number>()
    for (const section of sections) {
      const body = normalized(bodyOf(section))
      if (body !== '') out.set(body, (out.get(body) ?? 0) + 1)
    }
    return out
  }
  const looseOld = before.filter((d) => !used(d) && !holdsOld(d) && !isIntro(d) && d.blocks.length > 0)
  const looseNew = after.filter((d) => !partner.has(d) && !holdsNew(d) && !isIntro(d) && d.blocks.length > 0)
  // (Counted only when there is something to pair: a text's count on each side is over every section.)
  const oldCounts = looseOld.length > 0 && looseNew.length > 0 ? count(before) : new Map<string, number>()
  const newCounts = looseOld.length > 0 && looseNew.length > 0 ? count(after) : new Map<string, number>()
  const once = (section: Section, counts: Map<string, number>) => counts.get(normalized(bodyOf(section))) === 1
  const strayOld = looseOld.filter((d) => once(d, oldCounts))
  const strayNew = looseNew.filter((d) => once(d, newCounts))
  if (strayOld.length * strayNew.length <= maxMatrix) {
    const near = new Map<Section, Array<[number, Section]>>()
    const nearOld = new Map<Section, number>()
    for (const section of strayNew) {
      for (const old of strayOld) {
        const value = alike(old, section)
        if (value < movedFloor) continue
        near.set(section, [...(near.get(section) ?? []), [value, old]])
        nearOld.set(old, (nearOld.get(old) ?? 0) + 1)
      }
    }
    // One candidate each way: two near-identical texts are no evidence which.
    for (const [section, list] of near) {
      if (list.length !== 1 || nearOld.get(list[0]![1]) !== 1) continue
      const [value, old] = list[0]!
      const moved = files.get(fileOf(old)) !== fileOf(section)
      pair(section, old, moved ? {rule: 'moved-file', similarity: round(value), file: {from: fileOf(old), to: fileOf(section)}} : {rule: 'similar', similarity: round(value)})
    }
  }

  // 4. Sections with sections under them, the deepest first: by what they hold.
  for (const old of before.filter(holdsOld).sort((a, b) => b.level - a.level)) {
    if (used(old)) continue
    const votes = new Map<Section, number>()
    let found = 0
    for (const child of treeBefore.children.get(old) ?? []) {
      const next = partnerOfOld.get(child)
      if (!next) continue
      found++
      const parent = treeAfter.parent.get(next)
      if (parent && !partner.has(parent)) votes.set(parent, (votes.get(parent) ?? 0) + 1)
    }
    const best = [...votes].sort((a, b) => b[1] - a[1] || Number(b[0].title === old.title) - Number(a[0].title === old.title))[0]
    if (!best || best[1] * 2 < found) continue
    const [section, sections] = best
    const sameFile = fileOf(old) === fileOf(section)
    const fileKept = files.get(fileOf(old)) === fileOf(section)
    // In its own file by what it holds; in a renamed file under a title with
    // words in common too; into another file only under its own title or
    // with its own text: a chapter moved whole.
    const ownText = bodyOf(old).trim() !== '' && alike(old, section) >= movedFloor
    if (sameFile || (fileKept && (titleSimilarity(old.title, section.title) >= retitledFloor || ownText))) {
      pair(section, old, {rule: 'contents', sections, ...renamed(fileOf(old), fileOf(section))})
    } else if (!fileKept && (section.title === old.title || ownText)) {
      pair(section, old, {rule: 'moved-file', sections, file: {from: fileOf(old), to: fileOf(section)}})
    }
  }

  // 5. What is left in each file pair, sections under it or not: by heading, title and text.
  for (const [oldFile, newFile] of files) {
    byHeadingAndText(oldByFile.get(oldFile) ?? [], newByFile.get(newFile) ?? [], renamed(oldFile, newFile), false)
  }
  return {partner, reasons, files}
}

/** Whitespace folded: text as compared for boilerplate. */
function normalized(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const item of items) {
    const value = key(item)
    const list = out.get(value)
    if (list) list.push(item)
    else out.set(value, [item])
  }
  return out
}

/** Each section's sections directly under it, and its parent (in the same file). */
function treeOf(sections: readonly Section[]): {children: Map<Section, Section[]>; parent: Map<Section, Section>} {
  const byId = new Map(sections.map((d) => [fileOf(d) + '\u0000' + d.id, d]))
  const children = new Map<Section, Section[]>()
  const parent = new Map<Section, Section>()
  for (const section of sections) {
    if (!section.parent) continue
    const found = byId.get(fileOf(section) + '\u0000' + section.parent)
    if (!found) continue
    parent.set(section, found)
    const list = children.get(found)
    if (list) list.push(section)
    else children.set(found, [section])
  }
  return {children, parent}
}

/**
 * Old file → new file: the same path, the same front matter id (`fileId`),
 * else the same file renamed when at least `renamedFloor` of its own text
 * (boilerplate found in other files left out) is in the new one, best pairs
 * first.
 */
export function pairFiles(before: readonly Section[], after: readonly Section[]): Map<string, string> {
  const oldFiles = [...new Set(before.map(fileOf))]
  const newFiles = [...new Set(after.map(fileOf))]
  const out = new Map<string, string>()
  const taken = new Set<string>()
  const link = (from: string, to: string) => {
    out.set(from, to)
    taken.add(to)
  }
  for (const file of oldFiles) if (newFiles.includes(file)) link(file, file)
  const idOf = (sections: readonly Section[], file: string) => sections.find((d) => fileOf(d) === file && d.fileId)?.fileId
  for (const file of oldFiles) {
    if (out.has(file)) continue
    const id = idOf(before, file)
    const same = id === undefined ? undefined : newFiles.find((d) => !taken.has(d) && idOf(after, d) === id)
    if (same !== undefined) link(file, same)
  }
  if (oldFiles.every((d) => out.has(d)) || newFiles.every((d) => taken.has(d))) return out
  // A file's own text: boilerplate (a text in several files) is no evidence of which file is which.
  const own = (sections: readonly Section[]) => {
    const counts = new Map<string, number>()
    for (const section of sections) counts.set(normalized(bodyOf(section)), (counts.get(normalized(bodyOf(section))) ?? 0) + 1)
    return (section: Section) => counts.get(normalized(bodyOf(section))) === 1
  }
  const ownBefore = own(before)
  const ownAfter = own(after)
  const textOf = (sections: readonly Section[], file: string, mine: (section: Section) => boolean) =>
    shingles(sections.filter((d) => fileOf(d) === file && mine(d)).map(bodyOf).join('\n'))
  const candidates: Array<[number, string, string]> = []
  for (const from of oldFiles.filter((d) => !out.has(d))) {
    const a = textOf(before, from, ownBefore)
    for (const to of newFiles.filter((d) => !taken.has(d))) {
      const value = diceOf(a, textOf(after, to, ownAfter))
      if (value >= renamedFloor) candidates.push([value, from, to])
    }
  }
  candidates.sort((a, b) => b[0] - a[0])
  for (const [, from, to] of candidates) if (!out.has(from) && !taken.has(to)) link(from, to)
  return out
}
