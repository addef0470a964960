/**
 * `npm run bench`: kaitei against a peer on the same input, in the same run.
 *
 * HTML edition of the generated 1 MB policy: `kaitei build` (the CLI, cold,
 * as a user runs it) vs `pandoc -f gfm -t html` on the same Markdown files.
 * Prints medians and the ratio (target: ≤ 1.0). Not run by CI.
 */
import {spawn as spawnChild, spawnSync} from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {writePolicy} from './generate-policy.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const cli = path.join(root, 'dist', 'bin', 'cli.js')
const runs = Number(process.env.BENCH_RUNS ?? 5)

function time(command, args, options = {}) {
  const start = process.hrtime.bigint()
  const result = spawnSync(command, args, {encoding: 'utf8', ...options})
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  if (result.error) return {error: result.error}
  // `git diff` exits 1 when it finds differences.
  if (result.status !== 0 && !(command === 'git' && result.status === 1)) throw new Error(command + ' ' + args.join(' ') + ' failed:\n' + result.stderr)
  return {seconds}
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function measure(label, command, args, options) {
  const times = []
  for (let i = 0; i < runs; i++) {
    const result = time(command, args, options)
    if (result.error) return undefined
    times.push(result.seconds)
  }
  const value = median(times)
  console.log('  ' + label.padEnd(38) + value.toFixed(3) + ' s  (median of ' + runs + ': ' + times.map((d) => d.toFixed(2)).join(', ') + ')')
  return value
}

/**
 * Two commands timed in turns (a, b, a, b, …), so that both see the machine
 * in the same state; prints and returns both medians (undefined for a
 * command that cannot run).
 */
function measurePair(a, b) {
  const times = [[], []]
  const missing = [false, false]
  for (let i = 0; i < runs; i++) {
    for (const [index, item] of [a, b].entries()) {
      if (missing[index]) continue
      const result = time(item.command, item.args, item.options)
      if (result.error) missing[index] = true
      else times[index].push(result.seconds)
    }
  }
  return [a, b].map((item, index) => {
    if (missing[index]) return undefined
    const value = median(times[index])
    console.log('  ' + item.label.padEnd(38) + value.toFixed(3) + ' s  (median of ' + runs + ': ' + times[index].map((d) => d.toFixed(3)).join(', ') + ')')
    return value
  })
}

/** BENCH_ONLY=html,editions,pdf,history,diff,sample,serve,preview runs only those parts. */
const only = process.env.BENCH_ONLY?.split(',')
const want = (part) => !only || only.includes(part)

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaitei-bench-'))
const chapters = await writePolicy(dir)
const bytes = chapters.reduce((sum, d) => sum + Buffer.byteLength(d.text), 0)
const characters = chapters.reduce((sum, d) => sum + d.text.length, 0)
console.log('Benchmark policy: ' + chapters.length + ' files, ' + (bytes / 1e6).toFixed(2) + ' MB, ' + characters.toLocaleString('en') + ' characters (' + dir + ')')

let kaitei
if (want('html') || want('editions')) {
console.log('\nHTML edition')
const files = chapters.map((d) => d.name)
const [ours, pandoc] = measurePair(
  {label: 'kaitei build --format html', command: process.execPath, args: [cli, 'build', '-q', '--format', 'html'], options: {cwd: dir}},
  {label: 'pandoc -f gfm -t html', command: 'pandoc', args: ['-f', 'gfm', '-t', 'html', '-o', path.join(dir, 'pandoc.html'), ...files], options: {cwd: dir}}
)
kaitei = ours
if (pandoc === undefined) {
  console.log('  pandoc not found: install Debian `pandoc` to compare (skipped)')
} else {
  const ratio = kaitei / pandoc
  console.log('  ratio kaitei / pandoc: ' + ratio.toFixed(2) + '  (target ≤ 1.00: ' + (ratio <= 1 ? 'met' : 'NOT met') + ')')
}
const html = await fs.stat(path.join(dir, 'build', 'all', 'index.html'))
console.log('  kaitei page: ' + (html.size / 1e6).toFixed(2) + ' MB')

// The same text as one file of 1 MB.
const oneDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaitei-bench-one-'))
await fs.mkdir(path.join(oneDir, 'docs'))
await fs.writeFile(path.join(oneDir, 'docs', 'policy.md'), chapters.map((d) => d.text.replace(/^---\n[\s\S]*?\n---\n/, '')).join('\n'))
await fs.writeFile(path.join(oneDir, 'kaitei.yaml'), (await fs.readFile(path.join(dir, 'kaitei.yaml'), 'utf8')).replace(/sources:\n(?:  - .*\n)+/, 'sources:\n  - docs/policy.md\n'))
console.log('\nHTML edition, the same text as one file')
const [oneOurs, onePandoc] = measurePair(
  {label: 'kaitei build --format html', command: process.execPath, args: [cli, 'build', '-q', '--format', 'html'], options: {cwd: oneDir}},
  {label: 'pandoc -f gfm -t html', command: 'pandoc', args: ['-f', 'gfm', '-t', 'html', '-o', path.join(oneDir, 'pandoc.html'), 'docs/policy.md'], options: {cwd: oneDir}}
)
if (oneOurs && onePandoc) console.log('  ratio kaitei / pandoc: ' + (oneOurs / onePandoc).toFixed(2) + '  (target ≤ 1.50: ' + (oneOurs / onePandoc <= 1.5 ? 'met' : 'NOT met') + ')')
await fs.rm(oneDir, {recursive: true, force: true})

// A rebuild after a one-paragraph edit, with the persistent cache warm.
console.log('\nRebuild after a one-paragraph edit (persistent cache warm)')
const cacheDir = path.join(dir, '.cache')
const edited = path.join(dir, chapters[4].name)
const original = await fs.readFile(edited, 'utf8')
const paragraph = original.split('\n').find((line) => line.length > 40 && !line.startsWith('#') && !line.startsWith(':'))
time(process.execPath, [cli, 'build', '-q', '--format', 'html', '--cache', cacheDir], {cwd: dir})
let flip = 0
const rebuild = []
for (let i = 0; i < runs; i++) {
  // A different paragraph text each time: each run has a real change to render.
  await fs.writeFile(edited, original.replace(paragraph, paragraph + '（改定' + ++flip + '）'))
  rebuild.push(time(process.execPath, [cli, 'build', '-q', '--format', 'html', '--cache', cacheDir], {cwd: dir}).seconds)
}
await fs.writeFile(edited, original)
const rebuildMedian = median(rebuild)
console.log('  kaitei build --format html (warm)    ' + rebuildMedian.toFixed(3) + ' s  (median of ' + runs + ': ' + rebuild.map((d) => d.toFixed(2)).join(', ') + ')')
if (pandoc) console.log('  ratio to pandoc\'s full run: ' + (rebuildMedian / pandoc).toFixed(2) + '  (target ≤ 0.30: ' + (rebuildMedian / pandoc <= 0.3 ? 'met' : 'NOT met') + ')')
}

// The same policy with three audiences (public ⊂ staff ⊂ security): every
// file parsed once, rendered three times, every edition leak-checked.
if (want('editions')) {
const accessDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaitei-bench-access-'))
await writePolicy(accessDir, undefined, undefined, true)
console.log('\nThree editions with access control and the leak guard')
const three = measure('kaitei build (3 editions, HTML)', process.execPath, [cli, 'build', '-q', '--format', 'html'], {cwd: accessDir})
console.log('  per edition: ' + (three / 3).toFixed(3) + ' s; vs one edition: ' + (three / kaitei).toFixed(2) + '×  (target ≤ 1.30: ' + (three / kaitei <= 1.3 ? 'met' : 'NOT met') + ')')
await fs.rm(accessDir, {recursive: true, force: true})
}

await fs.rm(dir, {recursive: true, force: true})

// PDF edition of the 1 MB policy vs Chromium printing the same page bare:
// no 目次 page numbers (no measuring, no second pass), no running headers.
const {findBrowser, launchArguments} = await import('../dist/browser.js')
const executablePath = findBrowser()
if (!want('pdf')) {
  // not asked for
} else if (!executablePath) {
  console.log('\nPDF edition: no Chromium-family browser found (skipped)')
} else {
  const {build} = await import('../dist/index.js')
  const {loadPublication} = await import('../dist/publication.js')
  const {renderEdition} = await import('../dist/edition/render-edition.js')
  const {default: puppeteer} = await import('puppeteer-core')
  const pdfDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaitei-bench-pdf-'))
  await writePolicy(pdfDir)
  console.log('\nPDF edition (1 MB policy)')
  const pdfRuns = Math.min(runs, 3)
  const ours = []
  const bare = []
  let pages = 0
  let passes = 0
  // The same print page, bare: page rules (running headers, named pages) removed.
  const edition = await renderEdition(await loadPublication(path.join(pdfDir, 'kaitei.yaml')), {print: true})
  const bareDir = path.join(pdfDir, 'build-bare')
  await build({config: path.join(pdfDir, 'kaitei.yaml'), out: bareDir, formats: ['html'], formatsExplicit: true})
  const bareFile = path.join(bareDir, 'all', 'bare.html')
  await fs.writeFile(bareFile, edition.printHtml.replace(/<style>[\s\S]*?<\/style>/, '<style>@page { size: A4; margin: 22mm 18mm 20mm; }</style>'))
  // Cold (a fresh output folder each time: no remembered 目次 pages) and
  // bare, taken in turns so that both see the machine in the same state;
  // each in a freshly launched browser, timed from opening the page (as
  // kaitei's figure is: launching is not counted for either).
  for (let i = 0; i < pdfRuns; i++) {
    const result = await build({config: path.join(pdfDir, 'kaitei.yaml'), out: path.join(pdfDir, 'build-cold-' + i), formats: ['html', 'pdf'], formatsExplicit: true})
    ours.push(result.editions[0].pdf.seconds)
    pages = result.editions[0].pdf.pages
    passes = result.editions[0].pdf.passes
    const browser = await puppeteer.launch({executablePath, headless: true, args: launchArguments()})
    try {
      const start = performance.now()
      const page = await browser.newPage()
      await page.emulateMediaType('print')
      await page.goto('file://' + bareFile, {waitUntil: 'load'})
      await page.evaluate(() => document.fonts.ready.then(() => undefined))
      await page.pdf({printBackground: true, preferCSSPageSize: true, outline: true, tagged: true, timeout: 300_000})
      bare.push((performance.now() - start) / 1000)
      await page.close()
    } finally {
      await browser.close()
    }
  }
  // Warm: rebuilding unchanged text into the same folder (目次 pages remembered, one print).
  const warm = []
  for (let i = 0; i < pdfRuns; i++) {
    const result = await build({config: path.join(pdfDir, 'kaitei.yaml'), out: path.join(pdfDir, 'build-cold-0'), formats: ['html', 'pdf'], formatsExplicit: true})
    warm.push(result.editions[0].pdf.seconds)
  }
  const oursMedian = median(ours)
  const bareMedian = median(bare)
  console.log('  pages: ' + pages + ', 目次 passes: ' + passes)
  console.log('  kaitei print, cold (load, draft, print, check)    ' + oursMedian.toFixed(2) + ' s  (median of ' + pdfRuns + ': ' + ours.map((d) => d.toFixed(2)).join(', ') + ')')
  console.log('  kaitei print, rebuild of unchanged text          ' + median(warm).toFixed(2) + ' s  (median of ' + pdfRuns + ': ' + warm.map((d) => d.toFixed(2)).join(', ') + ')')
  console.log('  Chromium printing the same page bare               ' + bareMedian.toFixed(2) + ' s  (median of ' + pdfRuns + ': ' + bare.map((d) => d.toFixed(2)).join(', ') + ')')
  const ratio = oursMedian / bareMedian
  console.log('  ratio, cold: ' + ratio.toFixed(2) + '  (target ≤ 1.50: ' + (ratio <= 1.5 ? 'met' : 'NOT met') + ');  rebuild: ' + (median(warm) / bareMedian).toFixed(2))
  await fs.rm(pdfDir, {recursive: true, force: true})
}

// History: 50 amendments × 20 files in a real git repository.
if (want('history')) {
  const {execFileSync} = await import('node:child_process')
  const {historyReport} = await import('../dist/history-report.js')
  const repo = await fs.mkdtemp(path.join(os.tmpdir(), 'kaitei-bench-history-'))
  const env = {...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@example.jp', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@example.jp'}
  const gitRun = (...args) => execFileSync('git', args, {cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe']})
  gitRun('init', '-q', '-b', 'main')
  await fs.mkdir(path.join(repo, 'docs'))
  const chapters = (await import('./generate-policy.js')).generatePolicy(20 * 6000, 5).slice(0, 20)
  const files = []
  for (let i = 0; i < 20; i++) {
    const name = 'docs/' + String(i + 1).padStart(2, '0') + '.md'
    files.push(name)
    const text = chapters[i % chapters.length].text.slice(0, 6000).replace(/第\d+章/g, '第' + (i + 1) + '章')
    await fs.writeFile(path.join(repo, name), text.slice(0, text.lastIndexOf('\n\n')) + '\n')
  }
  const entries = []
  for (let n = 0; n < 50; n++) {
    const year = 1990 + n
    entries.push('  - {date: ' + year + '-04-01, type: ' + (n === 0 ? '策定' : '改定') + '}')
    const file = path.join(repo, files[n % 20])
    await fs.appendFile(file, '\n改定' + year + '年の追記。\n')
    await fs.writeFile(path.join(repo, 'kaitei.yaml'), 'id: h\ntitle: 履歴\nowner: 課\nsources:\n' + files.map((d) => '  - ' + d).join('\n') + '\nhistory:\n' + entries.join('\n') + '\n')
    gitRun('add', '-A')
    gitRun('commit', '-q', '-m', 'amendment ' + year)
  }
  console.log('\nHistory: 50 amendments × 20 files in git')
  const time = async (label, run) => {
    const times = []
    for (let i = 0; i < 3; i++) {
      const start = performance.now()
      await run()
      times.push((performance.now() - start) / 1000)
    }
    console.log('  ' + label.padEnd(44) + median(times).toFixed(3) + ' s  (median of 3: ' + times.map((d) => d.toFixed(3)).join(', ') + ')')
  }
  await time('read the history (amendments → commits)', () => historyReport({config: path.join(repo, 'kaitei.yaml'), changes: false}))
  await time('…and count every section change', () => historyReport({config: path.join(repo, 'kaitei.yaml')}))
  await fs.rm(repo, {recursive: true, force: true})
}

// Diff: two versions of the 1 MB policy differing in 50 places.
if (want('diff')) {
  const {execFileSync, spawnSync: spawn} = await import('node:child_process')
  const {random} = await import('./generate-policy.js')
  const repo = await fs.mkdtemp(path.join(os.tmpdir(), 'kaitei-bench-diff-'))
  const env = {...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@example.jp', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@example.jp'}
  const gitRun = (...args) => execFileSync('git', args, {cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe']})
  const chapters = await writePolicy(repo)
  gitRun('init', '-q', '-b', 'main')
  gitRun('add', '-A')
  gitRun('commit', '-q', '-m', 'v1')
  await fs.cp(path.join(repo, 'docs'), path.join(repo, '.old-docs'), {recursive: true})
  // 50 edits: a word replaced by another of a different length, in body paragraphs.
  const next = random(99)
  const replacements = [['適切に', '速やかに'], ['定期的に', '毎年度'], ['情報資産', '情報'], ['端末', '業務用端末'], ['記録し', '記録して'], ['確認する', '点検する']]
  let trueChars = 0
  const texts = chapters.map((d) => d.text)
  for (let n = 0; n < 50; n++) {
    const file = Math.floor(next() * texts.length)
    const [from, to] = replacements[Math.floor(next() * replacements.length)]
    const occurrences = [...texts[file].matchAll(new RegExp(from, 'g'))].map((d) => d.index)
    const at = occurrences[Math.floor(next() * occurrences.length)]
    texts[file] = texts[file].slice(0, at) + to + texts[file].slice(at + from.length)
    // The true edit: the characters that differ (common prefix and suffix kept).
    let prefix = 0
    while (prefix < from.length && prefix < to.length && from[prefix] === to[prefix]) prefix++
    let suffix = 0
    while (suffix < from.length - prefix && suffix < to.length - prefix && from[from.length - 1 - suffix] === to[to.length - 1 - suffix]) suffix++
    trueChars += from.length - prefix - suffix + (to.length - prefix - suffix)
  }
  for (const [i, chapter] of chapters.entries()) await fs.writeFile(path.join(repo, chapter.name), texts[i])
  gitRun('commit', '-q', '-am', 'v2')
  console.log('\nDiff: 1 MB policy, 50 edits (' + trueChars + ' characters truly changed)')
  const [kaiteiDiff, gitDiff] = measurePair(
    {label: 'kaitei diff HEAD~1 HEAD --format json', command: process.execPath, args: [cli, 'diff', 'HEAD~1', 'HEAD', '--format', 'json', '--out', path.join(repo, '.diff.json'), '--no-cache'], options: {cwd: repo}},
    {label: 'git diff --no-index --word-diff', command: 'git', args: ['-c', 'core.quotepath=off', 'diff', '--no-index', '--word-diff', '--no-color', '.old-docs', 'docs'], options: {cwd: repo, maxBuffer: 1e9}}
  )
  // Node itself, for scale: the floor under any command written for it.
  measure('node -e 0 (Node.js startup)', process.execPath, ['-e', '0'])
  const diffCache = path.join(repo, '.cache')
  time(process.execPath, [cli, 'diff', 'HEAD~1', 'HEAD', '--format', 'json', '--out', path.join(repo, '.diff-warm.json'), '--cache', diffCache], {cwd: repo})
  measure('…with the persistent cache warm', process.execPath, [cli, 'diff', 'HEAD~1', 'HEAD', '--format', 'json', '--out', path.join(repo, '.diff-warm.json'), '--cache', diffCache], {cwd: repo})
  // One word changed in the working tree.
  console.log('\nDiff: 1 MB policy, one word changed in the working tree')
  const wordFile = path.join(repo, chapters[6].name)
  const wordText = await fs.readFile(wordFile, 'utf8')
  await fs.writeFile(wordFile, wordText.replace('適切に', '速やかに'))
  measure('kaitei diff HEAD worktree (no cache)', process.execPath, [cli, 'diff', 'HEAD', 'worktree', '--format', 'json', '--out', path.join(repo, '.word.json'), '--no-cache'], {cwd: repo})
  measure('…with the persistent cache warm', process.execPath, [cli, 'diff', 'HEAD', 'worktree', '--format', 'json', '--out', path.join(repo, '.word.json'), '--cache', diffCache], {cwd: repo})
  await fs.writeFile(wordFile, wordText)
  // exit code 1 means "differences found" for git diff: measure() throws on non-zero, so time it by hand if needed.
  const model = JSON.parse(await fs.readFile(path.join(repo, '.diff.json'), 'utf8'))
  const ours = model.changes.summary.characters.added + model.changes.summary.characters.removed
  const wordDiff = spawn('git', ['diff', '--no-index', '--word-diff', '--no-color', '.old-docs', 'docs'], {cwd: repo, encoding: 'utf8', maxBuffer: 1e9}).stdout
  let theirs = 0
  for (const match of wordDiff.matchAll(/\[-([\s\S]*?)-\]|\{\+([\s\S]*?)\+\}/g)) theirs += [...(match[1] ?? match[2])].length
  if (kaiteiDiff && gitDiff) console.log('  ratio kaitei / git: ' + (kaiteiDiff / gitDiff).toFixed(2) + '  (target ≤ 2.00: ' + (kaiteiDiff / gitDiff <= 2 ? 'met' : 'NOT met') + ')')
  console.log('  characters marked as changed: kaitei ' + ours + ', git word-diff ' + theirs + ', true edits ' + trueChars)
  await fs.rm(repo, {recursive: true, force: true})
}

// The sample, as `npm start` builds it (every version, HTML and PDF where there is a browser):
// without the persistent cache (as before it existed) and with it warm.
if (want('sample')) {
  console.log('\nThe sample: build --all-versions (what `npm start` runs after compiling)')
  const out = await fs.mkdtemp(path.join(os.tmpdir(), 'kaitei-bench-sample-'))
  const sampleCache = path.join(out, '.cache')
  const formats = findBrowser() ? 'html,pdf' : 'html'
  measure('without the persistent cache', process.execPath, [cli, 'build', '-q', '--all-versions', '--format', formats, '--out', path.join(out, 'build'), '--no-cache'], {cwd: root})
  time(process.execPath, [cli, 'build', '-q', '--all-versions', '--format', formats, '--out', path.join(out, 'build'), '--cache', sampleCache], {cwd: root})
  measure('with the persistent cache warm', process.execPath, [cli, 'build', '-q', '--all-versions', '--format', formats, '--out', path.join(out, 'build'), '--cache', sampleCache], {cwd: root})
  await fs.rm(out, {recursive: true, force: true})
}

// kaitei serve on loopback: an edition page (the sample's staff edition) to
// autocannon at 50 and 200 connections, with sign-in and the audit trail on,
// and the same server with both off. The server runs in a process of its own.
if (want('serve')) {
  console.log('\nkaitei serve: the sample\'s staff edition page on loopback (autocannon, 10 s each)')
  const {default: autocannon} = await import('autocannon')
  const out = await fs.mkdtemp(path.join(os.tmpdir(), 'kaitei-bench-serve-'))
  const build = path.join(out, 'build')
  time(process.execPath, [cli, 'build', '-q', '--all-versions', '--format', 'html', '--out', build, '--no-cache'], {cwd: root})
  const data = path.join(out, 'data')
  const users = spawnSync(process.execPath, [cli, 'user', 'add', 'bench', '--audience', 'staff', '--data', data], {cwd: root, input: 'bench-password\n', encoding: 'utf8'})
  if (users.status !== 0) throw new Error(users.stderr)
  const start = (mode) =>
    new Promise((resolve, reject) => {
      const child = spawnChild(process.execPath, [path.join(root, 'bench', 'serve-child.js'), path.join(root, 'kaitei.yaml'), build, data, mode], {stdio: ['ignore', 'pipe', 'inherit']})
      child.stdout.once('data', (chunk) => resolve({child, url: String(chunk).trim()}))
      child.once('error', reject)
    })
  const stop = (child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')))
  const signIn = async (url) => {
    const form = await fetch(url + '/-/signin')
    const csrfCookie = form.headers.getSetCookie().map((d) => d.split(';')[0]).join('; ')
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())[1]
    const response = await fetch(url + '/-/signin', {method: 'POST', redirect: 'manual', headers: {cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded'}, body: new URLSearchParams({_csrf: token, name: 'bench', password: 'bench-password', next: '/'})})
    // What a browser sends back: the session and the CSRF secret.
    return [csrfCookie, ...response.headers.getSetCookie().map((d) => d.split(';')[0]).filter((d) => d.startsWith('kaitei_session='))].join('; ')
  }
  const page = '/staff/index.html'
  const results = {}
  for (const mode of ['unguarded', 'guarded']) {
    const {child, url} = await start(mode)
    const cookie = mode === 'guarded' ? await signIn(url) : undefined
    for (const connections of [50, 200]) {
      // A short warm-up, then the measured run.
      await autocannon({url: url + page, connections, duration: 2, headers: cookie ? {cookie} : {}})
      const result = await autocannon({url: url + page, connections, duration: 10, headers: cookie ? {cookie} : {}})
      const errors = result.errors + result.timeouts + result.non2xx
      results[mode + connections] = result
      console.log('  ' + (mode === 'guarded' ? 'sign-in + audit' : 'neither (same server)').padEnd(24) + String(connections).padStart(4) + ' connections: ' +
        Math.round(result.requests.average).toLocaleString('en').padStart(6) + ' req/s, p99 ' + String(result.latency.p99).padStart(4) + ' ms, ' + errors + ' errors, ' + (result.throughput.average / 1e6).toFixed(0) + ' MB/s')
    }
    // wrk (C, Debian's package) where installed: a client that does not run out of CPU before the server.
    const hasWrk = spawnSync('wrk', ['--version'], {encoding: 'utf8'}).error === undefined
    if (hasWrk) {
      for (const connections of [50, 200]) {
        spawnSync('wrk', ['-t1', '-c' + connections, '-d2s', ...(cookie ? ['-H', 'Cookie: ' + cookie] : []), url + page], {encoding: 'utf8'})
        const output = spawnSync('wrk', ['-t1', '-c' + connections, '-d10s', '--latency', ...(cookie ? ['-H', 'Cookie: ' + cookie] : []), url + page], {encoding: 'utf8'}).stdout
        const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1])
        const p99 = /^\s+99%\s+([\d.]+)(us|ms|s)/m.exec(output)
        const p99ms = p99 ? Number(p99[1]) * (p99[2] === 'us' ? 0.001 : p99[2] === 's' ? 1000 : 1) : NaN
        const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0) + Number(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)?.slice(1).reduce((a, b) => a + Number(b), 0) ?? 0)
        results['wrk-' + mode + connections] = {rate, p99ms}
        console.log('  wrk: ' + (mode === 'guarded' ? 'sign-in + audit' : 'neither (same server)').padEnd(24) + String(connections).padStart(4) + ' connections: ' +
          Math.round(rate).toLocaleString('en').padStart(6) + ' req/s, p99 ' + p99ms.toFixed(0).padStart(4) + ' ms, ' + errors + ' errors')
      }
    }
    await stop(child)
  }
  if (results['wrk-guarded50']) {
    for (const connections of [50, 200]) {
      const cost = 1 - results['wrk-guarded' + connections].rate / results['wrk-unguarded' + connections].rate
      console.log('  wrk: cost of sign-in + audit at ' + connections + ' connections: ' + (cost * 100).toFixed(1) + '% of throughput')
    }
  }
  for (const connections of [50, 200]) {
    const on = results['guarded' + connections].requests.average
    const off = results['unguarded' + connections].requests.average
    const cost = 1 - on / off
    console.log('  cost of sign-in + audit at ' + connections + ' connections: ' + (cost * 100).toFixed(1) + '% of throughput  (target ≤ 25%: ' + (cost <= 0.25 ? 'met' : 'NOT met') + ')')
  }
  const p99 = results.guarded200.latency.p99
  console.log('  p99 at 200 connections with sign-in + audit: ' + p99 + ' ms  (target ≤ 50 ms: ' + (p99 <= 50 ? 'met' : 'NOT met') + ')')
  await fs.rm(out, {recursive: true, force: true})
}

// kaitei preview: from writing a one-paragraph edit of the 1 MB policy to the
// open page (Chromium) showing it — the watcher, the render, the event, the
// patch and the frame that paints it — against a bare reload of the same page.
// The policy is in git, as a writer's is: after each save the preview also
// compares it with the version in force and lints it (after the page is shown).
// The preview runs in a process of its own, as it does for a writer: the
// browser's driver here must not wait on its event loop. The first render is
// not counted.
if (want('preview')) {
  const {findBrowser: browserPath, launchArguments: browserArguments} = await import('../dist/browser.js')
  const chromium = browserPath()
  if (!chromium) console.log('\nkaitei preview: no Chromium (skipped)')
  else {
    console.log('\nkaitei preview: a one-paragraph edit of the 1 MB policy (in git), from the write to the updated page')
    const {default: puppeteer} = await import('puppeteer-core')
    const previewDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaitei-bench-preview-'))
    const previewChapters = await writePolicy(previewDir)
    for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-q', '-m', 'policy']]) {
      const result = spawnSync('git', args, {cwd: previewDir, encoding: 'utf8'})
      if (result.status !== 0) throw new Error('git ' + args.join(' ') + ': ' + result.stderr)
    }
    const child = spawnChild(process.execPath, [path.join(root, 'bench', 'preview-child.js'), path.join(previewDir, 'kaitei.yaml')], {stdio: ['ignore', 'pipe', 'inherit']})
    const url = await new Promise((resolve, reject) => {
      child.stdout.once('data', (chunk) => resolve(String(chunk).trim()))
      child.once('error', reject)
    })
    const browser = await puppeteer.launch({executablePath: chromium, args: browserArguments()})
    const page = await browser.newPage()
    await page.goto(url + '/')
    const file = path.join(previewDir, previewChapters[4].name)
    const text = await fs.readFile(file, 'utf8')
    const line = text.split('\n').find((d) => d.length > 40 && !d.startsWith('#') && !d.startsWith(':'))
    const times = []
    const reloads = []
    for (let i = 0; i < Math.max(runs, 5); i++) {
      const marker = '編集' + i + '回目'
      // The page notes when its DOM holds the edit, at the frame that paints it (one clock: the machine's).
      await page.evaluate((m) => {
        window.kaiteiBenchSeen = new Promise((resolve) => {
          const observer = new MutationObserver(() => {
            if (!document.body.textContent.includes(m)) return
            observer.disconnect()
            requestAnimationFrame(() => resolve(Date.now()))
          })
          observer.observe(document.body, {childList: true, subtree: true, characterData: true})
        })
      }, marker)
      const start = Date.now()
      await fs.writeFile(file, text.replace(line, line + marker))
      const seen = await page.evaluate(() => window.kaiteiBenchSeen)
      times.push((seen - start) / 1000)
      // Let the draft and lint that follow the page finish before the next edit.
      await new Promise((resolve) => setTimeout(resolve, 1500))
      const reload = performance.now()
      await page.reload({waitUntil: 'load'})
      reloads.push((performance.now() - reload) / 1000)
    }
    await fs.writeFile(file, text)
    await browser.close()
    await new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')))
    await fs.rm(previewDir, {recursive: true, force: true})
    const value = median(times)
    console.log('  write → updated page                  ' + value.toFixed(3) + ' s  (median of ' + times.length + ': ' + times.map((d) => d.toFixed(2)).join(', ') + ')  (target ≤ 0.300 s: ' + (value <= 0.3 ? 'met' : 'NOT met') + ')')
    console.log('  the same page reloaded bare            ' + median(reloads).toFixed(3) + ' s  (median of ' + reloads.length + ')')
  }
}
