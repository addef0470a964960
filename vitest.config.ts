/**
 * Test time limits, in one place. CI runs on a busy 2-core machine: limits
 * are set for that, per kind of test, never per test (no test file sets
 * one). A limit catches a hang; speed is measured by `npm run bench`.
 */
import {defineConfig} from 'vitest/config'

/** Tests that run the CLI, git, a browser or a real server, or write builds to disk. */
const slow = [
  'test/access-history.test.ts',
  'test/amendment-pages.test.ts',
  'test/atomic-build.test.ts',
  'test/cli.test.ts',
  'test/english.test.ts',
  'test/history.test.ts',
  'test/leak-guard.test.ts',
  'test/package.test.ts',
  'test/parallel-build.test.ts',
  'test/pdf.test.ts',
  'test/raw-html.test.ts',
  'test/real-documents.test.ts',
  'test/robustness.test.ts',
  'test/search-browser.test.ts',
  'test/session.test.ts'
]
/** Hostile input must be refused or rendered within a few seconds: a hang or a quadratic path fails here. */
const budget = ['test/hostile-input.test.ts']

export default defineConfig({
  test: {
    projects: [
      {extends: true, test: {name: 'unit', include: ['test/**/*.test.ts'], exclude: [...slow, ...budget], testTimeout: 60_000, hookTimeout: 120_000}},
      {extends: true, test: {name: 'slow', include: slow, testTimeout: 300_000, hookTimeout: 300_000}},
      {extends: true, test: {name: 'budget', include: budget, testTimeout: 15_000, hookTimeout: 30_000}}
    ]
  }
})
