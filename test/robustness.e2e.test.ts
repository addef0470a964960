/**
 * Bad situations get a clear message and lose nothing: sources outside the
 * publication, output folders kaitei did not make, builds killed or run
 * twice at once, a full disk, a browser that will not start, a damaged git
 * repository, dates that never existed, renamed audiences, and PDFs that
 * print the same every time.
 */
import {spawn} from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {findBrowser} from '../src/browser.js'
import {createStaging, removeStale} from '../src/output/output-folder.js'
import {cliPath, copyFixture, fixtures, listFiles, runCli, runProgram, runSync, tempDir} from './helpers.js'

const canPrint = Boolean(findBrowser()) || Boolean(process.env.CI)
/** A stack trace, which no message of kaitei's may show. */
const stackTrace = /\n\s+at .+\(.*:\d+:\d+\)/

async function git(cwd: string, ...args: string[]) {
  const result = await runProgram('git', args, {
    cwd,
    encoding: 'utf8',
    env: {...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.jp', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.jp', GIT_AUTHOR_DATE: '2026-01-01T00:00:00+09:00', GIT_COMMITTER_DATE: '2026-01-01T00:00:00+09:00'}
  })
  if (result.status !== 0) throw new Error('git ' + args.join(' ') + ': ' + result.stderr)
  return result.stdout.trim()
}

async function withSources(sources: string) {
  const dir = await copyFixture(path.join(fixtures, 'valid'))
  const config = path.join(dir, 'kaitei.yaml')
  await fs.writeFile(config, (await fs.readFile(config, 'utf8')).replace(/sources:\n(?:\s+- .*\n)+/, 'sources:\n  - docs/a.md\n' + sources))
  return dir
}

