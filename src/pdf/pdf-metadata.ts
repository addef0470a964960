/**
 * Document information of the PDFs kaitei prints — editions and 新旧対照表 —
 * dated by the amendment they show (or SOURCE_DATE_EPOCH), never by the
 * clock, so that the same text prints the same file.
 */
import type {Audience} from '../access/audiences.js'
import type {PolicyConfig} from '../config/load-config.js'
import type {Edition} from '../edition/render-edition.js'
import {reproducibleDate, type PdfMetadata} from './pdf-document.js'
import {labelsFor} from '../labels.js'

/** Document information: reproducible (dates from the amendment or SOURCE_DATE_EPOCH). */
export function pdfMetadata(config: PolicyConfig, edition: Edition, producer: string, identity: string, past?: string): PdfMetadata {
  const latest = edition.history[edition.history.length - 1]
  const date = reproducibleDate(latest?.date.iso)
  const marking = edition.audience.marking ?? config.marking
  const labels = labelsFor(config.lang)
  return {
    // A past version's title says so: a PDF is read without its folder.
    title: labels.editionTitle(config.title, edition.audience.label) + (past ? ' ' + labels.pastHead(past) : ''),
    author: config.owner,
    subject: edition.audience.label + (marking && marking !== edition.audience.label ? ' / ' + marking : ''),
    keywords: [config.id, edition.audience.name, edition.audience.label, ...(latest ? [latest.date.iso] : [])],
    date,
    producer,
    identity
  }
}

/** Document information of a 新旧対照表 or 改め文 PDF (reproducible: dated by the amendment it shows). */
export function comparisonMetadata(
  config: Pick<PolicyConfig, 'id' | 'title' | 'owner' | 'marking' | 'lang'>,
  audience: Pick<Audience, 'name' | 'label' | 'marking'> | undefined,
  iso: string | undefined,
  producer: string,
  page: string,
  /** The 新旧対照表 (default) or the 改め文. */
  kind: 'shinkyu' | 'aratame' = 'shinkyu'
): PdfMetadata {
  const labels = labelsFor(config.lang)
  const marking = audience?.marking ?? config.marking
  const label = audience ? audience.label + (marking && marking !== audience.label ? ' / ' + marking : '') : marking ?? ''
  return {
    title: (kind === 'aratame' ? labels.aratameTitle : labels.comparisonTitle) + ' — ' + (audience ? labels.editionTitle(config.title, audience.label) : config.title),
    author: config.owner,
    subject: label,
    keywords: [config.id, ...(audience ? [audience.name] : []), kind, ...(iso ? [iso] : [])],
    date: reproducibleDate(iso),
    producer,
    identity: page
  }
}
