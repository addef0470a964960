/**
 * Editions share their work (a file every audience sees alike is rendered
 * once), and say exactly what they say when each is rendered on its own.
 */
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {KaiteiContext} from '../src/context.js'
import {renderEditions, type Edition} from '../src/edition/render-edition.js'
import {loadPublication} from '../src/publication.js'
import {fixtures, repoRoot} from './helpers.js'

/** What an edition would write: its files' text (copies by their source), its messages. */
function written(edition: Edition) {
  return {
    files: edition.files.map((d) => [d.path, 'content' in d ? String(d.content) : 'copy of ' + d.copyFrom]),
    messages: edition.messages.map((d) => String(d)),
    withheld: edition.withheld.map((d) => d.text).sort(),
    visible: [...edition.visibleText].sort()
  }
}

describe('editions rendered together', () => {
  it.each([['sample', repoRoot], ['access', path.join(fixtures, 'access')], ['withheld-file', path.join(fixtures, 'withheld-file')], ['policy-set', path.join(fixtures, 'policy-set', 'v1')], ['english', path.join(fixtures, 'english', 'v2')]])(
    '%s: byte for byte what each renders alone',
    async (_, dir) => {
      const publication = await loadPublication(path.join(dir, 'kaitei.yaml'))
      const context = new KaiteiContext()
      const together = await renderEditions(publication, publication.config.audiences, {context, print: true})
      for (const [index, audience] of publication.config.audiences.entries()) {
        const alone = await renderEditions(publication, [audience], {context, print: true})
        expect(written(together.editions[index]!)).toEqual(written(alone.editions[0]!))
        expect(together.editions[index]!.printHtml).toBe(alone.editions[0]!.printHtml)
      }
    }
  )
})
