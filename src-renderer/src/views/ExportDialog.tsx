// Export the attempt log (hooklab.attempts/v1): desktop saves through a dialog, browser mode downloads.
import { useState } from 'react'
import type { MethodInput } from '../../../src-preload/contract'
import { STATUSES } from '../lib/statuses'
import { call } from '../bridge'
import { useApp } from '../stores/app'
import { ExportShell, RangeFields, toTs } from './ExportShell'

type Filter = NonNullable<MethodInput<'export.attempts'>['filter']>

export function ExportDialog(props: { open: boolean; onOpenChange: (v: boolean) => void }) {
  const endpoints = useApp((s) => s.endpoints)
  const [endpointId, setEndpointId] = useState('')
  const [status, setStatus] = useState('')
  const [since, setSince] = useState('')
  const [until, setUntil] = useState('')

  const start = () => {
    const filter: Filter = {
      endpointId: endpointId || undefined,
      status: (status || undefined) as Filter['status'],
      since: toTs(since),
      until: toTs(until),
    }
    return call('export.attempts', { filter })
  }

  return (
    <ExportShell
      {...props}
      kind="attempts"
      start={start}
      title="Export attempt log"
      description="One JSON document in the hooklab.attempts/v1 format. Secrets are never included."
      testid="export-dialog"
    >
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
      <RangeFields since={since} until={until} onSince={setSince} onUntil={setUntil} />
    </ExportShell>
  )
}
