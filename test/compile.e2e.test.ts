/**
 * `npm start`, `npm test` and `npm run check` compile dist/ only when a
 * file it is built from changed: run on a copy of the project.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {repoRoot, runProgram, tempDir} from './helpers.js'

describe('npm run compile', () => {
  it('compiles once, then only when a source changed', async () => {
    const dir = await tempDir('kaitei-compile-')
    for (const entry of ['src', 'scripts', 'themes', 'package.json', 'package-lock.json', 'tsconfig.json']) {
      await fs.cp(path.join(repoRoot, entry), path.join(dir, entry), {recursive: true})
    }
    await fs.symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'))
    const compile = () => runProgram(process.execPath, [path.join(dir, 'scripts', 'compile.js')], {cwd: dir})
    const cli = path.join(dir, 'dist', 'bin', 'cli.js')

    expect((await compile()).status).toBe(0)
    const first = (await fs.stat(cli)).mtimeMs
    // Nothing changed: nothing written.
    expect((await compile()).status).toBe(0)
    expect((await fs.stat(cli)).mtimeMs).toBe(first)
    // A source changed: compiled again, with the change.
    const labels = path.join(dir, 'src', 'labels.ts')
    await fs.writeFile(labels, (await fs.readFile(labels, 'utf8')).replace("comparisonTitle: '新旧対照表'", "comparisonTitle: '新旧対照表（試）'"))
    expect((await compile()).status).toBe(0)
    expect((await fs.stat(cli)).mtimeMs).not.toBe(first)
    expect(await fs.readFile(path.join(dir, 'dist', 'labels.js'), 'utf8')).toContain('新旧対照表（試）')
  })
})
