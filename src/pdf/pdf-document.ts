/**
 * Reading and finishing Chromium's PDFs.
 *
 * Chromium (Skia) writes a classic cross-reference table and plain object
 * dictionaries, so the page of each named destination can be read directly
 * in milliseconds; pdf-lib is the fallback for any other layout. Metadata is
 * set by an incremental update appended to the file (no rewrite of a 300-page
 * PDF), and the clock dates Chromium wrote are overwritten in place, so two
 * builds of the same input give the same bytes.
 */
import {createHash} from 'node:crypto'
import type {PDFDict} from 'pdf-lib'

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')

/** Objects of a PDF with a classic xref table (no object streams, no updates). */
class SimplePdf {
  readonly text: string
  readonly offsets = new Map<number, number>()
  readonly trailer: string
  readonly startxref: number

  constructor(bytes: Uint8Array) {
    this.text = latin1(bytes)
    const tail = this.text.slice(-1024)
    const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail)
    if (!start) throw new Error('no startxref')
    this.startxref = Number(start[1])
    if (!this.text.startsWith('xref', this.startxref)) throw new Error('not a classic xref table')
    const trailerAt = this.text.indexOf('trailer', this.startxref)
    const table = this.text.slice(this.startxref + 4, trailerAt)
    this.trailer = this.text.slice(trailerAt, this.text.indexOf('startxref', trailerAt))
    if (/\/Prev\b/.test(this.trailer) || /\/Type\s*\/ObjStm/.test(this.text)) throw new Error('incremental or compressed objects')
    const lines = table.trim().split(/\r?\n/)
    for (let i = 0; i < lines.length; ) {
      const [first, count] = lines[i]!.trim().split(/\s+/).map(Number) as [number, number]
      for (let j = 0; j < count; j++) {
        const entry = lines[i + 1 + j]!.trim().split(/\s+/)
        if (entry[2] === 'n') this.offsets.set(first + j, Number(entry[0]))
      }
      i += count + 1
    }
  }

  object(number: number): string {
    const offset = this.offsets.get(number)
    if (offset === undefined) throw new Error('missing object ' + number)
    const end = this.text.indexOf('endobj', offset)
    return this.text.slice(this.text.indexOf('obj', offset) + 3, end)
  }

  ref(dictionary: string, key: string): number | undefined {
    const match = new RegExp('/' + key + '\\s+(\\d+)\\s+0\\s+R').exec(dictionary)
    return match ? Number(match[1]) : undefined
  }

  /** Page object numbers in order. */
  pages(): number[] {
    const root = this.ref(this.trailer, 'Root')!
    const out: number[] = []
    const walk = (number: number) => {
      const node = this.object(number)
      if (/\/Type\s*\/Pages\b/.test(node)) {
        const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node)![1]!
        for (const match of kids.matchAll(/(\d+)\s+0\s+R/g)) walk(Number(match[1]))
      } else {
        out.push(number)
      }
    }
    walk(this.ref(this.object(root), 'Pages')!)
    return out
  }
}

