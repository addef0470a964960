/**
 * No leaks: a unique canary string in every syntactic position, marked for
 * a stricter audience, never reaches a looser edition — not as written, not
 * URL-encoded, not as HTML entities — and always reaches the editions cleared
 * for it. Hundreds of generated cases: position × marking × audience pair ×
 * withheld mode.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {build} from '../src/publish/build.js'
import {renderEdition, type Edition} from '../src/edition/render-edition.js'
import {KaiteiContext} from '../src/context.js'
import {decodeEntities, decodePercent, guardEdition} from '../src/access/leak-guard.js'
import {loadPublicationFromText} from '../src/publication.js'
import {listFiles, tempDir} from './helpers.js'
import {typos} from './fixtures/access-typos.js'

type Mode = 'remove' | 'notice' | 'headings'
type Marking = 'block' | 'inline' | 'file'

interface Position {
  name: string
  /** Markdown holding the canary, to be marked. */
  inside: (canary: string, id: string) => string
  /** Unmarked Markdown the position needs (definitions); must not hold the canary itself. */
  outside?: (canary: string, id: string) => string
  /** Phrasing content that can sit in `:access[…]`. */
  inline?: (canary: string, id: string) => string
  /** The canary is a heading's text or id: `headings` mode shows it on purpose. */
  heading?: boolean
  /** Only file-level marking applies. */
  fileOnly?: boolean
}

const positions: Position[] = [
  {name: 'heading', inside: (c) => '### 9.9 ' + c + '\n\n本文。', heading: true},
  {name: 'paragraph', inside: (c) => '段落の中の' + c + 'である。', inline: (c) => c},
  {name: 'list item', inside: (c) => '- (1) ' + c + '\n- (2) 二つ目', inline: (c) => c},
  {name: 'table cell', inside: (c) => '| 区分 | 内容 |\n| --- | --- |\n| 機密性3 | ' + c + ' |', inline: (c) => c},
  {name: 'blockquote', inside: (c) => '> 引用 ' + c},
  {name: 'code block', inside: (c) => '```\nconfig ' + c + '\n```'},
  {name: 'inline code', inside: (c) => '設定は `' + c + '` とする。', inline: (c) => '`' + c + '`'},
  {name: 'link text', inside: (c) => '[' + c + '](https://example.jp/page)', inline: (c) => '[' + c + '](https://example.jp/page)'},
  {name: 'link url', inside: (c) => '[リンク](https://example.jp/' + c + ')', inline: (c) => '[リンク](https://example.jp/' + c + ')'},
  {name: 'image alt', inside: (c) => '![' + c + '](figure.png)', inline: (c) => '![' + c + '](figure.png)'},
  {name: 'image url', inside: (c) => '![図](https://example.jp/' + c + '.png)'},
  {name: 'link title', inside: (c) => '[リンク](https://example.jp/ "' + c + '")'},
  {
    name: 'footnote definition',
    inside: (c, id) => '注記がある[^' + id + 'n]。\n\n[^' + id + 'n]: ' + c
  },
  {
    name: 'footnote reference',
    inside: (_, id) => '注記がある[^' + id + ']。',
    outside: (_, id) => '[^' + id + ']: 公開の注記本文。',
    inline: (_, id) => '[^' + id + ']'
  },
  {
    name: 'link reference definition',
    inside: (_, id) => '[参照リンク][' + id + ']',
    outside: (_, id) => '[' + id + ']: https://example.jp/ref-' + id + '-path',
    inline: (_, id) => '[参照リンク][' + id + ']'
  },
  {name: 'raw html block', inside: (c) => '<div>' + c + '</div>'},
  {name: 'raw html inline', inside: (c) => '生の<span>' + c + '</span>です。', inline: (c) => '<span>' + c + '</span>'},
  {name: 'explicit section id', inside: (_, id) => '### 9.8 見出し {#' + id + '}\n\n本文。', heading: true},
  {name: 'directive attribute', inside: () => '', fileOnly: false},
  {name: 'front matter field', inside: () => '本文。', fileOnly: true}
]

