/**
 * Render many documents on several cores. A large policy (the 1 MB
 * benchmark has 13 chapter files) is parsed and rendered file by file in
 * worker threads, with the main thread taking a share; small publications
 * stay on the main thread, where starting a worker would cost more than it
 * saves.
 */
import {createHash} from 'node:crypto'
import {existsSync} from 'node:fs'
import os from 'node:os'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import type {Audience} from '../config/load-config.js'
import {KaiteiContext} from '../context.js'
import {messageFromData, messageToData, type MessageData} from '../messages.js'
import type {Root} from 'mdast'
import {assembleSections, planSections, sectionsOf} from '../plugins/remark-policy-parse-sections.js'
import {createPolicyParser} from '../processor.js'
import {renderDocument, type DocumentInput, type RenderDocumentOptions, type RenderedFile} from './render-document.js'

export interface RenderPoolOptions extends Omit<RenderDocumentOptions, 'allAudiences'> {
  /** Every audience of the publication (default: `audiences`). */
  allAudiences?: Audience[]
  /** Stops the rendering: worker threads are terminated (Ctrl+C). */
  signal?: AbortSignal
  /** Where the processors are kept between calls (worker threads make their own). */
  context?: KaiteiContext
  /**
   * Threads to use, main thread included (default: the `KAITEI_THREADS`
   * variable; else, on machines with 4 or more cores, up to 4 when the
   * sources hold more than `parallelThreshold` characters; else 1). On 2
   * cores workers were measured slower: each repeats the JIT warm-up and
   * competes with the garbage collector's threads.
   */
  threads?: number
  /** Characters of source below which one thread is used (default: `150000`). */
  parallelThreshold?: number
  /** Characters of one file above which it is parsed in pieces on every thread (default: `100000`). */
  bigFile?: number
}

/** A worker's task: render documents, or parse pieces of one big file. */
export type WorkerTask =
  | {kind: 'render'; docs: DocumentInput[]; audiences: Audience[]; options: RenderDocumentOptions}
  | {kind: 'parse'; texts: string[]; lang: string}

export type SerializedFile = Omit<RenderedFile, 'messages'> & {messages: MessageData[]}

export interface WorkerReply {
  results?: SerializedFile[] | Root[]
  error?: {message: string; stack?: string}
}

const workerFile = fileURLToPath(new URL('./render-worker.js', import.meta.url))

/** How many threads to use for `characters` of source. */
export function chooseThreads(characters: number, options: Pick<RenderPoolOptions, 'threads' | 'parallelThreshold'> = {}): number {
  const fromEnv = Number(process.env.KAITEI_THREADS)
  const requested = options.threads ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : undefined)
  if (requested !== undefined) return Math.max(1, requested)
  const cores = os.availableParallelism()
  if (cores < 4 || characters < (options.parallelThreshold ?? 150_000)) return 1
  return Math.min(4, cores)
}

/**
 * Render each document for each audience. Returns, per document, its
 * messages and one rendering per audience (in the order given). With a
 * persistent cache (the context's, for `root`), a file rendered before with
 * the same text and the same settings is loaded, not rendered.
 */
export async function renderDocuments(
  docs: DocumentInput[],
  audiences: Audience[],
  options: RenderPoolOptions
): Promise<RenderedFile[]> {
  const disk = options.root !== undefined ? options.context?.diskCache(options.root) : undefined
  // In a long-running process (preview, a server, the library), renderings stay in memory too:
  // kept as JSON, so that every caller gets trees of its own to change.
  const memory = options.context?.cache<string>('rendered-files', {max: 2000, maxSize: 256 * 1024 * 1024, size: (value) => value.length})
  if (!disk && !memory) return renderFresh(docs, audiences, options)
  // Everything a file's rendering depends on besides kaitei's code (the cache's version).
  const shared = JSON.stringify([
    audiences,
    options.allAudiences ?? audiences,
    options.lang,
    options.foreignKeys ?? [],
    options.relaxed === true,
    options.root,
    options.sources ?? [],
    options.anchors ?? null,
    audiences.map((d) => options.amended?.[d.name] ?? null)
  ])
  const keys = docs.map((doc) => JSON.stringify([createHash('sha256').update(doc.text).digest('hex'), doc.path, doc.source, doc.index]) + shared)
  const results = new Array<RenderedFile>(docs.length)
  const missing: number[] = []
  docs.forEach((_, index) => {
    const held = memory?.get(keys[index]!)
    const stored = held !== undefined ? (JSON.parse(held) as SerializedFile) : disk?.get<SerializedFile>('rendered', keys[index]!)
    if (stored) results[index] = {...stored, messages: stored.messages.map(messageFromData)}
    else missing.push(index)
  })
  if (missing.length === 0) return results
  const fresh = await renderFresh(missing.map((i) => docs[i]!), audiences, options)
  fresh.forEach((file, j) => {
    const index = missing[j]!
    const serialized: SerializedFile = {...file, messages: file.messages.map(messageToData)}
    memory?.set(keys[index]!, JSON.stringify(serialized))
    disk?.set('rendered', keys[index]!, serialized)
    results[index] = file
  })
  return results
}

