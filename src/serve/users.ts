/**
 * The users file of `kaitei serve` (sign-in with a password): YAML, one
 * entry per reader with their audience and a scrypt hash of their password,
 * never the password. `kaitei user add|remove|passwd` keeps it; the server
 * reads it again when it changes. Written atomically, readable by its owner only.
 */
import {randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions} from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import {parse, stringify} from 'yaml'
import {KaiteiError} from '../errors.js'

export interface User {
  name: string
  audience: string
  /** `scrypt$<N>$<r>$<p>$<salt>$<hash>`, base64url parts. */
  hash: string
}

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCallback(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))))

/** OWASP's scrypt minimum (N=2^17, r=8, p=1): about 0.1 s and 128 MB per hash. */
const defaults = {N: 2 ** 17, r: 8, p: 1}

export async function hashPassword(password: string, cost: {N: number; r: number; p: number} = defaults): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, 32, {...cost, maxmem: 256 * cost.N * cost.r})
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** Compare in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parts = hash.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number]
  if (![N, r, p].every((d) => Number.isInteger(d) && d > 0) || N > 2 ** 20) return false
  const salt = Buffer.from(parts[4]!, 'base64url')
  const expected = Buffer.from(parts[5]!, 'base64url')
  if (expected.length < 16) return false
  const key = await scrypt(password, salt, expected.length, {N, r, p, maxmem: 256 * N * r})
  return timingSafeEqual(key, expected)
}

/** A hash to compare against when the user does not exist: the same work, so timing tells nothing. */
let decoy: Promise<string> | undefined
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword(randomBytes(12).toString('hex')))

export const userNamePattern = /^[\p{L}\p{N}][\p{L}\p{N}._@-]{0,63}$/u

export async function readUsers(file: string): Promise<User[]> {
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  return parseUsers(text, file)
}

export function parseUsers(text: string, file: string): User[] {
  let data: unknown
  try {
    data = parse(text)
  } catch (error) {
    throw new KaiteiError('Cannot read the users file `' + file + '`: ' + (error as Error).message.split('\n')[0], 'E_USERS_FILE')
  }
  if (data === null || data === undefined) return []
  const list = (data as {users?: unknown}).users
  if (typeof data !== 'object' || !Array.isArray(list)) throw new KaiteiError('Unexpected content in the users file `' + file + '`, expected `users:` with a list', 'E_USERS_FILE')
  const seen = new Set<string>()
  return list.map((entry, index) => {
    const user = entry as Partial<User>
    const where = '`' + file + '` (user ' + (index + 1) + ')'
    if (typeof user?.name !== 'string' || !userNamePattern.test(user.name)) throw new KaiteiError('Unexpected user name in ' + where + ', expected letters, digits, `.`, `_`, `@` or `-`', 'E_USERS_FILE')
    if (typeof user.audience !== 'string' || user.audience === '') throw new KaiteiError('Missing audience for `' + user.name + '` in ' + where, 'E_USERS_FILE')
    if (typeof user.hash !== 'string' || !user.hash.startsWith('scrypt$')) throw new KaiteiError('Missing password hash for `' + user.name + '` in ' + where + ', expected one written by `kaitei user passwd`', 'E_USERS_FILE')
    if (seen.has(user.name)) throw new KaiteiError('User `' + user.name + '` is listed twice in `' + file + '`', 'E_USERS_FILE')
    seen.add(user.name)
    return {name: user.name, audience: user.audience, hash: user.hash}
  })
}

export async function writeUsers(file: string, users: readonly User[]): Promise<void> {
  await fs.mkdir(path.dirname(file), {recursive: true, mode: 0o700})
  const text =
    '# kaitei serve: readers who sign in with a password. Kept by `kaitei user add|remove|passwd`;\n# hashes only (scrypt), never a password.\n' +
    stringify({users: users.map((d) => ({name: d.name, audience: d.audience, hash: d.hash}))})
  const temp = file + '.' + process.pid + '.' + randomBytes(4).toString('hex') + '.tmp'
  await fs.writeFile(temp, text, {mode: 0o600})
  await fs.rename(temp, file)
}

/** Change the users file under `change`; the name is checked against it. */
export async function updateUsers(file: string, change: (users: User[]) => User[] | Promise<User[]>): Promise<User[]> {
  const users = await readUsers(file)
  const next = await change(users)
  await writeUsers(file, next)
  return next
}
