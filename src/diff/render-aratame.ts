/**
 * The 改め文 as a page (`aratame.html`, printed to `aratame.pdf` in A4
 * portrait beside the 新旧対照表): the intro, then each sentence, the text
 * it adds or puts in place indented below it. Japanese publications only:
 * the 改め文 is a form of Japanese drafting.
 */
import {h} from 'hastscript'
import {labelsFor, comparedLabel} from '../labels.js'
import {block} from '../page/html.js'
import {aratame, partialNote} from './aratame.js'
import type {VersionDiff} from './diff-versions.js'
import {diffPage} from './render-html.js'

export interface AratamePageOptions {
  lang: string
  /** Path prefix of the assets folder (default: `assets/`). */
  assets?: string
  /** Whether search engines may index the page (public editions). */
  public?: boolean
}

export function renderAratamePage(diff: VersionDiff, options: AratamePageOptions): string {
  const labels = labelsFor(options.lang)
  const document = aratame(diff)
  const title = labels.aratameTitle + ' ' + comparedLabel(diff) + ' — ' + diff.publication.title
  const sentences = document.sentences.flatMap((sentence) => [
    h('p.aratame-sentence', sentence.text),
    ...(sentence.body ?? []).map((line) => h('p.aratame-body', line))
  ])
  const main = h(
    'main.aratame',
    block(
      h('h1', diff.publication.title + ' ' + labels.aratameTitle + (document.partial ? labels.partialMark : '')),
      h('p.diff-versions', diff.from.label + ' → ' + diff.to.label + (diff.audience ? labels.forAudience(diff.audience.label) : '')),
      h('p.aratame-intro', document.intro),
      ...(sentences.length > 0 ? sentences : [h('p', labels.noChange)]),
      ...(document.supplementary ? [h('p.aratame-supplementary-title', '附　則'), h('p.aratame-sentence', document.supplementary)] : []),
      // Partial: it says so, and leaves out what its edition withholds (never a sentence that inserts （非公開））.
      ...(document.partial ? [h('p.partial-note', partialNote(diff.publication.amendmentWord))] : [])
    )
  )
  return diffPage(diff, title, options.lang, [main], {assets: options.assets, robots: options.public, bodyClass: 'aratame-page'})
}
