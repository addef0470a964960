/**
 * The server as a user runs it: `kaitei serve`, `kaitei user …`,
 * `kaitei audit [acks]` as commands; SIGTERM writes the whole audit trail;
 * a build swapped in under load; proxy sign-in, a closed site, TLS, bad
 * configuration. SQLite throughout (serve.e2e.test.ts runs PostgreSQL too).
 */
import {spawn, type ChildProcess} from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {startServer} from '../src/serve/server.js'
import {cliPath, runCli, runProgram} from './helpers.js'
import {Browser, buildHtml, commitAmendment, defaultServe, request, securityCanary, serveConfig, servePublication, writeTestUsers, type Amendment} from './serve-helpers.js'

const amendments: Amendment[] = [
  {date: '2026-01-10', type: '策定', words: '（初版）'},
  {date: '2026-04-01', type: '改定', words: '（第二版）'}
]

let project: string
beforeAll(async () => {
  project = await servePublication(amendments)
  await buildHtml(project)
})
afterAll(async () => {
  await fs.rm(project, {recursive: true, force: true})
})

/** `kaitei serve` as a child process; resolves with its URL once it listens. */
async function serveProcess(args: string[], cwd: string): Promise<{child: ChildProcess; url: string; exited: Promise<{code: number | null; stderr: string}>}> {
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--log-level', 'silent', ...args], {cwd, stdio: ['ignore', 'pipe', 'pipe']})
  let stderr = ''
  const exited = new Promise<{code: number | null; stderr: string}>((resolve) => child.on('close', (code) => resolve({code, stderr})))
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      const match = /serving on (\S+)/.exec(stderr)
      if (match) resolve(match[1]!)
    })
    child.on('close', () => reject(new Error('kaitei serve ended: ' + stderr)))
  })
  return {child, url, exited}
}

describe('kaitei user', () => {
  test('add, list, passwd and remove keep hashes only; a removed user is signed out', async () => {
    const data = await fs.mkdtemp(path.join(project, '.users-'))
    const added = await runProgram(process.execPath, [cliPath, 'user', 'add', 'yamada', '--audience', 'staff', '--data', data], {cwd: project, input: 'first-password\n'})
    expect(added.status, added.stderr).toBe(0)
    const file = await fs.readFile(path.join(data, 'users.yaml'), 'utf8')
    expect(file).toContain('name: yamada')
    expect(file).toMatch(/hash: scrypt\$131072\$8\$1\$/)
    expect(file).not.toContain('first-password')
    expect((await fs.stat(path.join(data, 'users.yaml'))).mode & 0o777).toBe(0o600)
    expect((await runCli(['user', 'list', '--data', data], project)).stdout).toContain('yamada\tstaff')
    // Refusals: a name twice, an unknown audience, a short password, an unknown user.
    const twice = await runProgram(process.execPath, [cliPath, 'user', 'add', 'yamada', '--audience', 'staff', '--data', data], {cwd: project, input: 'another-password\n'})
    expect(twice.stderr).toContain('[E_UNKNOWN_USER]')
    const audience = await runProgram(process.execPath, [cliPath, 'user', 'add', 'mori', '--audience', 'board', '--data', data], {cwd: project, input: 'another-password\n'})
    expect(audience.stderr).toContain('[E_UNKNOWN_AUDIENCE]')
    const short = await runProgram(process.execPath, [cliPath, 'user', 'add', 'mori', '--audience', 'staff', '--data', data], {cwd: project, input: 'short\n'})
    expect(short.stderr).toContain('at least 8 characters')
    expect((await runCli(['user', 'remove', 'nobody', '--data', data], project)).stderr).toContain('[E_UNKNOWN_USER]')

    const server = await startServer({config: path.join(project, 'kaitei.yaml'), port: 0, data, logLevel: 'silent'})
    try {
      const browser = new Browser(server.url)
      expect((await browser.signIn('yamada', 'first-password')).status).toBe(303)
      const changed = await runProgram(process.execPath, [cliPath, 'user', 'passwd', 'yamada', '--data', data], {cwd: project, input: 'second-password\n'})
      expect(changed.status, changed.stderr).toBe(0)
      // The password changed: the session ended; the old password no longer works.
      expect((await browser.get('/staff/')).status).toBe(404)
      expect((await new Browser(server.url).signIn('yamada', 'first-password')).status).toBe(401)
      const again = new Browser(server.url)
      expect((await again.signIn('yamada', 'second-password')).status).toBe(303)
      expect((await runCli(['user', 'remove', 'yamada', '--data', data], project)).status).toBe(0)
      await new Promise((resolve) => setTimeout(resolve, 1100))
      expect((await again.get('/staff/')).status).toBe(404)
    } finally {
      await server.close()
    }
  })
})

