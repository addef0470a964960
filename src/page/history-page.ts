/**
 * `build/<audience>/history.html`: the amendments this edition may see, as
 * a timeline (SVG) and a table, each linking to its version's HTML and PDF.
 */
import type {Amendment, PolicyConfig} from '../config/load-config.js'
import type {Audience} from '../access/audiences.js'
import type {Element, Root} from 'hast'
import {h, s} from 'hastscript'
import {amendmentName, labelsFor} from '../labels.js'
import {banner} from './edition-page.js'
import {block, serialize} from './html.js'
import {pageShell} from './shell.js'
import {markingStylesheetName} from './marking.js'
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
  /** Link to the 新旧対照表 page (HTML). */
  table?: string
  /** Link to the 新旧対照表 PDF, when printed. */
  tablePdf?: string
  /** Link to the 改め文 page and its PDF. */
  aratame?: string
  aratamePdf?: string
}

export function renderHistoryPage(config: PolicyConfig, audience: Audience, entries: HistoryPageEntry[]): string {
  return serialize(historyPageTree(config, audience, entries))
}

function historyPageTree(config: PolicyConfig, audience: Audience, entries: HistoryPageEntry[]): Root {
  const labels = labelsFor(config.lang)
  const title = labels.historyTitle + ' — ' + config.title
  const date = (a: Amendment) => formatDate(a.date.date, config.dateStyle)
  const head = [labels.adopted, labels.type, labels.inForce, labels.summary, labels.text, labels.changes]
  const row = (entry: HistoryPageEntry) => {
    const a = entry.amendment
    const links = entry.href
      ? [h('a', {href: entry.href}, 'HTML'), ...(entry.pdf ? [' · ', h('a', {href: entry.pdf}, 'PDF')] : [])]
      : [h('span.not-recorded', labels.notRecorded)]
    const diffs = entry.redline
      ? [
          h('a', {href: entry.redline}, labels.redline),
          ' · ',
          h('a', {href: entry.table!}, labels.comparison),
          ...(entry.tablePdf ? [' (', h('a', {href: entry.tablePdf}, 'PDF'), ')'] : []),
          ...(entry.aratame ? [' · ', h('a', {href: entry.aratame}, labels.aratame), ...(entry.aratamePdf ? [' (', h('a', {href: entry.aratamePdf}, 'PDF'), ')'] : [])] : [])
        ]
      : []
    // The 施行日 is always known: the date given (`effective`), else the day it was adopted, as its 改め文's 附則 says.
    const effective = h('time', {dateTime: a.effective.iso}, formatDate(a.effective.date, config.dateStyle))
    return h('tr', entry.current ? {ariaCurrent: 'true'} : {}, [
      h('td', {dataLabel: head[0]}, h('time', {dateTime: a.date.iso}, date(a))),
      h('td', {dataLabel: head[1]}, a.type + (a.label ? ' ' + a.label : '')),
      h('td', {dataLabel: head[2]}, effective),
      h('td', {dataLabel: head[3]}, a.summary ?? ''),
      h('td', {dataLabel: head[4]}, links),
      h('td', {dataLabel: head[5]}, diffs)
    ])
  }
  return pageShell(
    {lang: config.lang, title: labels.editionTitle(title, audience.label), indexable: audience.public, stylesheets: ['assets/fonts.css', 'assets/kaitei.css', ...(audience.marking ?? config.marking ? ['assets/' + markingStylesheetName] : [])]},
    [
      banner(config, audience),
      h(
        'main#main.history',
        block(
          h('p', h('a', {href: 'index.html'}, labels.historyBack)),
          h('h1', title),
          timeline(entries, config),
          timelineList(entries, config),
          legend(labels),
          h('table.history-table', block(h('thead', h('tr', head.map((d) => h('th', d)))), h('tbody', block(entries.map(row)))))
        )
      )
    ].filter((d) => d !== undefined)
  )
}

/** What the timeline's marks mean: recorded text (filled) or not (hollow). */
function legend(labels: ReturnType<typeof labelsFor>): Element {
  return h('p.history-legend', [h('span.mark.recorded', {ariaHidden: 'true'}), ' ' + labels.recorded + ' ', h('span.mark.not-recorded', {ariaHidden: 'true'}), ' ' + labels.notRecorded])
}

/** The timeline as a list, for narrow screens (a phone): one line per amendment, newest last. */
function timelineList(entries: HistoryPageEntry[], config: PolicyConfig): Element | undefined {
  if (entries.length === 0) return undefined
  const labels = labelsFor(config.lang)
  return h(
    'ol.history-timeline-list',
    {ariaLabel: labels.timeline},
    entries.map((entry) => {
      const text = amendmentName(entry.amendment, formatDate(entry.amendment.date.date, config.dateStyle), config.lang)
      return h('li', {className: [entry.href ? 'recorded' : 'not-recorded']}, [h('span.mark', {ariaHidden: 'true'}), ' ', entry.href ? h('a', {href: entry.href}, text) : text])
    })
  )
}

/** The amendments on a time axis: filled when their text is recorded (a picture: the links are in the table and the list). */
function timeline(entries: HistoryPageEntry[], config: PolicyConfig): Element | undefined {
  if (entries.length === 0) return undefined
  const width = 860
  const left = 90
  const right = width - 90
  const years = entries.map((d) => d.amendment.date.date.year + (d.amendment.date.date.month - 1) / 12)
  const first = Math.floor(Math.min(...years))
  const last = Math.ceil(Math.max(...years)) + 1
  const x = (year: number) => left + ((year - first) / Math.max(1, last - first)) * (right - left)
  const parts: Element[] = []
  parts.push(s('line', {x1: left, y1: 70, x2: right, y2: 70, stroke: '#5b5d66', strokeWidth: '1.5'}))
  const step = last - first > 30 ? 10 : last - first > 12 ? 5 : 1
  for (let year = Math.ceil(first / step) * step; year <= last; year += step) {
    parts.push(s('line', {x1: x(year).toFixed(1), y1: 66, x2: x(year).toFixed(1), y2: 74, stroke: '#5b5d66'}))
    parts.push(s('text', {x: x(year).toFixed(1), y: 92, fontSize: 11, textAnchor: 'middle', fill: '#5b5d66'}, String(year)))
  }
  entries.forEach((entry, index) => {
    const cx = x(years[index]!).toFixed(1)
    const up = index % 2 === 0
    // Two amendments of one day stand at one place: each names itself (its label, or （その2）).
    const sameDay = entries.some((d) => d !== entry && d.amendment.date.iso === entry.amendment.date.iso)
    const date = formatDate(entry.amendment.date.date, config.dateStyle)
    const label = sameDay ? amendmentName(entry.amendment, date, config.lang) : date + ' ' + entry.amendment.type
    const mark = [
      s('circle', {cx, cy: 70, r: 7, fill: entry.href ? '#1d4f91' : '#fff', stroke: '#1d4f91', strokeWidth: 2}),
      s('text', {x: cx, y: up ? 50 : 118, fontSize: 12, textAnchor: 'middle', fill: '#1b1b1f'}, label)
    ]
    parts.push(...mark)
  })
  return s('svg.history-timeline', {viewBox: '0 0 ' + width + ' 140', role: 'img', ariaLabel: labelsFor(config.lang).timeline}, parts)
}
