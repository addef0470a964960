// What kaitei writes, for comparing two versions of kaitei itself (a
// redesign must not change it): the sample with every version (HTML and
// PDF), the 1 MB benchmark policy, every fixture that builds, and the
// sample's diffs and history in every format.
//
//   node scripts/snapshot.js <kaitei cli.js> <out-dir>
//   node scripts/snapshot.js --compare <dir-a> <dir-b>
//
// The comparison reads HTML as trees where the bytes differ (the same
// elements, attributes and text, however serialised), PDFs by their text
// and page count where their bytes differ, everything else byte for byte.
import {execFileSync, spawnSync} from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {writePolicy} from '../bench/generate-policy.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

async function snapshot(cli, out) {
  await fs.rm(out, {recursive: true, force: true})
  await fs.mkdir(out, {recursive: true})
  const bench = await fs.mkdtemp(path.join(os.tmpdir(), 'kaitei-snapshot-'))
  // Paths that differ from run to run are written as names.
  const places = [
    [out, '<out>'],
    [bench, '<bench>'],
    [root, '<root>']
  ]
  const run = (name, args, cwd = root) => {
    const result = spawnSync(process.execPath, [cli, ...args], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1774396800'}})
    let text = 'exit ' + result.status + '\n' + result.stdout + result.stderr
    for (const [place, name] of places) text = text.split(place).join(name)
    return fs.writeFile(path.join(out, name + '.txt'), text)
  }
  await run('sample-build', ['build', '-q', '--all-versions', '--out', path.join(out, 'sample')])
  await run('sample-history', ['history', '--json'])
  for (const format of ['text', 'json', 'md']) await run('sample-diff-' + format, ['diff', '2022-02-17', '2026-03-25', '--format', format, '--audience', 'staff'])
  await run('sample-diff-html', ['diff', '2022-02-17', '2026-03-25', '--format', 'html', '--out', path.join(out, 'diff-html')])
  await run('sample-diff-table', ['diff', '2022-02-17', '2026-03-25', '--format', 'table', '--out', path.join(out, 'diff-table')])
  await writePolicy(bench, 1_000_000, 20260325, true)
  await run('bench-build', ['build', '-q', '--format', 'html', '--config', path.join(bench, 'kaitei.yaml'), '--out', path.join(out, 'bench')])
  const fixtures = path.join(root, 'test', 'fixtures')
  for (const name of (await fs.readdir(fixtures)).sort()) {
    const config = path.join(fixtures, name, 'kaitei.yaml')
    if (!(await fs.stat(config).catch(() => undefined))) continue
    await run('fixture-' + name, ['build', '-q', '--format', 'html', '--config', config, '--out', path.join(out, 'fixtures', name)])
  }
}

async function files(dir) {
  const out = []
  const walk = async (current) => {
    for (const entry of await fs.readdir(current, {withFileTypes: true})) {
      const full = path.join(current, entry.name)
      if (entry.isDirectory()) await walk(full)
      else out.push(path.relative(dir, full))
    }
  }
  await walk(dir)
  return out.sort()
}

async function compare(a, b) {
  const {fromHtml} = await import('hast-util-from-html')
  // Pages compare as trees: attributes in any order, and whitespace between
  // blocks (which renders as nothing) left out; whitespace inside text,
  // between inline elements and in <pre> counts.
  const blocks = new Set(['html', 'head', 'body', 'main', 'header', 'footer', 'nav', 'aside', 'section', 'article', 'div', 'ol', 'ul', 'table', 'thead', 'tbody', 'tr', 'details', 'form', 'svg', 'g'])
  const normalise = (node) => {
    if (node.type === 'element') {
      node.properties = Object.fromEntries(Object.entries(node.properties).sort(([x], [y]) => x.localeCompare(y)))
      if (blocks.has(node.tagName)) node.children = node.children.filter((d) => !(d.type === 'text' && /^\s*$/.test(d.value)))
    }
    if (node.type === 'root') node.children = node.children.filter((d) => !(d.type === 'text' && /^\s*$/.test(d.value)))
    for (const child of node.children ?? []) normalise(child)
    return node
  }
  const tree = (text) => JSON.stringify(normalise(fromHtml(text)), (key, value) => (key === 'position' ? undefined : value))
  const [left, right] = [await files(a), await files(b)]
  const problems = []
  for (const name of new Set([...left, ...right])) {
    if (!left.includes(name) || !right.includes(name)) {
      problems.push((left.includes(name) ? 'only in A: ' : 'only in B: ') + name)
      continue
    }
    const [x, y] = await Promise.all([fs.readFile(path.join(a, name)), fs.readFile(path.join(b, name))])
    if (x.equals(y)) continue
    if (name.endsWith('.html') && tree(x.toString('utf8')) === tree(y.toString('utf8'))) continue
    if (name.endsWith('.pdf')) {
      const text = (file) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], {encoding: 'utf8', maxBuffer: 1 << 28})
      if (text(path.join(a, name)) === text(path.join(b, name))) continue
    }
    problems.push('differs: ' + name)
  }
  return problems
}

if (process.argv[2] === '--compare') {
  const problems = await compare(process.argv[3], process.argv[4])
  for (const problem of problems) console.log(problem)
  console.log(problems.length === 0 ? 'the same' : problems.length + ' differences')
  process.exitCode = problems.length === 0 ? 0 : 1
} else {
  await snapshot(path.resolve(process.argv[2]), path.resolve(process.argv[3]))
}
