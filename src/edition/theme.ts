/**
 * Themes: a folder with `template.html` (and `print.html`, the PDF's page;
 * see page/template.ts for their slots) and `assets/` (CSS, scripts). A site
 * makes its own by copying `themes/default` and naming the folder in
 * `kaitei.yaml` (`theme: city`). kaitei looks in the publication's
 * `themes/` first, then in its own.
 */
import {existsSync} from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import type {KaiteiContext} from '../context.js'
import {KaiteiError} from '../errors.js'
import {parseTemplate, type PageTemplate} from '../page/template.js'

export interface Theme {
  name: string
  dir: string
  template: PageTemplate
  /** The PDF edition's page (`print.html`; kaitei's own when the theme has none). */
  printTemplate: PageTemplate
  /** Static assets relative to the theme's `assets/`. */
  assets: string[]
  /** The text of its CSS and scripts (the fonts of an edition cover what they show). */
  textAssets: string[]
}

/**
 * kaitei's own themes folder: the `themes/` of the package this module is
 * in, wherever the module sits (`src/`, `dist/`, the bundled `dist/bin/`).
 */
export const builtInThemes = findPackageThemes(path.dirname(fileURLToPath(import.meta.url)))

function findPackageThemes(start: string): string {
  let dir = start
  for (;;) {
    const candidate = path.join(dir, 'themes')
    if (existsSync(path.join(candidate, 'default', 'template.html')) && existsSync(path.join(dir, 'package.json'))) return candidate
    const parent = path.dirname(dir)
    if (parent === dir) return path.resolve(start, '..', '..', 'themes')
    dir = parent
  }
}

/**
 * The theme `name` (the publication's `themes/<name>`, else kaitei's own),
 * read once per context and read again when any of its files changed (their
 * sizes and modification times are its stamp).
 */
export async function loadTheme(name: string, root: string, context: KaiteiContext): Promise<Theme> {
  const cache = context.cache<{stamp: string; theme: Promise<Theme>}>('theme', {max: 16})
  const key = name + '\0' + root
  const stamp = await themeStamp(name, root)
  const cached = cache.get(key)
  if (cached && cached.stamp === stamp) return cached.theme
  const theme = findAndRead(name, root)
  cache.set(key, {stamp, theme})
  theme.catch(() => cache.delete(key))
  return theme
}

/** What a theme was read from: each file's path, size and modification time. */
async function themeStamp(name: string, root: string): Promise<string> {
  const files = [
    ...[path.resolve(root, 'themes', name), path.join(builtInThemes, name)].flatMap((dir) => [path.join(dir, 'template.html'), path.join(dir, 'print.html')]),
    path.join(builtInThemes, 'default', 'print.html')
  ]
  const assets = await Promise.all(
    [path.resolve(root, 'themes', name), path.join(builtInThemes, name)].map(async (dir) => (await listFiles(path.join(dir, 'assets'))).map((d) => path.join(dir, 'assets', d)))
  )
  const stats = await Promise.all([...files, ...assets.flat()].map(async (file) => file + ':' + (await fs.stat(file).then((d) => d.size + ':' + d.mtimeMs, () => '-'))))
  return stats.join('\n')
}

async function findAndRead(name: string, root: string): Promise<Theme> {
  const candidates = [path.resolve(root, 'themes', name), path.join(builtInThemes, name)]
  for (const dir of candidates) {
    let template: string
    try {
      template = await fs.readFile(path.join(dir, 'template.html'), 'utf8')
    } catch {
      continue
    }
    const assets = await listFiles(path.join(dir, 'assets'))
    let printTemplate: string
    try {
      printTemplate = await fs.readFile(path.join(dir, 'print.html'), 'utf8')
    } catch {
      printTemplate = await fs.readFile(path.join(builtInThemes, 'default', 'print.html'), 'utf8')
    }
    const textAssets = await Promise.all(assets.filter((d) => /\.(css|js)$/i.test(d)).map((d) => fs.readFile(path.join(dir, 'assets', d), 'utf8')))
    return {name, dir, template: parseTemplate(template), printTemplate: parseTemplate(printTemplate), assets, textAssets}
  }
  throw new KaiteiError(
    'Cannot find theme `' + name + '`, expected a folder with template.html at ' + candidates.join(' or '),
    'E_THEME_NOT_FOUND'
  )
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  let entries: import('node:fs').Dirent[]
  try {
    entries = await fs.readdir(dir, {withFileTypes: true})
  } catch {
    return []
  }
  const out: string[] = []
  for (const entry of entries) {
    const relative = prefix ? prefix + '/' + entry.name : entry.name
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), relative)))
    else out.push(relative)
  }
  return out.sort()
}