const audiencesYaml = (mode: Mode, staffMode: Mode = mode) => `audiences:
  - name: public
    label: 公開
    public: true
    withheld: ${mode}
  - name: staff
    label: 庁内限定
    includes: public
    withheld: ${staffMode}
  - name: security
    label: 担当者限定
    includes: staff
    withheld: ${mode}
`
const clearance: Record<string, string[]> = {public: ['public'], staff: ['public', 'staff'], security: ['public', 'staff', 'security']}
const pairs: Array<[string, string]> = [
  ['public', 'staff'],
  ['public', 'security'],
  ['staff', 'security']
]

let counter = 0
function nextCanary() {
  counter++
  return {canary: 'KNR' + counter + 'カナリア漏洩' + counter + 'Z', id: 'knr' + counter + 'z'}
}

interface Case {
  title: string
  mode: Mode
  marking: Marking
  stricter: string
  canary: string
  id: string
  config: string
  files: Record<string, string>
}

const modes: Mode[] = ['remove', 'notice', 'headings']

/**
 * Every position × marking × mode × audience pair; with `staffModes`, also
 * every mode of the staff edition beside the public one (the monotonicity
 * matrix), headings included.
 */
function makeCases(staffModes?: Mode[]): Case[] {
  const cases: Case[] = []
  for (const position of positions) {
    for (const marking of ['block', 'inline', 'file'] as Marking[]) {
      if (marking === 'inline' && !position.inline) continue
      if (position.fileOnly && marking !== 'file') continue
      if (position.name === 'directive attribute' && marking === 'file') continue
      for (const mode of modes) for (const staffMode of staffModes ?? [mode]) {
        if (mode === 'headings' && position.heading && !staffModes) continue
        for (const [, stricter] of pairs) {
          const {canary, id} = nextCanary()
          let body: string
          let frontMatter = 'title: 第1章 総則\n'
          if (position.name === 'directive attribute') {
            body =
              marking === 'inline'
                ? '公開文と:access[限定の文]{audience=' + stricter + ' note="' + canary + '"}。'
                : ':::access{audience=' + stricter + ' note="' + canary + '"}\n限定の本文。\n:::'
          } else if (marking === 'block') {
            body = ':::access{audience=' + stricter + '}\n' + position.inside(canary, id) + '\n:::'
          } else if (marking === 'inline') {
            body = '公開の文と:access[' + position.inline!(canary, id) + ']{audience=' + stricter + '}がある。'
          } else {
            body = position.inside(canary, id)
          }
          if (position.name === 'front matter field') frontMatter = 'title: ' + canary + '\n'
          const outside = position.outside ? '\n\n' + position.outside(canary, id) : ''
          const withheldFile = marking === 'file'
          const files: Record<string, string> = {
            '/p/docs/a.md': '---\ntitle: 第1章 総則\n---\n\n# 第1章 総則\n\n## 1 目的\n\n公開の本文。\n\n## 2 細目\n\n' + (withheldFile ? '' : body) + outside + '\n'
          }
          const sources = ['docs/a.md']
          if (withheldFile) {
            files['/p/docs/b.md'] = '---\n' + frontMatter + 'access: ' + stricter + '\n---\n\n# 第2章 限定\n\n## 1 内容\n\n' + body + '\n'
            sources.push('docs/b.md')
          }
          const config =
            'id: canary\ntitle: 試験規程\nowner: 試験課\nsources:\n' + sources.map((d) => '  - ' + d).join('\n') + '\n' + audiencesYaml(mode, staffMode)
          const modeTitle = staffModes ? 'public ' + mode + ', staff ' + staffMode : mode
          cases.push({title: `${position.name} · ${marking} · ${modeTitle} · for ${stricter} (#${counter})`, mode, marking, stricter, canary, id, config, files})
        }
      }
    }
  }
  return cases
}

