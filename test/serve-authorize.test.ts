/**
 * The one decision of what a request may read (serve/authorize.ts), and the
 * password hashes of the users file: unit tests, no server.
 */
import {describe, expect, test} from 'vitest'
import {authorize, parsePath, type Reader} from '../src/serve/authorize.js'
import {hashPassword, parseUsers, verifyPassword} from '../src/serve/users.js'

const editions = new Set(['public', 'staff', 'security'])
const staff: Reader = {user: 'tanaka', audience: 'staff', viewable: new Set(['public', 'staff'])}
const anonymous: Reader = {user: null, audience: null, viewable: new Set()}

describe('authorize', () => {
  test('a reader gets files of their own and looser editions', () => {
    expect(authorize('/staff/index.html', staff, editions)).toEqual({kind: 'file', edition: 'staff', file: 'index.html'})
    expect(authorize('/staff/', staff, editions)).toEqual({kind: 'file', edition: 'staff', file: 'index.html'})
    expect(authorize('/public/versions/2026-01-10/', staff, editions)).toEqual({kind: 'file', edition: 'public', file: 'versions/2026-01-10/index.html'})
    expect(authorize('/staff/assets/kaitei.css?v=1#x', staff, editions)).toEqual({kind: 'file', edition: 'staff', file: 'assets/kaitei.css'})
    expect(authorize('/', staff, editions)).toEqual({kind: 'redirect', location: '/staff/'})
    expect(authorize('/public', staff, editions)).toEqual({kind: 'redirect', location: '/public/'})
  })

  test('never a stricter edition, an unknown one, or a name in another case', () => {
    for (const url of ['/security/', '/security/index.html', '/Security/', '/STAFF/', '/board/', '/%73ecurity/']) {
      expect(authorize(url, staff, editions).kind, url).toBe('deny')
    }
    expect(authorize('/public/', anonymous, editions)).toMatchObject({kind: 'deny', status: 401})
    expect(authorize('/public/', {...anonymous, user: 'carol'}, editions)).toMatchObject({kind: 'deny', status: 404})
  })

  test('malformed paths are refused, not repaired', () => {
    const refused = [
      '/staff/../security/',
      '/staff/%2e%2e/security/',
      '/staff/%2E/x',
      '/staff/..%2fsecurity/',
      '/staff%2Fx',
      '/staff/..\\security',
      '/staff/%5c',
      '//security/',
      '/staff//x',
      '/staff/./x',
      '/staff/.hidden',
      '/staff/%c0%ae%c0%ae/',
      '/staff/%ff',
      '/staff/%00',
      '/staff/\u0000',
      '/staff/%0a',
      '/staff/%252e%252e/',
      'staff/index.html',
      '*'
    ]
    for (const url of refused) expect(authorize(url, staff, editions), url).toMatchObject({kind: 'deny', status: 400})
  })

  test('Japanese file names, encoded or not, are names like any other', () => {
    expect(parsePath('/staff/%E5%88%A5%E7%B4%99.pdf')).toEqual({segments: ['staff', '別紙.pdf'], trailingSlash: false})
    expect(parsePath('/staff/別紙.pdf')).toEqual({segments: ['staff', '別紙.pdf'], trailingSlash: false})
  })
})

describe('password hashes', () => {
  test('scrypt with a salt: the same password hashes differently, verifies, and a wrong one does not', async () => {
    const cost = {N: 2 ** 12, r: 8, p: 1}
    const [a, b] = [await hashPassword('パスワード12345', cost), await hashPassword('パスワード12345', cost)]
    expect(a).not.toBe(b)
    expect(a).toMatch(/^scrypt\$4096\$8\$1\$[\w-]{22}\$[\w-]{43}$/)
    expect(await verifyPassword('パスワード12345', a)).toBe(true)
    expect(await verifyPassword('パスワード12346', a)).toBe(false)
    // NFC: the same letters typed either way.
    expect(await verifyPassword('ガ'.normalize('NFD') + 'x', await hashPassword('ガx', cost))).toBe(true)
    for (const broken of ['', 'plain', 'scrypt$1$1$1$a$b', 'scrypt$99999999$8$1$aaaa$bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'bcrypt$x']) {
      expect(await verifyPassword('x', broken)).toBe(false)
    }
  })

  test('the users file: names, audiences and hashes checked', () => {
    expect(parseUsers('users:\n  - {name: tanaka, audience: staff, hash: "scrypt$1$1$1$a$b"}\n', 'u.yaml')).toHaveLength(1)
    expect(() => parseUsers('users:\n  - {name: tanaka, audience: staff, password: secret}\n', 'u.yaml')).toThrow(/Missing password hash for `tanaka`/)
    expect(() => parseUsers('users:\n  - {name: "a b", audience: staff, hash: "scrypt$"}\n', 'u.yaml')).toThrow(/Unexpected user name/)
    expect(() => parseUsers('users:\n  - {name: a, audience: staff, hash: "scrypt$"}\n  - {name: a, audience: staff, hash: "scrypt$"}\n', 'u.yaml')).toThrow(/listed twice/)
    expect(() => parseUsers('users: [', 'u.yaml')).toThrow(/Cannot read the users file/)
    expect(parseUsers('', 'u.yaml')).toEqual([])
  })
})
