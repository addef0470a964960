/**
 * kaitei in a policy repository of its own: packed, installed as a
 * dependency into a fresh project that keeps a small policy in git, and run
 * with `npx kaitei` — build (with PDFs where there is a browser), history,
 * diff — with themes and fonts found from the installed package. And
 * `npx kaitei` in kaitei's own checkout after `npm ci`.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {findBrowser} from '../src/browser.js'
import {fixtures, repoRoot, runProgram, runSync, tempDir} from './helpers.js'

const canPrint = Boolean(findBrowser()) || Boolean(process.env.CI)
const env = {...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false'}

function run(cwd: string, command: string, ...args: string[]) {
  const result = runSync(command, args, {cwd, encoding: 'utf8', env})
  return {status: result.status, output: result.stdout + result.stderr, stdout: result.stdout}
}

/** kaitei packed once for the file: each project installs the same tarball. */
let tarball: Promise<string> | undefined
function packed(): Promise<string> {
  tarball ??= (async () => {
    const packs = await tempDir('kaitei-pack-')
    // `npm test` compiled dist/ already; packing checks what the package holds.
    const result = run(repoRoot, 'npm', 'pack', '--ignore-scripts', '--pack-destination', packs)
    expect(result.status, result.output).toBe(0)
    return path.join(packs, result.stdout.trim().split('\n').pop()!)
  })()
  return tarball
}

async function git(cwd: string, ...args: string[]) {
  const result = run(cwd, 'git', '-c', 'user.name=policy', '-c', 'user.email=policy@example.com', ...args)
  if (result.status !== 0) throw new Error(result.output)
}

describe('a policy repository of its own', () => {
  let project: string

  beforeAll(async () => {
    project = await tempDir('kaitei-project-')
    await fs.writeFile(path.join(project, 'package.json'), JSON.stringify({name: 'city-policy', private: true}, null, 2))
    const installed = run(project, 'npm', 'install', '--prefer-offline', '--no-audit', '--no-fund', await packed())
    expect(installed.status, installed.output).toBe(0)
    await git(project, 'init', '-q', '-b', 'main')
    await fs.writeFile(path.join(project, '.gitignore'), 'node_modules\nbuild\n')
    for (const version of ['v1', 'v2']) {
      await fs.cp(path.join(fixtures, 'english', version), project, {recursive: true})
      await git(project, 'add', '-A')
      await git(project, 'commit', '-q', '-m', version)
    }
  })

  it('has a kaitei command that knows its version', async () => {
    const version = JSON.parse(await fs.readFile(path.join(repoRoot, 'package.json'), 'utf8')).version
    const result = run(project, 'npx', '--no-install', 'kaitei', '--version')
    expect(result.output.trim()).toBe(version)
  })

  it('builds every version, with themes and fonts from the installed package', async () => {
    const result = run(project, 'npx', '--no-install', 'kaitei', 'build', '--all-versions', '--format', canPrint ? 'html,pdf' : 'html')
    expect(result.status, result.output).toBe(0)
    const page = await fs.readFile(path.join(project, 'build', 'staff', 'index.html'), 'utf8')
    expect(page).toContain('The on-call engineer can be reached at extension 9999.')
    const assets = await fs.readdir(path.join(project, 'build', 'staff', 'assets'))
    expect(assets).toEqual(expect.arrayContaining(['kaitei.css', 'search.js', 'fonts.css', 'fonts']))
    expect((await fs.readdir(path.join(project, 'build', 'staff', 'assets', 'fonts'))).length).toBeGreaterThan(2)
    expect(await fs.readdir(path.join(project, 'build', 'staff', 'versions'))).toEqual(['2024-04-01', '2025-06-01'])
    if (canPrint) expect((await fs.stat(path.join(project, 'build', 'staff', 'acme-isp.pdf'))).size).toBeGreaterThan(10_000)
  })

  it('reports history and diffs', () => {
    const history = run(project, 'npx', '--no-install', 'kaitei', 'history')
    expect(history.status, history.output).toBe(0)
    expect(history.output).toContain('2025-06-01  amended')
    const diff = run(project, 'npx', '--no-install', 'kaitei', 'diff', '2024-04-01', '2025-06-01', '--format', 'md', '--audience', 'public')
    expect(diff.status, diff.output).toBe(0)
    expect(diff.output).toContain('<ins>Administrators must review access rights every quarter.</ins>')
  })

  it('serves only with a database driver installed beside it, and says which', () => {
    // A repository that builds and diffs never compiles SQLite: the drivers are optional peers.
    const result = run(project, 'npx', '--no-install', 'kaitei', 'serve', '--port', '0')
    expect(result.status).toBe(1)
    expect(result.output).toContain('Cannot find the database driver `better-sqlite3`, expected it installed beside kaitei to serve (npm install better-sqlite3@12)  [E_SERVE_DATABASE]')
  })
})

