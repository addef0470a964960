/**
 * Who is reading: the first of
 * - a proxy's headers (`serve.proxy`), believed only from the configured
 *   proxy addresses — from any other address they are ignored;
 * - the session cookie of a password sign-in, checked against the database
 *   and the users file as it is now (a removed user is signed out at once,
 *   a changed audience applies at once);
 * - the anonymous audience the config allows (`serve.anonymous`), or none.
 * A reader may view their own edition and every looser one (its clearance).
 */
import fs from 'node:fs/promises'
import {createHash} from 'node:crypto'
import {LRUCache} from 'lru-cache'
import proxyAddr from 'proxy-addr'
import type {FastifyRequest} from 'fastify'
import type {PolicyConfig} from '../config/load-config.js'
import type {ServeConfig} from '../config/schema.js'
import type {Reader} from './authorize.js'
import type {Store} from './database.js'
import {readUsers, type User} from './users.js'

export const sessionCookie = 'kaitei_session'
/** How long another instance's sign-out may take to reach this one (seconds). */
export const sessionSeconds = 5

export interface ReaderOptions {
  config: PolicyConfig
  serve: ServeConfig
  store: Store
  usersFile: string
  unguarded?: string
}

export class ReaderResolver {
  private readonly options: ReaderOptions
  private readonly trusted: ((address: string, index: number) => boolean) | undefined
  private readonly viewable = new Map<string, ReadonlySet<string>>()
  private users: {stamp: string; byName: Map<string, User>} | undefined
  private usersChecked = 0
  /**
   * Sessions looked up in the last seconds: a page and its assets ask the
   * database once. A sign-out on this instance forgets at once; on another
   * instance sharing the database, within `sessionSeconds`.
   */
  private ids = new LRUCache<string, string>({max: 20_000})
  private sessions = new LRUCache<string, {user: string; expiresAt: number; hash?: string}>({max: 20_000, ttl: sessionSeconds * 1000})

  constructor(options: ReaderOptions) {
    this.options = options
    this.trusted = options.serve.proxy ? proxyAddr.compile(options.serve.proxy.addresses) : undefined
    for (const audience of options.config.audiences) this.viewable.set(audience.name, new Set(audience.clearance))
  }

  private readerOf(user: string | null, audience: string | null): Reader {
    return {user, audience, viewable: (audience && this.viewable.get(audience)) || new Set()}
  }

  /** The users file as it is now (looked at no more than once a second). */
  private async userMap(): Promise<Map<string, User>> {
    const now = Date.now()
    if (this.users && now - this.usersChecked < 1000) return this.users.byName
    this.usersChecked = now
    const stat = await fs.stat(this.options.usersFile, {bigint: true}).catch(() => undefined)
    const stamp = stat ? stat.ino + ':' + stat.mtimeNs + ':' + stat.size : 'none'
    if (this.users?.stamp !== stamp) {
      const list = await readUsers(this.options.usersFile)
      this.users = {stamp, byName: new Map(list.map((d) => [d.name, d]))}
    }
    return this.users.byName
  }

  async hasUsers(): Promise<boolean> {
    return (await this.userMap()).size > 0 || this.options.serve.proxy === undefined
  }

  async user(name: string): Promise<User | undefined> {
    return (await this.userMap()).get(name)
  }

  async resolve(request: FastifyRequest): Promise<{reader: Reader; sessionId?: string}> {
    const {serve, unguarded} = this.options
    if (unguarded !== undefined) return {reader: this.readerOf(null, unguarded)}
    // A proxy in front: only the socket's own peer counts, never a header naming another.
    const proxy = serve.proxy
    if (proxy && this.trusted && this.trusted(request.raw.socket.remoteAddress ?? '', 0)) {
      const name = headerOf(request, proxy.userHeader)
      if (name) {
        const groups = (headerOf(request, proxy.groupsHeader) ?? '').split(',').map((d) => d.trim()).filter(Boolean)
        return {reader: this.readerOf(name, this.strictest(groups.map((d) => proxy.groups[d]).filter((d): d is string => d !== undefined)) ?? proxy.audience ?? null)}
      }
    }
    const token = request.cookies?.[sessionCookie]
    if (token && token.length <= 100) {
      // Kept in memory by the token itself (hashed only to ask the database, which stores hashes).
      const id = this.ids.get(token) ?? createHash('sha256').update(token).digest('base64url')
      this.ids.set(token, id)
      const now = Date.now()
      let session = this.sessions.get(id)
      if (!session || session.expiresAt <= now) {
        session = await this.options.store.session(id, now)
        if (session) this.sessions.set(id, session)
      }
      if (session) {
        const user = await this.user(session.user)
        // A new password (kaitei user passwd) ends the sessions begun with the old one.
        session.hash ??= user?.hash
        if (user && user.hash === session.hash) return {reader: this.readerOf(user.name, user.audience), sessionId: id}
        // Removed from the users file, or a new password: the session ends now.
        await this.forget(id)
      }
    }
    return {reader: this.readerOf(null, serve.anonymous === 'none' ? null : serve.anonymous)}
  }

  /** End a session (sign-out) here and in the database. */
  async forget(id: string): Promise<void> {
    this.sessions.delete(id)
    await this.options.store.deleteSession(id)
  }

  /** Of several audiences, the one that sees most (the others' clearance is within it), else the first. */
  private strictest(audiences: string[]): string | undefined {
    let best: string | undefined
    for (const audience of audiences) {
      const sees = this.viewable.get(audience)
      if (!sees) continue
      if (best === undefined || (sees.size > this.viewable.get(best)!.size && sees.has(best))) best = audience
    }
    return best
  }
}

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()]
  const text = Array.isArray(value) ? value[0] : value
  return text && text.trim() !== '' ? text.trim().slice(0, 256) : undefined
}
