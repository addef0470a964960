/**
 * Fuzzing the sample's access markers: random edits (insert, delete,
 * replace) around `:::access{…}` … `:::` and `:access[…]{…}` never publish a
 * security-only canary in the public or staff edition — the mutated file
 * either fails with a positioned error, or keeps every canary out.
 * Seeded: a failure prints its seed and the mutated text.
 */
import {KaiteiContext} from '../../src/context.js'
import fs from 'node:fs'
import path from 'node:path'
import {expect} from 'vitest'
import {random} from '../../bench/generate-policy.js'
import {parseConfig} from '../../src/config/load-config.js'
import {renderDocument} from '../../src/edition/render-document.js'
import {repoRoot} from '../helpers.js'

const {config} = parseConfig(fs.readFileSync(path.join(repoRoot, 'kaitei.yaml'), 'utf8'), path.join(repoRoot, 'kaitei.yaml'))
const audiences = config!.audiences

export const canaries = ['FZKNR一号の秘密文', 'FZKNR二号の秘密文', 'FZKNR三号の秘密文', 'FZKNR四号の秘密文']

/** The sample's 8.4 and 10.3 (where its security markers are), made public, each marker holding a canary. */
export function base(): string {
  const text = fs.readFileSync(path.join(repoRoot, 'docs', '02-standards.md'), 'utf8')
  const from = text.indexOf('### 8.4')
  const block = text.slice(from, text.indexOf('## 9 ', from))
  const at = text.indexOf('### 10.3')
  const span = text.slice(at, text.indexOf('### 10.4', at))
  return (
    '---\ntitle: 第2章 対策基準\n---\n\n# 第2章 対策基準\n\n' +
    block.replace('パスワードの最低文字数', canaries[0] + 'パスワードの最低文字数') +
    span.replace('情報セキュリティ担当の当番携帯電話', canaries[1] + '当番携帯電話') +
    // The inline form inside a heading and inside emphasis.
    '\n### 10.9 金庫 :access[' + canaries[2] + ']{audience=security}\n\n*強調 :access[' + canaries[3] + ']{audience=security}* 後。\n'
  )
}

/** Where mutations happen: every marker and its surroundings, never the canaries themselves. */
function targets(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (const match of text.matchAll(/:::access\{[^}\n]*\}|^:::$|:access\[|\]\{audience=security\}/gm)) {
    out.push([Math.max(0, match.index - 2), Math.min(text.length, match.index + match[0].length + 2)])
  }
  return out
}

const alphabet = [
  ':', ':', ':', '：', ' ', '\t', '{', '}', '[', ']', '"', "'", ',', '=', '\n', '\n\n', '\r\n', 'a', 'A', '.', '#', '\\', '>', '-', '*', '`', '<',
  '　', 'ｓ', 'e', 'E', 'y', 'i', 'u', 'd', 'S', '［', '］', '｛', '\uFEFF', '\u200B'
]

export function mutate(text: string, seed: number): string {
  const pick = random(seed)
  const spots = targets(text)
  let out = text
  const edits = 1 + Math.floor(pick() * 6)
  for (let i = 0; i < edits; i++) {
    const [start, end] = spots[Math.floor(pick() * spots.length)]!
    const at = start + Math.floor(pick() * (end - start))
    const kind = pick()
    const char = alphabet[Math.floor(pick() * alphabet.length)]!
    if (kind < 0.35) out = out.slice(0, at) + char + out.slice(at)
    else if (kind < 0.7) out = out.slice(0, at) + out.slice(at + 1)
    else out = out.slice(0, at) + char + out.slice(at + 1)
  }
  return out
}

/** Run mutations `from`…`to` (seeds, one to six edits each); fail with the seed and text of the first leak. */
export async function fuzz(from: number, to: number): Promise<{refused: number; rendered: number}> {
  const original = base()
  let refused = 0
  let rendered = 0
  // One set of options in one context: one pair of processors for every seed.
  const options = {lang: 'ja', allAudiences: audiences}
  const context = new KaiteiContext()
  for (let seed = from; seed <= to; seed++) {
    const text = mutate(original, seed)
    // Public and staff: the editions the canaries must never reach.
    const {editions: results, messages} = await renderDocument({source: 'docs/a.md', path: '/p/docs/a.md', index: 0, text}, audiences.slice(0, 2), options, context)
    const errors = messages.filter((d) => d.fatal)
    if (errors.length > 0) {
      // Refused: every error has its place (file:line:column).
      for (const error of errors) expect(error.line, 'seed ' + seed + ': ' + error.reason).toBeTypeOf('number')
      refused++
      continue
    }
    rendered++
    for (const result of results) {
      const everything = [result.html, JSON.stringify(result.search), JSON.stringify(result.sections), ...result.visibleText].join('\n')
      for (const canary of canaries) {
        if (everything.includes(canary)) {
          expect.fail('seed ' + seed + ': ' + canary + ' reached an edition from this text:\n' + text)
        }
      }
    }
  }
  return {refused, rendered}
}
