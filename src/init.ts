/**
 * `kaitei init [dir]`: a new policy repository that builds at once — the
 * config with a public and a staff edition, a first chapter that shows
 * numbering, a definition, a cross-reference and an access block, the
 * package's two scripts, a `.gitignore` and a CI workflow that puts the
 * amendment of a pull request into its summary. It asks nothing, and it
 * writes into an empty folder only (a fresh `.git` aside): what exists is
 * named, never overwritten.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {KaiteiError} from './errors.js'

export interface InitOptions {
  title?: string
  owner?: string
  /** `ja` (default) or `en`. */
  lang?: string
  /** kaitei's version for package.json (default: the running one). */
  version?: string
}

export interface InitResult {
  dir: string
  files: string[]
}

const today = () => new Intl.DateTimeFormat('en-CA', {timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit'}).format(new Date())

function templates(options: Required<Omit<InitOptions, 'version'>> & {version: string; id: string}): Record<string, string> {
  const ja = options.lang === 'ja'
  const yamlString = (text: string) => JSON.stringify(text)
  const config = [
    ja ? '# ' + options.title + '（kaitei の設定: https://www.npmjs.com/package/kaitei）' : '# ' + options.title + ' (kaitei configuration: https://www.npmjs.com/package/kaitei)',
    'id: ' + options.id,
    'title: ' + yamlString(options.title),
    'owner: ' + yamlString(options.owner),
    'lang: ' + options.lang,
    'dateStyle: ' + (ja ? 'wareki' : 'iso'),
    'sources:',
    '  - docs/01-general.md',
    ja ? '# 公開版と庁内版: staff は public の見るものをすべて見る。' : '# A public and a staff edition: staff sees all that public sees.',
    'audiences:',
    '  - name: public',
    '    label: ' + (ja ? '公開' : 'Public'),
    '    public: true',
    '    withheld: notice',
    '  - name: staff',
    '    label: ' + (ja ? '庁内限定' : 'Staff only'),
    '    includes: public',
    'history:',
    '  - date: ' + today(),
    '    type: ' + (ja ? '策定' : 'adopted'),
    ''
  ].join('\n')
  const chapter = ja
    ? `---
title: 第1章 総則
---

# 第1章 総則

## 1 目的

この${options.title}は、${options.owner}が保有する情報資産を脅威から守るため、遵守すべき事項を定める。

## 2 定義

この${options.title}において、次に掲げる用語の意義は、それぞれ次に定めるところによる。

### (1) 情報資産

${options.owner}が業務で取り扱う情報及びそれを記録した媒体をいう。

### (2) 情報システム

情報資産を処理する機器及びプログラムをいう。

## 3 職員の責務

職員は、上記2で定める情報資産及び情報システムを適切に取り扱わなければならない。

:::access{audience=staff}
情報セキュリティに関する相談窓口は、内線 0000 とする。
:::
`
    : `---
title: Chapter 1 General provisions
---

# Chapter 1 General provisions

## 1 Purpose

This ${options.title} sets out what everyone at ${options.owner} must do to protect its information assets.

## 2 Definitions

In this policy:

- (a) "information asset" means information handled in the course of work, and any medium holding it;
- (b) "information system" means equipment and software that process information assets.

## 3 Responsibilities

Staff shall handle the information assets and information systems defined in Section 2 with care.

:::access{audience=staff}
Questions about information security go to extension 0000.
:::
`
  const workflow = `# Pull requests that amend the policy: check it, and put the amendment
# (its redline as Markdown) into the job summary for reviewers.
name: policy
on: pull_request
jobs:
  amendment:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npx kaitei check
      - run: npx kaitei diff origin/\${{ github.base_ref }} HEAD --format md >> "$GITHUB_STEP_SUMMARY"
`
  const pkg = {
    name: options.id,
    private: true,
    description: options.title,
    scripts: {build: 'kaitei build', check: 'kaitei check'},
    dependencies: {kaitei: '^' + options.version}
  }
  return {
    'kaitei.yaml': config,
    'docs/01-general.md': chapter,
    'package.json': JSON.stringify(pkg, null, 2) + '\n',
    '.gitignore': 'node_modules/\nbuild/\nbuild.*/\n.kaitei/\n',
    '.github/workflows/policy.yml': workflow
  }
}

/** An id for file names from the folder's name: `city-isp`. */
function idOf(dir: string): string {
  const base = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return /^[a-z0-9]/.test(base) ? base : 'policy'
}

export async function initPublication(dir: string, options: InitOptions = {}): Promise<InitResult> {
  const lang = options.lang ?? 'ja'
  if (lang !== 'ja' && lang !== 'en') throw new KaiteiError('Unexpected --lang `' + lang + '`, expected ja or en', 'E_INIT_REFUSED')
  const ja = lang === 'ja'
  const files = templates({
    title: options.title ?? (ja ? '情報セキュリティポリシー' : 'Information Security Policy'),
    owner: options.owner ?? (ja ? '情報政策課' : 'Information Security Office'),
    lang,
    version: options.version ?? '0.1.0',
    id: idOf(dir)
  })
  let existing: string[] = []
  try {
    existing = (await fs.readdir(dir)).filter((d) => d !== '.git')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  if (existing.length > 0) {
    const clashing = Object.keys(files).filter((d) => existing.includes(d.split('/')[0]!))
    throw new KaiteiError(
      'Refusing to initialise `' + dir + '`: it is not empty (' + (clashing.length > 0 ? 'it has ' + clashing.join(', ') : 'it has ' + existing.slice(0, 5).join(', ') + (existing.length > 5 ? ' …' : '')) + '); expected an empty folder, nothing was written',
      'E_INIT_REFUSED'
    )
  }
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name)
    await fs.mkdir(path.dirname(file), {recursive: true})
    // `wx`: a file that appeared meanwhile is not overwritten.
    await fs.writeFile(file, text, {flag: 'wx'})
  }
  return {dir, files: Object.keys(files)}
}