/** A history-summary case per audience pair and field. */
function historyCases(): Case[] {
  const cases: Case[] = []
  for (const field of ['access', 'summaryAccess']) {
    for (const [, stricter] of pairs) {
      const {canary, id} = nextCanary()
      const config =
        'id: canary\ntitle: 試験規程\nowner: 試験課\nsources:\n  - docs/a.md\nhistory:\n  - date: 2024-04-01\n    type: 策定\n  - date: 2025-04-01\n    type: 改定\n    summary: ' +
        canary + '\n    ' + field + ': ' + stricter + '\n' + audiencesYaml('remove')
      cases.push({
        title: `history summary · ${field} · for ${stricter} (#${counter})`,
        mode: 'remove',
        marking: 'block',
        stricter,
        canary,
        id,
        config,
        files: {'/p/docs/a.md': '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n## 1 目的\n\n本文。\n'}
      })
    }
  }
  return cases
}

/** One context for every case, as a long-running process keeps one: themes, fonts and processors read once. */
const context = new KaiteiContext()

async function editionsOf(c: Case): Promise<Record<string, Edition>> {
  const publication = await loadPublicationFromText(c.config, '/p/kaitei.yaml', {
    readSource: async (file) => {
      const text = c.files[file]
      if (text === undefined) throw Object.assign(new Error('ENOENT ' + file), {code: 'ENOENT'})
      return text
    }
  })
  const out: Record<string, Edition> = {}
  for (const name of ['public', 'staff', 'security']) out[name] = await renderEdition(publication, {audience: name, print: true, context})
  return out
}

async function contentsOf(edition: Edition): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = []
  for (const file of edition.files) {
    if ('copyFrom' in file) {
      if (file.path.endsWith('.woff2')) continue // npm fonts, byte-checked in the on-disk test
      out.push([file.path, await fs.readFile(file.copyFrom, 'utf8')])
    } else {
      out.push([file.path, typeof file.content === 'string' ? file.content : Buffer.from(file.content).toString('utf8')])
    }
  }
  // The page its PDF is printed from.
  if (edition.printHtml) out.push(['print.html', edition.printHtml])
  return out
}

/** The canary as a looser edition must never hold it. */
function forms(canary: string): string[] {
  const entities = [...canary].map((d) => '&#' + d.codePointAt(0) + ';').join('')
  const hexEntities = [...canary].map((d) => '&#x' + d.codePointAt(0)!.toString(16) + ';').join('')
  return [canary, encodeURIComponent(canary), encodeURI(canary), entities, hexEntities, JSON.stringify(canary).slice(1, -1)]
}

const cases = [...makeCases(), ...historyCases()]

describe('canaries', () => {
  it('has a few hundred generated cases', () => {
    expect(cases.length).toBeGreaterThan(300)
  })

  it.each(cases.map((d) => [d.title, d] as const))('%s', async (_, c) => {
    const editions = await editionsOf(c)
    for (const [name, edition] of Object.entries(editions)) {
      const messages = edition.messages.filter((d) => d.fatal).map((d) => d.reason)
      expect(messages, name).toEqual([])
      const files = await contentsOf(edition)
      const cleared = clearance[name]!.includes(c.stricter)
      // These positions hold the ASCII id form (ids and labels cannot hold every character).
      const needle = /^(explicit section id|footnote reference|link reference)/.test(c.title) ? c.id : c.canary
      if (cleared) {
        // Present in the cleared edition (as written, or encoded in a URL or entity).
        const present = files.some(([, text]) => text.includes(needle) || decodePercent(text).includes(needle) || decodeEntities(text).includes(needle))
        expect(present, name + ' should hold ' + needle).toBe(true)
      } else {
        for (const [file, text] of files) {
          for (const form of forms(needle)) expect(text.includes(form), name + '/' + file + ' holds ' + form).toBe(false)
          expect(decodeEntities(text).includes(needle), name + '/' + file + ' (entities)').toBe(false)
          expect(decodePercent(text).includes(needle), name + '/' + file + ' (percent)').toBe(false)
        }
        // And the guard agrees: nothing to report.
        expect((await guardEdition(edition)).map((d) => d.reason)).toEqual([])
      }
    }
  })
})

/**
 * What an edition shows: the strings of its redacted text (notices aside:
 * they stand for what is not shown), its sections' ids and titles.
 */
function shown(edition: Edition): Set<string> {
  const notice = '（非公開）'
  const out = new Set<string>()
  for (const text of edition.documents.flatMap((d) => d.visibleText)) if (text !== notice) out.add(text.replace(notice, ''))
  for (const section of edition.sections) out.add('#' + section.id + ' ' + section.title.replace(notice, ''))
  return out
}

