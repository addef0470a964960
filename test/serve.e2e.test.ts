/**
 * `kaitei serve` over real HTTP on 127.0.0.1, against SQLite and against a
 * real PostgreSQL (a throwaway cluster): who may read which edition, with
 * canary text in the security-only source; sign-in, lockout, sign-out;
 * acknowledgements of the version in force across an amendment; the audit
 * trail; two instances on one PostgreSQL.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {startServer, type RunningServer} from '../src/serve/server.js'
import {runCli} from './helpers.js'
import {postgresBin, startPostgres, type Postgres} from './postgres.js'
import {Browser, buildHtml, commitAmendment, request, securityCanary, servePublication, staffCanary, writeTestUsers, type Amendment} from './serve-helpers.js'

const amendments: Amendment[] = [
  {date: '2026-01-10', type: '策定', words: '（初版）'},
  {date: '2026-04-01', type: '改定', words: '（第二版）'}
]
const third: Amendment = {date: '2026-10-01', type: '改定', words: '（第三版）'}

let postgres: Postgres | undefined

/** The policy in git with two versions, built; a link out of the staff edition planted in the build. */
async function builtProject(): Promise<string> {
  const project = await servePublication(amendments)
  await buildHtml(project)
  // Links inside the staff edition that point out of it: never followed.
  await fs.symlink(path.join(project, 'build', 'security'), path.join(project, 'build', 'staff', 'linked'))
  await fs.symlink(path.join(project, 'build', 'security', 'index.html'), path.join(project, 'build', 'staff', 'leak.html'))
  return project
}
const projects: string[] = []

beforeAll(async () => {
  if (postgresBin() || process.env.CI) postgres = await startPostgres()
})

afterAll(async () => {
  await postgres?.stop()
  for (const project of projects) await fs.rm(project, {recursive: true, force: true})
})

const drivers = ['sqlite', 'postgres'] as const

