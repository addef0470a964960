/**
 * Every file of a build on disk, as the leak guard reads it
 * (`kaitei check --leaks`): text files as text; PDFs as the words they show
 * (pages, metadata, bookmarks, links; see pdf-text.ts); fonts copied from
 * npm skipped only when their bytes are npm's; anything else read as UTF-8
 * and Latin-1, so that a withheld sentence planted in any file is found.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {isTextArtifact, type Artifact} from './leak-guard.js'
import {readPdfText} from './pdf-text.js'

const fontExtensions = new Set(['.woff2', '.woff', '.ttf', '.otf'])

export interface ReadBuiltOptions {
  /** Sub-folders of `dir` not to read (default: none). */
  skip?: readonly string[]
  /** Whether a font file is one kaitei copied, byte for byte, from its packages (default: none is). */
  packagedFont?: (file: string, bytes: Uint8Array) => Promise<unknown>
}

/** Read the files under `dir` (dotfiles included). */
export async function readBuiltArtifacts(dir: string, prefix: string, options: ReadBuiltOptions = {}): Promise<Artifact[]> {
  const skip = options.skip ?? []
  const out: Artifact[] = []
  const walk = async (current: string) => {
    for (const entry of await fs.readdir(current, {withFileTypes: true})) {
      const full = path.join(current, entry.name)
      if (entry.isDirectory()) {
        if (!(current === dir && skip.includes(entry.name))) await walk(full)
        continue
      }
      const shown = prefix + '/' + path.relative(dir, full).split(path.sep).join('/')
      const artifact = await readBuiltFile(full, shown, options)
      if (artifact) out.push(artifact)
    }
  }
  await walk(dir)
  return out
}

/** One file as the guard reads it (`undefined`: a font exactly as npm ships it). */
export async function readBuiltFile(file: string, shown: string, options: ReadBuiltOptions = {}): Promise<Artifact | undefined> {
  if (isTextArtifact(file)) return {path: shown, content: await fs.readFile(file, 'utf8')}
  const bytes = await fs.readFile(file)
  const extension = path.extname(file).toLowerCase()
  if (extension === '.pdf') {
    const text = await readPdfText(bytes, shown)
    return {path: shown, content: text.pages.join('\n') + '\n' + text.strings.join('\n'), structural: text.strings}
  }
  if (fontExtensions.has(extension) && options.packagedFont && (await options.packagedFont(file, bytes))) return undefined
  return {path: shown, content: bytes.toString('utf8') + '\n' + bytes.toString('latin1')}
}
