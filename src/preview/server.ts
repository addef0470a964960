/**
 * `kaitei preview`: the working tree's editions while they are written, on
 * the same HTTP stack as `kaitei serve` (Fastify), for this machine only —
 * it listens on 127.0.0.1, answers only loopback peers and requests named
 * for this host (no DNS rebinding), and serves only what it rendered.
 *
 * A save (chokidar) renders again through the library (workspace.ts); the
 * open page hears of it by server-sent events and reloads where it was, or
 * shows what broke over the last good page. A bar on every page switches
 * the audience and opens the draft amendment: the redline and 新旧対照表 of
 * the working tree against the version in force.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import Fastify, {LogController, type FastifyInstance, type FastifyReply} from 'fastify'
import type {FSWatcher} from 'chokidar'
import {h} from 'hastscript'
import {toHtml} from 'hast-util-to-html'
import {renderRedline} from '../diff/render-html.js'
import {renderComparisonTable} from '../diff/render-table.js'
import {parsePath} from '../serve/authorize.js'
import {barLabels, previewCss, previewScript} from './client.js'
import {Workspace, type Rendering, type WorkspaceState} from './workspace.js'

export interface PreviewOptions {
  config?: string
  /** Port on 127.0.0.1 (default 3000; 0: any free port). */
  port?: number
  /** The audience shown first (default: the one that sees most). */
  audience?: string
  /** Watch the files for saves (default: true). */
  watch?: boolean
  logLevel?: string
}

export interface RunningPreview {
  url: string
  app: FastifyInstance
  workspace: Workspace
  close(): Promise<void>
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp'
}

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

