/**
 * `kaitei preview`'s rendering, without a browser: a save that changes no
 * page keeps the open pages as they are (same generation: no patch, no
 * reload); a paragraph edit is a patch of that file's part only; the draft
 * and the lint follow the page in a second state of the same generation.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startPreview, type RunningPreview} from '../src/preview/server.js'
import type {WorkspaceState} from '../src/preview/workspace.js'
import {servePublication} from './serve-helpers.js'

describe('the preview workspace', () => {
  let project: string
  let preview: RunningPreview

  beforeAll(async () => {
    project = await servePublication([
      {date: '2026-01-10', type: '策定', words: '（初版）'},
      {date: '2026-04-01', type: '改定', words: '（第二版）'}
    ])
    preview = await startPreview({config: path.join(project, 'kaitei.yaml'), port: 0, watch: false})
  })

  afterAll(async () => {
    await preview?.close()
    await fs.rm(project, {recursive: true, force: true})
  })

  it('keeps the generation when a save changes no page', async () => {
    const before = preview.workspace.state.good!.generation
    await preview.workspace.refresh()
    expect(preview.workspace.state.good!.generation).toBe(before)
    expect(preview.workspace.state.problems).toEqual([])
  })

  it('patches only the edited file, then brings the draft and the warnings', async () => {
    const before = preview.workspace.state.good!.generation
    const states: WorkspaceState[] = []
    const off = preview.workspace.onChange((state) => states.push({...state, good: state.good && {...state.good}}))
    const source = path.join(project, 'docs', 'a.md')
    const text = await fs.readFile(source, 'utf8')
    await fs.writeFile(source, text.replace('この規程は、', 'この規程は、上記9のとおり、'))
    await preview.workspace.refresh()
    off()
    // The page first (its draft still the last one), then its findings: one generation.
    expect(states.map((d) => [d.good!.generation, d.good!.pending])).toEqual([
      [before + 1, true],
      [before + 1, false]
    ])
    expect(states[0]!.good!.patch?.files.get('security')).toEqual(['file-docs-a'])
    expect(states[1]!.good!.warnings.map((d) => d.rule)).toContain('cross-reference')
    expect(states[1]!.good!.drafts.get('security')!.changed).toBe(1)
    await fs.writeFile(source, text)
  })
})
