/**
 * Every file of a build on disk, as the leak guard reads it
 * (`kaitei check --leaks`): text files as text; PDFs as the words they show
 * (pages, metadata, bookmarks, links; see pdf-text.ts); fonts copied from
 * npm skipped only when their bytes are npm's; anything else read as UTF-8
 * and Latin-1, so that a withheld sentence planted in any file is found.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {packagedFont} from '../edition/fonts.js'
import {isTextArtifact, type Artifact} from './leak-guard.js'
import {readPdfText} from './pdf-text.js'

const fontExtensions = new Set(['.woff2', '.woff', '.ttf', '.otf'])

/** Read the files under `dir` (dotfiles included), skipping sub-folders named in `skip` at its top. */
export async function readBuiltArtifacts(dir: string, prefix: string, skip: string[] = []): Promise<Artifact[]> {
  const out: Artifact[] = []
  const walk = async (current: string) => {
    for (const entry of await fs.readdir(current, {withFileTypes: true})) {
      const full = path.join(current, entry.name)
      if (entry.isDirectory()) {
        if (!(current === dir && skip.includes(entry.name))) await walk(full)
        continue
      }
      const shown = prefix + '/' + path.relative(dir, full).split(path.sep).join('/')
      const artifact = await readBuiltFile(full, shown)
      if (artifact) out.push(artifact)
    }
  }
  await walk(dir)
  return out
}

/** One file as the guard reads it (`undefined`: a font exactly as npm ships it). */
export async function readBuiltFile(file: string, shown: string): Promise<Artifact | undefined> {
  if (isTextArtifact(file)) return {path: shown, content: await fs.readFile(file, 'utf8')}
  const bytes = await fs.readFile(file)
  const extension = path.extname(file).toLowerCase()
  if (extension === '.pdf') {
    const text = await readPdfText(bytes, shown)
    return {path: shown, content: text.pages.join('\n') + '\n' + text.strings.join('\n'), structural: text.strings}
  }
  if (fontExtensions.has(extension) && (await packagedFont(file, bytes))) return undefined
  return {path: shown, content: bytes.toString('utf8') + '\n' + bytes.toString('latin1')}
}
