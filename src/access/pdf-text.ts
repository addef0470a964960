/**
 * Everything a PDF says in words, for the leak guard: the text of every
 * page, the document information and XMP metadata, bookmark titles and link
 * targets. Read with pdf.js (pdfjs-dist, loaded on first use), which
 * decodes fonts' ToUnicode maps as a reader's viewer would.
 */
import {KaiteiError} from '../errors.js'

export interface PdfText {
  /** Page texts, in order (runs joined as they are drawn). */
  pages: string[]
  /** Strings that stand on their own: bookmark titles, metadata values, each text run, link URLs. */
  strings: string[]
}

interface TextItemLike {
  str?: string
}

interface OutlineNode {
  title: string
  items?: OutlineNode[]
}

/** Read the words of a PDF. A PDF pdf.js cannot open is an error (the guard fails closed). */
export async function readPdfText(bytes: Uint8Array, name: string): Promise<PdfText> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  let document
  try {
    // A copy: pdf.js takes ownership of (detaches) the buffer it is given.
    document = await pdfjs.getDocument({data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0})
      .promise
  } catch (error) {
    throw new KaiteiError('Cannot read `' + name + '` as a PDF (' + (error as Error).message + '), expected a PDF kaitei printed', 'E_PDF_UNREADABLE', {cause: error})
  }
  try {
    const pages: string[] = []
    const strings: string[] = []
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number)
      const content = await page.getTextContent()
      const runs = (content.items as TextItemLike[]).map((d) => d.str ?? '')
      pages.push(runs.join(''))
      strings.push(...runs.filter((d) => d.trim() !== ''))
      for (const annotation of (await page.getAnnotations()) as Array<{url?: string; unsafeUrl?: string; contentsObj?: {str?: string}}>) {
        for (const value of [annotation.url, annotation.unsafeUrl, annotation.contentsObj?.str]) if (value) strings.push(value)
      }
      page.cleanup()
    }
    const metadata = await document.getMetadata()
    for (const value of Object.values((metadata.info ?? {}) as Record<string, unknown>)) if (typeof value === 'string') strings.push(value)
    // XMP, raw: its values are XML text (tags do not hide text from the guard).
    const xmp = metadata.metadata?.getRaw() as unknown
    if (typeof xmp === 'string') strings.push(xmp)
    const walk = (nodes: OutlineNode[] | null | undefined) => {
      for (const node of nodes ?? []) {
        strings.push(node.title)
        walk(node.items)
      }
    }
    walk((await document.getOutline()) as OutlineNode[] | null)
    return {pages, strings}
  } finally {
    await document.destroy()
  }
}