describe.each(drivers)('kaitei serve on %s', (driver) => {
  let server: RunningServer
  let data: string
  let database: string | undefined
  let project: string

  beforeAll(async () => {
    if (driver === 'postgres' && !postgres) return
    project = await builtProject()
    projects.push(project)
    data = await fs.mkdtemp(path.join(project, '.data-' + driver + '-'))
    database = driver === 'postgres' ? await postgres!.database('kaitei_' + Date.now()) : undefined
    await writeTestUsers(path.join(data, 'users.yaml'), [
      {name: 'tanaka', audience: 'staff', password: 'staff-password'},
      {name: 'sato', audience: 'security', password: 'security-password'},
      {name: 'suzuki', audience: 'staff', password: 'suzuki-password'}
    ])
    server = await startServer({config: path.join(project, 'kaitei.yaml'), port: 0, data, database, logLevel: 'silent'})
  })
  afterAll(async () => {
    await server?.close()
  })
  const skip = () => driver === 'postgres' && !postgres

  test('an anonymous reader gets the public edition only', async () => {
    if (skip()) return
    const root = await request(server.url, '/')
    expect(root.status).toBe(302)
    expect(root.headers.location).toBe('/public/')
    const page = await request(server.url, '/public/')
    expect(page.status).toBe(200)
    expect(page.body).toContain('この規程は、情報資産を守るために定める。')
    expect(page.body).not.toContain(staffCanary)
    expect(page.body).not.toContain(securityCanary)
    expect(page.body).toContain('閲覧者: 未サインイン')
    expect(page.body).toContain('<a href="/-/signin">サインイン</a>')
    // The public edition may sit in a cache; a staff page is asked for sign-in.
    expect(page.headers['cache-control']).toBe('no-cache')
    expect((await request(server.url, '/staff/')).status).toBe(404)
  })

  test('every response carries the security headers', async () => {
    if (skip()) return
    for (const target of ['/public/', '/public/assets/kaitei.css', '/nothing', '/-/signin']) {
      const response = await request(server.url, target)
      const csp = String(response.headers['content-security-policy'])
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).not.toContain('unsafe-inline')
      expect(response.headers['x-content-type-options']).toBe('nosniff')
      expect(response.headers['referrer-policy']).toBe('no-referrer')
    }
  })

  test('a staff reader signs in, reads the staff edition and may view it as the public one, never as security', async () => {
    if (skip()) return
    const browser = new Browser(server.url)
    const signedIn = await browser.signIn('tanaka', 'staff-password')
    expect(signedIn.status).toBe(303)
    const cookie = signedIn.headers['set-cookie']!.find((d) => d.startsWith('kaitei_session='))!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    const home = await browser.get('/')
    expect(home.headers.location).toBe('/staff/')
    const page = await browser.get('/staff/')
    expect(page.status).toBe(200)
    expect(page.body).toContain(staffCanary)
    expect(page.body).not.toContain(securityCanary)
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.body).toContain('tanaka（庁内限定）')
    // The switcher: the looser edition, and no stricter one.
    expect(page.body).toContain('<a href="/public/">公開</a>')
    expect(page.body).not.toContain('/security/')
    expect((await browser.get('/public/')).status).toBe(200)
    for (const target of ['/security/', '/security/index.html', '/security/manifest.json', '/security/assets/search-index.js', '/security/history.html']) {
      const response = await browser.get(target)
      expect(response.status, target).toBe(404)
      expect(response.body).not.toContain(securityCanary)
    }
  })

  test('crafted URLs and headers never reach a stricter edition', async () => {
    if (skip()) return
    const browser = new Browser(server.url)
    expect((await browser.signIn('tanaka', 'staff-password')).status).toBe(303)
    const urls = [
      '/security',
      '/SECURITY/index.html',
      '/Security/',
      '/staff/../security/index.html',
      '/staff/%2e%2e/security/index.html',
      '/staff/%2E%2E/security/index.html',
      '/staff/..%2fsecurity/index.html',
      '/staff/..%2Fsecurity/index.html',
      '/staff%2f..%2fsecurity/index.html',
      '/staff/..\\security\\index.html',
      '/staff/..%5csecurity/index.html',
      '/staff/..%5Csecurity/index.html',
      '//security/index.html',
      '/./security/index.html',
      '/staff/./../security/',
      '/staff//../security/index.html',
      '/%73ecurity/index.html',
      '/staff/%c0%ae%c0%ae/security/index.html',
      '/staff/%c0%af../security/index.html',
      '/staff/%e0%80%ae%e0%80%ae/security/index.html',
      '/staff/%252e%252e/security/index.html',
      '/staff/%00/../security/index.html',
      '/security%00/index.html',
      '/staff/index.html%00.pdf',
      '/staff/index.html/../../security/index.html',
      '/staff/../../../etc/passwd',
      '/kaitei-build.json',
      '/staff/.kaitei-owner.json',
      '/staff/%2e/../security/',
      '/staff;/../security/index.html',
      '/staff/..;/security/index.html',
      '/staff/%u002e%u002e/security/',
      '/staff/..%255csecurity/index.html',
      '/%EF%BC%B3%EF%BC%A5%EF%BC%A3%EF%BC%B5%EF%BC%B2%EF%BC%A9%EF%BC%B4%EF%BC%B9/',
      '/security./index.html',
      '/security%20/index.html',
      '/-/../security/index.html',
      '/staff/linked/index.html',
      '/staff/leak.html',
      '/-/changes/security/2026-01-10',
      '/security/versions/2026-01-10/index.html',
      '/security/serve-test.pdf'
    ]
    const headerSets: Array<[string, Record<string, string>, string?]> = [
      ['/security/', {'x-forwarded-user': 'alice', 'x-forwarded-groups': 'sec-team'}],
      ['/security/', {'x-forwarded-for': '10.255.255.1', 'x-forwarded-user': 'alice', 'x-forwarded-groups': 'sec-team'}],
      ['/security/index.html', {range: 'bytes=0-100'}],
      ['/security/index.html', {'if-none-match': '*'}],
      ['/security/index.html', {'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT'}],
      ['/staff/', {'x-original-url': '/security/index.html', 'x-rewrite-url': '/security/index.html'}],
      ['/security/', {host: 'security'}],
      ['/security/index.html', {}, 'HEAD'],
      ['/security/index.html', {}, 'OPTIONS'],
      ['/security/index.html', {}, 'POST']
    ]
    let checked = 0
    for (const target of urls) {
      const response = await browser.get(target)
      expect(response.status, target).not.toBe(200)
      expect(response.body, target).not.toContain(securityCanary)
      if (response.status === 302) expect(String(response.headers.location), target).not.toMatch(/^\/security/)
      checked++
    }
    for (const [target, headers, method] of headerSets) {
      const response = await request(server.url, target, {method, headers: {cookie: browser.cookieHeader(), ...headers}})
      if (target === '/staff/') expect(response.status).toBe(200)
      else expect(response.status, target + ' ' + JSON.stringify(headers)).not.toBe(200)
      expect(response.status).not.toBe(206)
      expect(response.body).not.toContain(securityCanary)
      checked++
    }
    // Spoofed proxy headers and a forged session from an anonymous client: the public edition at most.
    for (const cookie of ['kaitei_session=forged', 'kaitei_session=' + 'A'.repeat(43)]) {
      const response = await request(server.url, '/security/', {headers: {cookie, 'x-forwarded-user': 'sato'}})
      expect(response.status).toBe(404)
      checked++
    }
    expect(checked).toBeGreaterThanOrEqual(50)
  })

  test('Range and HEAD work within the reader\'s own edition', async () => {
    if (skip()) return
    const css = await request(server.url, '/public/assets/kaitei.css')
    const part = await request(server.url, '/public/assets/kaitei.css', {headers: {range: 'bytes=0-99'}})
    expect(part.status).toBe(206)
    expect(part.body).toBe(css.body.slice(0, 100))
    const head = await request(server.url, '/public/assets/kaitei.css', {method: 'HEAD'})
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
    expect(Number(head.headers['content-length'])).toBe(Buffer.byteLength(css.body))
    const again = await request(server.url, '/public/assets/kaitei.css', {headers: {'if-none-match': String(css.headers.etag)}})
    expect(again.status).toBe(304)
  })

  test('a security reader reads everything, and the public edition as the public would', async () => {
    if (skip()) return
    const browser = new Browser(server.url)
    expect((await browser.signIn('sato', 'security-password')).status).toBe(303)
    const page = await browser.get('/security/')
    expect(page.body).toContain(securityCanary)
    const asPublic = await browser.get('/public/')
    expect(asPublic.status).toBe(200)
    expect(asPublic.body).not.toContain(securityCanary)
    expect(asPublic.body).not.toContain(staffCanary)
  })

  test('forms need their CSRF token; sign-out ends the session', async () => {
    if (skip()) return
    const browser = new Browser(server.url)
    await browser.signIn('tanaka', 'staff-password')
    const page = await browser.get('/staff/')
    expect((await browser.post('/-/signout', {_csrf: 'wrong'})).status).toBe(403)
    expect((await browser.get('/staff/')).status).toBe(200)
    const out = await browser.post('/-/signout', {_csrf: Browser.token(page.body)})
    expect(out.status).toBe(303)
    expect((await browser.get('/staff/')).status).toBe(404)
    // Without the token no sign-in either.
    const fresh = new Browser(server.url)
    await fresh.get('/-/signin')
    expect((await fresh.post('/-/signin', {name: 'tanaka', password: 'staff-password'})).status).toBe(403)
  })

  test('acknowledging the version in force, and after a new amendment the changes since', async () => {
    if (skip()) return
    const browser = new Browser(server.url)
    await browser.signIn('tanaka', 'staff-password')
    const before = await browser.get('/staff/')
    expect(before.body).toContain('内容を確認しました')
    expect(before.body).toContain('name="version" value="2026-04-01"')
    // Not the version in force: refused.
    expect((await browser.post('/-/ack', {_csrf: Browser.token(before.body), audience: 'staff', version: '2026-01-10'})).status).toBe(409)
    expect((await browser.post('/-/ack', {_csrf: Browser.token(before.body), audience: 'public', version: '2026-04-01'})).status).toBe(409)
    const ack = await browser.post('/-/ack', {_csrf: Browser.token(before.body), audience: 'staff', version: '2026-04-01'})
    expect(ack.status).toBe(303)
    const after = await browser.get('/staff/')
    expect(after.body).toMatch(/の内容を確認済み/)
    expect(after.body).not.toContain('name="version"')
    const acks = await server.store.acknowledgements({user: 'tanaka'})
    expect(acks.map((d) => [d.audience, d.version])).toEqual([['staff', '2026-04-01']])
  })

  test('wrong passwords: 401, then 429 for the user, even with the right one', async () => {
    if (skip()) return
    const browser = new Browser(server.url)
    for (let i = 0; i < 3; i++) expect((await browser.signIn('suzuki', 'wrong-' + i)).status).toBe(401)
    expect((await browser.signIn('suzuki', 'wrong-again')).status).toBe(429)
    const locked = await browser.signIn('suzuki', 'suzuki-password')
    expect(locked.status).toBe(429)
    expect(locked.headers['retry-after']).toBe(String(15 * 60))
    expect(browser.cookies.has('kaitei_session')).toBe(false)
    // An unknown user fails alike, and others still sign in.
    expect((await browser.signIn('nobody', 'whatever')).status).toBe(401)
    expect((await new Browser(server.url).signIn('sato', 'security-password')).status).toBe(303)
  })

  test('the audit trail has every request, sign-in, failure and acknowledgement', async () => {
    if (skip()) return
    const browser = new Browser(server.url)
    await browser.signIn('tanaka', 'staff-password')
    await browser.get('/staff/index.html?audit=1')
    await browser.get('/security/index.html?audit=1')
    await new Promise((resolve) => setTimeout(resolve, 400))
    const entries = await server.store.audit({user: 'tanaka'})
    const read = entries.find((d) => d.path === '/staff/index.html?audit=1')!
    expect(read).toMatchObject({kind: 'request', user: 'tanaka', audience: 'staff', method: 'GET', status: 200, address: '127.0.0.1'})
    expect(read.bytes).toBeGreaterThan(1000)
    expect(entries.find((d) => d.path === '/security/index.html?audit=1')).toMatchObject({status: 404})
    expect(entries.some((d) => d.kind === 'acknowledgement' && d.detail === '2026-04-01')).toBe(true)
    expect(entries.some((d) => d.kind === 'sign-in')).toBe(true)
    const failures = await server.store.audit({user: 'suzuki', kinds: ['sign-in-failed']})
    expect(failures.map((d) => d.detail)).toEqual(['wrong password', 'wrong password', 'wrong password', 'locked', 'locked'])
  })

  test('a new build is picked up without a restart: the earlier acknowledgement no longer counts', async () => {
    if (skip()) return
    const browser = new Browser(server.url)
    await browser.signIn('tanaka', 'staff-password')
      await commitAmendment(project, [...amendments, third])
    await buildHtml(project)
    await new Promise((resolve) => setTimeout(resolve, 150))
    const page = await browser.get('/staff/')
    expect(page.body).toContain('（第三版）')
    expect(page.body).toContain('name="version" value="2026-10-01"')
    // What changed since the version acknowledged: the redline between the two.
    const link = /href="(\/-\/changes\/staff\/2026-04-01)"/.exec(page.body)
    expect(link).not.toBeNull()
    const changes = await browser.get(link![1]!)
    expect(changes.status).toBe(200)
    expect(changes.body).toMatch(/<ins[^>]*>[^<]*三/)
    expect(changes.body).toMatch(/<del[^>]*>[^<]*二/)
    expect(changes.body).not.toContain(securityCanary)
    // A public reader may not ask for it.
    expect((await request(server.url, '/-/changes/staff/2026-04-01')).status).toBe(404)
    // kaitei audit acks: tanaka acknowledged the second version, and is pending for the third.
    const acks = await runCli(['audit', 'acks', '--data', data, ...(database ? ['--database', database] : []), '--format', 'json'], project)
    expect(acks.status, acks.stderr).toBe(0)
    const rows = JSON.parse(acks.stdout) as Array<{user: string; version: string; acknowledged: boolean}>
    expect(rows.find((d) => d.user === 'tanaka')).toMatchObject({version: '2026-10-01', acknowledged: false})
    const before = await runCli(['audit', 'acks', '--data', data, ...(database ? ['--database', database] : []), '--version', '2026-04-01', '--format', 'json'], project)
    expect((JSON.parse(before.stdout) as typeof rows).find((d) => d.user === 'tanaka')).toMatchObject({acknowledged: true})
  })
})

