// Export captures (hooklab.captures/v1): every request as received, with what was answered.
import { useEffect, useState } from 'react'
import { call } from '../bridge'
import { useApp } from '../stores/app'
import { useCaptures } from '../stores/captures'
import { ExportShell, RangeFields, toTs } from './ExportShell'

export function CaptureExportDialog(props: { open: boolean; onOpenChange: (v: boolean) => void; inboxId: string | null }) {
  const inboxes = useApp((s) => s.inboxes)
  // The Inbox's search narrows the list, not the export: said, so "the one I found" is not mistaken for what is written.
  const search = useCaptures((s) => s.text)
  const [inboxId, setInboxId] = useState(props.inboxId ?? '')
  const [since, setSince] = useState('')
  const [until, setUntil] = useState('')
  // Opened from an inbox: that inbox is what the user means.
  useEffect(() => {
    if (props.open) setInboxId(props.inboxId ?? '')
  }, [props.open, props.inboxId])

  const start = () => call('export.captures', { filter: { inboxId: inboxId || undefined, since: toTs(since), until: toTs(until) } })

  return (
    <ExportShell
      {...props}
      kind="captures"
      start={start}
      title="Export captures"
      description="One JSON document in the hooklab.captures/v1 format: each request byte for byte, what was answered, the signature verdict. Inbox secrets are never included."
      testid="capture-export-dialog"
    >
      <label className="field">
        <span>Inbox</span>
        <select value={inboxId} onChange={(e) => setInboxId(e.target.value)}>
          <option value="">All inboxes</option>
          {inboxes.map((i) => (
            <option key={i.id} value={i.id}>
              {i.slug} ({i.captureCount})
            </option>
          ))}
        </select>
      </label>
      <RangeFields since={since} until={until} onSince={setSince} onUntil={setUntil} />
      {search && (
        <div className="small warn-text" data-testid="capture-export-search-note">
          Not applied, an export cannot filter by it: search “{search}”. Every capture of the inbox in the range is written.
        </div>
      )}
    </ExportShell>
  )
}
