/**
 * The tests' own time limits bite while a child runs: the CLI and git are
 * run asynchronously (helpers.ts), and what a test leaves running is killed
 * after it (setup.ts). Shown on a test run of its own whose child hangs.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {fixtures, repoRoot, runProgram, tempDir} from './helpers.js'

describe('a hung child', () => {
  it('fails its test at the test\'s limit, and is killed', async () => {
    const pidFile = path.join(await tempDir(), 'pid')
    const started = performance.now()
    const run = await runProgram(process.execPath, [path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', path.join(fixtures, 'hung-child')], {
      cwd: path.join(fixtures, 'hung-child'),
      env: {...process.env, KAITEI_PID_FILE: pidFile, NO_COLOR: '1'}
    })
    const seconds = (performance.now() - started) / 1000
    expect(run.status).toBe(1)
    expect(run.stdout + run.stderr).toMatch(/Test timed out in 1000ms/)
    // The child sleeps a minute: the run ends long before.
    expect(seconds).toBeLessThan(30)
    const pid = Number(await fs.readFile(pidFile, 'utf8'))
    expect(() => process.kill(pid, 0)).toThrow()
  })
})