async function renderFresh(docs: DocumentInput[], audiences: Audience[], options: RenderPoolOptions): Promise<RenderedFile[]> {
  const characters = docs.reduce((sum, d) => sum + d.text.length, 0)
  // Running from TypeScript sources (tests) there is no compiled worker.
  const available = existsSync(workerFile) ? chooseThreads(characters, options) : 1
  const threads = Math.min(available, docs.length)

  const {threads: _threads, parallelThreshold: _threshold, bigFile = 100_000, signal, context: given, ...rest} = options
  const context = given ?? new KaiteiContext()
  const settings: RenderDocumentOptions = {...rest, allAudiences: options.allAudiences ?? audiences}

  // A big file is parsed in pieces on every thread first; it is then
  // rendered here (its tree stays on this thread).
  const prepared = [...docs]
  const pinned = new Set<number>()
  if (available > 1) {
    for (const [index, doc] of docs.entries()) {
      if (doc.tree || doc.text.length < bigFile) continue
      const tree = await parseInParallel(doc.text, available, settings.lang, {signal})
      if (!tree) continue
      prepared[index] = {...doc, tree, treeOwned: true}
      pinned.add(index)
    }
  }

  if (threads === 1) {
    const out: RenderedFile[] = []
    for (const doc of prepared) {
      signal?.throwIfAborted()
      out.push(await renderDocument(doc, audiences, settings, context))
    }
    return out
  }

  // Longest files first onto the least loaded lane; lane 0 is this thread (and takes the big files parsed in pieces).
  const lanes: number[][] = Array.from({length: threads}, () => [])
  const load = new Array<number>(threads).fill(0)
  const order = docs.map((_, index) => index).sort((a, b) => docs[b]!.text.length - docs[a]!.text.length)
  for (const index of order) {
    let lane = 0
    if (!pinned.has(index)) for (let i = 1; i < threads; i++) if (load[i]! < load[lane]!) lane = i
    lanes[lane]!.push(index)
    load[lane]! += docs[index]!.text.length
  }

  const results = new Array<RenderedFile>(docs.length)
  const workers = lanes.slice(1).map((lane) => runInWorker<SerializedFile[]>({kind: 'render', docs: lane.map((i) => prepared[i]!), audiences, options: settings}, signal))
  for (const index of lanes[0]!) {
    signal?.throwIfAborted()
    results[index] = await renderDocument(prepared[index]!, audiences, settings, context)
  }
  const fromWorkers = await Promise.all(workers)
  fromWorkers.forEach((laneResults, laneIndex) => {
    lanes[laneIndex + 1]!.forEach((docIndex, i) => {
      results[docIndex] = {...laneResults[i]!, messages: laneResults[i]!.messages.map(messageFromData)}
    })
  })
  return results
}

/**
 * One file parsed in pieces on `threads` threads: cut where the sectioned
 * parser cuts (remark-policy-parse-sections), about equal runs of sections
 * to each thread, the trees put together here — the same tree as a
 * whole-file parse (a property test holds them equal). `undefined` when the
 * file may not be cut.
 */
export async function parseInParallel(
  text: string,
  threads: number,
  lang: string,
  options: {signal?: AbortSignal; parseElsewhere?: (texts: string[]) => Promise<Root[]>; size?: number} = {}
): Promise<Root | undefined> {
  const parseElsewhere = options.parseElsewhere ?? ((texts: string[]) => runInWorker<Root[]>({kind: 'parse', texts, lang}, options.signal))
  const parser = createPolicyParser({lang})
  const plan = planSections(text, sectionsOf(text, (piece) => parser.parse(piece) as Root, options.size))
  if (!plan) return undefined
  // Contiguous runs of about equal size, one per thread.
  const total = plan.texts.reduce((sum, d) => sum + d.length, 0)
  const groups: number[][] = [[]]
  let size = 0
  for (const [index, piece] of plan.texts.entries()) {
    if (size >= (total / threads) * groups.length && groups.length < threads) groups.push([])
    groups[groups.length - 1]!.push(index)
    size += piece.length
  }
  const elsewhere = groups.slice(1).map((group) => parseElsewhere(group.map((i) => plan.texts[i]!)))
  const here = groups[0]!.map((i) => parser.parse(plan.texts[i]!) as Root)
  const trees = [...here, ...(await Promise.all(elsewhere)).flat()]
  return assembleSections(plan, trees)
}

function runInWorker<T>(task: WorkerTask, signal?: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile)
    // Cancelled: the worker stops at once.
    const abort = () => {
      void worker.terminate()
      reject(signal!.reason instanceof Error ? signal!.reason : new Error('Rendering cancelled'))
    }
    if (signal?.aborted) return abort()
    signal?.addEventListener('abort', abort, {once: true})
    worker.once('exit', () => signal?.removeEventListener('abort', abort))
    worker.once('message', (reply: WorkerReply) => {
      void worker.terminate()
      if (reply.error) {
        const error = new Error(reply.error.message)
        error.stack = reply.error.stack
        reject(error)
      } else {
        resolve(reply.results as T)
      }
    })
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error('Render worker stopped with exit code ' + code))
    })
    worker.postMessage(task)
  })
}

/** Used by the worker: parse pieces, or render documents with their messages turned into plain data. */
export async function renderTask(task: WorkerTask): Promise<SerializedFile[] | Root[]> {
  if (task.kind === 'parse') {
    const parser = createPolicyParser({lang: task.lang})
    return task.texts.map((text) => parser.parse(text) as Root)
  }
  const out: SerializedFile[] = []
  // One context per task: the lane's files share their processors.
  const context = new KaiteiContext()
  for (const doc of task.docs) {
    const rendered = await renderDocument(doc, task.audiences, task.options, context)
    out.push({...rendered, messages: rendered.messages.map(messageToData)})
  }
  return out
}