describe('sources outside the publication', () => {
  it.each([
    ['a path with ..', async () => '  - ../outside.md\n'],
    ['an absolute path', async () => '  - ' + path.join(os.tmpdir(), 'outside.md') + '\n'],
    ['a symlink that leaves the folder', async () => '  - docs/link.md\n']
  ])('refuses %s, with the same message', async (_, entry) => {
    const dir = await withSources(await entry())
    await fs.writeFile(path.join(dir, '..', 'outside.md'), '---\ntitle: 外\n---\n\n# 外部の秘密\n')
    await fs.writeFile(path.join(os.tmpdir(), 'outside.md'), '---\ntitle: 外\n---\n\n# 外部の秘密\n')
    await fs.symlink(path.join(os.tmpdir(), 'outside.md'), path.join(dir, 'docs', 'link.md'))
    const run = await runCli(['build', '--format', 'html'], dir)
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/kaitei\.yaml:\d+:\d+: Unexpected source `[^`]+` outside the publication folder.*expected a path inside `.*` \(relative, without `\.\.`\)  \[source-outside\]/)
    expect(run.stderr).not.toMatch(stackTrace)
  })

  it('refuses a FIFO listed as a source at once, as it refuses a folder (reading it would block for good)', async () => {
    const dir = await withSources('  - docs/pipe.md\n')
    expect(runSync('mkfifo', [path.join(dir, 'docs', 'pipe.md')]).status).toBe(0)
    for (const command of [['check'], ['build', '--format', 'html']]) {
      const run = await runProgram(process.execPath, [cliPath, ...command], {cwd: dir, encoding: 'utf8', timeout: 20_000, env: {...process.env, NO_COLOR: '1'}})
      expect(run.signal, command[0] + ' blocked').toBeNull()
      expect(run.status).toBe(1)
      expect(run.stderr).toMatch(/kaitei\.yaml:\d+:\d+: Unexpected FIFO \(named pipe\) `docs\/pipe\.md` in `sources`, expected a Markdown file \(a regular file\)  \[source-missing\]/)
    }
  })

  it('refuses a folder listed as a source, without a stack trace', async () => {
    const dir = await withSources('  - docs\n')
    const run = await runCli(['build', '--format', 'html'], dir)
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Unexpected folder `docs` in `sources`, expected a Markdown file (list each file of the folder)  [source-missing]')
    expect(run.stderr).not.toMatch(stackTrace)
  })
})

describe('output folders', () => {
  it.each([
    ['an empty marker', async (out: string) => fs.writeFile(path.join(out, 'kaitei-build.json'), '{}'), 'its kaitei-build.json is not one kaitei wrote'],
    [
      'a marker beside files kaitei did not write',
      async (out: string) => {
        await fs.writeFile(path.join(out, 'kaitei-build.json'), JSON.stringify({generator: 'kaitei', publication: 'valid', editions: [{audience: 'all', label: 'x', path: 'all/index.html'}]}))
        await fs.writeFile(path.join(out, 'thesis.docx'), 'years of work')
      },
      'it holds `thesis.docx`, which is not an edition kaitei wrote there'
    ],
    [
      'an edition folder without kaitei\'s manifest',
      async (out: string) => {
        await fs.writeFile(path.join(out, 'kaitei-build.json'), JSON.stringify({generator: 'kaitei', publication: 'valid', editions: [{audience: 'all', label: 'x', path: 'all/index.html'}]}))
        await fs.mkdir(path.join(out, 'all'))
        await fs.writeFile(path.join(out, 'all', 'notes.txt'), 'mine')
      },
      'its folder `all` has no edition manifest kaitei wrote'
    ]
  ])('are replaced only when kaitei made them: refuses %s', async (_, prepare, why) => {
    const dir = await copyFixture(path.join(fixtures, 'valid'))
    const out = path.join(dir, 'precious')
    await fs.mkdir(out)
    await prepare(out)
    const before = await listFiles(out)
    const run = await runCli(['build', '--format', 'html', '--out', 'precious'], dir)
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Refusing to replace `' + out + '`: ' + why)
    expect(await listFiles(out)).toEqual(before)
  })

  it('refuses --out naming a file, and leaves the file as it was', async () => {
    const dir = await copyFixture(path.join(fixtures, 'valid'))
    const config = await fs.readFile(path.join(dir, 'kaitei.yaml'), 'utf8')
    const run = await runCli(['build', '--format', 'html', '--out', 'kaitei.yaml'], dir)
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Refusing to write into `' + path.join(dir, 'kaitei.yaml') + '`: it is a file, expected a folder for the build')
    expect(run.stderr).not.toMatch(stackTrace)
    expect(await fs.readFile(path.join(dir, 'kaitei.yaml'), 'utf8')).toBe(config)
  })

  it('a build removes what a killed build left (staging with every edition, a lock), and puts back a build a killed swap set aside', async () => {
    const dir = await copyFixture(path.join(fixtures, 'access'))
    expect((await runCli(['build', '-q', '--format', 'html'], dir)).status).toBe(0)
    const out = path.join(dir, 'build')
    // What `kill -9` during a build leaves: a staging folder and a lock, owned by a dead process.
    const dead = (await runProgram(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'})).stdout
    const owner = JSON.stringify({pid: Number(dead), host: os.hostname(), started: '2026-01-01T00:00:00Z'})
    await fs.cp(out, out + '.staging-0badbeef', {recursive: true})
    await fs.writeFile(path.join(out + '.staging-0badbeef', '.kaitei-owner.json'), owner)
    await fs.writeFile(out + '.lock', owner)
    const run = await runCli(['build', '--format', 'html'], dir)
    expect(run.status).toBe(0)
    expect(run.stderr).toContain('removed build.staging-0badbeef, left by a build that did not finish')
    expect((await fs.readdir(dir)).filter((d) => d.startsWith('build.'))).toEqual([])

    // A swap killed between its renames: the previous build is aside, none in place.
    await fs.rename(out, out + '.old-0badbeef')
    await fs.writeFile(path.join(out + '.old-0badbeef', '.kaitei-owner.json'), owner)
    expect(await removeStale(out)).toEqual(['build.old-0badbeef (put back as build)'])
    expect(await fs.readdir(out)).toContain('kaitei-build.json')
  })

  it('staging folders are no more open than the output folder', async () => {
    const dir = await tempDir()
    const out = path.join(dir, 'build')
    await fs.mkdir(out, {mode: 0o700})
    await fs.chmod(out, 0o700)
    const staging = await createStaging(out)
    expect((await fs.stat(staging)).mode & 0o777).toBe(0o700)
  })

  it('two builds into one folder at once: the second waits, both succeed, the output is whole', async () => {
    const dir = await copyFixture(path.join(fixtures, 'access'))
    const start = () =>
      new Promise<{status: number | null; stderr: string}>((resolve) => {
        const child = spawn(process.execPath, [cliPath, 'build', '--format', 'html'], {cwd: dir, env: {...process.env, NO_COLOR: '1'}})
        let stderr = ''
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
        child.on('close', (status) => resolve({status, stderr}))
      })
    const [a, b] = await Promise.all([start(), start()])
    expect([a.status, b.status]).toEqual([0, 0])
    expect((await fs.readdir(path.join(dir, 'build'))).sort()).toEqual(['kaitei-build.json', 'public', 'security', 'staff'])
    expect((await fs.readdir(dir)).filter((d) => d.startsWith('build.'))).toEqual([])
  })
})

describe.runIf(canPrint)('the browser', () => {
  it('dies with kaitei: a build killed with kill -9 mid-print leaves no Chromium running', async () => {
    const dir = await copyFixture(path.join(fixtures, 'access'))
    const child = spawn(process.execPath, [cliPath, 'build', '--format', 'pdf'], {cwd: dir, env: {...process.env, NO_COLOR: '1'}})
    let stderr = ''
    const pid = await new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
        const started = /started \S+ \(pid (\d+)\)/.exec(stderr)
        if (started && stderr.includes('printing ')) resolve(Number(started[1]))
      })
      child.on('close', () => reject(new Error('the build ended before printing: ' + stderr)))
    })
    child.kill('SIGKILL')
    const alive = () => {
      try {
        process.kill(pid, 0)
        return true
      } catch {
        return false
      }
    }
    for (let waited = 0; waited < 10_000 && alive(); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100))
    expect(alive(), 'Chromium ' + pid + ' still runs').toBe(false)
  })

  it('that is missing ends the build with its message at once, history session and all (no handle keeps kaitei alive)', async () => {
    const dir = await copyFixture(path.join(fixtures, 'valid'))
    await git(dir, 'init', '-q', '-b', 'main')
    await git(dir, 'add', '-A')
    await git(dir, 'commit', '-q', '-m', 'v1')
    const started = Date.now()
    const run = await runProgram(process.execPath, [cliPath, 'build', '--format', 'pdf'], {cwd: dir, encoding: 'utf8', timeout: 20_000, env: {...process.env, PUPPETEER_EXECUTABLE_PATH: '/nonexistent'}})
    expect(run.signal, 'killed: kaitei did not exit').toBeNull()
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('PUPPETEER_EXECUTABLE_PATH names `/nonexistent`, which does not exist')
    expect(Date.now() - started).toBeLessThan(15_000)
  })

  it('that never answers is stopped at the launch time limit, and nothing it started keeps running', async () => {
    const dir = await copyFixture(path.join(fixtures, 'valid'))
    // A "browser" whose child holds the pipe and never says a word.
    const fake = path.join(dir, 'fake-browser.sh')
    const pidFile = path.join(dir, 'child.pid')
    await fs.writeFile(fake, '#!/bin/sh\nsleep 600 &\necho $! > ' + pidFile + '\nwait\n', {mode: 0o755})
    const run = await runProgram(process.execPath, [cliPath, 'build', '--format', 'pdf'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 30_000,
      env: {...process.env, PUPPETEER_EXECUTABLE_PATH: fake, KAITEI_LAUNCH_TIMEOUT: '2000'}
    })
    expect(run.signal, 'killed: kaitei did not exit').toBeNull()
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Cannot start the browser `' + fake + '` to print PDFs (it did not answer within 2 s)')
    const child = Number(await fs.readFile(pidFile, 'utf8'))
    const alive = () => {
      try {
        process.kill(child, 0)
        return true
      } catch {
        return false
      }
    }
    for (let waited = 0; waited < 5000 && alive(); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100))
    expect(alive(), 'the fake browser\'s child ' + child + ' still runs').toBe(false)
  })

  it('that starts and exits at once gets a message, not a stack trace', async () => {
    const dir = await copyFixture(path.join(fixtures, 'valid'))
    const run = await runProgram(process.execPath, [cliPath, 'build', '--format', 'pdf'], {cwd: dir, encoding: 'utf8', env: {...process.env, PUPPETEER_EXECUTABLE_PATH: '/bin/true'}})
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/kaitei: Cannot start the browser `\/bin\/true` to print PDFs \(.+\); install Chrome.*, or build HTML only with --format html  \[E_BROWSER_FAILED\]/)
    expect(run.stderr).not.toMatch(stackTrace)
  })
})

/** Whether a small tmpfs can be mounted here (root on Linux): to fill a disk for real. */
const canMount = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false
  const probe = runSync('sh', ['-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && umount "$d" && rmdir "$d"'])
  return probe.status === 0
})()

describe('a full disk', () => {
  it.runIf(canMount)('is said in words (which file, what to do), and nothing is left half-written', async () => {
    const dir = await copyFixture(path.join(fixtures, 'valid'))
    const disk = await tempDir('kaitei-full-')
    expect(runSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', disk]).status).toBe(0)
    try {
      const run = await runCli(['build', '--format', 'html', '--out', path.join(disk, 'build')], dir)
      expect(run.status).toBe(1)
      expect(run.stderr).toMatch(/kaitei: Cannot (write|copy|make the folder) `.+`: no space left on the disk: free some space, or choose another --out \(ENOSPC\)  \[E_SYSTEM_ENOSPC\]/)
      expect(run.stderr).not.toMatch(stackTrace)
      expect(await fs.readdir(disk)).toEqual([])
    } finally {
      runSync('umount', [disk])
    }
  })
})

describe('a damaged git repository', () => {
  it('is an error naming the object, not "no history" nor an invalid configuration', async () => {
    const dir = await copyFixture(path.join(fixtures, 'valid'))
    await git(dir, 'init', '-q', '-b', 'main')
    await git(dir, 'add', '-A')
    await git(dir, 'commit', '-q', '-m', 'policy')
    const object = await git(dir, 'rev-parse', 'HEAD:kaitei.yaml')
    const file = path.join(dir, '.git', 'objects', object.slice(0, 2), object.slice(2))
    await fs.chmod(file, 0o644)
    await fs.writeFile(file, 'garbage')
    for (const args of [['history'], ['build', '--format', 'html']]) {
      const run = await runCli(args, dir)
      expect(run.status, args.join(' ')).toBe(1)
      expect(run.stderr).toMatch(/kaitei: Cannot read `[0-9a-f]+:kaitei\.yaml` from git: the object exists but cannot be read .*the repository is damaged \(`git fsck` tells which objects; a fresh clone may mend it\)  \[E_GIT_CORRUPT\]/)
    }
  })
})

describe('dates that never existed', () => {
  it('明治5年12月3日 in the history is an error at its place', async () => {
    const dir = await copyFixture(path.join(fixtures, 'valid'))
    const config = path.join(dir, 'kaitei.yaml')
    await fs.writeFile(config, (await fs.readFile(config, 'utf8')).replace('date: 2024-04-01', 'date: 明治5年12月3日'))
    const run = await runCli(['check'], dir)
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/kaitei\.yaml:\d+:\d+: Unexpected date `明治5年12月3日`: 明治5年12月3日 never existed: the day after 明治5年12月2日 was 明治6年1月1日/)
  })
})

describe('a renamed audience', () => {
  async function repository(renamedFrom: string) {
    const dir = await tempDir('kaitei-renamed-')
    await fs.mkdir(path.join(dir, 'docs'))
    const doc = (audience: string, text: string) => `---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n## 1 目的\n\n${text}\n\n:::access{audience=${audience}}\n庁内の連絡先は内線一番とする。\n:::\n`
    const config = (audiences: string, history: string) => 'id: r\ntitle: 試験\nowner: 試験課\nsources: [docs/a.md]\naudiences:\n' + audiences + 'history:\n' + history
    await fs.writeFile(path.join(dir, 'docs', 'a.md'), doc('internal', '第一版。'))
    await fs.writeFile(path.join(dir, 'kaitei.yaml'), config('  - {name: public, label: 公開}\n  - {name: internal, label: 庁内, includes: public}\n', '  - {date: 2024-04-01, type: 策定}\n'))
    await git(dir, 'init', '-q', '-b', 'main')
    await git(dir, 'add', '-A')
    await git(dir, 'commit', '-q', '-m', 'v1')
    const first = await git(dir, 'rev-parse', 'HEAD')
    await fs.writeFile(path.join(dir, 'docs', 'a.md'), doc('staff', '第二版。'))
    await fs.writeFile(
      path.join(dir, 'kaitei.yaml'),
      config('  - {name: public, label: 公開}\n  - {name: staff, label: 庁内, includes: public' + renamedFrom + '}\n', '  - {date: 2024-04-01, type: 策定}\n  - {date: 2025-04-01, type: 改定}\n')
    )
    await git(dir, 'add', '-A')
    await git(dir, 'commit', '-q', '-m', 'v2')
    return {dir, first}
  }

  it('without renamedFrom: an error naming the past version, its commit, and the way out', async () => {
    const {dir, first} = await repository('')
    const run = await runCli(['build', '--format', 'html', '--all-versions'], dir)
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(
      'Unexpected audience `internal`, expected one of public, staff; if the audience was renamed since, list its old name in `renamedFrom:` of the audience it became (in the version of 2024-04-01, commit ' + first.slice(0, 10) + ')  [access-audience]'
    )
  })

  it('with renamedFrom: past versions build, their markers meaning today\'s audience', async () => {
    const {dir} = await repository(', renamedFrom: internal')
    const run = await runCli(['build', '--format', 'html', '--all-versions'], dir)
    expect(run.stderr).toBe(run.status === 0 ? run.stderr : '')
    expect(run.status).toBe(0)
    expect(await fs.readFile(path.join(dir, 'build', 'staff', 'versions', '2024-04-01', 'index.html'), 'utf8')).toContain('内線一番')
    expect(await fs.readFile(path.join(dir, 'build', 'public', 'versions', '2024-04-01', 'index.html'), 'utf8')).not.toContain('内線一番')
  })
})