describe('editions are monotonic', () => {
  const matrix = makeCases(modes)

  it('covers every position × marking × public mode × staff mode', () => {
    expect(matrix.length).toBeGreaterThan(700)
  })

  it.each(matrix.map((d) => [d.title, d] as const))('%s', async (_, c) => {
    const editions = await editionsOf(c)
    const [looser, middle, stricter] = [shown(editions.public!), shown(editions.staff!), shown(editions.security!)]
    // Whatever a looser edition shows, every stricter one shows too.
    expect([...looser].filter((d) => !middle.has(d)), 'public shows more than staff').toEqual([])
    expect([...middle].filter((d) => !stricter.has(d)), 'staff shows more than security').toEqual([])
  })
})

describe('mistyped markers in the canary matrix', () => {
  const matrix = typos.flatMap(([what, written]) =>
    modes.flatMap((mode) => modes.map((staffMode) => [what + ' · public ' + mode + ', staff ' + staffMode, written, mode, staffMode] as const))
  )

  it.each(matrix)('%s: an error, or the canary stays out', async (_, written, mode, staffMode) => {
    const {canary} = nextCanary()
    const c: Case = {
      title: '',
      mode,
      marking: 'block',
      stricter: 'security',
      canary,
      id: '',
      config: 'id: canary\ntitle: 試験規程\nowner: 試験課\nsources:\n  - docs/a.md\n' + audiencesYaml(mode, staffMode),
      files: {'/p/docs/a.md': '---\ntitle: 第1章 総則\n---\n\n# 第1章 総則\n\n## 1 目的\n\n' + written.replace(/C/g, canary) + '\n'}
    }
    const editions = await editionsOf(c)
    if (Object.values(editions).some((d) => d.messages.some((m) => m.fatal))) return
    for (const name of ['public', 'staff']) {
      for (const [file, text] of await contentsOf(editions[name]!)) expect(text.includes(canary), name + '/' + file).toBe(false)
    }
  })
})

describe('canaries on disk, byte-level', () => {
  it('no file of the public edition, fonts included, holds any staff canary', async () => {
    const dir = await tempDir()
    await fs.mkdir(path.join(dir, 'docs'))
    const canaries = positions.filter((d) => !d.fileOnly && d.name !== 'directive attribute').map(() => nextCanary())
    const body = positions
      .filter((d) => !d.fileOnly && d.name !== 'directive attribute')
      .map((position, i) => ':::access{audience=staff}\n' + position.inside(canaries[i]!.canary, canaries[i]!.id) + '\n:::' + (position.outside ? '\n\n' + position.outside(canaries[i]!.canary, canaries[i]!.id) : ''))
      .join('\n\n')
    await fs.writeFile(path.join(dir, 'docs', 'a.md'), '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n## 1 目的\n\n公開の本文。\n\n' + body + '\n')
    await fs.writeFile(path.join(dir, 'kaitei.yaml'), 'id: canary\ntitle: 試験規程\nowner: 試験課\nsources:\n  - docs/a.md\n' + audiencesYaml('notice'))
    await build({config: path.join(dir, 'kaitei.yaml'), formats: ['html']})
    const publicFiles = await listFiles(path.join(dir, 'build', 'public'))
    expect(publicFiles.filter((d) => d.endsWith('.woff2')).length).toBeGreaterThan(5)
    for (const file of publicFiles) {
      const bytes = await fs.readFile(path.join(dir, 'build', 'public', file))
      for (const {canary, id} of canaries) {
        for (const form of [...forms(canary), id]) expect(bytes.includes(Buffer.from(form)), file + ' holds ' + form).toBe(false)
      }
    }
    const staff = await fs.readFile(path.join(dir, 'build', 'staff', 'index.html'), 'utf8')
    for (const {canary} of canaries.slice(0, 3)) expect(staff).toContain(canary)
  })
})

/**
 * Front matter the parser does not read would publish a restricted file in
 * full. Every shape of it is an error at its place, and the file stays out
 * of every edition whatever the modes.
 */
