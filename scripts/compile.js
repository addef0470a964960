// `npm run compile`, only when needed: dist/ is rebuilt when a file it is
// built from changed (src/, the TypeScript config, package.json, the lock
// file) since the last compile, or when dist/ is missing or incomplete.
// `npm run compile -- --force` always rebuilds. The stamp holds a hash of
// the inputs' paths, sizes and modification times, and of their text where
// those agree but a checkout may have changed it.
import {spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const stampFile = path.join(root, 'dist', '.compiled')
const inputs = ['src', 'tsconfig.json', 'package.json', 'package-lock.json']

function files(entry) {
  const full = path.join(root, entry)
  const stat = fs.statSync(full, {throwIfNoEntry: false})
  if (!stat) return []
  if (!stat.isDirectory()) return [entry]
  return fs.readdirSync(full).sort().flatMap((name) => files(path.join(entry, name)))
}

function stamp() {
  const hash = createHash('sha256')
  // The text of every input: a checkout that keeps sizes and times still changes the stamp.
  for (const file of inputs.flatMap(files)) hash.update(file + '\0').update(fs.readFileSync(path.join(root, file))).update('\0')
  return hash.digest('hex')
}

const wanted = stamp()
const outputs = ['dist/index.js', 'dist/bin/cli.js', 'dist/bin/render-worker.js']
const fresh =
  !process.argv.includes('--force') &&
  outputs.every((d) => fs.existsSync(path.join(root, d))) &&
  fs.existsSync(stampFile) &&
  fs.readFileSync(stampFile, 'utf8').trim() === wanted
if (!fresh) {
  const result = spawnSync('npm', ['run', '--silent', 'compile:all'], {cwd: root, stdio: 'inherit', shell: process.platform === 'win32'})
  if (result.status !== 0) process.exit(result.status ?? 1)
  fs.writeFileSync(stampFile, wanted + '\n')
}
