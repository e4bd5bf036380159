// Group commit: captures arriving in the same tick (up to maxBatch) are inserted in one
// transaction, and each request is answered only after its batch committed. This keeps the
// promise "acknowledged = on disk" at near the speed of not persisting at all.
export class GroupCommit<T> {
  private pending: Array<{ row: T; done: (err: Error | null) => void }> = []
  private scheduled: NodeJS.Immediate | NodeJS.Timeout | null = null

  constructor(
    private readonly write: (rows: T[]) => void,
    private readonly maxBatch: number,
    private readonly windowMs: number,
  ) {}

  add(row: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ row, done: (err) => (err ? reject(err) : resolve()) })
      if (this.pending.length >= this.maxBatch) this.flush()
      else if (!this.scheduled)
        this.scheduled = this.windowMs > 0 ? setTimeout(() => this.flush(), this.windowMs) : setImmediate(() => this.flush())
    })
  }

  flush(): void {
    if (this.scheduled) {
      clearTimeout(this.scheduled as NodeJS.Timeout)
      clearImmediate(this.scheduled as NodeJS.Immediate)
      this.scheduled = null
    }
    const batch = this.pending
    if (batch.length === 0) return
    this.pending = []
    let error: Error | null = null
    try {
      this.write(batch.map((p) => p.row))
    } catch (err) {
      error = err instanceof Error ? err : new Error(String(err))
    }
    for (const p of batch) p.done(error)
  }
}
