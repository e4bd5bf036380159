// Attempt retention: deletes finished deliveries (delivered/failed/dead/cancelled) past an age or
// beyond a count, with their attempts and the messages no delivery uses any more. Small batches,
// one short transaction each, so the dispatcher's writes never wait long.
import type { Db } from '../db/open'
import type { EventBus } from '../events'

export interface PruneOptions {
  /** Finished deliveries whose creation and completion are both older than this are removed. */
  maxAgeMs: number
  /** Keep at most this many finished deliveries (the newest); unset: no count cap. */
  maxDeliveries?: number
  /** Rows per transaction (default 200). */
  batchSize?: number
}

export type DeliveryPruner = ReturnType<typeof createDeliveryPruner>

// Pending and sending rows are never candidates; a cancelled row still leased is in flight.
const FINISHED = "status IN ('delivered','failed','dead','cancelled') AND lease_owner IS NULL"

/** With a bus, each batch that removed rows emits one `delivery.pruned` with their ids, so open lists drop them. */
export function createDeliveryPruner(db: Db, bus?: Pick<EventBus, 'emit'>) {
  const aged = db.prepare(`
    SELECT id, message_id FROM delivery
    WHERE ${FINISHED} AND created_at < ? AND COALESCE(completed_at, updated_at) < ?
    ORDER BY created_at LIMIT ?`)
  // Counted from indexes that do not move on the hot path: all rows, minus pending and sending
  // (their partial indexes), minus the cancelled ones still leased (delivery_problem). Settling
  // clears the lease, so a delivered, failed or dead row never holds one.
  const countFinished = db.prepare(`
    SELECT (SELECT COUNT(*) FROM delivery) - (SELECT COUNT(*) FROM delivery WHERE status = 'pending')
      - (SELECT COUNT(*) FROM delivery WHERE status = 'sending')
      - (SELECT COUNT(*) FROM delivery WHERE status IN ('failed','dead','cancelled') AND lease_owner IS NOT NULL) AS n`)
  // Oldest first along delivery_created, stopping after `limit` finished rows.
  const oldest = db.prepare(`SELECT id, message_id FROM delivery WHERE ${FINISHED} ORDER BY created_at LIMIT ?`)
  // The newest delivery's creation (delivery_created's last entry), for the age cutoff.
  const newest = db.prepare<[], { t: number | null }>('SELECT max(created_at) AS t FROM delivery')
  const deleteAttempts = db.prepare('DELETE FROM attempt WHERE delivery_id = ?')
  const deleteDelivery = db.prepare('DELETE FROM delivery WHERE id = ?')
  const deleteOrphanMessage = db.prepare('DELETE FROM message WHERE id = ? AND NOT EXISTS (SELECT 1 FROM delivery WHERE message_id = ?)')

  /** Deletes the rows; appends to `removed` the ids that were actually deleted. */
  function remove(rows: Array<{ id: string; message_id: string }>, removed: string[]): void {
    for (const r of rows) {
      deleteAttempts.run(r.id)
      if (deleteDelivery.run(r.id).changes > 0) removed.push(r.id)
    }
    for (const r of rows) deleteOrphanMessage.run(r.message_id, r.message_id)
  }

  const pruneBatch = db.transaction((opts: PruneOptions, now: number): string[] => {
    const limit = Math.max(1, Math.floor(opts.batchSize ?? 200))
    // Age counts back from now, but never from past the newest delivery: a clock set months ahead would
    // otherwise find every delivery aged and delete the whole log.
    const cutoff = Math.min(now, newest.get()?.t ?? 0) - opts.maxAgeMs
    const removed: string[] = []
    remove(aged.all(cutoff, cutoff, limit) as Array<{ id: string; message_id: string }>, removed)
    if (opts.maxDeliveries !== undefined && removed.length < limit) {
      const excess = (countFinished.get() as { n: number }).n - Math.max(0, opts.maxDeliveries)
      if (excess > 0) remove(oldest.all(Math.min(excess, limit - removed.length)) as Array<{ id: string; message_id: string }>, removed)
    }
    return removed
  })

  return {
    /** One batch (at most batchSize deliveries); returns how many were removed. Call again while it returns batchSize. */
    prune(opts: PruneOptions, now: number): number {
      if (!(opts.maxAgeMs >= 0)) return 0
      const removed = pruneBatch.immediate(opts, now)
      // After the commit: a listener never hears of a deletion that was rolled back.
      if (removed.length > 0) bus?.emit('delivery.pruned', { deliveryIds: removed })
      return removed.length
    },
  }
}

/** One batch against `db` (prepares its statements each call: for tools and tests, not timers). */
export function pruneDeliveries(db: Db, opts: PruneOptions, now: number): number {
  return createDeliveryPruner(db).prune(opts, now)
}

export interface RetentionTimerOptions extends PruneOptions {
  /** How often to look for deliveries to prune, ms (default 60 s). */
  intervalMs?: number
}

/**
 * Prunes on an unref'd timer: one batch per turn of the event loop until caught up, so
 * deliveries keep flowing between batches. set() takes effect at the next run.
 */
export function startDeliveryRetention(deps: {
  pruner: DeliveryPruner
  clock: { now(): number }
  logger: { warn(msg: string, fields?: Record<string, unknown>): void }
  options: RetentionTimerOptions
}) {
  let options = deps.options
  let running = false
  let stopped = false
  let failing = false
  function runBatch(): void {
    if (stopped) return
    let removed = 0
    try {
      removed = deps.pruner.prune(options, deps.clock.now())
      failing = false
    } catch (err) {
      // Once per episode (e.g. a busy or full database); the next interval tries again.
      if (!failing) deps.logger.warn('delivery retention failed', { error: err instanceof Error ? err.message : String(err) })
      failing = true
    }
    if (removed >= (options.batchSize ?? 200)) setImmediate(runBatch)
    else running = false
  }
  let timer = setInterval(tickOnce, options.intervalMs ?? 60_000)
  timer.unref()
  function tickOnce(): void {
    if (running || stopped) return
    running = true
    runBatch()
  }
  return {
    set(next: RetentionTimerOptions): void {
      const intervalChanged = (next.intervalMs ?? 60_000) !== (options.intervalMs ?? 60_000)
      options = next
      if (intervalChanged && !stopped) {
        clearInterval(timer)
        timer = setInterval(tickOnce, options.intervalMs ?? 60_000)
        timer.unref()
      }
    },
    stop(): void {
      stopped = true
      clearInterval(timer)
    },
  }
}
