// After `npm install` / `npm ci` in kaitei's own checkout: link its own
// command into node_modules/.bin, so that `npx kaitei …` works here as it
// does in a policy repository that depends on kaitei (npm links the bins of
// dependencies only). Does nothing when kaitei is itself being installed as
// a dependency (from git), where npm links it the usual way.
import fs from 'node:fs'
import path from 'node:path'

const root = process.cwd()
if (process.env.INIT_CWD && path.resolve(process.env.INIT_CWD) !== root) process.exit(0)
if (!fs.existsSync(path.join(root, 'node_modules'))) process.exit(0)
const bin = path.join(root, 'node_modules', '.bin')
const link = path.join(bin, 'kaitei')
fs.mkdirSync(bin, {recursive: true})
fs.rmSync(link, {force: true})
fs.symlinkSync(path.relative(bin, path.join(root, 'dist', 'bin', 'cli.js')), link)
fs.chmodSync(path.join(root, 'dist', 'bin', 'cli.js'), 0o755)
