// Export the attempt log (hooklab.attempts/v1): desktop saves through a dialog, browser mode downloads.
// Opened from Deliveries, it starts from the filters the list shows (endpoint, status, time) and says
// so; the list's filters an export cannot take (several statuses, event type, search) are named.
import { useEffect, useState } from 'react'
import type { DeliveryFilter, MethodInput } from '../../../src-preload/contract'
import { STATUSES } from '../lib/statuses'
import { call } from '../bridge'
import { useApp } from '../stores/app'
import { useDeliveries } from '../stores/deliveries'
import { ExportShell, RangeFields, toLocalInput, toTs } from './ExportShell'
import { dateTime } from '../lib/format'

type Filter = NonNullable<MethodInput<'export.attempts'>['filter']>

/** The dialog's fields as the list's filter sets them; `since`/`until` keep the list's exact times while untouched. */
function fromList(f: DeliveryFilter) {
  return {
    endpointId: f.endpointId ?? '',
    status: f.status?.length === 1 ? (f.status[0] ?? '') : '',
    since: f.since === undefined ? '' : toLocalInput(f.since),
    until: f.until === undefined ? '' : toLocalInput(f.until),
  }
}

export function ExportDialog(props: { open: boolean; onOpenChange: (v: boolean) => void }) {
  const endpoints = useApp((s) => s.endpoints)
  // The list's filter when the dialog opened: what "export what I am looking at" means.
  const [list, setList] = useState<DeliveryFilter>(() => useDeliveries.getState().filter)
  const [endpointId, setEndpointId] = useState(() => fromList(list).endpointId)
  const [status, setStatus] = useState(() => fromList(list).status)
  const [since, setSince] = useState(() => fromList(list).since)
  const [until, setUntil] = useState(() => fromList(list).until)
  useEffect(() => {
    if (!props.open) return
    const f = useDeliveries.getState().filter
    const v = fromList(f)
    setList(f)
    setEndpointId(v.endpointId)
    setStatus(v.status)
    setSince(v.since)
    setUntil(v.until)
  }, [props.open])

  // A field still showing the list's time means that time to the millisecond (the field shows seconds).
  const exact = (v: string, t: number | undefined) => (t !== undefined && v === toLocalInput(t) ? t : toTs(v))
  const start = () => {
    const filter: Filter = {
      endpointId: endpointId || undefined,
      status: (status || undefined) as Filter['status'],
      since: exact(since, list.since),
      until: exact(until, list.until),
    }
    return call('export.attempts', { filter })
  }

  const applied = [
    list.endpointId && `endpoint ${endpoints.find((e) => e.id === list.endpointId)?.name ?? list.endpointId}`,
    list.status?.length === 1 && `status ${list.status[0]}`,
    list.since !== undefined && `created since ${dateTime(list.since)}`,
    list.until !== undefined && `created before ${dateTime(list.until)}`,
  ].filter((x): x is string => !!x)
  const notApplied = [
    (list.status?.length ?? 0) > 1 && `statuses ${list.status?.join(', ')} (it takes one status, or any)`,
    list.eventType && `event type ${list.eventType}`,
    list.text && `search “${list.text}”`,
  ].filter((x): x is string => !!x)

  return (
    <ExportShell
      {...props}
      kind="attempts"
      start={start}
      title="Export attempt log"
      description="One JSON document in the hooklab.attempts/v1 format. Secrets are never included."
      testid="export-dialog"
    >
      <div className="small" data-testid="export-filters-note">
        {applied.length > 0
          ? `From the list’s filters: ${applied.join(', ')}. Change them below.`
          : notApplied.length > 0
            ? // The list is narrowed, but by nothing an export takes: it is not "every delivery".
              'None of the list’s filters carry over: every delivery is exported unless you narrow it below.'
            : 'The list shows every delivery: all of them are exported unless you narrow it below.'}
        {notApplied.length > 0 && <div className="warn-text">Not applied, an export cannot filter by them: {notApplied.join('; ')}.</div>}
      </div>
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
