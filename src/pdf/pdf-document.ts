/**
 * Reading and finishing Chromium's PDFs with pdf-lib: the page each named
 * destination (section id) lands on, and metadata that makes two builds of
 * the same input the same file (no clock, no random ids).
 */
import {createHash} from 'node:crypto'
import {PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString} from 'pdf-lib'

/** Page number (1-based) of every named destination: `ch1-8` → 4. */
export async function destinationPages(pdf: Uint8Array): Promise<Map<string, number>> {
  const doc = await PDFDocument.load(pdf, {updateMetadata: false})
  const pageIndex = new Map<string, number>()
  doc.getPages().forEach((page, index) => pageIndex.set(page.ref.toString(), index + 1))
  const out = new Map<string, number>()
  const add = (name: string, value: unknown) => {
    let target = value instanceof PDFRef ? doc.context.lookup(value) : value
    if (target instanceof PDFDict) target = target.lookup(PDFName.of('D'))
    if (target instanceof PDFArray) {
      const page = target.get(0)
      if (page instanceof PDFRef) {
        const number = pageIndex.get(page.toString())
        if (number !== undefined) out.set(name, number)
      }
    }
  }
  // PDF 1.1 style `/Dests` dictionary (what Chromium writes)…
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict)
  if (dests) for (const [key, value] of dests.entries()) add(decodeName(key.asString()), value)
  // …and the name tree of later versions, in case it changes.
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('Dests'), PDFDict)
  if (names) walkNameTree(names, add)
  return out
}

function walkNameTree(node: PDFDict, add: (name: string, value: unknown) => void) {
  const names = node.lookupMaybe(PDFName.of('Names'), PDFArray)
  if (names) {
    for (let i = 0; i + 1 < names.size(); i += 2) {
      const key = names.lookup(i)
      const name = key instanceof PDFString || key instanceof PDFHexString ? key.decodeText() : String(key)
      add(name, names.get(i + 1))
    }
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray)
  if (kids) for (let i = 0; i < kids.size(); i++) walkNameTree(kids.lookup(i, PDFDict), add)
}

/** `/ch1-8` → `ch1-8`, with `#xx` escapes (non-ASCII ids) decoded as UTF-8. */
function decodeName(raw: string): string {
  const text = raw.startsWith('/') ? raw.slice(1) : raw
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '#' && /^[\da-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      bytes.push(text.charCodeAt(i))
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

export interface PdfMetadata {
  title: string
  author: string
  subject: string
  keywords: string[]
  /** Creation and modification date. */
  date: Date
  producer: string
  /** What the file's identifier derives from: the printed page, not the clock. */
  identity: string
}

/**
 * Set the document information and make the file reproducible: fixed dates,
 * and a file identifier derived from the content instead of a random one.
 */
export async function finishPdf(pdf: Uint8Array, metadata: PdfMetadata): Promise<{bytes: Uint8Array; pages: number}> {
  const doc = await PDFDocument.load(pdf, {updateMetadata: false})
  doc.setTitle(metadata.title, {showInWindowTitleBar: true})
  doc.setAuthor(metadata.author)
  doc.setSubject(metadata.subject)
  doc.setKeywords(metadata.keywords)
  doc.setCreator('kaitei')
  doc.setProducer(metadata.producer)
  doc.setCreationDate(metadata.date)
  doc.setModificationDate(metadata.date)
  const id = createHash('md5').update(JSON.stringify(metadata)).digest('hex')
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)])
  const bytes = await doc.save({useObjectStreams: false, updateFieldAppearances: false})
  return {bytes, pages: doc.getPageCount()}
}

/** Title, author, subject and keywords of a PDF (tests and the leak guard). */
export async function readPdfInfo(pdf: Uint8Array): Promise<Record<string, string | undefined>> {
  const doc = await PDFDocument.load(pdf, {updateMetadata: false})
  return {
    title: doc.getTitle(),
    author: doc.getAuthor(),
    subject: doc.getSubject(),
    keywords: doc.getKeywords(),
    creator: doc.getCreator(),
    producer: doc.getProducer()
  }
}