describe('kaitei serve and kaitei audit', () => {
  test('SIGTERM: requests in flight finish and every request is in the audit trail; audit filters', async () => {
    const data = await fs.mkdtemp(path.join(project, '.sigterm-'))
    await writeTestUsers(path.join(data, 'users.yaml'), [
      {name: 'tanaka', audience: 'staff', password: 'staff-password'},
      {name: 'sato', audience: 'security', password: 'security-password'}
    ])
    const {child, url, exited} = await serveProcess(['--data', data], project)
    try {
      const health = await request(url, '/-/health')
      expect(JSON.parse(health.body)).toEqual({status: 'ok'})
      const browser = new Browser(url)
      await browser.signIn('tanaka', 'staff-password')
      const page = await browser.get('/staff/')
      await browser.post('/-/ack', {_csrf: Browser.token(page.body), audience: 'staff', version: '2026-04-01'})
      const paths = Array.from({length: 40}, (_, i) => (i % 2 ? '/staff/index.html?n=' + i : '/public/assets/kaitei.css?n=' + i))
      const responses = await Promise.all(paths.map((d) => browser.get(d)))
      expect(responses.every((d) => d.status === 200)).toBe(true)
      await request(url, '/public/?anonymous=1')
      child.kill('SIGTERM')
      const {code} = await exited
      expect(code).toBe(0)
    } finally {
      child.kill('SIGKILL')
    }
    const audit = async (...args: string[]) => {
      const result = await runCli(args[0] === 'acks' ? ['audit', 'acks', '--data', data, ...args.slice(1)] : ['audit', '--data', data, ...args], project)
      expect(result.status, result.stderr).toBe(0)
      return result.stdout
    }
    const rows = JSON.parse(await audit('--format', 'json')) as Array<{kind: string; user: string; path: string; status: number; audience: string}>
    for (const target of ['/staff/index.html?n=1', '/staff/index.html?n=39', '/public/assets/kaitei.css?n=0', '/public/assets/kaitei.css?n=38']) {
      expect(rows.filter((d) => d.path === target).length, target).toBe(1)
    }
    expect(rows.filter((d) => d.kind === 'request' && /\?n=\d+$/.test(d.path)).length).toBe(40)
    expect(rows.some((d) => d.kind === 'acknowledgement' && d.user === 'tanaka')).toBe(true)
    // Filters: a user, a path glob, a date.
    const staffOnly = JSON.parse(await audit('--format', 'json', '--path', '/staff/**')) as typeof rows
    expect(staffOnly.length).toBeGreaterThanOrEqual(20)
    expect(staffOnly.every((d) => d.path.startsWith('/staff/'))).toBe(true)
    const anonymous = JSON.parse(await audit('--format', 'json', '--path', '/public/')) as typeof rows
    expect(anonymous.map((d) => d.user)).toEqual([''])
    expect(JSON.parse(await audit('--format', 'json', '--user', 'sato'))).toEqual([])
    expect(JSON.parse(await audit('--format', 'json', '--since', '2099-01-01'))).toEqual([])
    expect(JSON.parse(await audit('--format', 'json', '--since', '令和8年1月1日', '--user', 'tanaka')).length).toBeGreaterThan(20)
    const csv = await audit('--format', 'csv', '--user', 'tanaka', '--path', '/staff/index.html')
    expect(csv.split('\n')[0]).toBe('time,kind,user,audience,method,path,status,bytes,address,detail')
    const table = await audit('--user', 'tanaka', '--path', '/staff/**')
    expect(table).toMatch(/^time\s+kind\s+user/)
    expect((await runCli(['audit', '--data', data, '--since', 'yesterday'], project)).stderr).toContain('[E_BAD_AUDIT_QUERY]')

    // Acknowledgements: who has, who has not, against the users file or a roster.
    const acks = JSON.parse(await audit('acks', '--format', 'json')) as Array<{user: string; version: string; acknowledged: boolean}>
    expect(acks).toEqual([
      expect.objectContaining({user: 'tanaka', audience: 'staff', version: '2026-04-01', acknowledged: true}),
      expect.objectContaining({user: 'sato', audience: 'security', version: '2026-04-01', acknowledged: false})
    ])
    expect((JSON.parse(await audit('acks', '--pending', '--format', 'json')) as typeof acks).map((d) => d.user)).toEqual(['sato'])
    expect((JSON.parse(await audit('acks', '--version', '2026-01-10', '--format', 'json')) as typeof acks).every((d) => !d.acknowledged)).toBe(true)
    await fs.writeFile(path.join(data, 'roster.csv'), 'name,audience\ntanaka,staff\nkato,staff\n')
    const roster = JSON.parse(await audit('acks', '--roster', path.join(data, 'roster.csv'), '--pending', '--format', 'json')) as typeof acks
    expect(roster.map((d) => d.user)).toEqual(['kato'])
  })

  test('a build swapped in under load: every response whole, from the old build or the new', async () => {
    const data = await fs.mkdtemp(path.join(project, '.swap-'))
    await writeTestUsers(path.join(data, 'users.yaml'), [{name: 'tanaka', audience: 'staff', password: 'staff-password'}])
    const server = await startServer({config: path.join(project, 'kaitei.yaml'), port: 0, data, logLevel: 'silent'})
    const browser = new Browser(server.url)
    await browser.signIn('tanaka', 'staff-password')
    let building = true
    const seen = {old: 0, new: 0}
    const failures: string[] = []
    const load = async () => {
      while (building) {
        for (const target of ['/staff/', '/staff/assets/search-index.js']) {
          const response = await browser.get(target)
          const old = response.body.includes('MARKEROLD')
          const fresh = response.body.includes('MARKERNEW')
          const whole = target === '/staff/' ? response.body.trimEnd().endsWith('</html>') : response.body.trimEnd().endsWith(';')
          if (response.status !== 200 || old === fresh || !whole || Buffer.byteLength(response.body) !== Number(response.headers['content-length'])) {
            failures.push(target + ' ' + response.status + ' old=' + old + ' new=' + fresh + ' whole=' + whole)
          }
          if (target === '/staff/') seen[old ? 'old' : 'new']++
        }
      }
    }
    try {
      await commitAmendment(project, amendments, defaultServe, 'MARKEROLD')
      await buildHtml(project)
      const loops = Array.from({length: 6}, load)
      await new Promise((resolve) => setTimeout(resolve, 300))
      await commitAmendment(project, amendments, defaultServe, 'MARKERNEW')
      await buildHtml(project)
      await new Promise((resolve) => setTimeout(resolve, 300))
      building = false
      await Promise.all(loops)
    } finally {
      building = false
      await server.close()
    }
    expect(failures).toEqual([])
    expect(seen.old).toBeGreaterThan(0)
    expect(seen.new).toBeGreaterThan(0)
  })
})

