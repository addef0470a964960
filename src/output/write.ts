/**
 * Writing what a build made into its staging folder: each edition's files,
 * the diff pages beside a past version, history pages, the build marker;
 * and `kaitei diff`'s pages, with the assets and fonts they need, through
 * the same functions.
 */
import {constants} from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import type {Audience} from '../access/audiences.js'
import type {PolicyConfig} from '../config/load-config.js'
import {KaiteiContext} from '../context.js'
import {selectFonts} from '../edition/fonts.js'
import type {Edition, EditionFile} from '../edition/render-edition.js'
import {loadTheme} from '../edition/theme.js'
import {pagesFile} from '../pdf/print-jobs.js'
import {manifestName} from './output-folder.js'

/** Write an edition's files into `dir` (its folder in the staging folder). */
export async function writeEdition(dir: string, edition: Edition): Promise<void> {
  await writeFiles(dir, edition.files)
}

/** Write files (text, bytes, or copies) into `dir`. */
export async function writeFiles(dir: string, files: readonly EditionFile[]): Promise<void> {
  const parents = new Set(files.map((file) => path.dirname(path.join(dir, file.path))))
  for (const parent of [...parents].sort()) await fs.mkdir(parent, {recursive: true})
  // Fonts are ~100 small files: write in parallel, a few at a time.
  await inBatches(files, 32, (file) => {
    const target = path.join(dir, file.path)
    return 'copyFrom' in file ? fs.copyFile(file.copyFrom, target, constants.COPYFILE_FICLONE) : fs.writeFile(target, file.content)
  })
}

/** Pages beside an edition (a past version's diff pages, a main edition's history page), each under its file name. */
export async function writePages(dir: string, pages: ReadonlyArray<{file: string; html: string}>): Promise<void> {
  for (const page of pages) await fs.writeFile(path.join(dir, page.file), page.html)
}

/** Only the PDFs (and each edition's manifest and 目次 pages) stay: `--format pdf`. */
export async function keepOnlyPdfs(dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir)) {
    if (!entry.endsWith('.pdf') && entry !== 'manifest.json' && entry !== 'versions' && entry !== pagesFile) await fs.rm(path.join(dir, entry), {recursive: true, force: true})
  }
}

/**
 * The build marker names editions only: file names and titles of sources
 * are in each edition's own manifest.json, as that edition may see them.
 */
export async function writeBuildMarker(dir: string, config: PolicyConfig, audiences: readonly Audience[]): Promise<void> {
  const manifest = {
    generator: 'kaitei',
    publication: config.id,
    editions: audiences.map((d) => ({audience: d.name, label: d.label, path: d.name + '/index.html'}))
  }
  await fs.writeFile(path.join(dir, manifestName), JSON.stringify(manifest, null, 2) + '\n')
}

/**
 * A page written on its own (`kaitei diff --format html|table`): the
 * theme's assets and the font subsets its characters need beside it.
 */
export async function writePageWithAssets(
  dir: string,
  name: string,
  html: string,
  theme: {name: string; root: string},
  extra: readonly EditionFile[] = [],
  context: KaiteiContext = new KaiteiContext()
): Promise<string> {
  const {assets, textAssets, dir: themeDir} = await loadTheme(theme.name, theme.root, context)
  const fonts = await selectFonts([html, ...extra.flatMap((d) => ('content' in d ? [String(d.content)] : [])), ...textAssets], context)
  await writeFiles(dir, [
    ...extra,
    ...assets.map((asset) => ({path: 'assets/' + asset, copyFrom: path.join(themeDir, 'assets', asset)})),
    {path: 'assets/fonts.css', content: fonts.css},
    ...fonts.files.map((font) => ({path: 'assets/fonts/' + font.name, copyFrom: font.from})),
    {path: name, content: html}
  ])
  return path.join(dir, name)
}

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<unknown>) {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(run))
  }
}
