/**
 * `kaitei serve`: the editions of a build, each to the readers allowed to
 * read it, on Fastify. A request is handled in this order:
 *
 * 1. who is reading (reader.ts: a proxy's headers from a trusted address, a
 *    session cookie, or nobody: the anonymous audience the config allows);
 * 2. what they may get (authorize.ts: the one decision for every path);
 * 3. the file, read from the build as it was when the request began
 *    (build-folder.ts), with the reader's bar on HTML pages (pages.ts);
 * 4. headers every response carries (CSP, nosniff, no-store unless public);
 * 5. the audit trail (audit-log.ts, batched into the database).
 */
import {createHash, randomBytes} from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import Fastify, {LogController, type FastifyInstance, type FastifyReply, type FastifyRequest} from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifyCsrf from '@fastify/csrf-protection'
import fastifyFormbody from '@fastify/formbody'
import fastifyRateLimit from '@fastify/rate-limit'
import {LRUCache} from 'lru-cache'
import rangeParser from 'range-parser'
import {loadConfig, type PolicyConfig} from '../config/load-config.js'
import {ConfigProblemError} from '../publication.js'
import {KaiteiError} from '../errors.js'
import {KaiteiContext} from '../context.js'
import {formatDate} from '../wareki.js'
import {AuditLog} from './audit-log.js'
import {authorize, type Reader} from './authorize.js'
import {BuildFolder, type BuildView, type HeldFile} from './build-folder.js'
import {Store, type Acknowledgement} from './database.js'
import {injectBar, readerBar, serveCss, serveWords, signInPage} from './pages.js'
import {selectFonts} from '../edition/fonts.js'
import {ReaderResolver, sessionCookie, sessionSeconds} from './reader.js'
import {decoyHash, verifyPassword} from './users.js'

export interface ServeOptions {
  /** The publication's `kaitei.yaml` (default: `kaitei.yaml`). */
  config?: string
  /** The build folder (default: `build/` next to the config). */
  dir?: string
  host?: string
  /** Port (default 8080; 0: any free port). */
  port?: number
  /** Data folder: the SQLite database and the users file (default: `.kaitei/` next to the config). */
  data?: string
  /** `postgres://…`: PostgreSQL instead of SQLite, shared by several instances. */
  database?: string
  /** TLS certificate and key files (PEM). */
  cert?: string
  key?: string
  /** Fastify's logger level (default: `info`; `silent` for none). */
  logLevel?: string
  /** Where log lines go (default: standard output). */
  logStream?: NodeJS.WritableStream
  /**
   * For benchmarks only: no sign-in and no audit trail; every request
   * reads as this audience. Never offered by the command.
   */
  unguarded?: string
}

export interface RunningServer {
  url: string
  app: FastifyInstance
  store: Store
  /** Stop taking requests, finish those in flight, write the audit trail, close the database. */
  close(): Promise<void>
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8'
}

/** Every response: no script but the build's own, no framing, no sniffing, no referrer. */
const headerPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; media-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

