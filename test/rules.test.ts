/**
 * RULES.md lists every rule id kaitei reports, and only those: read the
 * rule ids off the source and the table off the document.
 */
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {errorCodes, systemErrors} from '../src/errors.js'
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

  it('documents every program error code the source throws, and no other; the ErrorCode union holds the same', () => {
    const inSource = new Set<string>()
    for (const file of sourceFiles(path.join(repoRoot, 'src'))) {
      if (file.endsWith('errors.ts')) continue
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/'(E_[A-Z_]+)'/g)) inSource.add(match[1]!)
    }
    const rules = fs.readFileSync(path.join(repoRoot, 'RULES.md'), 'utf8')
    const section = rules.slice(rules.indexOf('## Program errors'))
    const documented = [...section.matchAll(/^\| `(E_[A-Z_]+)` \|/gm)].map((d) => d[1]!)
    expect(inSource.size).toBeGreaterThan(20)
    expect([...inSource].sort()).toEqual([...errorCodes].sort())
    expect(documented.sort()).toEqual([...errorCodes].sort())
    // Operating system errors: each code kaitei explains is listed.
    const system = section.slice(section.indexOf('`E_SYSTEM_<code>`'), section.indexOf('\n', section.indexOf('`E_SYSTEM_<code>`')))
    for (const code of Object.keys(systemErrors)) expect(system).toContain(code)
  })
})
