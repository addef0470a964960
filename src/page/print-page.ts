/**
 * The page Chromium prints for an edition's PDF: a cover, a 目次 whose
 * page numbers are filled in from the printed result, the text with each
 * source file on named pages (so its chapter title runs in the header), and
 * the edition's marking and page numbers in the margins.
 */
import type {Audience, PolicyConfig, Amendment} from '../config/load-config.js'
import type {SectionInfo} from '../file-data.js'
import type {Element, Root} from 'hast'
import {h} from 'hastscript'
import {labelsFor} from '../labels.js'
import {block, lines, sanitized, serialize} from './html.js'
import type {PageDocument} from './edition-page.js'
import {fillTemplate, type PageTemplate} from './template.js'
import {formatDate} from '../wareki.js'
import {fileAnchor} from '../plugins/remark-policy-links.js'
import {cssString, oppositeBox} from './marking.js'

/** Page box geometry (A4 portrait). Used by the page rules and by measurement. */
export const pageGeometry = {
  width: 210,
  height: 297,
  marginTop: 22,
  marginBottom: 20,
  marginSide: 18
} as const

export interface PrintPageInput {
  config: PolicyConfig
  audience: Audience
  documents: PageDocument[]
  sections: SectionInfo[]
  /** The amendments this edition may see. */
  history: Amendment[]
  /** The theme's print template. */
  template: PageTemplate | string
  /** Watermark text (a recipient), if any. */
  watermark?: string
  /** A version no longer in force: its amendment (令和4年2月17日改定), said on the cover. */
  past?: string
}


/**
 * The policy HTML as the PDF shows it. Chromium makes the PDF's bookmarks
 * from the headings' text, so a heading's 「改定 令和8年3月25日」 marker
 * moves to a line of its own just below it. With `withheldNotices: once`,
 * a run of withheld headings (a public edition's withheld chapter) keeps
 * one notice at its end instead of one under every heading.
 */
export function forPrint(html: string, withheldNotices: 'once' | 'each', chapterNotice?: (notice: string) => string): string {
  let out = html.replace(/(<h([1-6])\b[^>]*>)((?:(?!<\/h\2>)[\s\S])*?) ?<span class="amended">([^<]*)<\/span>((?:(?!<\/h\2>)[\s\S])*?<\/h\2>)/g, (_, open: string, _level: string, before: string, marker: string, rest: string) =>
    open + before + rest + '\n<p class="amended-note">' + marker + '</p>'
  )
  if (withheldNotices === 'once') {
    // A run of withheld headings says so once, under its first heading: under a chapter's
    // heading as the chapter's (本章の本文は非公開), not under its last section, where it
    // would read as that section's body.
    const unit = /<h([1-6])\b[^>]*>(?:(?!<\/h\1>)[\s\S])*<\/h\1>\s*(?:<p class="amended-note">[^<]*<\/p>\s*)?<p class="withheld-notice">([^<]*)<\/p>\s*/g
    const run = new RegExp('(?:' + unit.source + ')+', 'g')
    out = out.replace(run, (whole: string) => {
      const units = [...whole.matchAll(unit)]
      if (units.length < 2) return whole
      const first = units[0]!
      const notice = first[2]!
      const chapter = first[1] === '2' && chapterNotice ? chapterNotice(notice) : notice
      return units.map((d, index) => (index === 0 ? d[0].replace('<p class="withheld-notice">' + notice + '</p>', '<p class="withheld-notice">' + chapter + '</p>') : d[0].replace(/<p class="withheld-notice">[^<]*<\/p>\s*/, ''))).join('')
    })
  }
  return out
}

/**
 * The chapter title a document runs in its header: its first top-level
 * section as this edition shows it. The front matter title only for a file
 * the edition shows (a withheld file's title is withheld text).
 */
function runningTitle(doc: PageDocument): string {
  const first = doc.sections.find((d) => d.type === 'heading' && d.level === 1) ?? doc.sections.find((d) => d.type === 'heading')
  if (first) return (first.number ? first.number + ' ' : '') + first.title
  return doc.visible ? (doc.title ?? '') : ''
}

/** The print page as a tree (`printPage`) or as HTML. */
export function renderPrintPage(input: PrintPageInput): string {
  return serialize(printPage(input))
}

