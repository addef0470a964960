/**
 * Worker thread entry: renders the documents it is sent (see render-pool.ts).
 */
import {parentPort} from 'node:worker_threads'
import {renderTask, type WorkerReply, type WorkerTask} from './render-pool.js'

parentPort?.once('message', async (task: WorkerTask) => {
  let reply: WorkerReply
  try {
    reply = {results: await renderTask(task)}
  } catch (error) {
    reply = {error: {message: (error as Error).message, stack: (error as Error).stack}}
  }
  parentPort!.postMessage(reply)
})
