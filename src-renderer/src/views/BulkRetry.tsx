// Bulk retry of the filtered failed/dead deliveries, with progress read from the live counts.
import { useState } from 'react'
import { call } from '../bridge'
import { useDeliveries } from '../stores/deliveries'
import { toast } from '../stores/toasts'

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
      toast.info(`Retrying ${res.count} deliveries`)
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
