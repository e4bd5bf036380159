// Bulk actions on the filtered deliveries: retry the failed/dead ones (with progress following the
// deliveries retried, not every pending one the filter shows), cancel the pending ones.
import { useEffect, useRef, useState } from 'react'
import type { DeliveryFilter, MethodOutput } from '../../../src-preload/contract'
import { call, subscribe } from '../bridge'
import { useApp } from '../stores/app'
import { useDeliveries } from '../stores/deliveries'
import { toast } from '../stores/toasts'
import { confirmAction } from '../stores/confirm'
import { retryLabel, retryStatuses } from '../lib/statuses'

/** The deliveries a bulk retry with this filter takes (failed or dead), each with its attempts so far. */
async function attemptsOfFailing(filter: DeliveryFilter): Promise<Map<string, number>> {
  const attempts = new Map<string, number>()
  let cursor: string | null = null
  do {
    const page: MethodOutput<'deliveries.list'> = await call('deliveries.list', { cursor, limit: 500, filter })
    for (const r of page.items) attempts.set(r.id, r.attempts)
    cursor = page.nextCursor
  } while (cursor)
  return attempts
}

/**
 * Follows retried deliveries in the live batches; `onDone` gets how many are done: made another attempt
 * (delivered, failed again, or waiting for a later retry), cancelled, or removed by retention.
 */
function followRetried(attemptsBefore: ReadonlyMap<string, number>, onDone: (count: number) => void): () => void {
  const done = new Set<string>()
  return subscribe('live.batch', (batch) => {
    const size = done.size
    for (const r of batch.deliveries) {
      const before = attemptsBefore.get(r.id)
      if (before !== undefined && (r.attempts > before || r.status === 'cancelled')) done.add(r.id)
    }
    for (const id of batch.pruned?.deliveryIds ?? []) if (attemptsBefore.has(id)) done.add(id)
    if (done.size !== size) onDone(done.size)
  })
}

export function BulkRetryButton() {
  const filter = useDeliveries((s) => s.filter)
  const counts = useDeliveries((s) => s.counts)
  const [job, setJob] = useState<{ total: number; done: number } | null>(null)
  const stopFollowing = useRef<(() => void) | null>(null)
  // What a retry takes with this filter: failed and dead, or the one of them a status chip picks.
  const covered = retryStatuses(filter)
  const failing = covered.reduce((n, st) => n + (counts[st] ?? 0), 0)

  const stop = () => {
    stopFollowing.current?.()
    stopFollowing.current = null
  }
  useEffect(() => stop, [])
  useEffect(() => {
    if (!job || job.done < job.total) return
    stop()
    const t = setTimeout(() => setJob(null), 1500)
    return () => clearTimeout(t)
  }, [job])

  const run = async () => {
    const status = covered
    if (status.length === 0) {
      toast.info('Nothing to retry', 'Bulk retry applies to failed and dead deliveries.')
      return
    }
    try {
      // Listed before the retry, followed from before it: an attempt that ends at once is not missed.
      const retried = await attemptsOfFailing({ ...filter, status })
      stop()
      stopFollowing.current = followRetried(retried, (done) => setJob({ total: retried.size, done }))
      setJob({ total: retried.size, done: 0 })
      const res = await call('deliveries.bulkRetry', { filter: { ...filter, status } })
      toast.info(`Retrying ${res.count} deliver${res.count === 1 ? 'y' : 'ies'}`)
    } catch {
      stop()
      setJob(null) /* toast shown */
    }
  }
  if (job) {
    const done = Math.min(job.done, job.total)
    return (
      <span className="progress-inline" data-testid="bulk-progress">
        <progress max={job.total} value={done} aria-label="Bulk retry progress" /> {done}/{job.total}
      </span>
    )
  }
  return (
    <button className="btn btn-small" disabled={failing === 0} onClick={() => void run()} data-testid="bulk-retry">
      {retryLabel(covered, counts)} ({failing})
    </button>
  )
}

/** Cancels the filtered pending deliveries (after a confirmation): a flood sent to the wrong place stops. */
export function BulkCancelButton() {
  const filter = useDeliveries((s) => s.filter)
  const pending = useDeliveries((s) => s.counts.pending ?? 0)
  const run = async () => {
    const question = `Cancel ${pending} pending deliver${pending === 1 ? 'y' : 'ies'}${describe(filter)}? They will not be sent; any being sent right now finish their attempt.`
    if (!(await confirmAction({ title: 'Cancel pending deliveries', message: question, action: 'Cancel deliveries' }))) return
    try {
      const res = await call('deliveries.bulkCancel', { filter })
      toast.info(`Cancelled ${res.count} deliver${res.count === 1 ? 'y' : 'ies'}`)
    } catch {
      /* toast shown */
    }
  }
  // Always there (disabled with none): appearing with the first pending delivery would wrap the toolbar
  // and move the list under the cursor.
  return (
    <button className="btn btn-small" disabled={pending === 0} onClick={() => void run()} data-testid="bulk-cancel">
      Cancel pending ({pending})
    </button>
  )
}

/** " of endpoint X matching "text"" and the like, for the confirmation. */
function describe(f: ReturnType<typeof useDeliveries.getState>['filter']): string {
  const parts: string[] = []
  const endpoint = f.endpointId ? useApp.getState().endpoints.find((e) => e.id === f.endpointId)?.name : undefined
  if (endpoint) parts.push(` to ${endpoint}`)
  if (f.eventType) parts.push(` of type ${f.eventType}`)
  if (f.text) parts.push(` matching "${f.text}"`)
  return parts.join('')
}