export async function startPreview(options: PreviewOptions = {}): Promise<RunningPreview> {
  const workspace = new Workspace(options.config ?? 'kaitei.yaml')
  await workspace.refresh()
  const app = Fastify({logger: {level: options.logLevel ?? 'warn'}, logController: new LogController({disableRequestLogging: true})})
  let port = options.port ?? 3000

  // This machine only: a peer that is not loopback, or a request named for another host (a
  // page elsewhere rebinding a name to 127.0.0.1), is refused.
  app.addHook('onRequest', async (request, reply) => {
    const host = String(request.headers.host ?? '')
    if (!loopback.has(request.raw.socket.remoteAddress ?? '') || (host !== '127.0.0.1:' + port && host !== 'localhost:' + port)) {
      return reply.code(403).type('text/plain; charset=utf-8').send('kaitei preview answers this machine only')
    }
  })
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('Cache-Control', 'no-store').header('X-Content-Type-Options', 'nosniff').header('X-Frame-Options', 'DENY')
    return payload
  })
  app.setNotFoundHandler((_request, reply) => reply.code(404).type('text/plain; charset=utf-8').send('Not found'))

  const current = () => workspace.state.good
  const defaultAudience = (rendering: Rendering) =>
    (options.audience && rendering.audiences.find((d) => d.name === options.audience)?.name) ??
    [...rendering.audiences].sort((a, b) => b.clearance.length - a.clearance.length)[0]!.name

  app.get('/-/preview.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(previewScript))
  app.get('/-/preview.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(previewCss))

  // Server-sent events: the state now, then after every render.
  const streams = new Set<FastifyReply>()
  const event = (state: WorkspaceState) =>
    'event: state\ndata: ' +
    JSON.stringify({
      generation: state.good?.generation ?? 0,
      revision: state.revision,
      problems: state.problems,
      // What the page shows beside its text, kept current when a save patches the text in place.
      warnings: state.good?.warnings ?? [],
      pending: state.good?.pending === true,
      drafts: Object.fromEntries([...(state.good?.drafts ?? [])].map(([name, draft]) => [name, draft.changed])),
      patchFrom: state.good?.patch?.from ?? null
    }) +
    '\n\n'
  workspace.onChange((state) => {
    for (const stream of streams) stream.raw.write(event(state))
  })
  app.get('/-/events', (request, reply) => {
    reply.hijack()
    reply.raw.writeHead(200, {'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive'})
    reply.raw.write('retry: 500\n' + event(workspace.state))
    streams.add(reply)
    request.raw.on('close', () => streams.delete(reply))
  })

  const page = (rendering: Rendering, audience: string, body: string, where: {file?: string; draft?: 'redline' | 'table'}) => {
    const words = rendering.lang === 'ja' ? barLabels.ja : barLabels.en
    const draft = rendering.drafts.get(audience)
    const bar = h('div.kaitei-preview', {role: 'region', 'aria-label': words.preview}, [
      h('span', words.preview),
      h(
        'nav',
        {'aria-label': words.edition},
        rendering.audiences.map((d) =>
          d.name === audience && !where.draft ? h('strong', {'aria-current': 'page'}, d.label) : h('a', {href: where.draft ? '/-/draft/' + d.name + '/' + (where.draft === 'table' ? 'table' : '') : '/' + d.name + '/'}, d.label)
        ).flatMap((d, i) => (i === 0 ? [d] : [' ', d]))
      ),
      draft
        ? h('span.kaitei-preview-draft', [
            words.draft,
            h('span.kaitei-preview-count', String(draft.changed)),
            words.changed + ' ',
            where.draft === 'redline' ? h('strong', words.redline) : h('a', {href: '/-/draft/' + audience + '/'}, words.redline),
            ' ',
            where.draft === 'table' ? h('strong', words.table) : h('a', {href: '/-/draft/' + audience + '/table'}, words.table),
            where.draft ? [' ', h('a', {href: '/' + audience + '/'}, words.back)] : []
          ])
        : h('span.kaitei-preview-draft', words.noDraft)
    ])
    const problems = workspace.state.problems
    return body
      .replace(/<html\b/, '<html data-kaitei-generation="' + rendering.generation + '"')
      .replace('</head>', '<link rel="stylesheet" href="/-/preview.css">\n<script src="/-/preview.js" defer></script>\n</head>')
      .replace(/default-src (?:'|&#x27;|&#39;)none(?:'|&#x27;|&#39;);/, "default-src 'none'; connect-src 'self';")
      .replace(/<body\b[^>]*>/, (tag) => tag + '\n' + toHtml(bar) + (problems.length ? '' : ''))
  }

  app.get('/', async (_request, reply) => {
    const rendering = current()
    if (!rendering) return reply.code(503).type('text/html; charset=utf-8').send(waitingPage(workspace.state))
    return reply.redirect('/' + defaultAudience(rendering) + '/', 302)
  })

  // The parts of an audience's page that changed with the last save, when nothing else did.
  app.get('/-/patch/:audience/:from', async (request, reply) => {
    const rendering = current()
    const {audience, from} = request.params as {audience: string; from: string}
    const ids = rendering?.patch?.from === Number(from) ? rendering.patch.files.get(audience) : undefined
    if (!rendering || !ids) return reply.code(409).type('text/plain; charset=utf-8').send('Reload')
    const parts = rendering.parts.get(audience)!
    return {generation: rendering.generation, files: Object.fromEntries(ids.map((id) => [id, parts.files.get(id)!]))}
  })

  app.get('/-/draft/:audience/*', async (request, reply) => {
    const rendering = current()
    const {audience} = request.params as {audience: string}
    const rest = (request.params as {'*': string})['*']
    const draft = rendering?.drafts.get(audience)
    if (!rendering || !draft || (rest !== '' && rest !== 'table')) return reply.code(404).type('text/plain; charset=utf-8').send('Not found')
    const edition = rendering.audiences.find((d) => d.name === audience)!
    const pageOptions = {lang: rendering.lang, public: edition.public, assets: '/' + audience + '/assets/'}
    const html = rest === 'table' ? renderComparisonTable(draft.diff, pageOptions) : renderRedline(draft.diff, pageOptions)
    return reply.type('text/html; charset=utf-8').send(page(rendering, audience, html, {draft: rest === 'table' ? 'table' : 'redline'}))
  })

  app.get('/*', async (request, reply) => {
    const rendering = current()
    if (!rendering) return reply.code(503).type('text/html; charset=utf-8').send(waitingPage(workspace.state))
    const parsed = parsePath(request.raw.url ?? '/')
    if ('error' in parsed) return reply.code(400).type('text/plain; charset=utf-8').send('Bad request')
    const [audience, ...rest] = parsed.segments
    const files = audience ? rendering.files.get(audience) : undefined
    if (!files) return reply.code(404).type('text/plain; charset=utf-8').send('Not found')
    if (rest.length === 0 && !parsed.trailingSlash) return reply.redirect('/' + audience + '/', 302)
    const name = rest.length === 0 || parsed.trailingSlash ? [...rest, 'index.html'].join('/') : rest.join('/')
    // Only what the rendering holds: no path reaches the disk but the files it copies from.
    const file = files.get(name)
    if (!file) return reply.code(404).type('text/plain; charset=utf-8').send('Not found')
    const type = types[path.extname(name).toLowerCase()] ?? 'application/octet-stream'
    const body = 'content' in file ? file.content : await fs.readFile(file.copyFrom)
    if (name === 'index.html') return reply.type(type).send(page(rendering, audience!, String(body), {file: name}))
    return reply.type(type).send(typeof body === 'string' ? body : Buffer.from(body))
  })

  let watcher: FSWatcher | undefined
  if (options.watch !== false) {
    const {watch} = await import('chokidar')
    const ignored = /(^|[/\\])(node_modules|\.git|build|build\.[^/\\]*|dist|\.kaitei)([/\\]|$)/
    watcher = watch(workspace.root, {ignored: (file: string) => ignored.test(path.relative(workspace.root, file)), ignoreInitial: true, awaitWriteFinish: false})
    watcher.on('all', () => void workspace.refresh())
    await new Promise<void>((resolve) => watcher!.once('ready', () => resolve()))
  }

  const address = await app.listen({host: '127.0.0.1', port})
  port = Number(new URL(address).port)
  return {
    url: address,
    app,
    workspace,
    async close() {
      await watcher?.close()
      for (const stream of streams) stream.raw.end()
      await app.close()
    }
  }
}

/** Before the first good rendering: what broke, and the page reloads when it is fixed. */
function waitingPage(state: WorkspaceState): string {
  const rows = state.problems.map((d) => h('li', [h('code', (d.file ?? '') + (d.line ? ':' + d.line + ':' + d.column : '')), ' ', d.message]))
  return (
    '<!doctype html>\n' +
    toHtml(
      h('html', {lang: 'en', 'data-kaitei-generation': '0'}, [
        h('head', [h('meta', {charset: 'utf-8'}), h('title', 'kaitei preview'), h('link', {rel: 'stylesheet', href: '/-/preview.css'}), h('script', {src: '/-/preview.js', defer: true})]),
        h('body', [h('section#kaitei-preview-problems', {role: 'alert'}, [h('h2', 'The publication does not build yet'), h('ul', rows)])])
      ])
    )
  )
}