describe('kaitei as a library in a pipeline of one\'s own', () => {
  it('numbers sections and withholds text with kaitei\'s plugins in someone else\'s unified processor', async () => {
    const project = await tempDir('kaitei-library-')
    await fs.writeFile(path.join(project, 'package.json'), JSON.stringify({name: 'their-site', private: true, type: 'module'}, null, 2))
    const installed = run(project, 'npm', 'install', '--prefer-offline', '--no-audit', '--no-fund', await packed())
    expect(installed.status, installed.output).toBe(0)
    // Their own processor: unified, remark-parse and friends as they use them; kaitei's plugins in it.
    await fs.writeFile(
      path.join(project, 'pipeline.js'),
      [
        "import {unified} from 'unified'",
        "import remarkParse from 'remark-parse'",
        "import remarkFrontmatter from 'remark-frontmatter'",
        "import remarkDirective from 'remark-directive'",
        "import {VFile} from 'vfile'",
        "import {parseConfig, remarkPolicyFrontMatter, remarkPolicySections, remarkPolicyAccessCheck, remarkPolicyAccess, remarkPolicyOutline, recogniseNumber} from 'kaitei'",
        "const {config} = parseConfig('id: p\\ntitle: T\\nowner: O\\nsources: [a.md]\\naudiences:\\n  - {name: public, label: 公開, public: true}\\n  - {name: staff, label: 庁内, includes: public}\\n', '/p/kaitei.yaml')",
        'const audiences = config.audiences',
        "const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkDirective)",
        '  .use(remarkPolicyFrontMatter).use(remarkPolicySections).use(remarkPolicyAccessCheck, {audiences}).use(remarkPolicyAccess, {audiences}).use(remarkPolicyOutline)',
        "const text = '# 第1章 総則\\n\\n## 1 目的\\n\\n公開の本文。\\n\\n:::access{audience=staff}\\n## 2 庁内手続\\n\\n庁内だけの本文。\\n:::\\n'",
        "const file = new VFile({path: '/p/a.md', value: text, data: {kaitei: {sections: [], run: {audience: audiences[0]}}}})",
        'const tree = await processor.run(processor.parse(file), file)',
        'console.log(JSON.stringify({sections: file.data.kaitei.sections.map((d) => [d.id, d.number ?? null, d.title]), text: JSON.stringify(tree), messages: file.messages.length, number: recogniseNumber(\'第十二条の二\')?.number.kind}))'
      ].join('\n') + '\n'
    )
    const result = run(project, process.execPath, 'pipeline.js')
    expect(result.status, result.output).toBe(0)
    const out = JSON.parse(result.stdout) as {sections: Array<[string, string | null, string]>; text: string; messages: number; number: string}
    expect(out.sections).toEqual([['ch1', '第1章', '総則'], ['ch1-1', '1', '目的']])
    expect(out.text).toContain('公開の本文。')
    expect(out.text).not.toContain('庁内だけの本文')
    expect(out.messages).toBe(0)
    expect(out.number).toBe('article')
  })
})

describe('kaitei\'s own checkout', () => {
  it('has `npx kaitei` after npm ci (the README\'s pull-request workflow)', () => {
    const result = run(repoRoot, 'npx', '--no-install', 'kaitei', '--version')
    expect(result.status, result.output).toBe(0)
  })
})
