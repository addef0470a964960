/** Access-marker fuzzing, part 1 of 3 (three files: vitest runs them side by side). See test/fuzz/access-fuzz.ts. */
import {describe, expect, it} from 'vitest'
import {canaries, fuzz} from './fuzz/access-fuzz.js'

describe('fuzzed access markers never publish a security-only canary (part 1)', () => {
  it('2,000 seeded mutations of up to six edits: refused with a positioned error, or every canary stays out', async () => {
    const {refused, rendered} = await fuzz(1, 2000)
    expect(refused + rendered).toBe(2000)
    // Both outcomes occur: the generator makes marker-breaking and harmless edits.
    expect(refused).toBeGreaterThan(200)
    expect(rendered).toBeGreaterThan(50)
    expect(canaries).toHaveLength(4)
  })
})
