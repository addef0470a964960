/**
 * The page Chromium prints for an edition's PDF: a cover, a 目次 whose
 * page numbers are filled in from the printed result, the text with each
 * source file on named pages (so its chapter title runs in the header), and
 * the edition's marking and page numbers in the margins.
 */
import type {Audience, PolicyConfig, Amendment} from '../config/load-config.js'
import type {RenderedDocument} from '../edition/render-document.js'
import type {SectionInfo} from '../file-data.js'
import {escapeHtml, fillTemplate} from '../edition/theme.js'
import {labelsFor} from '../edition/labels.js'
import {formatDate} from '../wareki.js'
import {fileAnchor} from '../plugins/remark-policy-links.js'

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
  documents: RenderedDocument[]
  sections: SectionInfo[]
  /** The amendments this edition may see. */
  history: Amendment[]
  /** The theme's print template. */
  template: string
  /** Watermark text (a recipient), if any. */
  watermark?: string
}

/** CSS string literal: `"…"` with quotes, backslashes and newlines escaped. */
export function cssString(text: string): string {
  return '"' + text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\n\r\f]/g, ' ').replace(/</g, '\\3c ') + '"'
}

/**
 * The chapter title a document runs in its header: its first top-level
 * section as this edition shows it. The front matter title only for a file
 * the edition shows (a withheld file's title is withheld text).
 */
function runningTitle(doc: RenderedDocument): string {
  const first = doc.sections.find((d) => d.type === 'heading' && d.level === 1) ?? doc.sections.find((d) => d.type === 'heading')
  if (first) return (first.number ? first.number + ' ' : '') + first.title
  return doc.visible ? (doc.title ?? '') : ''
}

export function renderPrintPage(input: PrintPageInput): string {
  const {config, audience, documents, sections, history} = input
  const labels = labelsFor(config.lang)
  const marking = audience.marking ?? config.marking ?? ''
  const g = pageGeometry

  const rules: string[] = [
    `@page { size: A4 portrait; margin: ${g.marginTop}mm ${g.marginSide}mm ${g.marginBottom}mm;` +
      ` font-family: 'Noto Sans JP', sans-serif; font-size: 8pt; color: #333;` +
      ` @top-left { content: ${cssString(marking)}; font-weight: 700; vertical-align: bottom; padding-bottom: 3mm; }` +
      ` @bottom-center { content: counter(page) " / " counter(pages); vertical-align: top; padding-top: 3mm; } }`,
    `@page cover { @top-left { content: none; } @top-right { content: none; } @bottom-center { content: none; } }`,
    `@page toc { @top-right { content: ${cssString(labels.toc)}; vertical-align: bottom; padding-bottom: 3mm; } }`
  ]
  const parts: string[] = []
  // Margin boxes are laid out only when printing, too late to load the font
  // subsets they need: these texts go in a hidden element (see print.css).
  const marginTexts = [marking, labels.toc]
  documents.forEach((doc, index) => {
    // A file withheld without a trace gets no (empty) page.
    if (doc.html.trim() === '') return
    marginTexts.push(runningTitle(doc))
    const name = 'doc' + index
    rules.push(`.policy-document[data-page="${name}"] { page: ${name}; }`)
    rules.push(`@page ${name} { @top-right { content: ${cssString(runningTitle(doc))}; vertical-align: bottom; padding-bottom: 3mm; } }`)
    parts.push('<div class="policy-document" id="' + escapeHtml(fileAnchor(doc.source)) + '" data-page="' + name + '" data-source="' + escapeHtml(doc.source) + '">\n' + doc.html + '\n</div>')
  })

  const latest = history[history.length - 1]
  const cover = [
    '<section class="print-cover">',
    marking ? '<p class="cover-marking">' + escapeHtml(marking) + '</p>' : '',
    '<h1 class="cover-title">' + escapeHtml(config.title) + '</h1>',
    '<p class="cover-edition">' + escapeHtml(audience.label) + '</p>',
    latest
      ? '<p class="cover-date"><time datetime="' + latest.date.iso + '">' + escapeHtml(formatDate(latest.date.date, config.dateStyle)) + '</time> ' + escapeHtml(latest.type) + '</p>'
      : '',
    '<p class="cover-owner">' + escapeHtml(config.owner) + '</p>',
    '</section>'
  ].join('\n')

  const entries = sections.filter((d) => d.type === 'heading' && d.level <= config.toc.depth)
  const toc = [
    '<nav class="print-toc" aria-labelledby="print-toc-title">',
    '<h2 id="print-toc-title">' + escapeHtml(labels.toc) + '</h2>',
    '<ol>',
    ...entries.map(
      (d) =>
        '<li class="level-' + d.level + '"><a href="#' + escapeHtml(d.id) + '">' +
        (d.number ? '<span class="toc-number">' + escapeHtml(d.number) + '</span>' : '<span class="toc-number"></span>') +
        '<span class="toc-text">' + escapeHtml(d.title) + '</span><span class="toc-leader"></span>' +
        '<span class="toc-page" data-target="' + escapeHtml(d.id) + '">0</span></a></li>'
    ),
    '</ol>',
    '</nav>'
  ].join('\n')

  return fillTemplate(input.template, {
    lang: config.lang,
    pageTitle: labels.editionTitle(config.title, audience.label),
    owner: config.owner,
    marking,
    editionName: audience.name,
    pageRules: rules.join('\n'),
    watermark: input.watermark ? '<div class="watermark" aria-hidden="true">' + escapeHtml(input.watermark) + '</div>' : '',
    marginText: marginTexts.join(' ') + ' 0123456789 /',
    cover,
    toc,
    content: parts.join('\n')
  })
}
