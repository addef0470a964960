/**
 * `kaitei check --format json|sarif`: the messages for tools, with their
 * places and related places; the SARIF validated against the SARIF 2.1.0
 * schema (as Microsoft's SARIF multitool ships it).
 */
import {createRequire} from 'node:module'
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from './helpers.js'

const require = createRequire(import.meta.url)
const fixture = 'test/fixtures/duplicate-section-id/kaitei.yaml'

describe('kaitei check for tools', () => {
  it('--format json: file, line, column, end, severity, rule, message and related places', async () => {
    const result = await runCli(['check', '-c', fixture, '--format', 'json'])
    expect(result.status).toBe(1)
    expect(result.stderr).toBe('')
    const records = JSON.parse(result.stdout) as Array<Record<string, unknown>>
    expect(records).toContainEqual({
      file: 'test/fixtures/duplicate-section-id/docs/a.md',
      line: 11,
      column: 1,
      endLine: 11,
      endColumn: 18,
      severity: 'error',
      rule: 'duplicate-section-id',
      message: 'Unexpected duplicate section id `ch1-1`, expected unique ids: renumber or add `{#id}`',
      related: [{file: 'test/fixtures/duplicate-section-id/docs/a.md', line: 7, column: 1, message: 'the first section with id `ch1-1`'}]
    })
    expect(records.some((d) => d.severity === 'warning' && d.rule === 'numbering-sequence')).toBe(true)
    const clean = await runCli(['check', '-c', 'test/fixtures/valid/kaitei.yaml', '--format', 'json'])
    expect(clean.status).toBe(0)
    expect(JSON.parse(clean.stdout)).toEqual([])
  })

  it('--format sarif: valid SARIF 2.1.0, a result per message at its region, related locations', async () => {
    const result = await runCli(['check', '-c', fixture, '--format', 'sarif'])
    expect(result.status).toBe(1)
    const log = JSON.parse(result.stdout)
    const schemaFile = path.join(path.dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json')), 'sarif-2.1.0.json')
    const {default: Ajv2020} = await import('ajv/dist/2020.js')
    const {default: addFormats} = await import('ajv-formats')
    const ajv = new Ajv2020({strict: false, allErrors: true})
    addFormats(ajv)
    const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')))
    const valid = validate(log)
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([])
    expect(valid).toBe(true)
    // A broken log is refused by the same validator: the check checks.
    expect(validate({...log, version: '2.0.0'})).toBe(false)

    const json = JSON.parse((await runCli(['check', '-c', fixture, '--format', 'json'])).stdout) as unknown[]
    const run = log.runs[0]
    expect(run.tool.driver.name).toBe('kaitei')
    expect(run.results).toHaveLength(json.length)
    const duplicate = run.results.find((d: {ruleId: string; relatedLocations?: unknown[]}) => d.ruleId === 'duplicate-section-id' && d.relatedLocations)
    expect(duplicate.level).toBe('error')
    expect(duplicate.locations[0].physicalLocation).toEqual({
      artifactLocation: {uri: 'test/fixtures/duplicate-section-id/docs/a.md', uriBaseId: '%SRCROOT%'},
      region: {startLine: 11, startColumn: 1, endLine: 11, endColumn: 18}
    })
    expect(duplicate.relatedLocations[0]).toMatchObject({physicalLocation: {region: {startLine: 7, startColumn: 1}}, message: {text: 'the first section with id `ch1-1`'}})
    expect(run.tool.driver.rules.map((d: {id: string}) => d.id)).toEqual(expect.arrayContaining(['duplicate-section-id', 'numbering-sequence']))
  })
})