declare module 'fastify' {
  interface FastifyRequest {
    reader: Reader
    /** The session cookie's id, when the reader signed in with a password. */
    sessionId?: string
    /** The edition a file response came from (the audit trail names it). */
    servedEdition?: string
    /** Whether the response is of a public edition (may be cached). */
    publicResponse?: boolean
  }
}

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const {config, file} = await loadConfig(options.config ?? 'kaitei.yaml')
  if (!config) throw new ConfigProblemError(file)
  const serve = config.serve ?? {anonymous: 'none', sessionHours: 12, maxFailures: 5, maxFailuresPerAddress: 30, lockMinutes: 15}
  const names = new Set(config.audiences.map((d) => d.name))
  const unknown = (name: string, where: string) => {
    if (!names.has(name)) throw new KaiteiError('Unknown audience `' + name + '` in ' + where + ' of ' + config.path + ', expected one of ' + [...names].join(', '), 'E_SERVE_CONFIG')
  }
  if (serve.anonymous !== 'none') unknown(serve.anonymous, 'serve.anonymous')
  for (const [group, audience] of Object.entries(serve.proxy?.groups ?? {})) unknown(audience, 'serve.proxy.groups.' + group)
  if (serve.proxy?.audience) unknown(serve.proxy.audience, 'serve.proxy.audience')

  const build = new BuildFolder(options.dir ?? path.join(config.root, 'build'))
  if (!(await build.current())) {
    throw new KaiteiError('No build in `' + build.dir + '`, expected the output folder of `kaitei build` (run it first, or name another with --dir)', 'E_SERVE_NO_BUILD')
  }
  const dataDir = path.resolve(options.data ?? path.join(config.root, '.kaitei'))
  const usersFile = serve.users ? path.resolve(config.root, serve.users) : path.join(dataDir, 'users.yaml')
  let tls: {cert: Buffer; key: Buffer} | undefined
  if (options.cert || options.key) {
    if (!options.cert || !options.key) throw new KaiteiError('Missing ' + (options.cert ? '--key' : '--cert') + ': TLS needs both a certificate and its key', 'E_SERVE_TLS')
    try {
      tls = {cert: await fs.readFile(options.cert), key: await fs.readFile(options.key)}
    } catch (error) {
      throw new KaiteiError('Cannot read the TLS certificate or key: ' + (error as Error).message, 'E_SERVE_TLS', {cause: error})
    }
  }

  const store = await Store.open({database: options.database, dataDir})
  const guarded = options.unguarded === undefined
  const app = Fastify({
    logger: {level: options.logLevel ?? 'info', ...(options.logStream ? {stream: options.logStream} : {})},
    // The audit trail records every request; the log keeps to what happens to the server.
    logController: new LogController({disableRequestLogging: true}),
    // Only the configured proxies may say who the client is (X-Forwarded-For).
    trustProxy: serve.proxy?.addresses ?? false,
    bodyLimit: 16 * 1024,
    ...(tls ? {https: tls} : {}),
    // Long downloads of a PDF are fine; a client that sends nothing is not.
    requestTimeout: 30_000,
    return503OnClosing: true
  })

  try {
    const readers = new ReaderResolver({config, serve, store, usersFile, unguarded: options.unguarded})
    const audit = new AuditLog(store, (error) => app.log.error({err: error}, 'audit trail: write failed, will retry'))
    const secure = tls !== undefined
    const context = new KaiteiContext({cache: false})
    // A reader's acknowledgements, asked of the database once in a few seconds (their own are seen at once).
    const acks = new LRUCache<string, Acknowledgement[]>({max: 20_000, ttl: sessionSeconds * 1000})

    await app.register(fastifyCookie, {secret: await store.secret('cookie-secret')})
    await app.register(fastifyFormbody)
    await app.register(fastifyCsrf, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: 'kaitei_csrf',
      cookieOpts: {path: '/', sameSite: 'strict', httpOnly: true, secure, signed: true},
      getToken: (request) => (request.body as {_csrf?: string} | undefined)?._csrf
    })
    await app.register(fastifyRateLimit, {global: false})

    // Errors say their status and nothing of the server's insides; the log has the rest.
    app.setErrorHandler((error: Error & {statusCode?: number}, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
      if (status >= 500) request.log.error({err: error}, 'request failed')
      const words: Record<number, string> = {400: 'Bad request', 403: 'Forbidden (reload the page and try again)', 404: 'Not found', 413: 'Request too large', 429: 'Too many requests'}
      return reply.code(status).type('text/plain; charset=utf-8').send(words[status] ?? 'Server error')
    })
    app.setNotFoundHandler((_request, reply) => reply.code(404).type('text/plain; charset=utf-8').send('Not found'))
    app.decorateRequest('reader', null as unknown as Reader)
    app.addHook('onRequest', async (request) => {
      const found = await readers.resolve(request)
      request.reader = found.reader
      if (found.sessionId) request.sessionId = found.sessionId
    })
    app.addHook('onSend', async (request, reply, payload) => {
      reply.header('Content-Security-Policy', headerPolicy)
      reply.header('X-Content-Type-Options', 'nosniff')
      reply.header('X-Frame-Options', 'DENY')
      reply.header('Referrer-Policy', 'no-referrer')
      reply.header('Cross-Origin-Resource-Policy', 'same-origin')
      if (secure) reply.header('Strict-Transport-Security', 'max-age=31536000')
      // Only a public edition's files may sit in a cache; everything else is the reader's alone.
      reply.header('Cache-Control', request.publicResponse ? 'no-cache' : 'no-store')
      if (!request.publicResponse) reply.header('Vary', 'Cookie')
      return payload
    })
    if (guarded) {
      app.addHook('onResponse', async (request, reply) => {
        if (request.url === '/-/health') return
        const length = Number(reply.getHeader('content-length'))
        audit.add({
          at: Date.now(),
          kind: 'request',
          user: request.reader?.user ?? null,
          audience: request.servedEdition ?? request.reader?.audience ?? null,
          method: request.method,
          path: request.url.slice(0, 2048),
          status: reply.statusCode,
          bytes: Number.isFinite(length) && request.method !== 'HEAD' ? length : 0,
          address: request.ip
        })
      })
    }

    const lang = async () => [...((await build.current())?.editions.values() ?? [])][0]?.lang ?? config.lang
    const title = async () => (await build.current())?.title || config.title
    const canSignIn = guarded && (await readers.hasUsers())
    const nextOf = (value: unknown) => (typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/')

    app.get('/-/health', async (_request, reply) => {
      const current = await build.current()
      try {
        await store.ping()
      } catch {
        return reply.code(503).send({status: 'database unavailable'})
      }
      if (!current) return reply.code(503).send({status: 'no build'})
      return {status: 'ok'}
    })
    app.get('/-/assets/serve.css', async (request, reply) => {
      request.publicResponse = true
      return reply.type('text/css; charset=utf-8').send(serveCss)
    })
    // Fonts for the server's own words: offline, like every edition.
    const fonts = await selectFonts([...serveWords(), config.title, ...config.audiences.map((d) => d.label)], context)
    const fontFiles = new Map(fonts.files.map((d) => [d.name, d.from]))
    app.get('/-/assets/fonts.css', async (request, reply) => {
      request.publicResponse = true
      return reply.type('text/css; charset=utf-8').send(fonts.css)
    })
    app.get('/-/assets/fonts/:file', async (request, reply) => {
      const from = fontFiles.get((request.params as {file: string}).file)
      if (!from) return reply.code(404).type('text/plain; charset=utf-8').send('Not found')
      request.publicResponse = true
      const body = await fs.readFile(from)
      return sendBytes(request, reply, 'font/woff2', {size: body.length, mtime: new Date(0), bytes: body})
    })

    const showSignIn = async (request: FastifyRequest, reply: FastifyReply, status: number, extra: {error?: 'wrong' | 'locked' | 'noAudience'; name?: string; next?: string}) => {
      const html = signInPage({lang: await lang(), title: await title(), csrf: reply.generateCsrf(), next: extra.next ?? nextOf((request.query as {next?: string}).next), error: extra.error, name: extra.name})
      return reply.code(status).type('text/html; charset=utf-8').send(html)
    }
    app.get('/-/signin', async (request, reply) => {
      if (!canSignIn) return reply.code(404).send('Not found')
      return showSignIn(request, reply, 200, {})
    })
    app.post(
      '/-/signin',
      {preHandler: app.csrfProtection, config: {rateLimit: {max: 60, timeWindow: '1 minute'}}},
      async (request, reply) => {
        if (!canSignIn) return reply.code(404).send('Not found')
        const body = (request.body ?? {}) as {name?: unknown; password?: unknown; next?: unknown}
        const name = typeof body.name === 'string' ? body.name.trim().slice(0, 128) : ''
        const password = typeof body.password === 'string' ? body.password.slice(0, 1024) : ''
        const next = nextOf(body.next)
        const now = Date.now()
        const failures = await store.failures(name, request.ip, now - serve.lockMinutes * 60_000)
        const record = (kind: 'sign-in' | 'sign-in-failed', detail: string, audience: string | null = null) =>
          audit.add({at: now, kind, user: name || null, audience, address: request.ip, detail})
        if (failures.user >= serve.maxFailures || failures.address >= serve.maxFailuresPerAddress) {
          record('sign-in-failed', 'locked')
          reply.header('Retry-After', String(serve.lockMinutes * 60))
          return showSignIn(request, reply, 429, {error: 'locked', name, next})
        }
        const user = await readers.user(name)
        const ok = await verifyPassword(password, user?.hash ?? (await decoyHash()))
        if (!user || !ok) {
          await store.recordFailure(name, request.ip, now)
          record('sign-in-failed', user ? 'wrong password' : 'unknown user')
          return showSignIn(request, reply, 401, {error: 'wrong', name, next})
        }
        if (!names.has(user.audience)) {
          record('sign-in-failed', 'unknown audience ' + user.audience)
          return showSignIn(request, reply, 403, {error: 'noAudience', name, next})
        }
        await store.clearFailures(name, now - serve.lockMinutes * 60_000)
        // A new sign-in is a new session: the one this browser had ends.
        if (request.sessionId) await readers.forget(request.sessionId)
        const token = randomBytes(32).toString('base64url')
        await store.createSession(hashToken(token), {user: user.name, audience: user.audience, createdAt: now, expiresAt: now + serve.sessionHours * 3_600_000, address: request.ip})
        record('sign-in', 'password', user.audience)
        app.log.info({user: user.name, audience: user.audience, address: request.ip}, 'signed in')
        reply.setCookie(sessionCookie, token, {path: '/', httpOnly: true, sameSite: 'strict', secure, maxAge: serve.sessionHours * 3600})
        return reply.redirect(next, 303)
      }
    )
    app.post('/-/signout', {preHandler: app.csrfProtection}, async (request, reply) => {
      if (request.sessionId) {
        await readers.forget(request.sessionId)
        audit.add({at: Date.now(), kind: 'sign-out', user: request.reader.user, audience: request.reader.audience, address: request.ip})
      }
      reply.clearCookie(sessionCookie, {path: '/'})
      return reply.redirect(canSignIn ? '/-/signin' : '/', 303)
    })
    app.post('/-/ack', {preHandler: app.csrfProtection}, async (request, reply) => {
      const {user, audience} = request.reader
      const body = (request.body ?? {}) as {audience?: unknown; version?: unknown}
      const current = await build.current()
      const edition = typeof body.audience === 'string' ? current?.editions.get(body.audience) : undefined
      // Only the reader's own edition, and only the version in force now.
      if (user === null || audience === null || !edition || edition.name !== audience || !edition.version || edition.version.key !== body.version) {
        return reply.code(409).type('text/plain; charset=utf-8').send('This is not the version in force of your edition; reload the page.')
      }
      await store.acknowledge({user, audience, version: edition.version.key, at: Date.now(), address: request.ip})
      acks.delete(user + '\0' + audience)
      ackGeneration.set(user, (ackGeneration.get(user) ?? 0) + 1)
      audit.add({at: Date.now(), kind: 'acknowledgement', user, audience, address: request.ip, detail: edition.version.key})
      return reply.redirect('/' + audience + '/', 303)
    })
    app.get('/-/changes/:audience/:from', async (request, reply) => {
      const {audience, from} = request.params as {audience: string; from: string}
      const current = await build.current()
      const edition = current?.editions.get(audience)
      if (!edition?.version || !request.reader.viewable.has(audience) || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}(-[0-9]+)?$/.test(from)) return reply.code(404).send('Not found')
      try {
        const {diffVersions} = await import('../diff/diff-versions.js')
        const {renderRedline} = await import('../diff/render-html.js')
        const diff = await diffVersions({config: config.path, from, to: edition.version.key, audience, context})
        return reply.type('text/html; charset=utf-8').send(renderRedline(diff, {lang: config.lang, public: edition.public, assets: '/' + audience + '/assets/'}))
      } catch (error) {
        request.log.warn({err: error}, 'changes since a version')
        return reply.code(404).send('Not found')
      }
    })

    app.route({
      method: ['GET', 'HEAD'],
      url: '/*',
      exposeHeadRoute: false,
      handler: async (request, reply) => {
        const current = await build.current()
        if (!current) return reply.code(503).send('No build to serve')
        const decision = authorize(request.raw.url ?? '/', request.reader, new Set(current.editions.keys()))
        if (decision.kind === 'redirect') return reply.redirect(decision.location, 302)
        if (decision.kind === 'deny') {
          if (decision.status === 401 && canSignIn && request.method === 'GET') return reply.redirect('/-/signin?next=' + encodeURIComponent(safeNext(request.raw.url)), 302)
          return reply.code(decision.status).type('text/plain; charset=utf-8').send(decision.status === 400 ? 'Bad request' : decision.status === 401 ? 'Sign in to read' : 'Not found')
        }
        const held = await build.file(current, decision.edition, decision.file)
        if (!held) return reply.code(404).type('text/plain; charset=utf-8').send('Not found')
        const edition = current.editions.get(decision.edition)!
        request.servedEdition = decision.edition
        request.publicResponse = edition.public && request.reader.user === null
        const type = contentTypes[path.extname(decision.file).toLowerCase()] ?? 'application/octet-stream'
        // Big files (PDFs) stream from the file opened now: the build it started on, to the end.
        if (held === 'too big') {
          const opened = await build.open(decision.edition, decision.file)
          if (!opened) return reply.code(404).type('text/plain; charset=utf-8').send('Not found')
          return sendBytes(request, reply, type, {size: opened.size, mtime: opened.mtime, stream: (start, end) => opened.handle.createReadStream({start, end}), close: () => opened.handle.close()})
        }
        reply.header('Last-Modified', held.mtime.toUTCString())
        // Pages get the reader's bar, between the two halves of the page as built.
        if (type.startsWith('text/html') && guarded) {
          const page = halves(held)
          const bar = await cachedBar(request, reply, current, decision.edition, decision.file)
          reply.type(type).header('Content-Length', page.before.length + bar.length + page.after.length)
          // One buffer (measured faster than streaming the three parts).
          return request.method === 'HEAD' ? reply.send() : reply.send(Buffer.concat([page.before, bar, page.after]))
        }
        return sendBytes(request, reply, type, {size: held.body.length, mtime: held.mtime, bytes: held.body})
      }
    })

    /**
     * The bar as last made for this browser and page (a few seconds): it is
     * the same for every page view until the reader acknowledges or the
     * build changes, and its CSRF token stays valid with the browser's
     * CSRF cookie — only a browser that has that cookie gets a kept one.
     */
    const bars = new LRUCache<string, Promise<Buffer>>({max: 20_000, ttl: sessionSeconds * 1000})
    const ackGeneration = new Map<string, number>()
    const cachedBar = async (request: FastifyRequest, reply: FastifyReply, current: BuildView, edition: string, file: string): Promise<Buffer> => {
      const {reader} = request
      // An anonymous reader's bar has no form; a signed-in reader's forms need the browser's CSRF cookie.
      const csrfCookie = request.cookies?.kaitei_csrf
      const keep = reader.user === null || csrfCookie !== undefined
      const key = keep ? [reader.user ?? '', request.sessionId ?? '', csrfCookie ?? '', reader.audience, current.stamp, edition, file, ackGeneration.get(reader.user ?? '') ?? 0].join('\0') : ''
      const found = keep ? bars.get(key) : undefined
      if (found) return found
      // Requests that arrive together wait for one bar, not make one each.
      const bar = barFor(request, reply, current, edition, file).then((d) => Buffer.from(d))
      if (keep) bars.set(key, bar)
      bar.catch(() => bars.delete(key))
      return bar
    }

    /** A page split where the bar goes, with the stylesheet and form permission put in (once per page per build). */
    const split = new WeakMap<HeldFile, {before: Buffer; after: Buffer}>()
    const halves = (held: HeldFile) => {
      let found = split.get(held)
      if (!found) {
        const [before, after] = injectBar(held.body.toString('utf8'), '\0').split('\0') as [string, string]
        found = {before: Buffer.from(before), after: Buffer.from(after ?? '')}
        split.set(held, found)
      }
      return found
    }

    /** The reader's bar for a page of `edition`: who, which editions, and on the version in force an acknowledgement. */
    const barFor = async (request: FastifyRequest, reply: FastifyReply, current: BuildView, edition: string, file: string): Promise<string> => {
      const {reader} = request
      const pageLang = current.editions.get(edition)?.lang ?? config.lang
      const views = [...current.editions.values()]
        .filter((d) => reader.viewable.has(d.name))
        .map((d) => ({name: d.name, label: d.label, href: '/' + d.name + '/' + file.replace(/(^|\/)index\.html$/, '$1'), current: d.name === edition}))
      const own = reader.audience ? current.editions.get(reader.audience) : undefined
      let ack: Parameters<typeof readerBar>[0]['ack']
      if (reader.user !== null && own?.version && edition === own.name && file === 'index.html') {
        const key = reader.user + '\0' + own.name
        let mine = acks.get(key)
        if (!mine) acks.set(key, (mine = await store.acknowledgements({user: reader.user, audience: own.name})))
        const done = mine.find((d) => d.version === own.version!.key)
        const earlier = mine.filter((d) => d.version < own.version!.key).at(-1)
        ack = {
          audience: own.name,
          version: own.version.key,
          label: own.version.label,
          ...(done ? {done: {at: formatDate(tokyoDate(done.at), config.dateStyle)}} : {}),
          ...(!done && earlier ? {since: {label: earlier.version, href: '/-/changes/' + own.name + '/' + earlier.version}} : {})
        }
      }
      return readerBar({
        lang: pageLang,
        user: reader.user,
        label: (reader.audience && current.editions.get(reader.audience)?.label) || reader.audience || '',
        views,
        csrf: reader.user !== null ? reply.generateCsrf() : '',
        canSignIn,
        // A proxy's reader signs out at the proxy.
        canSignOut: request.sessionId !== undefined,
        ack
      })
    }

    // Expired sessions and old failed sign-ins go now and then.
    const sweep = setInterval(() => void store.sweep(Date.now()).catch(() => undefined), 10 * 60_000)
    sweep.unref()
    app.addHook('onClose', async () => {
      clearInterval(sweep)
      await audit.close()
    })

    const address = await app.listen({host: options.host ?? '127.0.0.1', port: options.port ?? 8080})
    let closing: Promise<void> | undefined
    return {
      url: address,
      app,
      store,
      close: () =>
        (closing ??= (async () => {
          await app.close()
          await store.close()
        })())
    }
  } catch (error) {
    await app.close().catch(() => undefined)
    await store.close().catch(() => undefined)
    throw error
  }
}

