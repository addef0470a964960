/**
 * Test time limits, in one place. CI runs on a busy 2-core machine: limits
 * are set for that, per kind of test, never per test (no test file sets
 * one). A limit catches a hang; speed is measured by `npm run bench`.
 *
 * The kind of a test is in its file name:
 * - `*.e2e.test.ts` run the CLI, git, a browser or write builds to disk;
 * - `*.budget.test.ts` must refuse or render hostile input within seconds
 *   (a hang or a quadratic path fails there);
 * - every other `*.test.ts` is a unit test.
 *
 * Children (the CLI, git) run asynchronously (test/helpers.ts), so a limit
 * bites while one runs; test/setup.ts kills what a test left running.
 */
import {defineConfig} from 'vitest/config'

const limits = {unit: 60_000, e2e: 300_000, budget: 15_000}
const kind = (name: keyof typeof limits) => ({testTimeout: limits[name], env: {KAITEI_TEST_LIMIT_MS: String(limits[name])}, setupFiles: ['test/setup.ts']})

export default defineConfig({
  test: {
    projects: [
      {extends: true, test: {name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/**/*.e2e.test.ts', 'test/**/*.budget.test.ts'], hookTimeout: 120_000, ...kind('unit')}},
      {extends: true, test: {name: 'e2e', include: ['test/**/*.e2e.test.ts'], hookTimeout: 300_000, ...kind('e2e')}},
      {extends: true, test: {name: 'budget', include: ['test/**/*.budget.test.ts'], hookTimeout: 30_000, ...kind('budget')}}
    ]
  }
})
