/**
 * Reading a publication's sources: every file is read at once, and the
 * problems are said in the order `sources` lists the files, whichever read
 * failed first.
 */
import {describe, expect, it} from 'vitest'
import {ConfigProblemError, loadPublicationFromText} from '../src/publication.js'

describe('sources', () => {
  it('says missing files in the order they are listed, though later ones fail first', async () => {
    const names = ['docs/a.md', 'docs/b.md', 'docs/c.md', 'docs/d.md']
    const config = 'id: s\ntitle: 試験規程\nowner: 試験課\nsources:\n' + names.map((d) => '  - ' + d + '\n').join('')
    // The last file's read fails first.
    const readSource = (file: string) =>
      new Promise<string>((_, reject) => setTimeout(() => reject(Object.assign(new Error('missing'), {code: 'ENOENT'})), 40 - 10 * names.findIndex((d) => file.endsWith(d))))
    const error = await loadPublicationFromText(config, '/p/kaitei.yaml', {readSource}).catch((d: unknown) => d)
    expect(error).toBeInstanceOf(ConfigProblemError)
    const messages = (error as ConfigProblemError).file.messages
    expect(messages.map((d) => d.line + ' ' + d.reason)).toEqual(names.map((d, i) => 5 + i + ' Cannot find source `' + d + '`, expected a Markdown file listed in `sources`'))
  })
})
