/**
 * What the server adds to the build's pages, built as trees: the sign-in
 * page, and on every page of an edition a bar with the reader's name, the
 * editions they may view it as, sign-out, and — on the version in force of
 * their own edition — whether they have acknowledged it (周知・確認).
 * Forms only; no script, so the pages' CSP stays as strict as built.
 */
import type {Element, ElementContent} from 'hast'
import {h} from 'hastscript'
import {toHtml} from 'hast-util-to-html'
import {pageShell} from '../page/shell.js'

export const serveStylesheet = '/-/assets/serve.css'
/** The font subsets for the server's own words (the sign-in page, the bar): the build's fonts cover only the build's text. */
export const serveFonts = '/-/assets/fonts.css'

/** The bar's and the sign-in page's own styles: one small file, no inline style. */
export const serveCss = `.kaitei-serve,.kaitei-signin{font-family:'Noto Sans JP',system-ui,sans-serif}
.kaitei-serve{display:flex;flex-wrap:wrap;gap:.5em 1.25em;align-items:center;padding:.5em 1em;background:#f3f5f8;border-bottom:1px solid #cfd6df;font-size:.9rem;line-height:1.5}
.kaitei-serve form{display:inline;margin:0}
.kaitei-serve button{font:inherit;padding:.2em .8em;border:1px solid #6b7785;border-radius:3px;background:#fff;cursor:pointer}
.kaitei-serve .kaitei-ack{flex-basis:100%;padding:.4em .6em;border-left:4px solid #b35c00;background:#fff8ef}
.kaitei-serve .kaitei-ack.done{border-left-color:#2e7d32;background:#f1f8f1}
.kaitei-serve .kaitei-ack button{margin-left:.75em;font-weight:bold}
.kaitei-serve nav a,.kaitei-serve nav strong{margin-right:.6em}
@media print{.kaitei-serve{display:none}}
.kaitei-signin{max-width:26rem;margin:4rem auto;padding:0 1rem}
.kaitei-signin label{display:block;margin-top:1rem}
.kaitei-signin input{display:block;width:100%;box-sizing:border-box;padding:.5em;font-size:1rem}
.kaitei-signin button{margin-top:1.25rem;padding:.5em 1.5em;font-size:1rem}
.kaitei-signin input,.kaitei-signin button{font-family:inherit}
.kaitei-signin form{padding:1.25rem 1.5rem 1.5rem;border:1px solid #cfd6df;border-radius:6px;background:#f8f9fb}
.kaitei-signin h1{font-size:1.4rem;text-wrap:balance}
.kaitei-signin .error{color:#b00020;font-weight:bold}
`

type Lang = 'ja' | 'en'
const text = {
  ja: {
    signIn: 'サインイン',
    signOut: 'サインアウト',
    name: '利用者名',
    password: 'パスワード',
    wrong: '利用者名またはパスワードが違います。',
    locked: '失敗が続いたため、しばらくサインインできません。時間をおいてお試しください。',
    noAudience: 'この利用者が閲覧できる版はありません。',
    reader: (name: string, label: string) => name + '（' + label + '）',
    viewAs: '表示する版：',
    acked: (version: string, when: string) => version + 'の内容を確認済み（' + when + '）',
    pending: (version: string) => version + 'の内容をまだ確認していません。',
    ackButton: '内容を確認しました',
    since: (version: string) => '前回確認した版（' + version + '）からの変更',
    anonymous: '閲覧者: 未サインイン',
    bar: '閲覧者'
  },
  en: {
    signIn: 'Sign in',
    signOut: 'Sign out',
    name: 'User name',
    password: 'Password',
    wrong: 'The user name or password is wrong.',
    locked: 'Too many failed sign-ins: please try again later.',
    noAudience: 'There is no edition this user may read.',
    reader: (name: string, label: string) => name + ' (' + label + ')',
    viewAs: 'View as:',
    acked: (version: string, when: string) => 'You acknowledged ' + version + ' (' + when + ')',
    pending: (version: string) => 'You have not yet acknowledged ' + version + '.',
    ackButton: 'I have read this version',
    since: (version: string) => 'What changed since the version you acknowledged (' + version + ')',
    anonymous: 'Not signed in',
    bar: 'Reader'
  }
}
export const serveText = (lang: string) => text[lang === 'ja' ? 'ja' : 'en']

/** Every word the server itself may show, in both languages, with the digits of dates. */
export function serveWords(): string[] {
  return Object.values(text).flatMap((t) => Object.values(t).map((d) => (typeof d === 'function' ? (d as (...a: string[]) => string)('', '') : d))).concat(['0123456789', '令和平成年月日改定'])
}