/** Page number (1-based) of every named destination: `ch1-8` → 4. */
export async function destinationPages(pdf: Uint8Array): Promise<Map<string, number>> {
  try {
    const doc = new SimplePdf(pdf)
    const pageIndex = new Map(doc.pages().map((number, index) => [number, index + 1]))
    const catalog = doc.object(doc.ref(doc.trailer, 'Root')!)
    const destsRef = doc.ref(catalog, 'Dests')
    const out = new Map<string, number>()
    if (destsRef === undefined) return out
    for (const match of doc.object(destsRef).matchAll(/\/([^\s/[\]<>()]+)\s*\[\s*(\d+)\s+0\s+R/g)) {
      const page = pageIndex.get(Number(match[2]))
      if (page !== undefined) out.set(decodeName(match[1]!), page)
    }
    return out
  } catch {
    return destinationPagesWithPdfLib(pdf)
  }
}

/** pdf-lib, loaded only when needed (it is a large module and a fallback). */
const pdfLib = () => import('pdf-lib')

async function destinationPagesWithPdfLib(pdf: Uint8Array): Promise<Map<string, number>> {
  const lib = await pdfLib()
  const {PDFArray, PDFDict, PDFDocument, PDFName, PDFRef} = lib
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
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict)
  if (dests) for (const [key, value] of dests.entries()) add(decodeName(key.asString().replace(/^\//, '')), value)
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('Dests'), PDFDict)
  if (names) walkNameTree(lib, names, add)
  return out
}

function walkNameTree(lib: typeof import('pdf-lib'), node: PDFDict, add: (name: string, value: unknown) => void) {
  const {PDFArray, PDFDict, PDFHexString, PDFName, PDFString} = lib
  const names = node.lookupMaybe(PDFName.of('Names'), PDFArray)
  if (names) {
    for (let i = 0; i + 1 < names.size(); i += 2) {
      const key = names.lookup(i)
      const name = key instanceof PDFString || key instanceof PDFHexString ? key.decodeText() : String(key)
      add(name, names.get(i + 1))
    }
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray)
  if (kids) for (let i = 0; i < kids.size(); i++) walkNameTree(lib, kids.lookup(i, PDFDict), add)
}

/**
 * A destination name as Chromium writes it: `#xx` escapes of the PDF name
 * decoded, then the URL's percent-encoding of a non-ASCII id (はじめに is
 * written `%E3%81%AF…`) decoded as UTF-8.
 */
function decodeName(text: string): string {
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '#' && /^[\da-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      bytes.push(text.charCodeAt(i))
    }
  }
  const name = Buffer.from(bytes).toString('utf8')
  if (!name.includes('%')) return name
  try {
    return decodeURIComponent(name)
  } catch {
    return name
  }
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
 * The date a PDF is stamped with, so that printing the same text again gives
 * the same file: `SOURCE_DATE_EPOCH` when set, else the date of the
 * amendment the PDF shows (midnight in Japan), else the Unix epoch — never
 * the clock.
 */
export function reproducibleDate(iso: string | undefined, env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = Number(env.SOURCE_DATE_EPOCH)
  if (env.SOURCE_DATE_EPOCH && Number.isFinite(epoch)) return new Date(epoch * 1000)
  return iso ? new Date(iso + 'T00:00:00+09:00') : new Date(0)
}

/** A PDF text string: UTF-16BE with a byte order mark, as hex. */
function pdfText(text: string): string {
  let hex = 'FEFF'
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase()
  return '<' + hex + '>'
}

/** `D:20260325000000+09'00'` in Japan time. */
function pdfDate(date: Date): string {
  const tokyo = new Date(date.getTime() + 9 * 3600_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return (
    'D:' + tokyo.getUTCFullYear() + pad(tokyo.getUTCMonth() + 1) + pad(tokyo.getUTCDate()) +
    pad(tokyo.getUTCHours()) + pad(tokyo.getUTCMinutes()) + pad(tokyo.getUTCSeconds()) + "+09'00'"
  )
}

/**
 * Set the document information and make the file reproducible. Falls back
 * to pdf-lib (a full rewrite) for PDFs not laid out as Chromium writes them.
 */
export async function finishPdf(pdf: Uint8Array, metadata: PdfMetadata): Promise<{bytes: Uint8Array; pages: number}> {
  const id = createHash('md5').update(JSON.stringify(metadata)).digest('hex').toUpperCase()
  let doc: SimplePdf
  try {
    doc = new SimplePdf(pdf)
  } catch {
    return finishWithPdfLib(pdf, metadata, id)
  }
  const date = pdfDate(metadata.date)
  // Chromium's clock dates, overwritten in place (same length, offsets kept).
  const bytes = Buffer.from(pdf)
  for (const match of doc.text.matchAll(/\/(?:CreationDate|ModDate)\s*\((D:\d{14}[^)]*)\)/g)) {
    const start = match.index! + match[0].indexOf(match[1]!)
    const fixed = date.slice(0, match[1]!.length).padEnd(match[1]!.length, ' ')
    bytes.write(fixed, start, 'latin1')
  }
  // Tagged PDF element ids count the renderer's DOM nodes since the browser
  // started (how many pages it loaded before): renumbered in order, same
  // width, so that the ID tree stays sorted and offsets do not move.
  const nodeIds = [...doc.text.matchAll(/\(node(\d+)\)/g)]
  if (nodeIds.length > 0) {
    const order = [...new Set(nodeIds.map((d) => Number(d[1])))].sort((a, b) => a - b)
    const rank = new Map(order.map((value, index) => [value, index + 1]))
    for (const match of nodeIds) {
      const digits = match[1]!
      const renumbered = String(rank.get(Number(digits))!).padStart(digits.length, '0')
      if (renumbered.length === digits.length) bytes.write(renumbered, match.index! + '(node'.length, 'latin1')
    }
  }
  const size = Number(/\/Size\s+(\d+)/.exec(doc.trailer)![1])
  const root = doc.ref(doc.trailer, 'Root')!
  const info =
    '<</Title ' + pdfText(metadata.title) + '\n/Author ' + pdfText(metadata.author) + '\n/Subject ' + pdfText(metadata.subject) +
    '\n/Keywords ' + pdfText(metadata.keywords.join(' ')) + '\n/Creator (kaitei)\n/Producer ' + pdfText(metadata.producer) +
    '\n/CreationDate (' + date + ')\n/ModDate (' + date + ')>>'
  const objectAt = bytes.length + 1
  const object = '\n' + size + ' 0 obj\n' + info + '\nendobj\n'
  const xrefAt = bytes.length + Buffer.byteLength(object, 'latin1')
  const update =
    object + 'xref\n' + size + ' 1\n' + String(objectAt).padStart(10, '0') + ' 00000 n \n' +
    'trailer\n<</Size ' + (size + 1) + '\n/Root ' + root + ' 0 R\n/Info ' + size + ' 0 R\n/ID [<' + id + '> <' + id + '>]\n/Prev ' +
    doc.startxref + '>>\nstartxref\n' + xrefAt + '\n%%EOF\n'
  return {bytes: Buffer.concat([bytes, Buffer.from(update, 'latin1')]), pages: doc.pages().length}
}

async function finishWithPdfLib(pdf: Uint8Array, metadata: PdfMetadata, id: string): Promise<{bytes: Uint8Array; pages: number}> {
  const {PDFDocument, PDFHexString} = await pdfLib()
  const doc = await PDFDocument.load(pdf, {updateMetadata: false})
  doc.setTitle(metadata.title, {showInWindowTitleBar: true})
  doc.setAuthor(metadata.author)
  doc.setSubject(metadata.subject)
  doc.setKeywords(metadata.keywords)
  doc.setCreator('kaitei')
  doc.setProducer(metadata.producer)
  doc.setCreationDate(metadata.date)
  doc.setModificationDate(metadata.date)
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)])
  const bytes = await doc.save({useObjectStreams: false, updateFieldAppearances: false})
  return {bytes, pages: doc.getPageCount()}
}
