/**
 * Deterministic generator of a large Japanese policy (≈1 MB of Markdown,
 * ≈300 A4 pages) with the structure of a real one: chapters, numbered
 * sections and subsections, (1) and ① lists, tables and definitions.
 *
 * Usage: node bench/generate-policy.js <out-dir> [bytes]
 * Writes <out-dir>/kaitei.yaml and <out-dir>/docs/NN-chapter.md.
 */
import fs from 'node:fs/promises'
import path from 'node:path'

/** A small seeded PRNG (mulberry32): same seed, same policy. */
export function random(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const subjects = ['職員等', '情報セキュリティ管理者', '統括情報セキュリティ責任者', '情報システム管理者', '外部委託事業者', 'CISO', '課等の長']
const objects = ['情報資産', '端末', 'サーバ', '通信回線', '外部記録媒体', 'アクセス権限', '認証情報', 'ログ', 'バックアップ', '管理区域', 'クラウドサービス', 'パスワード']
const verbs = ['適切に管理しなければならない', '定期的に確認する', '速やかに報告しなければならない', '許可を得て利用する', '記録し保存する', '暗号化等の措置を講ずる', '必要最小限とする', '見直しを行う']
const conditions = ['業務上必要な場合には', '緊急時には', '情報セキュリティインシデントを認知した場合には', '外部に持ち出す場合には', '機密性2以上の情報資産を取り扱う場合には', '年度ごとに', '異動又は退職の際には']
const titles = ['管理体制', '利用の制限', '持出し及び返却', '廃棄', '記録の保存', '監視', 'アクセス制御', '認証', '暗号化', '教育', '報告', '点検', '例外措置', '委託先の管理', '障害対応', '構成管理']
const circled = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳'

function pick(next, list) {
  return list[Math.floor(next() * list.length)]
}

function sentence(next) {
  return pick(next, conditions) + '、' + pick(next, subjects) + 'は、' + pick(next, objects) + 'について' + pick(next, verbs) + '。'
}

function paragraph(next, sentences) {
  let text = ''
  for (let i = 0; i < sentences; i++) text += sentence(next)
  return text
}

/**
 * Generate the chapters; returns [{name, text}] totalling about `target` bytes.
 * With `access`, every third chapter is for staff only and each chapter has
 * a security-only block and span (as a real policy with three editions).
 */
export function generatePolicy(target = 1_000_000, seed = 20260325, access = false) {
  const next = random(seed)
  const chapters = []
  let total = 0
  for (let c = 1; total < target; c++) {
    const lines = ['---', 'title: 第' + c + '章 対策基準その' + c, ...(access && c % 3 === 0 ? ['access: staff'] : []), '---', '', '# 第' + c + '章 対策基準その' + c, '']
    for (let s = 1; s <= 12; s++) {
      lines.push('## ' + s + ' ' + pick(next, titles), '', paragraph(next, 3), '')
      for (let ss = 1; ss <= 4; ss++) {
        lines.push('### ' + s + '.' + ss + ' ' + pick(next, objects) + 'の' + pick(next, titles), '', paragraph(next, 4), '')
        const kind = Math.floor(next() * 4)
        if (kind === 0) {
          for (let i = 1; i <= 4; i++) lines.push('- (' + i + ') ' + pick(next, objects) + '  ', '  ' + paragraph(next, 2))
          lines.push('')
        } else if (kind === 1) {
          for (let i = 0; i < 5; i++) lines.push('- ' + circled[i] + paragraph(next, 1))
          lines.push('')
        } else if (kind === 2) {
          lines.push('| 区分 | 対象 | 措置 |', '| --- | --- | --- |')
          for (let i = 1; i <= 4; i++) lines.push('| 機密性' + i + ' | ' + pick(next, objects) + ' | ' + sentence(next) + ' |')
          lines.push('')
        } else {
          lines.push('#### (' + ss + ') ' + pick(next, objects), '', pick(next, objects) + 'とは、' + paragraph(next, 1).replace(/。$/, '') + 'ものをいう。', '')
        }
        lines.push(paragraph(next, 3), '')
      }
      if (access && s % 4 === 0) {
        lines.push(':::access{audience=security}', paragraph(next, 3), ':::', '')
        lines.push(sentence(next).replace('。', '') + '（連絡先は:access[' + pick(next, objects) + '担当の内線' + (1000 + s) + '番]{audience=security}）。', '')
      }
    }
    const text = lines.join('\n')
    total += Buffer.byteLength(text)
    chapters.push({name: 'docs/' + String(c).padStart(2, '0') + '-chapter.md', text})
  }
  return chapters
}

export async function writePolicy(dir, target, seed, access = false) {
  const chapters = generatePolicy(target, seed, access)
  await fs.mkdir(path.join(dir, 'docs'), {recursive: true})
  for (const chapter of chapters) await fs.writeFile(path.join(dir, chapter.name), chapter.text)
  const config = [
    'id: bench-policy',
    'title: ベンチマーク用情報セキュリティ対策基準',
    'owner: ベンチマーク市',
    'marking: 取扱厳重注意',
    'sources:',
    ...chapters.map((d) => '  - ' + d.name),
    'history:',
    '  - date: 平成16年2月4日',
    '    type: 策定',
    '  - date: 令和8年3月25日',
    '    type: 改定',
    ...(access
      ? [
          'audiences:',
          '  - {name: public, label: 公開, public: true, withheld: headings}',
          '  - {name: staff, label: 庁内限定, includes: public, withheld: notice}',
          '  - {name: security, label: 担当者限定, includes: staff}'
        ]
      : []),
    ''
  ].join('\n')
  await fs.writeFile(path.join(dir, 'kaitei.yaml'), config)
  return chapters
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, bytes] = process.argv.slice(2)
  if (!dir) {
    console.error('usage: node bench/generate-policy.js <out-dir> [bytes]')
    process.exit(1)
  }
  const chapters = await writePolicy(dir, Number(bytes ?? 1_000_000))
  console.log('wrote ' + chapters.length + ' chapters to ' + dir)
}
