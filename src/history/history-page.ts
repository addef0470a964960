/**
 * `build/<audience>/history.html`: the amendments this edition may see, as
 * a timeline (SVG) and a table, each linking to its version's HTML and PDF.
 */
import type {Amendment, PolicyConfig} from '../config/load-config.js'
import type {Audience} from '../access/audiences.js'
import {amendmentsFor} from '../access/history-filter.js'
import type {EditionJob} from '../build/job.js'
import {cspMeta} from '../edition/csp.js'
import {labelsFor} from '../edition/labels.js'
import {escapeHtml} from '../edition/theme.js'
import {formatDate} from '../wareki.js'

export interface HistoryPageEntry {
  amendment: Amendment
  /** Link to the version's page, when its text is recorded. */
  href?: string
  /** Link to the version's PDF. */
  pdf?: string
  /** Whether this is the version the edition's main page shows. */
  current?: boolean
  /** Link to the redline from the previous version. */
  redline?: string
  /** Link to the 新旧対照表 (PDF, or HTML without a browser). */
  table?: string
}

export function renderHistoryPage(config: PolicyConfig, audience: Audience, entries: HistoryPageEntry[]): string {
  const labels = labelsFor(config.lang)
  const title = labels.historyTitle + ' — ' + config.title
  const date = (a: Amendment) => formatDate(a.date.date, config.dateStyle)
  const rows = entries
    .map((entry) => {
      const a = entry.amendment
      const links = entry.href
        ? '<a href="' + escapeHtml(entry.href) + '">HTML</a>' + (entry.pdf ? ' · <a href="' + escapeHtml(entry.pdf) + '">PDF</a>' : '')
        : '<span class="not-recorded">' + escapeHtml(labels.notRecorded) + '</span>'
      const diffs = entry.redline
        ? '<a href="' + escapeHtml(entry.redline) + '">' + escapeHtml(labels.redline) + '</a> · <a href="' + escapeHtml(entry.table!) + '">' + escapeHtml(labels.comparison) + '</a>'
        : ''
      const effective = a.effective.iso !== a.date.iso ? formatDate(a.effective.date, config.dateStyle) : ''
      return (
        '<tr' + (entry.current ? ' aria-current="true"' : '') + '><td><time datetime="' + a.date.iso + '">' + escapeHtml(date(a)) + '</time></td><td>' + escapeHtml(a.type + (a.label ? ' ' + a.label : '')) +
        '</td><td>' + escapeHtml(effective) + '</td><td>' + escapeHtml(a.summary ?? '') + '</td><td>' + links + '</td><td>' + diffs + '</td></tr>'
      )
    })
    .join('\n')
  return `<!doctype html>
<html lang="${escapeHtml(config.lang)}">
<head>
<meta charset="utf-8">
${cspMeta}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(labels.editionTitle(title, audience.label))}</title>
${audience.public ? '' : '<meta name="robots" content="noindex, nofollow">\n'}<link rel="stylesheet" href="assets/fonts.css">
<link rel="stylesheet" href="assets/kaitei.css">
</head>
<body>
${audience.marking ?? config.marking ? '<div class="edition-banner' + (audience.public ? ' public' : '') + '" role="note"><span class="marking">' + escapeHtml(audience.marking ?? config.marking ?? '') + '</span></div>' : ''}
<main id="main" class="history">
<p><a href="index.html">${escapeHtml(labels.historyBack)}</a></p>
<h1>${escapeHtml(title)}</h1>
${timeline(entries, config)}
<table class="history-table">
<thead><tr><th>${escapeHtml(labels.adopted)}</th><th>${escapeHtml(labels.type)}</th><th>${escapeHtml(labels.inForce)}</th><th>${escapeHtml(labels.summary)}</th><th>${escapeHtml(labels.text)}</th><th>${escapeHtml(labels.changes)}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</main>
</body>
</html>
`
}

/** The amendments on a time axis: filled and linked when their text is recorded. */
function timeline(entries: HistoryPageEntry[], config: PolicyConfig): string {
  if (entries.length === 0) return ''
  const width = 860
  const left = 90
  const right = width - 90
  const years = entries.map((d) => d.amendment.date.date.year + (d.amendment.date.date.month - 1) / 12)
  const first = Math.floor(Math.min(...years))
  const last = Math.ceil(Math.max(...years)) + 1
  const x = (year: number) => left + ((year - first) / Math.max(1, last - first)) * (right - left)
  const parts: string[] = []
  parts.push(`<line x1="${left}" y1="70" x2="${right}" y2="70" stroke="#5b5d66" stroke-width="1.5"/>`)
  const step = last - first > 30 ? 10 : last - first > 12 ? 5 : 1
  for (let year = Math.ceil(first / step) * step; year <= last; year += step) {
    parts.push(`<line x1="${x(year).toFixed(1)}" y1="66" x2="${x(year).toFixed(1)}" y2="74" stroke="#5b5d66"/>`)
    parts.push(`<text x="${x(year).toFixed(1)}" y="92" font-size="11" text-anchor="middle" fill="#5b5d66">${year}</text>`)
  }
  entries.forEach((entry, index) => {
    const cx = x(years[index]!).toFixed(1)
    const up = index % 2 === 0
    const label = escapeHtml(formatDate(entry.amendment.date.date, config.dateStyle) + ' ' + entry.amendment.type)
    const mark =
      `<circle cx="${cx}" cy="70" r="7" fill="${entry.href ? '#1d4f91' : '#fff'}" stroke="#1d4f91" stroke-width="2"/>` +
      `<text x="${cx}" y="${up ? 50 : 118}" font-size="12" text-anchor="middle" fill="#1b1b1f">${label}</text>`
    parts.push(entry.href ? `<a href="${escapeHtml(entry.href)}">${mark}</a>` : mark)
  })
  return `<svg class="history-timeline" viewBox="0 0 ${width} 140" role="img" aria-label="${escapeHtml(labelsFor(config.lang).timeline)}">${parts.join('')}</svg>`
}

/** `history.html` of one edition: its amendments, each linking to the version, PDF and diffs a build wrote. */
export function historyPage(config: PolicyConfig, audience: Audience, jobs: readonly EditionJob[]): string {
  const entries = amendmentsFor(audience, config.history).history.map((amendment) => {
    const job = jobs.find((d) => !d.main && d.edition.audience === audience && d.version?.amendment.index === amendment.index)
    const base = 'versions/' + amendment.key + '/'
    return {
      amendment,
      href: job ? base + 'index.html' : undefined,
      pdf: job?.written?.pdf ? base + config.id + '.pdf' : undefined,
      redline: job?.diff ? base + 'diff.html' : undefined,
      table: job?.diff ? base + (job.written?.pdf ? 'shinkyu.pdf' : 'shinkyu.html') : undefined
    }
  })
  return renderHistoryPage(config, audience, entries)
}