describe.runIf(canPrint)('every PDF is reproducible', () => {
  it('the 新旧対照表 of --all-versions and of kaitei diff: the same bytes twice, dated by the amendment', async () => {
    const dir = await tempDir('kaitei-shinkyu-')
    await fs.mkdir(path.join(dir, 'docs'))
    const write = async (text: string, history: string) => {
      await fs.writeFile(path.join(dir, 'docs', 'a.md'), '---\ntitle: 第1章\n---\n\n# 第1章 総則\n\n## 1 目的\n\n' + text + '\n')
      await fs.writeFile(path.join(dir, 'kaitei.yaml'), 'id: s\ntitle: 試験\nowner: 試験課\nsources: [docs/a.md]\nhistory:\n' + history)
      await git(dir, 'add', '-A')
      await git(dir, 'commit', '-q', '-m', 'v')
    }
    await git(dir, 'init', '-q', '-b', 'main')
    await write('二要素認証を用いる。', '  - {date: 2024-04-01, type: 策定}\n')
    await write('多要素認証を用いる。', '  - {date: 2024-04-01, type: 策定}\n  - {date: 2025-04-01, type: 改定}\n')
    const pdfs: Buffer[] = []
    for (const out of ['one', 'two']) {
      expect((await runCli(['build', '-q', '--all-versions', '--out', out], dir)).status).toBe(0)
      pdfs.push(await fs.readFile(path.join(dir, out, 'all', 'versions', '2025-04-01', 'shinkyu.pdf')))
      expect((await runCli(['diff', '2024-04-01', '2025-04-01', '--format', 'table', '--out', 'diff-' + out], dir)).status).toBe(0)
      pdfs.push(await fs.readFile(path.join(dir, 'diff-' + out, 'shinkyu.pdf')))
    }
    expect(pdfs[0]!.equals(pdfs[2]!)).toBe(true)
    expect(pdfs[1]!.equals(pdfs[3]!)).toBe(true)
    const info = runSync('pdfinfo', ['-isodates', path.join(dir, 'one', 'all', 'versions', '2025-04-01', 'shinkyu.pdf')], {encoding: 'utf8'}).stdout
    expect(info).toMatch(/CreationDate:\s+2025-04-01T00:00:00\+09/)
    expect(info).toMatch(/Title:\s+新旧対照表 — 試験/)
  })
})
