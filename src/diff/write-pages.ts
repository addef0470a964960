/**
 * Write diff pages with what they need to work offline: the theme's CSS and
 * the font subsets their characters use. The 新旧対照表 is also printed to a
 * PDF (A4 landscape, header row on every page) when a browser is available.
 */
import {constants} from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import {findBrowser, launchBrowser} from '../browser.js'
import {selectFonts} from '../edition/fonts.js'
import {loadTheme} from '../edition/theme.js'
import {finishPdf, type PdfMetadata} from '../pdf/pdf-document.js'
import {printFile} from '../pdf/print-edition.js'

export async function writePageWithAssets(dir: string, name: string, html: string, themeName: string, root: string, extraText = ''): Promise<string> {
  await fs.mkdir(path.join(dir, 'assets', 'fonts'), {recursive: true})
  const theme = await loadTheme(themeName, root)
  for (const asset of theme.assets) {
    await fs.mkdir(path.dirname(path.join(dir, 'assets', asset)), {recursive: true})
    await fs.copyFile(path.join(theme.dir, 'assets', asset), path.join(dir, 'assets', asset))
  }
  const fonts = await selectFonts(html + extraText)
  await fs.writeFile(path.join(dir, 'assets', 'fonts.css'), fonts.css)
  for (const font of fonts.files) await fs.copyFile(font.from, path.join(dir, 'assets', 'fonts', font.name), constants.COPYFILE_FICLONE)
  const file = path.join(dir, name)
  await fs.writeFile(file, html)
  return file
}

/**
 * Print a written page to PDF with a browser of its own, with its document
 * information set and no clock in it (reproducible); `undefined` when there
 * is no browser.
 */
export async function printToPdf(file: string, pdfPath: string, metadata: (producer: string) => PdfMetadata, timeout = 120_000): Promise<string | undefined> {
  const executablePath = findBrowser()
  if (!executablePath) return undefined
  const browser = await launchBrowser(executablePath, timeout)
  try {
    const pdf = await printFile(browser, {dir: path.dirname(file), file, timeout})
    const {bytes} = await finishPdf(pdf, metadata('kaitei (' + (await browser.version()) + ')'))
    await fs.writeFile(pdfPath, bytes)
    return pdfPath
  } finally {
    await browser.close().catch(() => {})
  }
}
