// Export the attempt log (hooklab.attempts/v1): desktop saves through a dialog, browser mode downloads.
import { useEffect, useState } from 'react'
import type { MethodInput } from '../../../src-preload/contract'
import { STATUSES } from '../lib/statuses'
import { Dialog } from '../components/Dialog'
import { call, subscribe } from '../bridge'
import { useApp } from '../stores/app'
import { toast } from '../stores/toasts'
import { bytes } from '../lib/format'

type Filter = NonNullable<MethodInput<'export.attempts'>['filter']>

function toTs(v: string): number | undefined {
  if (!v) return undefined
  const t = new Date(v).getTime()
  return Number.isFinite(t) ? t : undefined
}

export function ExportDialog(props: { open: boolean; onOpenChange: (v: boolean) => void }) {
  const endpoints = useApp((s) => s.endpoints)
  const [endpointId, setEndpointId] = useState('')
  const [status, setStatus] = useState('')
  const [since, setSince] = useState('')
  const [until, setUntil] = useState('')
  const [progress, setProgress] = useState<{ deliveries: number; bytes: number; done: boolean } | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => (props.open ? subscribe('export.progress', setProgress) : undefined), [props.open])

  const run = async () => {
    const filter: Filter = {
      endpointId: endpointId || undefined,
      status: (status || undefined) as Filter['status'],
      since: toTs(since),
      until: toTs(until),
    }
    setBusy(true)
    setProgress(null)
    try {
      const res = await call('export.attempts', { filter })
      if (res.kind === 'saved') {
        toast.info(`Exported ${res.deliveries} deliveries (${bytes(res.bytes)})`, res.path)
        props.onOpenChange(false)
      } else if (res.kind === 'download') {
        const a = document.createElement('a')
        a.href = res.url
        a.download = `hooklab-attempts-${new Date().toISOString().replace(/[:.]/g, '-')}.json`
        document.body.appendChild(a)
        a.click()
        a.remove()
        toast.info('Export download started')
        props.onOpenChange(false)
      }
    } catch {
      /* toast shown */
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange} title="Export attempt log" description="One JSON document in the hooklab.attempts/v1 format. Secrets are never included." testid="export-dialog">
      <div className="form">
        <label className="field">
          <span>Endpoint</span>
          <select value={endpointId} onChange={(e) => setEndpointId(e.target.value)}>
            <option value="">All endpoints</option>
            {endpoints.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Status</span>
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>From</span>
          <input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
        </label>
        <label className="field">
          <span>Until</span>
          <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
        </label>
      </div>
      {(busy || progress) && (
        <div className="row gap small" data-testid="export-progress">
          <progress aria-label="Export progress" {...(progress?.done ? { value: 1, max: 1 } : {})} />
          {progress ? `${progress.deliveries} deliveries · ${bytes(progress.bytes)}${progress.done ? ' · done' : ''}` : 'starting…'}
        </div>
      )}
      <div className="dlg-actions">
        <button className="btn" onClick={() => props.onOpenChange(false)}>
          Close
        </button>
        <button className="btn btn-primary" disabled={busy} onClick={() => void run()} data-testid="export-submit">
          Export JSON
        </button>
      </div>
    </Dialog>
  )
}
