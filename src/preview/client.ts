/**
 * What the preview adds to a page in the browser, served as files of its
 * own (the pages' CSP allows no inline script or style): a script that
 * listens for saves (server-sent events) and reloads keeping the scroll
 * position, or shows what broke over the last good page; and their styles.
 */

/** The words of the preview's bar, per language (the script below has its own, for what it adds). */
export const barLabels = {
  ja: {
    preview: 'プレビュー',
    edition: '版',
    draft: '改正案: ',
    changed: '節を変更',
    redline: '見え消し',
    table: '新旧対照表',
    back: '本文へ',
    noDraft: '改正案なし（履歴がないか、変更がありません）'
  },
  en: {
    preview: 'Preview',
    edition: 'Edition',
    draft: 'Draft amendment: ',
    changed: ' sections changed',
    redline: 'Redline',
    table: 'Comparison table',
    back: 'Back to the text',
    noDraft: 'No draft amendment (no history, or no change)'
  }
}

export const previewScript = `(() => {
  'use strict'
  const root = document.documentElement
  const generation = Number(root.dataset.kaiteiGeneration)
  const key = 'kaitei-preview-scroll:' + location.pathname
  const saved = sessionStorage.getItem(key)
  if (saved !== null) {
    sessionStorage.removeItem(key)
    const restore = () => window.scrollTo(0, Number(saved))
    if (document.readyState === 'complete') restore()
    else window.addEventListener('load', restore, {once: true})
  }
  // Messages as a list: file:line:col, the message, its rule.
  const messageList = (messages) => {
    const list = document.createElement('ul')
    for (const message of messages) {
      const item = document.createElement('li')
      const where = document.createElement('code')
      where.textContent = (message.file ?? '') + (message.line ? ':' + message.line + ':' + message.column : '')
      item.append(where, ' ', message.message, message.rule ? ' [' + message.rule + ']' : '')
      list.append(item)
    }
    return list
  }
  const overlay = (problems) => {
    let box = document.getElementById('kaitei-preview-problems')
    if (problems.length === 0) {
      if (box) box.remove()
      return
    }
    if (!box) {
      box = document.createElement('section')
      box.id = 'kaitei-preview-problems'
      box.setAttribute('role', 'alert')
      document.body.prepend(box)
    }
    box.replaceChildren()
    const title = document.createElement('h2')
    title.textContent = root.lang === 'ja' ? '保存した内容を表示できません（前回の表示のままです）' : 'The last save does not build (the page shows the previous one)'
    box.append(title, messageList(problems))
  }
  // Lint warnings of the rendering shown: a folded list in the bar (errors are the overlay's).
  const warnings = (list) => {
    let box = document.getElementById('kaitei-preview-warnings')
    if (list.length === 0) {
      if (box) box.remove()
      return
    }
    const bar = document.querySelector('.kaitei-preview')
    if (!bar) return
    if (!box) {
      box = document.createElement('details')
      box.id = 'kaitei-preview-warnings'
      bar.append(box)
    }
    const open = box.open
    box.replaceChildren()
    const summary = document.createElement('summary')
    summary.textContent = root.lang === 'ja' ? '警告 ' + list.length + '件' : list.length + (list.length === 1 ? ' warning' : ' warnings')
    box.append(summary, messageList(list))
    box.open = open
  }
  const drafts = (counts) => {
    const count = document.querySelector('.kaitei-preview-count')
    const audience = location.pathname.startsWith('/-/draft/') ? location.pathname.split('/')[3] : location.pathname.split('/')[1]
    if (count && counts[audience] !== undefined) count.textContent = String(counts[audience])
  }
  let shown = generation
  const reload = () => {
    sessionStorage.setItem(key, String(window.scrollY))
    location.reload()
  }
  // Only a file's part of the page changed: replace it where it stands (no reload, no jump).
  const patch = async (state) => {
    const audience = location.pathname.split('/')[1]
    const response = await fetch('/-/patch/' + encodeURIComponent(audience) + '/' + shown)
    if (!response.ok) return reload()
    const found = await response.json()
    for (const [id, html] of Object.entries(found.files)) {
      const element = document.getElementById(id)
      if (!element) return reload()
      element.outerHTML = html
    }
    shown = found.generation
    root.dataset.kaiteiGeneration = String(shown)
  }
  const events = new EventSource('/-/events')
  let queue = Promise.resolve()
  events.addEventListener('state', (event) => {
    const state = JSON.parse(event.data)
    queue = queue.then(async () => {
      if (state.generation !== shown) {
        // A page (not a draft view) one save behind: patch it; else reload.
        if (state.patchFrom === shown && !location.pathname.startsWith('/-/')) await patch(state).catch(reload)
        else return reload()
      }
      overlay(state.problems)
      // The draft and the lint follow the page: until they come, the bar keeps what it shows.
      if (!state.pending) {
        warnings(state.warnings)
        drafts(state.drafts)
      }
      root.dataset.kaiteiRevision = String(state.revision)
    })
  })
})()
`

export const previewCss = `.kaitei-preview{display:flex;flex-wrap:wrap;gap:.4em 1em;align-items:center;padding:.45em 1em;background:#1f3a5f;color:#fff;font:14px/1.5 'Noto Sans JP',system-ui,sans-serif}
.kaitei-preview a{color:#fff}
.kaitei-preview strong{background:#fff;color:#1f3a5f;padding:0 .4em;border-radius:3px}
.kaitei-preview .kaitei-preview-draft{margin-left:auto}
#kaitei-preview-warnings{flex-basis:100%;color:#fff}
#kaitei-preview-warnings summary{cursor:pointer;color:#ffe08a}
#kaitei-preview-warnings ul{margin:.3em 0 0;padding-left:1.2em;max-height:40vh;overflow:auto}
#kaitei-preview-warnings code{font-family:ui-monospace,monospace}
#kaitei-preview-problems{position:sticky;top:0;z-index:1000;margin:0;padding:.75em 1.25em;background:#fff4f4;border-bottom:3px solid #b00020;color:#5f0010;font:14px/1.6 'Noto Sans JP',system-ui,sans-serif}
#kaitei-preview-problems h2{margin:0 0 .3em;font-size:1rem}
#kaitei-preview-problems ul{margin:0;padding-left:1.2em}
#kaitei-preview-problems code{font-family:ui-monospace,monospace;background:#ffe3e3;padding:0 .25em}
@media print{.kaitei-preview,#kaitei-preview-problems{display:none}}
`
