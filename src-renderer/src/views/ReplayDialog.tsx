// Edit and replay: the body in the JSON editor, a line diff against the original, re-signed on send.
import { useEffect, useMemo, useState } from 'react'
import type { DeliveryDetail } from '../../../src-preload/contract'
import { Dialog } from '../components/Dialog'
import { jsonProblem } from '../components/JsonEditor'
import { EditWithDiff } from '../components/EditWithDiff'
import { b64ToBytes, decodeText, prettyJson } from '../lib/format'
import { formatHeaderLines, parseHeaderLines } from '../lib/header-lines'
import { call, asCallError } from '../bridge'
import { toast } from '../stores/toasts'
import { withDefaultScheme } from '../lib/url-scheme'
import { userMessage, type FieldLabels } from '../lib/user-error'

/** deliveries.replay's paths as this dialog labels them. */
const LABELS: FieldLabels = { to: 'Send to', body: 'Body', headers: 'Extra headers' }

export function ReplayDialog(props: { open: boolean; onOpenChange: (v: boolean) => void; detail: DeliveryDetail; onDone: (deliveryId: string) => void }) {
  // A binary body would be mangled by a round trip through text: it goes out as it was.
  const { text: original, utf8: editable } = useMemo(() => decodeText(b64ToBytes(props.detail.message.bodyBase64)), [props.detail.message.bodyBase64])
  const shown = useMemo(() => prettyJson(original) ?? original, [original])
  const originalHeaders = formatHeaderLines(props.detail.extraHeaders)
  const [body, setBody] = useState(original)
  const [headers, setHeaders] = useState(originalHeaders)
  const [asNew, setAsNew] = useState(false)
  const [to, setTo] = useState('')
  const [busy, setBusy] = useState(false)
  const [err, setErr] = useState<string | null>(null)
  useEffect(() => {
    if (!props.open) return
    setBody(shown)
    setHeaders(originalHeaders)
    setErr(null)
  }, [props.open, shown, originalHeaders])
  const target = withDefaultScheme(to)
  const isJson = props.detail.message.contentType.includes('json')
  const problem = isJson && editable ? jsonProblem(body, false) : null
  // Only an edited body is sent: untouched, the original bytes go out (not their pretty-printed form).
  const bodyEdited = editable && body !== shown

  const submit = async () => {
    setBusy(true)
    setErr(null)
    try {
      const res = await call('deliveries.replay', {
        id: props.detail.delivery.id,
        asNew,
        body: bodyEdited ? body : undefined,
        headers: headers !== originalHeaders ? parseHeaderLines(headers).headers : undefined,
        to: target.url || undefined,
      }, { quiet: true })
      toast.info('Edited replay queued', res.deliveryId)
      props.onOpenChange(false)
      props.onDone(res.deliveryId)
    } catch (e) {
      setErr(userMessage(asCallError(e), LABELS))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange} title="Edit and replay" description="The edited body is re-signed with a fresh timestamp." wide testid="replay-dialog">
      {editable ? (
        <EditWithDiff
          value={body}
          onChange={setBody}
          before={shown}
          json={isJson}
          problem={problem}
          diffLabel="Changes against the original"
          editorTestId="replay-editor"
          diffTestId="replay-diff"
          minHeight={260}
        />
      ) : (
        <div className="small muted" data-testid="replay-binary">
          The body is binary (not UTF-8), so it is not edited here: it goes out byte for byte. The headers and the target can be changed.
        </div>
      )}
      <label className="field">
        <span>Extra headers (Name: value per line)</span>
        <textarea className="mono" rows={3} value={headers} onChange={(e) => setHeaders(e.target.value)} data-testid="replay-headers" />
        <div className="hint">This delivery&apos;s own headers{props.detail.delivery.endpointId ? ', sent with its endpoint’s' : ''}; the signature headers are added when it is sent.</div>
      </label>
      <div className="row gap wrap">
        <label className="check">
          <input type="checkbox" checked={asNew} onChange={(e) => setAsNew(e.target.checked)} /> As a new message (new webhook-id)
        </label>
        <label className="grow field-inline">
          <span>Send to (optional)</span>
          <input className="mono" value={to} onChange={(e) => setTo(e.target.value)} placeholder={props.detail.delivery.url} aria-describedby={target.assumed ? 'replay-to-hint' : undefined} />
        </label>
      </div>
      {target.assumed && (
        <div className="hint" id="replay-to-hint" data-testid="replay-to-hint">
          Goes to <span className="mono">{target.url}</span> (no scheme given: http://, as a browser would)
        </div>
      )}
      {err && (
        <div className="errbox" role="alert" data-testid="replay-error">
          {err}
        </div>
      )}
      <div className="dlg-actions">
        <button className="btn" onClick={() => props.onOpenChange(false)}>
          Cancel
        </button>
        <button className="btn btn-primary" disabled={busy || !!problem} onClick={() => void submit()} data-testid="replay-submit">
          Replay edited
        </button>
      </div>
    </Dialog>
  )
}