describe('two instances on one PostgreSQL', () => {
  test('share a session and an acknowledgement', async () => {
    if (!postgres) return
    const project = await builtProject()
    projects.push(project)
    const data = await fs.mkdtemp(path.join(project, '.data-two-'))
    await writeTestUsers(path.join(data, 'users.yaml'), [{name: 'ito', audience: 'staff', password: 'ito-password'}])
    const database = await postgres.database('kaitei_two')
    const options = {config: path.join(project, 'kaitei.yaml'), port: 0, data, database, logLevel: 'silent'}
    const [a, b] = [await startServer(options), await startServer(options)]
    try {
      const onA = new Browser(a.url)
      expect((await onA.signIn('ito', 'ito-password')).status).toBe(303)
      const onB = new Browser(b.url)
      for (const [k, v] of onA.cookies) onB.cookies.set(k, v)
      const page = await onB.get('/staff/')
      expect(page.status).toBe(200)
      expect(page.body).toContain('ito（庁内限定）')
      const version = /name="version" value="([^"]+)"/.exec(page.body)![1]!
      expect((await onB.post('/-/ack', {_csrf: Browser.token(page.body), audience: 'staff', version})).status).toBe(303)
      expect((await onA.get('/staff/')).body).toMatch(/の内容を確認済み/)
    } finally {
      await a.close()
      await b.close()
    }
    // Both instances wrote one audit trail.
    const result = await runCli(['audit', '--database', database, '--user', 'ito', '--format', 'json'], project)
    expect(result.status, result.stderr).toBe(0)
    const rows = JSON.parse(result.stdout) as Array<{kind: string; path: string}>
    expect(rows.filter((d) => d.kind === 'request' && d.path === '/staff/').length).toBe(2)
  })
})

describe('without PostgreSQL', () => {
  test('CI has it', () => {
    if (process.env.CI) expect(postgres, 'PostgreSQL must be installed on CI (.ci/run installs it)').toBeDefined()
  })
})