/** The session id as stored: a hash of the cookie's token, so the table alone signs no one in. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url')

/** The calendar day of a moment in Japan's time (the day an acknowledgement was given). */
export function tokyoDate(ms: number): {year: number; month: number; day: number} {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', {timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit'}).format(ms).split('-').map(Number) as [number, number, number]
  return {year, month, day}
}

/** The path to come back to after signing in: this server's own, nothing else. */
function safeNext(url: string | undefined): string {
  return url && /^\/(?![/\\])/.test(url) ? url : '/'
}

interface Bytes {
  size: number
  mtime: Date
  /** The whole file in memory, or a way to stream a part of it. */
  bytes?: Buffer
  stream?: (start: number, end: number) => NodeJS.ReadableStream
  close?: () => Promise<void>
}

/** A file's bytes with ETag, a single Range, HEAD; the open file closed whatever happens. */
async function sendBytes(request: FastifyRequest, reply: FastifyReply, type: string, file: Bytes): Promise<FastifyReply> {
  const done = async () => {
    await file.close?.()
  }
  const etag = '"' + file.size.toString(16) + '-' + Math.floor(file.mtime.getTime()).toString(16) + '"'
  reply.type(type).header('ETag', etag).header('Accept-Ranges', 'bytes').header('Last-Modified', file.mtime.toUTCString())
  if (request.headers['if-none-match'] === etag) {
    await done()
    return reply.code(304).send()
  }
  let start = 0
  let end = file.size - 1
  const range = request.headers.range
  if (range && file.size > 0) {
    const ranges = rangeParser(file.size, range, {combine: true})
    if (ranges === -1) {
      await done()
      return reply.code(416).header('Content-Range', 'bytes */' + file.size).send()
    }
    if (ranges !== -2 && ranges.type === 'bytes' && ranges.length === 1) {
      start = ranges[0]!.start
      end = ranges[0]!.end
      reply.code(206).header('Content-Range', 'bytes ' + start + '-' + end + '/' + file.size)
    }
  }
  reply.header('Content-Length', file.size === 0 ? 0 : end - start + 1)
  if (request.method === 'HEAD' || file.size === 0 || file.bytes) {
    await done()
    if (request.method === 'HEAD' || file.size === 0) return reply.send()
    return reply.send(start === 0 && end === file.size - 1 ? file.bytes : file.bytes!.subarray(start, end + 1))
  }
  return reply.send(file.stream!(start, end))
}
