import {spawn} from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {writePolicy} from '../bench/generate-policy.js'
import {cliPath, runCli, tempDir} from './helpers.js'

const fixture = (name: string) => path.join('test', 'fixtures', name, 'kaitei.yaml')

describe('kaitei check', () => {
  it('passes on the sample policy', async () => {
    const run = await runCli(['check'])
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe('0 errors, 0 warnings\n')
    expect(run.status).toBe(0)
  })

  it.each([
    ['bad-yaml', ['test/fixtures/bad-yaml/docs/a.md:3:9: Unexpected YAML syntax: Missing closing "quote, expected valid YAML  [yaml-syntax]']],
    ['wrong-type', ['test/fixtures/wrong-type/kaitei.yaml:7:10: Unexpected `deep` for `toc.depth`, expected number  [config-schema]']],
    [
      'wrong-type-front-matter',
      [
        'test/fixtures/wrong-type-front-matter/docs/a.md:3:8: Unexpected `first` for `order`, expected number  [front-matter]',
        'test/fixtures/wrong-type-front-matter/docs/a.md:4:1: warning: Unexpected key `colour` in front matter, ignored: kaitei does not read it (list the keys of other tools in `foreignKeys` of kaitei.yaml to say so)  [front-matter-foreign]'
      ]
    ],
    [
      'bad-date',
      [
        'test/fixtures/bad-date/kaitei.yaml:9:11: Unexpected date `平成31年5月1日`: 平成31年5月1日 is after the end of 平成 (2019-04-30), expected `令和元年5月1日`  [date]',
        'test/fixtures/bad-date/kaitei.yaml:11:11: Unexpected date `令和8年2月30日`: 令和8年2月30日 does not exist  [date]'
      ]
    ],
    [
      'descending-history',
      [
        'test/fixtures/descending-history/kaitei.yaml:9:11: Unexpected amendment date 2004-02-04 before the previous entry (R4.2.17), expected entries in ascending order  [history-order]',
        '  test/fixtures/descending-history/kaitei.yaml:7:11: note: the previous entry'
      ]
    ],
    [
      'unclosed-directive',
      ['test/fixtures/unclosed-directive/docs/a.md:9:1: Unexpected end of file inside `:::access` opened here, expected a closing `:::`  [unclosed-directive]']
    ],
    [
      'duplicate-section-id',
      [
        'test/fixtures/duplicate-section-id/docs/a.md:11:1: warning: Unexpected section number `1` after `1`, expected 2  [numbering-sequence]',
        'test/fixtures/duplicate-section-id/docs/a.md:11:1: Unexpected duplicate section id `ch1-1`, expected unique ids: renumber or add `{#id}`  [duplicate-section-id]',
        '  test/fixtures/duplicate-section-id/docs/a.md:7:1: note: the first section with id `ch1-1`',
        'test/fixtures/duplicate-section-id/docs/b.md:5:1: Unexpected duplicate section id `ch1-1`, expected ids unique across the publication  [duplicate-section-id]',
        '  test/fixtures/duplicate-section-id/docs/a.md:7:1: note: the first section with id `ch1-1`'
      ]
    ],
    [
      'unknown-config-key',
      [
        'test/fixtures/unknown-config-key/kaitei.yaml:4:1: Unexpected key `titel` in kaitei.yaml, expected one of id, title, owner, number, marking, lang, dateStyle, theme, sources, history, toc, print, foreignKeys, audiences, lint, serve (did you mean `title`?)  [config-schema]',
        'test/fixtures/unknown-config-key/kaitei.yaml:10:5: Unexpected key `sumary` in `history[0]`, expected one of date, type, effective, summary, label, access, summaryAccess, status, commit (did you mean `summary`?)  [config-schema]'
      ]
    ]
  ])('%s: exits 1 and names file:line:col', async (name, lines) => {
    const run = await runCli(['check', '--config', fixture(name)])
    expect(run.status).toBe(1)
    expect(run.stderr.trim().split('\n')).toEqual(lines)
    expect(run.stdout).toMatch(/^\d+ errors?, \d+ warnings?\n$/)
  })

  it('passes on a clean English fixture', async () => {
    const run = await runCli(['check', '-c', fixture('valid')])
    expect(run.status).toBe(0)
  })
})

