/**
 * The audit trail's writer: entries are queued as responses finish and
 * written in batches (one transaction every 200 ms, or at 500 entries), so
 * a response never waits on the database. `close` writes what is queued:
 * the server calls it on SIGTERM, after the last response.
 */
import type {AuditEntry, Store} from './database.js'

export class AuditLog {
  private queue: AuditEntry[] = []
  private timer: NodeJS.Timeout | undefined
  private writing: Promise<void> = Promise.resolve()
  private readonly store: Store
  private readonly onError: (error: unknown) => void

  constructor(store: Store, onError: (error: unknown) => void) {
    this.store = store
    this.onError = onError
  }

  add(entry: AuditEntry): void {
    this.queue.push(entry)
    if (this.queue.length >= 500) void this.flush()
    else this.timer ??= setTimeout(() => void this.flush(), 200)
  }

  /** Write everything queued so far (in order, one batch after another). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    const batch = this.queue
    this.queue = []
    if (batch.length === 0) return this.writing
    this.writing = this.writing.then(() =>
      this.store.appendAudit(batch).catch((error) => {
        // Not lost: back in the queue, written with the next batch.
        this.queue.unshift(...batch)
        this.timer ??= setTimeout(() => void this.flush(), 1000)
        this.onError(error)
      })
    )
    return this.writing
  }

  async close(): Promise<void> {
    await this.flush()
    // A batch that failed went back to the queue: one more try.
    if (this.queue.length > 0) await this.flush()
  }
}
