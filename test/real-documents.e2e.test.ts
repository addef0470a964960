/**
 * Real documents' shapes, each a fixture of our own making that failed
 * before: a statute amended in git (条の二, 項, 号, イロハ, several 附則, two
 * amendments on one day, an inserted article that renumbers the rest), an
 * English rewrite (re-lettered, moved, inserted sections, introductions
 * in two files), files without front matter, foreign front matter keys,
 * and past versions that break today's rules.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import type {VFileMessage} from 'vfile-message'
import {beforeAll, describe, expect, it} from 'vitest'
import {findBrowser} from '../src/browser.js'
import {build} from '../src/publish/build.js'
import {parseConfig} from '../src/config/load-config.js'
import {compareSides, diffVersions} from '../src/diff/diff-versions.js'
import {renderEdition} from '../src/edition/render-edition.js'
import {historyReport} from '../src/history-report.js'
import {amendmentName} from '../src/labels.js'
import {loadPublication, loadPublicationFromText} from '../src/publication.js'
import {fixtures, runProgram, tempDir} from './helpers.js'

const canPrint = Boolean(findBrowser()) || Boolean(process.env.CI)

async function git(cwd: string, ...args: string[]) {
  const result = await runProgram('git', args, {
    cwd,
    encoding: 'utf8',
    env: {...process.env, GIT_AUTHOR_NAME: '法規担当', GIT_AUTHOR_EMAIL: 'houki@example.jp', GIT_COMMITTER_NAME: '法規担当', GIT_COMMITTER_EMAIL: 'houki@example.jp'}
  })
  if (result.status !== 0) throw new Error('git ' + args.join(' ') + ': ' + result.stderr)
  return result.stdout.trim()
}

describe('a statute amended over the years', () => {
  let repo: string
  const commits: string[] = []

  beforeAll(async () => {
    repo = await tempDir('kaitei-statute-')
    await git(repo, 'init', '-q', '-b', 'main')
    for (const version of ['v1', 'v2', 'v3', 'v4', 'v5']) {
      await fs.cp(path.join(fixtures, 'statute', version), repo, {recursive: true})
      await git(repo, 'add', '-A')
      await git(repo, 'commit', '-q', '-m', version)
      commits.push(await git(repo, 'rev-parse', 'HEAD'))
    }
  })

  it('numbers 条の二, 章の二, captions, 項, 号 and イロハ as numbers, with distinct ids and no sequence warning', async () => {
    const edition = await renderEdition(await loadPublication(path.join(repo, 'kaitei.yaml')))
    expect(edition.messages.map((d) => d.reason)).toEqual([])
    const ids = edition.sections.map((d) => d.id + ' ' + (d.number ?? '') + ' ' + d.title.slice(0, 6))
    expect(ids).toEqual(
      expect.arrayContaining([
        'art2 第二条 （定義）',
        // The first 項 is unnumbered; the 号 under it and under 項２ are told apart.
        'art2-g1 一 市民　市の区',
        'art2-2 ２ 前項第三号の',
        'art2-2-g1 一 官報、公報、',
        // イ, ロ in いろは order (not 五十音), under their 号.
        'art2-2-g2-i1 イ 一般に閲覧さ',
        'art2-2-g2-i2 ロ 歴史的若しく',
        'art7-g2-i3 ハ 公務員等の職',
        'art7-g3-i2 ロ 公にしないと',
        // 号 as list items too.
        'art6-g2 二 公文書の名称',
        // An inserted article and chapter: の二 is a branch of the number (art6-2 would be 第六条第二項).
        'art6_2 第六条の二 （開示請求の',
        'ch2_2 第二章の二 雑則',
        // Several 附則, by their captions.
        'suppl 附則 ',
        'suppl-2005-06-29-20 附則（平成十七年六月二十九日条例第二十号） ',
        'suppl-2020-03-27-8 附則（令和二年三月二十七日条例第八号） '
      ])
    )
    // Articles are numbered through the law: their ids do not carry the chapter.
    expect(edition.sections.find((d) => d.number === '第八条')?.id).toBe('art8')
    expect(new Set(edition.sections.map((d) => d.id)).size).toBe(edition.sections.length)
  })

  it('two amendments on one day are two versions, each with its text', async () => {
    const report = await historyReport({config: path.join(repo, 'kaitei.yaml')})
    expect(report.entries.map((d) => [d.key, d.label, d.commit])).toEqual([
      ['2004-03-26', '平成16年条例第5号', commits[0]],
      ['2005-06-29', '平成17年条例第20号', commits[1]],
      ['2014-06-13', '平成26年条例第15号', commits[2]],
      ['2014-06-13-2', '平成26年条例第16号', commits[3]],
      ['2020-03-27', '令和2年条例第8号', commits[4]]
    ])
    const changes = (key: string) => report.entries.find((d) => d.key === key)!.changes!.map((d) => d.kind + ' ' + d.id)
    expect(changes('2014-06-13')).toEqual(['added art5_2'])
    expect(changes('2014-06-13-2')).toEqual(['changed art6'])

    const out = path.join(repo, 'build')
    const progress: string[] = []
    await build({config: path.join(repo, 'kaitei.yaml'), formats: ['html'], allVersions: true, out})
    expect(await fs.readdir(path.join(out, 'all', 'versions'))).toEqual(['2004-03-26', '2005-06-29', '2014-06-13', '2014-06-13-2', '2020-03-27'])
    expect(await fs.readFile(path.join(out, 'all', 'versions', '2014-06-13', 'index.html'), 'utf8')).not.toContain('法令又は条例')
    expect(await fs.readFile(path.join(out, 'all', 'versions', '2014-06-13-2', 'index.html'), 'utf8')).toContain('法令又は条例')
    // Told apart wherever both appear: page titles of the versions and their diffs, the timeline.
    const title = async (file: string) => /<title>([^<]*)<\/title>/.exec(await fs.readFile(path.join(out, 'all', file), 'utf8'))![1]
    expect(await title('versions/2014-06-13/index.html')).toBe('試験市情報公開条例（全文） — 平成26年6月13日一部改正（平成26年条例第15号）の版（旧版）')
    expect(await title('versions/2014-06-13-2/index.html')).toBe('試験市情報公開条例（全文） — 平成26年6月13日一部改正（平成26年条例第16号）の版（旧版）')
    expect(await title('versions/2014-06-13/diff.html')).toBe('改正箇所（見え消し） 平成26年6月13日 一部改正 平成26年条例第15号 — 試験市情報公開条例')
    expect(await title('versions/2014-06-13-2/shinkyu.html')).toBe('新旧対照表 平成26年6月13日 一部改正 平成26年条例第16号 — 試験市情報公開条例')
    const timeline = [...(await fs.readFile(path.join(out, 'all', 'history.html'), 'utf8')).matchAll(/<text[^>]*>([^<]*平成26年6月13日[^<]*)<\/text>/g)].map((d) => d[1])
    expect(timeline).toEqual(['平成26年6月13日 一部改正 平成26年条例第15号', '平成26年6月13日 一部改正 平成26年条例第16号'])
    // --at the day: the last adopted that day, and it says which.
    await build({config: path.join(repo, 'kaitei.yaml'), formats: ['html'], at: '2014-06-13', out: path.join(repo, 'at'), onProgress: (line) => progress.push(line)})
    expect(progress).toContain('rendering the version in force on 2014-06-13: 2014-06-13-2 (平成26年条例第16号)')
    expect(await fs.readFile(path.join(repo, 'at', 'all', 'index.html'), 'utf8')).toContain('法令又は条例')
    // kaitei diff takes either, by key or by label.
    const diff = await diffVersions({config: path.join(repo, 'kaitei.yaml'), from: '2014-06-13', to: '平成26年条例第16号'})
    expect(diff.from.label).toBe('平成26年6月13日 一部改正 平成26年条例第15号')
    expect(diff.changes.sections.filter((d) => d.kind !== 'unchanged').map((d) => d.new?.id)).toEqual(['art6'])
    expect((await diffVersions({config: path.join(repo, 'kaitei.yaml'), from: '2014-06-13', to: '2014-06-13-2'})).to.amendment?.key).toBe('2014-06-13-2')
  })

  it('names a second amendment of one day without a label by its place that day', () => {
    expect(amendmentName({key: '2014-06-13-2', type: '一部改正'}, '平成26年6月13日', 'ja')).toBe('平成26年6月13日 一部改正（その2）')
    expect(amendmentName({key: '2014-06-13-2', type: '一部改正'}, '平成26年6月13日', 'ja', 'run')).toBe('平成26年6月13日一部改正（その2）')
    expect(amendmentName({key: '2014-06-13', type: '一部改正'}, '平成26年6月13日', 'ja')).toBe('平成26年6月13日 一部改正')
    expect(amendmentName({key: '2024-05-01-3', type: 'amended'}, '2024-05-01', 'en')).toBe('2024-05-01 amended (3rd that day)')
    expect(amendmentName({key: '2024-05-01-2', type: 'amended', label: 'Board resolution 12'}, '2024-05-01', 'en', 'run')).toBe('2024-05-01 Board resolution 12')
  })

  it('check warns where two amendments of one day cannot be told apart', () => {
    const {file} = parseConfig(
      'id: p\ntitle: T\nowner: O\nsources: [a.md]\nhistory:\n  - {date: 2014-06-13, type: 一部改正}\n  - {date: 平成26年6月13日, type: 一部改正}\n',
      '/p/kaitei.yaml'
    )
    expect(file.messages.map((d) => d.line + ':' + d.column + ' ' + d.reason + ' [' + d.ruleId + ']')).toEqual([
      '7:12 Unexpected second amendment on 平成26年6月13日 without a `label`, expected each amendment of one day named (`label: 平成26年法律第70号`); it is `2014-06-13-2` meanwhile [history-same-day]'
    ])
    // The related place: the first amendment of that day.
    const cause = file.messages[0]!.cause as VFileMessage
    expect([cause.file, cause.line, cause.column, cause.reason]).toEqual(['/p/kaitei.yaml', 6, 5, 'the amendment before it on 平成26年6月13日'])
  })

  it('an inserted article renumbers the ones after it: 第四条 → 第五条 is renumbered, not rewritten', async () => {
    const diff = await diffVersions({config: path.join(repo, 'kaitei.yaml'), from: '2014-06-13-2', to: '2020-03-27'})
    const line = (d: (typeof diff.changes.sections)[number]) => d.kind + (d.renumbered ? ' renumbered ' + d.old?.number + ' → ' + d.new?.number : '') + ' ' + (d.new ?? d.old)!.id
    expect(diff.changes.sections.filter((d) => d.kind !== 'unchanged' || d.renumbered).map(line)).toEqual([
      'changed art2',
      'added art4',
      'unchanged renumbered 第四条 → 第五条 art5',
      'unchanged renumbered 第五条 → 第六条 art6',
      'unchanged renumbered 第五条の二 → 第六条の二 art6_2',
      'unchanged renumbered 第六条 → 第七条 art7',
      'added ch2_2',
      'added art8',
      'added suppl-2020-03-27-8'
    ])
  })

  it.runIf(canPrint)('prints the 目次 with real pages for ids that are not ASCII', async () => {
    const out = path.join(repo, 'pdf')
    await build({config: path.join(repo, 'kaitei.yaml'), formats: ['pdf'], out})
    const toc = execFileSync('pdftotext', ['-f', '2', '-l', '2', '-layout', '-enc', 'UTF-8', path.join(out, 'all', 'jorei.pdf'), '-'], {encoding: 'utf8'})
    const entries = toc.split('\n').filter((d) => /\S\s+\d+\s*$/.test(d))
    expect(entries.some((d) => d.includes('試験市情報公開条例'))).toBe(true)
    expect(entries.some((d) => d.includes('第二章の二'))).toBe(true)
    for (const entry of entries) expect(entry, entry).not.toMatch(/\s0\s*$/)
  })
})

describe('an English rewrite', () => {
  it('pairs every unchanged section with itself, whatever its letter became; introductions per file', async () => {
    const before = await loadPublication(path.join(fixtures, 'terms', 'v1', 'kaitei.yaml'))
    const after = await loadPublication(path.join(fixtures, 'terms', 'v2', 'kaitei.yaml'))
    const diff = await compareSides(after.config, undefined, {side: {spec: 'v1', label: 'v1'}, publication: before}, {side: {spec: 'v2', label: 'v2'}, publication: after})
    const rows = diff.changes.sections.map((d) => [d.kind, d.renumbered, d.old?.number ?? null, d.new?.number ?? null, (d.new ?? d.old)!.title || (d.new ?? d.old)!.id])
    expect(rows).toEqual([
      ['unchanged', false, null, null, 'docs-terms-intro'],
      ['unchanged', false, null, null, 'Terms of Service'],
      ['unchanged', true, 'A.', '1.', 'Acceptance of Terms'],
      ['added', false, null, '2.', 'Definitions'],
      ['unchanged', true, 'B.', '3.', 'Accounts'],
      ['unchanged', true, 'D.', '4.', 'Privacy'],
      ['unchanged', true, 'C.', '5.', 'Acceptable Use'],
      ['added', false, null, '6.', 'Fees and Payment'],
      ['changed', true, 'E.', '7.', 'Suspension and Termination'],
      ['unchanged', true, 'G.', '8.', 'Governing Law'],
      ['unchanged', true, 'F.', '9.', 'Disclaimers'],
      ['changed', false, null, null, 'docs-privacy-intro'],
      ['unchanged', false, null, null, 'Privacy Statement'],
      ['unchanged', false, '1.', '1.', 'Data We Collect'],
      ['unchanged', false, '2.', '2.', 'How We Use Data'],
      ['unchanged', false, '3.', '3.', 'Your Rights']
    ])
  })

  it('reads A., (a), i., ii. and IV. as numbers', async () => {
    const publication = await loadPublicationFromText('id: e\ntitle: T\nowner: O\nlang: en\nsources: [a.md]\n', '/p/kaitei.yaml', {
      readSource: async () =>
        '# Terms\n\n## I. Roman\n\n### A. One\n\n### B. Two\n\n- i. first\n- ii. second\n- iii. third\n- iv. fourth\n- v. fifth\n\n### C. Three\n\n- a. one\n- b. two\n- (a) x\n\n## II. Roman two\n\n- (i) clause\n- (ii) clause\n'
    })
    const edition = await renderEdition(publication)
    expect(edition.messages.map((d) => d.reason)).toEqual([])
    expect(edition.sections.map((d) => d.id)).toEqual([
      'terms', 'terms-r1', 'terms-r1-a', 'terms-r1-b', 'terms-r1-b-r1', 'terms-r1-b-r2', 'terms-r1-b-r3', 'terms-r1-b-r4', 'terms-r1-b-r5',
      'terms-r1-c', 'terms-r1-c-a', 'terms-r1-c-b', 'terms-r1-c-pa', 'terms-r2', 'terms-r2-pr1', 'terms-r2-pr2'
    ])
  })
})

describe('files written for other tools', () => {
  async function render(text: string, config = '') {
    const publication = await loadPublicationFromText('id: f\ntitle: T\nowner: O\nlang: en\nsources: [docs/a.md]\n' + config, '/p/kaitei.yaml', {readSource: async () => text})
    const edition = await renderEdition(publication)
    return {edition, messages: edition.messages.map((d) => d.line + ':' + d.column + ' ' + (d.fatal ? '' : 'warning: ') + d.reason + ' [' + d.ruleId + ']')}
  }

  it('a file without front matter takes its title from its first heading', async () => {
    const {edition, messages} = await render('# Acceptable Use Policy\n\n## 1. Scope\n\nText.\n')
    expect(messages).toEqual([])
    const manifest = JSON.parse(edition.files.find((d) => d.path === 'manifest.json')!.content as string)
    expect(manifest.sources).toEqual([{path: 'docs/a.md', title: 'Acceptable Use Policy'}])
  })

  it('front matter of another tool without a title (comply\'s name, acronym, satisfies) takes its title from the first heading', async () => {
    const text = '---\nname: Access Onboarding and Termination Policy\nacronym: AOTP\nsatisfies:\n  TSC:\n    - CC6.1\n    - CC6.2\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: Initial document\n---\n\n# Access Onboarding and Termination Policy\n\n## 1. Purpose\n\nText.\n'
    const {edition, messages} = await render(text, 'foreignKeys: [name, acronym, satisfies, majorRevisions]\n')
    expect(messages).toEqual([])
    const manifest = JSON.parse(edition.files.find((d) => d.path === 'manifest.json')!.content as string)
    expect(manifest.sources).toEqual([{path: 'docs/a.md', title: 'Access Onboarding and Termination Policy'}])
    // Undeclared, the keys are warnings, and the title still comes from the heading.
    expect((await render(text)).messages.every((d) => d.includes('warning: ') && d.endsWith('[front-matter-foreign]'))).toBe(true)
    // Without a heading either, a title is missing: an error.
    expect((await render('---\nname: Policy\n---\n\nText.\n', 'foreignKeys: [name]\n')).messages).toEqual(['2:1 Missing required `title`, expected string [front-matter]'])
  })

  it('keys of other tools are a warning, or nothing when declared; typos of kaitei\'s keys are errors that say what was meant', async () => {
    const text = '---\ntitle: Policy\nlayout: page\npermalink: /policy/\nredirect_from: /old/\ntitel: Oops\n---\n\n# Policy\n'
    expect((await render(text)).messages).toEqual([
      '3:1 warning: Unexpected key `layout` in front matter, ignored: kaitei does not read it (list the keys of other tools in `foreignKeys` of kaitei.yaml to say so) [front-matter-foreign]',
      '4:1 warning: Unexpected key `permalink` in front matter, ignored: kaitei does not read it (list the keys of other tools in `foreignKeys` of kaitei.yaml to say so) [front-matter-foreign]',
      '5:1 warning: Unexpected key `redirect_from` in front matter, ignored: kaitei does not read it (list the keys of other tools in `foreignKeys` of kaitei.yaml to say so) [front-matter-foreign]',
      '6:1 Unexpected key `titel` in front matter, expected `title` (did you mean `title`?) [front-matter]'
    ])
    expect((await render(text, 'foreignKeys: [layout, permalink, redirect_from]\n')).messages).toEqual([
      '6:1 Unexpected key `titel` in front matter, expected `title` (did you mean `title`?) [front-matter]'
    ])
  })
})

describe('a past version that breaks today\'s rules', () => {
  it('is rendered with warnings naming the version and its commit; access rules stay errors', async () => {
    const repo = await tempDir('kaitei-past-')
    await git(repo, 'init', '-q', '-b', 'main')
    await fs.mkdir(path.join(repo, 'docs'))
    // v1: no front matter and no heading, a key unknown today, a value wrong today.
    await fs.writeFile(path.join(repo, 'docs', 'a.md'), 'Text of the first version.\n')
    await fs.writeFile(path.join(repo, 'docs', 'b.md'), '---\ntitle: Second file\nauthor: Legal\norder: first\n---\n\n# Second file\n\nIts text.\n')
    const config = (history: string) => 'id: past\ntitle: Past\nowner: O\nlang: en\nsources: [docs/a.md, docs/b.md]\nhistory:\n' + history
    await fs.writeFile(path.join(repo, 'kaitei.yaml'), config('  - {date: 2023-01-01, type: adopted}\n'))
    await git(repo, 'add', '-A')
    await git(repo, 'commit', '-q', '-m', 'v1')
    const first = await git(repo, 'rev-parse', 'HEAD')
    await fs.writeFile(path.join(repo, 'docs', 'a.md'), '---\ntitle: First file\n---\n\n# First file\n\nText of the second version.\n')
    await fs.writeFile(path.join(repo, 'docs', 'b.md'), '---\ntitle: Second file\norder: 2\n---\n\n# Second file\n\nIts text.\n')
    await fs.writeFile(path.join(repo, 'kaitei.yaml'), config('  - {date: 2023-01-01, type: adopted}\n  - {date: 2024-01-01, type: amended}\n'))
    await git(repo, 'add', '-A')
    await git(repo, 'commit', '-q', '-m', 'v2')

    const result = await build({config: path.join(repo, 'kaitei.yaml'), formats: ['html'], allVersions: true})
    const where = '(in the version of 2023-01-01, commit ' + first.slice(0, 10) + ')'
    expect(result.messages.map((d) => d.line + ':' + d.column + ' ' + (d.fatal ? '' : 'warning: ') + d.reason)).toEqual([
      '1:1 warning: Missing front matter and heading, expected a `---` YAML block with `title` or a `#` heading: titled `a` after the file ' + where,
      '3:1 warning: Unexpected key `author` in front matter, ignored: kaitei does not read it (list the keys of other tools in `foreignKeys` of kaitei.yaml to say so) ' + where,
      '4:8 warning: Unexpected value of `order` in front matter by today\'s rules, left out of this past version ' + where
    ])
    expect(await fs.readFile(path.join(repo, 'build', 'all', 'versions', '2023-01-01', 'index.html'), 'utf8')).toContain('Text of the first version.')
  })
})

describe('links', () => {
  it('between files become links into the page; those that cannot work are positioned warnings', async () => {
    const publication = await loadPublication(path.join(fixtures, 'links', 'kaitei.yaml'))
    const editions = await Promise.all(['public', 'staff'].map((audience) => renderEdition(publication, {audience})))
    const warnings = [...new Set(editions.flatMap((d) => d.messages).map((d) => path.basename(d.file ?? '') + ':' + d.line + ':' + d.column + ' ' + d.reason.split(',')[0] + ' [' + d.ruleId + ']'))]
    expect(warnings).toEqual([
      'a.md:13:1 Unexpected site-relative link `/site/privacy` [link-offline]',
      'a.md:13:26 Unexpected link to `../other/policy.md` [link-source]',
      'a.md:13:53 Unexpected link to `forms/a.pdf` [link-file]',
      'a.md:15:1 Unexpected image `images/org.png` [link-file]',
      'a.md:11:1 Unexpected link to `#ch1-9` [link-anchor]',
      'a.md:11:16 Unexpected link to `#ch1-2` [link-anchor]',
      'a.md:11:31 Unexpected link to `#fn-1` [link-anchor]'
    ])
    // The withheld target is named as such, in the edition that withholds it only.
    expect(editions[0]!.messages.map((d) => d.reason)).toContain(
      'Unexpected link to `#ch1-2`, a section the `public` edition withholds, expected a link to text its readers can see'
    )
    expect(editions[1]!.messages.map((d) => d.reason).join('\n')).not.toContain('#ch1-2')
    const page = editions[1]!.html
    expect(page).toContain('<a href="#file-docs-b">第2章</a>')
    expect(page).toContain('<a href="#ch2-2">その2</a>')
    expect(page).toContain('<a href="#ch1-1">第1章の目的</a>')
    expect(page).toContain('<div class="policy-document" id="file-docs-b" data-source="docs/b.md">')
    // A link to an anchor written in raw HTML follows its prefixed id.
    expect(page).toContain('<span id="user-content-here">ここ</span>へ<a href="#user-content-here">戻る</a>')
  })
})

describe('links written for GitHub', () => {
  async function publication(files: Record<string, string>, lang = 'en') {
    const config = 'id: g\ntitle: T\nowner: O\nlang: ' + lang + '\nsources: [' + Object.keys(files).join(', ') + ']\n'
    return loadPublicationFromText(config, '/p/kaitei.yaml', {readSource: async (file) => files[path.relative('/p', file)]!})
  }

  it('land on their sections: `#2-scope`, `other.md#a-definitions`, a second heading of one name, a Japanese heading', async () => {
    const edition = await renderEdition(
      await publication({
        'docs/a.md': '# Acceptable Use Policy\n\n## 1. Scope\n\nSee [scope](#1-scope), [definitions](b.md#a-definitions), [their scope](./b.md#2-scope), [notes](b.md#notes-1) and [own](#acceptable-use-policy-2).\n\n## 2. Use\n\nText.\n',
        'docs/b.md': '# Backup Policy\n\n## A. Definitions\n\nText.\n\n## 2. Scope\n\nText.\n\n### Notes\n\nOne.\n\n## 3. Restore\n\n### Notes\n\nTwo.\n'
      })
    )
    expect(edition.messages.map((d) => d.reason)).toEqual([])
    expect(edition.html).toContain('<a href="#acceptable-use-policy-1">scope</a>')
    expect(edition.html).toContain('<a href="#backup-policy-a">definitions</a>')
    expect(edition.html).toContain('<a href="#backup-policy-2">their scope</a>')
    // GitHub numbers a second heading of one name `-1`: the second Notes.
    expect(edition.html).toContain('<a href="#backup-policy-3-notes">notes</a>')
    expect(edition.html).toContain('<a href="#acceptable-use-policy-2">own</a>')
    const japanese = await renderEdition(await publication({'docs/a.md': '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n## 1 目的\n\n[目的](#1-目的)による。\n'}, 'ja'))
    expect(japanese.html).toContain('<a href="#ch1-1">目的</a>')
  })

  it('that miss are warnings whose suggestion is in the publication\'s own id style', async () => {
    const edition = await renderEdition(await publication({'docs/a.md': '# Acceptable Use Policy\n\n## 1. Scope\n\nSee [scope](#1-scop).\n\n## 2. Use\n\nSee [nothing](#nowhere-at-all).\n'}))
    expect(edition.messages.map((d) => d.reason + ' [' + d.ruleId + ']')).toEqual([
      'Unexpected link to `#1-scop`, which no section or anchor of the policy defines, expected the id of a section (did you mean `#acceptable-use-policy-1`, 1. Scope?) [link-anchor]',
      'Unexpected link to `#nowhere-at-all`, which no section or anchor of the policy defines, expected the id of a section (`#acceptable-use-policy-1`) or an anchor [link-anchor]'
    ])
  })
})