export interface SignInPage {
  lang: string
  title: string
  csrf: string
  next: string
  error?: 'wrong' | 'locked' | 'noAudience'
  name?: string
}

export function signInPage(options: SignInPage): string {
  const t = serveText(options.lang)
  const tree = pageShell({lang: options.lang, title: t.signIn + ' — ' + options.title, stylesheets: [serveFonts, serveStylesheet]}, [
    h('main.kaitei-signin', [
      h('h1', options.title),
      h('h2', t.signIn),
      options.error ? h('p.error', {role: 'alert'}, t[options.error]) : undefined,
      h('form', {method: 'post', action: '/-/signin'}, [
        h('input', {type: 'hidden', name: '_csrf', value: options.csrf}),
        h('input', {type: 'hidden', name: 'next', value: options.next}),
        h('label', [t.name, h('input', {name: 'name', autocomplete: 'username', required: true, value: options.name ?? '', autofocus: !options.name})]),
        h('label', [t.password, h('input', {name: 'password', type: 'password', autocomplete: 'current-password', required: true, autofocus: Boolean(options.name)})]),
        h('button', {type: 'submit'}, t.signIn)
      ])
    ]) as ElementContent
  ])
  // The form posts to this server: the page's own CSP allows that, and nothing else.
  return allowForms(toHtml(tree))
}

export interface ReaderBar {
  lang: string
  user: string | null
  /** The reader's own audience label. */
  label: string
  /** Editions the reader may view this page as: name, label, href; the one shown is `current`. */
  views: Array<{name: string; label: string; href: string; current: boolean}>
  csrf: string
  /** Sign-in is possible here (a users file): anonymous readers get a link. */
  canSignIn: boolean
  /** The reader signed in here (not at a proxy): a sign-out button. */
  canSignOut: boolean
  /** On the version in force of the reader's own edition. */
  ack?: {audience: string; version: string; label: string; done?: {at: string}; since?: {label: string; href: string}}
}

export function readerBar(bar: ReaderBar): string {
  const t = serveText(bar.lang)
  const children: Array<ElementContent | undefined> = [
    bar.user === null ? h('span', t.anonymous) : h('span', t.reader(bar.user, bar.label)),
    bar.views.length > 1
      ? h('nav', {'aria-label': t.viewAs}, [t.viewAs, ...bar.views.map((d) => (d.current ? h('strong', {'aria-current': 'page'}, d.label) : h('a', {href: d.href}, d.label)))])
      : undefined,
    bar.user !== null && bar.canSignOut
      ? h('form', {method: 'post', action: '/-/signout'}, [h('input', {type: 'hidden', name: '_csrf', value: bar.csrf}), h('button', {type: 'submit'}, t.signOut)])
      : bar.user === null && bar.canSignIn
        ? h('a', {href: '/-/signin'}, t.signIn)
        : undefined
  ]
  if (bar.ack) {
    const ack = bar.ack
    children.push(
      ack.done
        ? h('p.kaitei-ack.done', {role: 'status'}, t.acked(ack.label, ack.done.at))
        : h('div.kaitei-ack', {role: 'region', 'aria-label': t.ackButton}, [
            h('span', t.pending(ack.label)),
            ack.since ? [' ', h('a', {href: ack.since.href}, t.since(ack.since.label))] : [],
            h('form', {method: 'post', action: '/-/ack'}, [
              h('input', {type: 'hidden', name: '_csrf', value: bar.csrf}),
              h('input', {type: 'hidden', name: 'audience', value: ack.audience}),
              h('input', {type: 'hidden', name: 'version', value: ack.version}),
              h('button', {type: 'submit'}, t.ackButton)
            ])
          ])
    )
  }
  const element: Element = h('div.kaitei-serve', {role: 'region', 'aria-label': t.bar}, children.filter((d): d is ElementContent => d !== undefined))
  return toHtml(element)
}

/** Put the bar first in `<body>` and the stylesheet in `<head>`; let the page's forms post here. */
export function injectBar(html: string, bar: string): string {
  let out = html.replace('</head>', '<link rel="stylesheet" href="' + serveFonts + '">\n<link rel="stylesheet" href="' + serveStylesheet + '">\n</head>')
  out = out.replace(/<body\b[^>]*>/, (tag) => tag + '\n' + bar)
  return allowForms(out)
}

/** The page's own CSP (a `<meta>`) forbids forms; served here, its forms post to this server. */
function allowForms(html: string): string {
  return html.replace(/form-action (?:'|&#x27;|&#39;)none(?:'|&#x27;|&#39;)/, "form-action 'self'")
}
