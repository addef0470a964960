/**
 * Helpers for the server's tests: a policy with three audiences and
 * canaries in git, built; an HTTP client that sends a path byte for byte
 * (fetch would normalise `..` and `%2e` before the server saw them) and
 * keeps cookies; sign-in through the form, CSRF token and all.
 */
import fs from 'node:fs/promises'
import http from 'node:http'
import https from 'node:https'
import path from 'node:path'
import {git, runCli, tempDir} from './helpers.js'
import {hashPassword, writeUsers} from '../src/serve/users.js'

/** Text only the security edition may show; its presence anywhere else is a leak. */
export const securityCanary = 'SECURITYCANARY7f3a'
/** Text the staff and security editions show, never the public one. */
export const staffCanary = 'STAFFCANARY2b9c'

export const serveConfig = (serve: string) => `id: serve-test
title: 試験規程
owner: 試験課
sources: [docs/a.md, docs/secret.md]
audiences:
  - {name: public, label: 公開, public: true}
  - {name: staff, label: 庁内限定, includes: public}
  - {name: security, label: 担当者限定, includes: staff}
${serve}`

export const defaultServe = `serve:
  anonymous: public
  maxFailures: 3
  maxFailuresPerAddress: 12
  proxy:
    addresses: [10.255.255.1]
    groups: {sec-team: security, all-staff: staff}
`

const text = (version: string, marker = '') => `# 第1章 総則

## 1 目的

この規程は、情報資産を守るために定める。${version}${marker}

## 2 職員の責務

職員は、この規程を守らなければならない。

:::access{audience=staff}
庁内の連絡先は ${staffCanary} である。
:::

## 3 担当者

:::access{audience=security}
緊急連絡先は ${securityCanary} である。
:::
`

const secret = `---
title: 別紙 非常時の手順
access: security
---

# 別紙 非常時の手順

## 1 手順

非常時は ${securityCanary} に連絡する。
`

export interface Amendment {
  date: string
  type: string
  words: string
}

/** The policy in git, one commit per amendment. */
export async function servePublication(amendments: readonly Amendment[], serve = defaultServe): Promise<string> {
  const dir = await tempDir('kaitei-serve-')
  await fs.mkdir(path.join(dir, 'docs'))
  await git(dir, 'init', '-q', '-b', 'main')
  for (const [index] of amendments.entries()) await commitAmendment(dir, amendments.slice(0, index + 1), serve)
  return dir
}

export async function commitAmendment(dir: string, amendments: readonly Amendment[], serve = defaultServe, marker = ''): Promise<void> {
  const history = amendments.map((d) => '  - {date: ' + d.date + ', type: ' + d.type + '}\n').join('')
  await fs.writeFile(path.join(dir, 'docs', 'a.md'), text(amendments.at(-1)!.words, marker))
  await fs.writeFile(path.join(dir, 'docs', 'secret.md'), secret)
  await fs.writeFile(path.join(dir, 'kaitei.yaml'), serveConfig(serve) + 'history:\n' + history)
  await git(dir, 'add', '-A')
  await git(dir, 'commit', '-q', '-m', amendments.at(-1)!.type + ' ' + amendments.at(-1)!.date)
}

export async function buildHtml(dir: string, out = path.join(dir, 'build')): Promise<void> {
  const result = await runCli(['build', '--format', 'html', '--all-versions', '--no-cache', '-q', '--out', out], dir)
  if (result.status !== 0) throw new Error('build failed: ' + result.stderr)
}

/** Readers with quick hashes (the command's own are slower on purpose). */
export async function writeTestUsers(file: string, users: Array<{name: string; audience: string; password: string}>): Promise<void> {
  const cost = {N: 2 ** 12, r: 8, p: 1}
  await writeUsers(file, await Promise.all(users.map(async (d) => ({name: d.name, audience: d.audience, hash: await hashPassword(d.password, cost)}))))
}

export interface Response {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

export interface RequestOptions {
  method?: string
  headers?: Record<string, string>
  body?: string
}

/** One request with the path sent exactly as given. */
export function request(base: string, rawPath: string, options: RequestOptions = {}): Promise<Response> {
  const url = new URL(base)
  const client = url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = client.request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: rawPath,
        headers: {...(options.body !== undefined ? {'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(options.body))} : {}), ...options.headers},
        rejectUnauthorized: false,
        agent: false
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8')}))
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.setTimeout(20_000, () => req.destroy(new Error('no answer in 20 s: ' + rawPath)))
    req.end(options.body)
  })
}

/** A browser, as far as cookies go: keeps what the server sets, sends it back. */
export class Browser {
  readonly cookies = new Map<string, string>()
  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => k + '=' + v).join('; ')
  }

  async get(rawPath: string, options: RequestOptions = {}): Promise<Response> {
    return this.send(rawPath, options)
  }

  async post(rawPath: string, form: Record<string, string>): Promise<Response> {
    return this.send(rawPath, {method: 'POST', body: new URLSearchParams(form).toString()})
  }

  private async send(rawPath: string, options: RequestOptions): Promise<Response> {
    const response = await request(this.base, rawPath, {...options, headers: {...(this.cookies.size ? {cookie: this.cookieHeader()} : {}), ...options.headers}})
    const set = response.headers['set-cookie'] ?? []
    for (const line of set) {
      const [pair, ...attributes] = line.split(';')
      const [name, ...value] = pair!.split('=')
      const expired = attributes.some((d) => /^\s*expires=Thu, 01 Jan 1970/i.test(d)) || attributes.some((d) => /^\s*max-age=0\s*$/i.test(d))
      if (expired || value.join('=') === '') this.cookies.delete(name!.trim())
      else this.cookies.set(name!.trim(), value.join('='))
    }
    return response
  }

  /** The CSRF token of a page's form. */
  static token(html: string): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(html)
    if (!match) throw new Error('no CSRF token in the page')
    return match[1]!
  }

  async signIn(name: string, password: string): Promise<Response> {
    const page = await this.get('/-/signin')
    return this.post('/-/signin', {_csrf: Browser.token(page.body), name, password, next: '/'})
  }
}