export function printPage(input: PrintPageInput): Root {
  const {config, audience, documents, sections, history} = input
  const labels = labelsFor(config.lang)
  const marking = audience.marking ?? config.marking ?? ''
  const g = pageGeometry
  // The marking where the office puts it (top right by default); running titles on the other side.
  const markingBox = config.print.marking
  const titleBox = oppositeBox(markingBox)

  const rules: string[] = [
    `@page { size: A4 portrait; margin: ${g.marginTop}mm ${g.marginSide}mm ${g.marginBottom}mm;` +
      ` font-family: 'Noto Sans JP', sans-serif; font-size: 8pt; color: #333;` +
      ` @${markingBox} { content: ${cssString(marking)}; font-weight: 700; vertical-align: bottom; padding-bottom: 3mm; }` +
      ` @bottom-center { content: counter(page) " / " counter(pages); vertical-align: top; padding-top: 3mm; } }`,
    `@page cover { @top-left { content: none; } @top-center { content: none; } @top-right { content: none; } @bottom-center { content: none; } }`,
    `@page toc { @${titleBox} { content: ${cssString(labels.toc)}; vertical-align: bottom; padding-bottom: 3mm; } }`
  ]
  // A version no longer in force says so in the head of every page (the cover says it in full).
  const pastHead = input.past ? labels.pastHead(input.past) : undefined
  if (pastHead) {
    const box = markingBox === 'top-center' ? 'bottom-left' : 'top-center'
    rules.push(`@page { @${box} { content: ${cssString(pastHead)}; font-weight: 700; vertical-align: ${box.startsWith('top') ? 'bottom' : 'top'}; padding-${box.startsWith('top') ? 'bottom' : 'top'}: 3mm; } }`)
    rules.push(`@page cover { @${box} { content: none; } }`)
  }
  const parts: Element[] = []
  // Margin boxes are laid out only when printing, too late to load the font
  // subsets they need: these texts go in a hidden element (see print.css).
  const marginTexts = [marking, labels.toc, ...(pastHead ? [pastHead] : [])]
  documents.forEach((doc, index) => {
    // A file withheld without a trace gets no (empty) page.
    if (doc.html.trim() === '') return
    marginTexts.push(runningTitle(doc))
    const name = 'doc' + index
    rules.push(`.policy-document[data-page="${name}"] { page: ${name}; }`)
    rules.push(`@page ${name} { @${titleBox} { content: ${cssString(runningTitle(doc))}; vertical-align: bottom; padding-bottom: 3mm; } }`)
    // A withheld file's name is content too: its notice or headings stand without it.
    const own = doc.visible ? {id: fileAnchor(doc.source), dataSource: doc.source} : {}
    parts.push(h('div.policy-document', {...own, dataPage: name}, block(sanitized(forPrint(doc.html, config.print.withheldNotices, labels.withheldChapter)))))
  })

  const latest = history[history.length - 1]
  const cover = h(
    'section.print-cover',
    block(
      marking ? h('p.cover-marking', marking) : undefined,
      h('h1.cover-title', config.title),
      h('p.cover-edition', audience.label),
      latest ? h('p.cover-date', [h('time', {dateTime: latest.date.iso}, formatDate(latest.date.date, config.dateStyle)), ' ' + latest.type]) : undefined,
      input.past ? h('p.cover-past', labels.pastVersionCover(input.past)) : undefined,
      h('p.cover-owner', config.owner)
    )
  )

  const entries = sections.filter((d) => d.type === 'heading' && d.level <= config.toc.depth)
  const toc = h(
    'nav.print-toc',
    {ariaLabelledBy: 'print-toc-title'},
    block(
      h('h2#print-toc-title', labels.toc),
      h(
        'ol',
        block(
          entries.map((d) =>
            h('li', {className: ['level-' + d.level]}, [
              h('a', {href: '#' + d.id}, [
                d.number ? h('span.toc-number', d.number) : h('span.toc-number'),
                h('span.toc-text', d.title),
                h('span.toc-leader'),
                h('span.toc-page', {dataTarget: d.id}, '0')
              ])
            ])
          )
        )
      )
    )
  )

  return fillTemplate(input.template, {
    lang: config.lang,
    pageTitle: labels.editionTitle(config.title, audience.label),
    owner: config.owner,
    marking,
    editionName: audience.name,
    pageRules: rules.join('\n'),
    watermark: input.watermark ? h('div.watermark', {ariaHidden: 'true'}, input.watermark) : undefined,
    marginText: marginTexts.join(' ') + ' 0123456789 /',
    cover,
    toc,
    content: lines(parts)
  })
}
