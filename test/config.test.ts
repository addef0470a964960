import {describe, expect, it} from 'vitest'
import {parseConfig} from '../src/config/load-config.js'

function problems(text: string): string[] {
  const {file} = parseConfig(text, '/policy/kaitei.yaml')
  return file.messages.map((d) => d.line + ':' + d.column + ' ' + d.reason + ' [' + d.ruleId + ']')
}

const base = 'id: p\ntitle: T\nowner: O\nsources:\n  - docs/a.md\n'

describe('kaitei.yaml', () => {
  it('accepts a minimal config and fills defaults', () => {
    const {config, file} = parseConfig(base, '/policy/kaitei.yaml')
    expect(file.messages).toEqual([])
    expect(config).toMatchObject({
      id: 'p',
      lang: 'ja',
      dateStyle: 'wareki',
      theme: 'default',
      toc: {depth: 3},
      root: '/policy',
      audiences: [{name: 'all', label: '全文'}],
      history: []
    })
  })

  it('names unknown keys with their line and the keys it expected', () => {
    expect(problems(base + 'titel: x\n')).toEqual([
      '6:1 Unexpected key `titel` in kaitei.yaml, expected one of id, title, owner, number, marking, lang, dateStyle, theme, sources, history, toc, print, foreignKeys, audiences, lint, serve (did you mean `title`?) [config-schema]'
    ])
  })

  it('names wrong types with their place', () => {
    expect(problems(base + 'toc:\n  depth: deep\n')).toEqual([
      '7:10 Unexpected `deep` for `toc.depth`, expected number [config-schema]'
    ])
    expect(problems('id: p\ntitle: T\nowner: O\nsources: docs/a.md\n')).toEqual([
      '4:10 Unexpected `docs/a.md` for `sources`, expected array [config-schema]'
    ])
  })

  it('reports a missing required key', () => {
    expect(problems('id: p\ntitle: T\nsources: [a.md]\n')).toEqual([
      '1:1 Missing required `owner`, expected string [config-schema]'
    ])
  })

  it('lists the amendment types it knows', () => {
    expect(problems(base + 'history:\n  - date: 2024-01-01\n    type: 改訂\n')[0]).toMatch(
      /^8:11 Unexpected `改訂` for `history\[0\]\.type`, expected one of 策定, 制定, 改定/
    )
  })

  it('parses the history in 和暦 and ISO, with effective dates', () => {
    const {config} = parseConfig(
      base +
        'history:\n  - date: 平成16年2月4日\n    type: 策定\n  - date: R8.3.25\n    type: 改定\n    effective: 令和8年4月1日\n    summary: 多要素認証\n',
      '/policy/kaitei.yaml'
    )
    expect(config?.history.map((d) => [d.date.iso, d.type, d.effective.iso, d.summary])).toEqual([
      ['2004-02-04', '策定', '2004-02-04', undefined],
      ['2026-03-25', '改定', '2026-04-01', '多要素認証']
    ])
  })

  it('rejects impossible dates at their position, with a suggestion', () => {
    expect(
      problems(base + 'history:\n  - date: 平成16年2月4日\n    type: 策定\n  - date: 平成31年5月1日\n    type: 改定\n  - date: 令和8年2月30日\n    type: 改定\n')
    ).toEqual([
      '9:11 Unexpected date `平成31年5月1日`: 平成31年5月1日 is after the end of 平成 (2019-04-30), expected `令和元年5月1日` [date]',
      '11:11 Unexpected date `令和8年2月30日`: 令和8年2月30日 does not exist [date]'
    ])
  })

  it('requires ascending history', () => {
    expect(problems(base + 'history:\n  - date: 2022-02-17\n    type: 改定\n  - date: 2004-02-04\n    type: 策定\n')).toEqual([
      '9:11 Unexpected amendment date 2004-02-04 before the previous entry (2022-02-17), expected entries in ascending order [history-order]'
    ])
  })

  it('warns when the effective date is before adoption', () => {
    const {config, file} = parseConfig(
      base + 'history:\n  - date: 2024-04-01\n    type: 改定\n    effective: 2024-03-01\n',
      '/policy/kaitei.yaml'
    )
    expect(config).toBeDefined()
    expect(file.messages.map((d) => [d.line, d.fatal, d.ruleId])).toEqual([[9, false, 'history-effective']])
  })

  it('reports YAML syntax errors with a position', () => {
    expect(problems(base + 'marking: "open\n')).toEqual([
      expect.stringMatching(/^7:1 Unexpected YAML syntax: .*, expected valid YAML \[yaml-syntax\]$/)
    ])
  })

  it('reads `version: 1.0` style numbers as wrong types, not silently', () => {
    expect(problems('id: p\ntitle: 1.0\nowner: O\nsources: [a.md]\n')).toEqual([
      '2:8 Unexpected number `1` for `title`, expected string [config-schema]'
    ])
  })
})