describe('sign-in modes and configuration', () => {
  /** The same build under another kaitei.yaml (its serve: section), in a folder of its own. */
  async function configured(serve: string): Promise<{config: string; data: string}> {
    const dir = await fs.mkdtemp(path.join(project, '.config-'))
    await fs.writeFile(path.join(dir, 'kaitei.yaml'), serveConfig(serve))
    return {config: path.join(dir, 'kaitei.yaml'), data: path.join(dir, 'data')}
  }

  test('a closed site sends an anonymous reader to the sign-in page, in the publication\'s language', async () => {
    const {config, data} = await configured('serve:\n  anonymous: none\n')
    await writeTestUsers(path.join(data, 'users.yaml'), [{name: 'tanaka', audience: 'staff', password: 'staff-password'}])
    const server = await startServer({config, dir: path.join(project, 'build'), port: 0, data, logLevel: 'silent'})
    try {
      const root = await request(server.url, '/public/index.html')
      expect(root.status).toBe(302)
      expect(root.headers.location).toBe('/-/signin?next=%2Fpublic%2Findex.html')
      const page = await request(server.url, '/-/signin')
      expect(page.body).toContain('<html lang="ja">')
      expect(page.body).toContain('利用者名')
      expect(page.body).toContain("form-action 'self'")
      // Its words in the publication's font, from this server: no font of the reader's machine, no network.
      const fonts = await request(server.url, '/-/assets/fonts.css')
      expect(fonts.status).toBe(200)
      const file = /url\(fonts\/([^)]+\.woff2)\)/.exec(fonts.body)![1]!
      const font = await request(server.url, '/-/assets/fonts/' + file)
      expect(font.status).toBe(200)
      expect(font.headers['content-type']).toBe('font/woff2')
      expect((await request(server.url, '/-/assets/fonts/..%2f..%2fpackage.json')).status).toBe(404)
      // After sign-in, back where the reader wanted to go; never to another site.
      const browser = new Browser(server.url)
      const form = await browser.get('/-/signin?next=/public/index.html')
      const signed = await browser.post('/-/signin', {_csrf: Browser.token(form.body), name: 'tanaka', password: 'staff-password', next: '//evil.example/'})
      expect(signed.headers.location).toBe('/')
      expect((await request(server.url, '/public/assets/kaitei.css', {method: 'HEAD'})).status).toBe(401)
    } finally {
      await server.close()
    }
  })

  test('proxy sign-in: headers believed from the proxy address only, groups mapped to the strictest audience', async () => {
    const {config, data} = await configured('serve:\n  anonymous: none\n  proxy:\n    addresses: [127.0.0.1]\n    groups: {sec-team: security, all-staff: staff}\n')
    const server = await startServer({config, dir: path.join(project, 'build'), port: 0, data, logLevel: 'silent'})
    try {
      const as = (user: string, groups: string) => ({headers: {'x-forwarded-user': user, 'x-forwarded-groups': groups}})
      const security = await request(server.url, '/security/', as('alice', 'all-staff, sec-team'))
      expect(security.status).toBe(200)
      expect(security.body).toContain(securityCanary)
      expect(security.body).toContain('alice（担当者限定）')
      // Signed in at the proxy: no sign-out here; the acknowledgement form is there.
      expect(security.body).not.toContain('/-/signout')
      expect(security.body).toContain('name="version" value="2026-04-01"')
      const staff = await request(server.url, '/security/', as('bob', 'all-staff'))
      expect(staff.status).toBe(404)
      expect((await request(server.url, '/staff/', as('bob', 'all-staff'))).status).toBe(200)
      // In no mapped group: no edition at all.
      expect((await request(server.url, '/public/', as('carol', 'visitors'))).status).toBe(404)
      // No header: not signed in.
      expect((await request(server.url, '/public/')).status).toBe(401)
    } finally {
      await server.close()
    }
    const acks = await runCli(['audit', '--data', data, '--format', 'json', '--user', 'alice'], project)
    expect(JSON.parse(acks.stdout)[0]).toMatchObject({user: 'alice', audience: 'security', path: '/security/', status: 200})
  })

  test('TLS: HTTPS with Secure cookies and HSTS', async () => {
    const {config, data} = await configured('serve:\n  anonymous: public\n')
    await writeTestUsers(path.join(data, 'users.yaml'), [{name: 'tanaka', audience: 'staff', password: 'staff-password'}])
    const key = path.join(data, 'key.pem')
    const cert = path.join(data, 'cert.pem')
    const made = await runProgram('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'])
    expect(made.status, made.stderr).toBe(0)
    const server = await startServer({config, dir: path.join(project, 'build'), port: 0, data, cert, key, logLevel: 'silent'})
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:/)
      const browser = new Browser(server.url)
      const signed = await browser.signIn('tanaka', 'staff-password')
      expect(signed.headers['set-cookie']!.find((d) => d.startsWith('kaitei_session='))).toMatch(/; Secure/)
      expect((await browser.get('/staff/')).headers['strict-transport-security']).toBe('max-age=31536000')
    } finally {
      await server.close()
    }
    const missing = await runCli(['serve', '--config', config, '--dir', path.join(project, 'build'), '--data', data, '--cert', cert, '--port', '0'], project)
    expect(missing.stderr).toContain('[E_SERVE_TLS]')
  })

  test('bad configuration and a missing build stop the server with a clear error', async () => {
    const {config, data} = await configured('serve:\n  anonymous: everyone\n')
    const unknown = await runCli(['serve', '--config', config, '--dir', path.join(project, 'build'), '--data', data, '--port', '0'], project)
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toContain('Unknown audience `everyone` in serve.anonymous')
    expect(unknown.stderr).toContain('[E_SERVE_CONFIG]')
    const typo = await configured('serve:\n  anonymus: public\n')
    const invalid = await runCli(['serve', '--config', typo.config, '--port', '0'], project)
    expect(invalid.status).toBe(1)
    expect(invalid.stderr).toMatch(/kaitei\.yaml:\d+:\d+/)
    expect(invalid.stderr).toContain('anonymus')
    const valid = await configured('serve:\n  anonymous: public\n')
    const nobuild = await runCli(['serve', '--config', valid.config, '--dir', path.join(data, 'nothing'), '--port', '0'], project)
    expect(nobuild.stderr).toContain('[E_SERVE_NO_BUILD]')
    const database = await runCli(['serve', '--database', 'mysql://x', '--port', '0'], project)
    expect(database.stderr).toContain('[E_SERVE_DATABASE]')
  })
})
