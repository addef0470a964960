/**
 * RULES.md lists every rule id kaitei reports, and only those: read the
 * rule ids off the source and the table off the document.
 */
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {repoRoot} from './helpers.js'

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, {withFileTypes: true}).flatMap((d) => (d.isDirectory() ? sourceFiles(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []))
}

describe('RULES.md', () => {
  it('documents every rule id the source reports, and no other', () => {
    const inSource = new Set<string>()
    for (const file of sourceFiles(path.join(repoRoot, 'src'))) {
      const text = fs.readFileSync(file, 'utf8')
      // `ruleId: 'x'`, `ruleId = 'x'` (a default), and helpers called with the rule last: `warn(reason, 'x')`.
      for (const match of text.matchAll(/ruleId(?::|\s*=)\s*'([a-z-]+)'/g)) inSource.add(match[1]!)
      for (const match of text.matchAll(/\b(?:warn|problem|report)\([^;]*?,\s*'([a-z]+-[a-z-]+)'\)/g)) inSource.add(match[1]!)
    }
    const documented = new Set([...fs.readFileSync(path.join(repoRoot, 'RULES.md'), 'utf8').matchAll(/^\| `([a-z-]+)` \|/gm)].map((d) => d[1]!))
    expect(inSource.size).toBeGreaterThan(25)
    expect([...inSource].sort()).toEqual([...documented].sort())
  })
})
