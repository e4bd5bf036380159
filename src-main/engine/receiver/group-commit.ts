// Group commit: captures arriving in the same tick (up to maxBatch) are inserted in one
// transaction, and each request is answered only after its batch committed. This keeps the
// promise "acknowledged = on disk" at near the speed of not persisting at all.
// Callbacks, not promises: one fewer allocation and microtask per request on the hot path.
export type Committed = (err: Error | null) => void

export class GroupCommit<T> {
  private rows: T[] = []
  private callbacks: Committed[] = []
  private scheduled: NodeJS.Immediate | NodeJS.Timeout | null = null
  private readonly flushNow = (): void => this.flush()

  constructor(
    private readonly write: (rows: T[]) => void,
    private readonly maxBatch: number,
    private readonly windowMs: number,
  ) {}

  /** Queues row; done runs after its batch committed (null) or failed (the error, same for the whole batch). */
  add(row: T, done: Committed): void {
    this.rows.push(row)
    this.callbacks.push(done)
    if (this.rows.length >= this.maxBatch) this.flush()
    else if (!this.scheduled) this.scheduled = this.windowMs > 0 ? setTimeout(this.flushNow, this.windowMs) : setImmediate(this.flushNow)
  }

  flush(): void {
    if (this.scheduled) {
      clearTimeout(this.scheduled as NodeJS.Timeout)
      clearImmediate(this.scheduled as NodeJS.Immediate)
      this.scheduled = null
    }
    const rows = this.rows
    const callbacks = this.callbacks
    if (rows.length === 0) return
    this.rows = []
    this.callbacks = []
    let error: Error | null = null
    try {
      this.write(rows)
    } catch (err) {
      error = err instanceof Error ? err : new Error(String(err))
    }
    for (const done of callbacks) done(error)
  }
}
