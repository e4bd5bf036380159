// Bulk actions on the filtered deliveries: retry the failed/dead ones (with progress read from the
// live counts), cancel the pending ones.
import { useState } from 'react'
import { call } from '../bridge'
import { useApp } from '../stores/app'
import { useDeliveries } from '../stores/deliveries'
import { toast } from '../stores/toasts'
import { confirmAction } from '../stores/confirm'

export function BulkRetryButton() {
  const filter = useDeliveries((s) => s.filter)
  const counts = useDeliveries((s) => s.counts)
  const [job, setJob] = useState<{ total: number } | null>(null)
  const failing = (counts.failed ?? 0) + (counts.dead ?? 0)
  const inFlight = (counts.pending ?? 0) + (counts.sending ?? 0)

  const run = async () => {
    const status = (filter.status ?? ['failed', 'dead']).filter((s) => s === 'failed' || s === 'dead')
    if (status.length === 0) {
      toast.info('Nothing to retry', 'Bulk retry applies to failed and dead deliveries.')
      return
    }
    try {
      const res = await call('deliveries.bulkRetry', { filter: { ...filter, status } })
      setJob({ total: res.count })
      toast.info(`Retrying ${res.count} deliver${res.count === 1 ? 'y' : 'ies'}`)
    } catch {
      /* toast shown */
    }
  }
  if (job) {
    const done = Math.max(0, job.total - inFlight)
    if (done >= job.total) setTimeout(() => setJob(null), 1500)
    return (
      <span className="progress-inline" data-testid="bulk-progress">
        <progress max={job.total} value={Math.min(done, job.total)} aria-label="Bulk retry progress" /> {Math.min(done, job.total)}/{job.total}
      </span>
    )
  }
  return (
    <button className="btn btn-small" disabled={failing === 0} onClick={() => void run()} data-testid="bulk-retry">
      Retry failed ({failing})
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
  if (pending === 0) return null
  return (
    <button className="btn btn-small" onClick={() => void run()} data-testid="bulk-cancel">
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
