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
}

export interface WorkerTask {
  docs: DocumentInput[]
  audiences: Audience[]
  options: RenderDocumentOptions
}

export type SerializedFile = Omit<RenderedFile, 'messages'> & {messages: MessageData[]}

export interface WorkerReply {
  results?: SerializedFile[]
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
  if (!disk) return renderFresh(docs, audiences, options)
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
    const stored = disk.get<SerializedFile>('rendered', keys[index]!)
    if (stored) results[index] = {...stored, messages: stored.messages.map(messageFromData)}
    else missing.push(index)
  })
  if (missing.length === 0) return results
  const fresh = await renderFresh(missing.map((i) => docs[i]!), audiences, options)
  fresh.forEach((file, j) => {
    const index = missing[j]!
    results[index] = file
    disk.set('rendered', keys[index]!, {...file, messages: file.messages.map(messageToData)})
  })
  return results
}

async function renderFresh(docs: DocumentInput[], audiences: Audience[], options: RenderPoolOptions): Promise<RenderedFile[]> {
  const characters = docs.reduce((sum, d) => sum + d.text.length, 0)
  let threads = Math.min(chooseThreads(characters, options), docs.length)
  // Running from TypeScript sources (tests) there is no compiled worker.
  if (threads > 1 && !existsSync(workerFile)) threads = 1

  const {threads: _threads, parallelThreshold: _threshold, signal, context: given, ...rest} = options
  const context = given ?? new KaiteiContext()
  const settings: RenderDocumentOptions = {...rest, allAudiences: options.allAudiences ?? audiences}
  if (threads === 1) {
    const out: RenderedFile[] = []
    for (const doc of docs) {
      signal?.throwIfAborted()
      out.push(await renderDocument(doc, audiences, settings, context))
    }
    return out
  }

  // Longest files first onto the least loaded lane; lane 0 is this thread.
  const lanes: number[][] = Array.from({length: threads}, () => [])
  const load = new Array<number>(threads).fill(0)
  const order = docs.map((_, index) => index).sort((a, b) => docs[b]!.text.length - docs[a]!.text.length)
  for (const index of order) {
    let lane = 0
    for (let i = 1; i < threads; i++) if (load[i]! < load[lane]!) lane = i
    lanes[lane]!.push(index)
    load[lane]! += docs[index]!.text.length
  }

  const results = new Array<RenderedFile>(docs.length)
  const workers = lanes.slice(1).map((lane) => runInWorker({docs: lane.map((i) => docs[i]!), audiences, options: settings}, signal))
  for (const index of lanes[0]!) {
    signal?.throwIfAborted()
    results[index] = await renderDocument(docs[index]!, audiences, settings, context)
  }
  const fromWorkers = await Promise.all(workers)
  fromWorkers.forEach((laneResults, laneIndex) => {
    lanes[laneIndex + 1]!.forEach((docIndex, i) => {
      results[docIndex] = {...laneResults[i]!, messages: laneResults[i]!.messages.map(messageFromData)}
    })
  })
  return results
}

function runInWorker(task: WorkerTask, signal?: AbortSignal): Promise<SerializedFile[]> {
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
        resolve(reply.results!)
      }
    })
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error('Render worker stopped with exit code ' + code))
    })
    worker.postMessage(task)
  })
}

/** Used by the worker: render a task and turn messages into plain data. */
export async function renderTask(task: WorkerTask): Promise<SerializedFile[]> {
  const out: SerializedFile[] = []
  // One context per task: the lane's files share their processors.
  const context = new KaiteiContext()
  for (const doc of task.docs) {
    const rendered = await renderDocument(doc, task.audiences, task.options, context)
    out.push({...rendered, messages: rendered.messages.map(messageToData)})
  }
  return out
}