describe('arguments', () => {
  it.each([
    [['build', '--help'], 0, /Usage: kaitei build \[options\][\s\S]*--config <file>[\s\S]*--out <dir>[\s\S]*--format <formats>/],
    [['check', '--help'], 0, /Usage: kaitei check \[options\]/],
    [['--help'], 0, /Commands:[\s\S]*build[\s\S]*check/]
  ])('%j prints help', async (args, status, pattern) => {
    const run = await runCli(args)
    expect(run.status).toBe(status)
    expect(run.stdout).toMatch(pattern)
  })

  it.each([
    [['build', '--fast'], /error: unknown option '--fast'/],
    [['chek'], /error: unknown command 'chek'/],
    [['build', '--config', 'nowhere.yaml'], /Cannot find config file `nowhere.yaml`, expected a kaitei.yaml/],
    [['check', '--config', 'nowhere.yaml'], /Cannot find config file `nowhere.yaml`/]
  ])('%j is a clear error, exit 1', async (args, pattern) => {
    const run = await runCli(args)
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(pattern)
  })

})

describe('list options are refused when they name nothing known', () => {
  // Nothing is built or written: the error names what is allowed.
  it.each([
    [['build', '--format', 'docx'], /Unknown format `docx`, expected one of html, pdf/],
    [['build', '--format', 'html,docx'], /Unknown format `docx`, expected one of html, pdf/],
    [['build', '--format', ','], /Expected a comma-separated list of format \(html, pdf\), got `,`/],
    [['build', '--format', ''], /Expected a comma-separated list of format \(html, pdf\), got ``/],
    [['build', '--format', 'html,html'], /Expected each format once/],
    [['build', '--print-timeout', '0'], /Expected a number of seconds above 0, got `0`/],
    [['build', '--print-timeout', 'soon'], /Expected a number of seconds above 0, got `soon`/],
    [['diff', 'a', 'b', '--format', 'table', '--columns', 'foo,new'], /Unknown column `foo`, expected one of new, old/],
    [['diff', 'a', 'b', '--format', 'table', '--columns', 'new'], /Expected both columns, `new,old` or `old,new`/],
    [['diff', 'a', 'b', '--format', 'table', '--columns', 'new,new'], /Expected each column once/],
    [['diff', 'a', 'b', '--format', 'table', '--labels', ','], /Expected two labels/],
    [['diff', 'a', 'b', '--format', 'table', '--labels', '改正案'], /Expected two labels/],
    [['diff', 'a', 'b', '--format', 'docx'], /argument 'docx' is invalid\. Allowed choices are json, text, md, aratame, html, table/]
  ])('%j', async (args, pattern) => {
    const dir = await tempDir()
    const run = await runCli([...args, '--config', path.resolve(fixture('valid'))], dir)
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(pattern)
    expect(run.stdout).toBe('')
    expect(await fs.readdir(dir)).toEqual([])
  })
})

describe('Ctrl+C', () => {
  it('stops `kaitei check` while it renders: it says so and exits at once', async () => {
    // A policy large enough that checking it takes seconds.
    const dir = await tempDir()
    await writePolicy(dir, 3_000_000, 7, true)
    const child = spawn(process.execPath, [cliPath, 'check'], {cwd: dir, env: {...process.env, NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']})
    let stderr = ''
    let stdout = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    // Past loading and parsing: well into rendering.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const interrupted = performance.now()
    child.kill('SIGINT')
    const status = await exited
    const seconds = (performance.now() - interrupted) / 1000
    expect(status).toBe(1)
    expect(stderr).toContain('kaitei: Check cancelled  [E_CANCELLED]')
    expect(stdout).toBe('')
    expect(seconds).toBeLessThan(5)
  })
})