const frontMatterVariants: Array<[what: string, text: (body: string) => string, line: number, column: number]> = [
  ['closed with `...` (pandoc)', (b) => '---\ntitle: 第2章 限定\naccess: security\n...\n\n' + b, 1, 1],
  ['a blank line before `---`', (b) => '\n---\ntitle: 第2章 限定\naccess: security\n---\n\n' + b, 2, 1],
  ['two blank lines before `---`', (b) => '\n\n---\ntitle: 第2章 限定\naccess: security\n---\n\n' + b, 3, 1],
  ['never closed', (b) => '---\ntitle: 第2章 限定\naccess: security\n\n' + b, 1, 1],
  ['a BOM and a blank line', (b) => '\uFEFF\n---\ntitle: 第2章 限定\naccess: security\n---\n\n' + b, 2, 1],
  ['CRLF closed with `...`', (b) => ('---\ntitle: 第2章 限定\naccess: security\n...\n\n' + b).replace(/\n/g, '\r\n'), 1, 1],
  ['a tab as indentation inside', (b) => '---\ntitle: 第2章 限定\n\taccess: security\n---\n\n' + b, 3, 1],
  ['`+++` TOML', (b) => '+++\ntitle = "第2章 限定"\naccess = "security"\n+++\n\n' + b, 1, 1],
  ['indented `---`', (b) => ' ---\ntitle: 第2章 限定\naccess: security\n ---\n\n' + b, 1, 2],
  ['four dashes', (b) => '----\ntitle: 第2章 限定\naccess: security\n----\n\n' + b, 1, 1],
  ['full-width dashes', (b) => '－－－\ntitle: 第2章 限定\naccess: security\n－－－\n\n' + b, 1, 1],
  ['a second block', (b) => '---\ntitle: 第2章 限定\n---\n---\naccess: security\n---\n\n' + b, 4, 1],
  ['`access:` under the block', (b) => '---\ntitle: 第2章 限定\n---\naccess: security\n\n' + b, 4, 1],
  ['keys without any block', (b) => 'title: 第2章 限定\naccess: security\n\n' + b, 1, 1],
  ['keys in capitals, full width', (b) => 'Ｔｉｔｌｅ: 第2章 限定\nACCESS: security\n\n' + b, 1, 1]
]

describe('front matter that is not read, in the canary matrix', () => {
  const matrix = frontMatterVariants.flatMap(([what, text, line, column]) =>
    modes.flatMap((mode) => modes.map((staffMode) => [what + ' · public ' + mode + ', staff ' + staffMode, text, line, column, mode, staffMode] as const))
  )

  it.each(matrix)('%s: an error at its place, and the file in no edition', async (_, text, line, column, mode, staffMode) => {
    const {canary} = nextCanary()
    const c: Case = {
      title: '',
      mode,
      marking: 'file',
      stricter: 'security',
      canary,
      id: '',
      config: 'id: canary\ntitle: 試験規程\nowner: 試験課\nsources:\n  - docs/a.md\n  - docs/b.md\n' + audiencesYaml(mode, staffMode),
      files: {
        '/p/docs/a.md': '---\ntitle: 第1章 総則\n---\n\n# 第1章 総則\n\n## 1 目的\n\n公開の本文。\n',
        '/p/docs/b.md': text('# 第2章 限定\n\n## 1 内容\n\n' + canary + '\n')
      }
    }
    const editions = await editionsOf(c)
    const errors = editions.security!.messages.filter((d) => d.fatal && d.file === '/p/docs/b.md')
    const at = errors.filter((d) => d.line === line && d.column === column).map((d) => d.ruleId)
    expect(at.some((d) => d === 'front-matter' || d === 'yaml-syntax'), errors.map((d) => d.line + ':' + d.column + ' ' + d.reason).join('\n')).toBe(true)
    // Withheld from every edition, the strictest included: nobody can tell whom it is for.
    for (const name of ['public', 'staff', 'security']) {
      for (const [file, content] of await contentsOf(editions[name]!)) expect(content.includes(canary), name + '/' + file).toBe(false)
    }
  })
})
