/**
 * Generated text and random edit scripts: the diff tests and the 改め文
 * round trip run over the same 300.
 */
export const words = ['情報資産', 'を', '適切', 'に', '管理', 'する', '。', '職員等', 'は', '外部', '委託', '事業者', 'の', 'policy', ' ', 'staff', 'must', '、', '多要素認証', '（', '）', '①', '2026', '年']

export function generated(next: () => number, length: number): string {
  let text = ''
  for (let i = 0; i < length; i++) text += words[Math.floor(next() * words.length)]
  return text
}

/** Apply a random edit script: insert, delete and replace words or characters. */
export function edit(next: () => number, text: string): string {
  let out = text
  const edits = 1 + Math.floor(next() * 5)
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (out.length + 1))
    const kind = Math.floor(next() * 4)
    if (kind === 0) out = out.slice(0, at) + words[Math.floor(next() * words.length)] + out.slice(at)
    else if (kind === 1) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(next() * 6))
    else if (kind === 2) out = out.slice(0, at) + words[Math.floor(next() * words.length)] + out.slice(at + 2)
    else out = out.slice(0, at) + String.fromCharCode(0x3042 + Math.floor(next() * 80)) + out.slice(at + 1)
  }
  return out
}
