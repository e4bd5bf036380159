// One capture: request line, headers, body (pretty/raw/hex/image), verdict with explainer,
// duplicate marker, the response sent, the forward result; replay/forward and compare.
import { useEffect, useMemo, useState } from 'react'
import type { CaptureDetail } from '../../../src-preload/contract'
import { useCaptures } from '../stores/captures'
import { HeadersTable, headerText } from '../components/Headers'
import { FieldsTable } from '../components/FieldsTable'
import { formFields } from '../lib/form-fields'
import { BodyView } from '../components/BodyView'
import { HttpStatus, VerdictBadge } from '../components/Status'
import { Dialog } from '../components/Dialog'
import { DiffView } from '../components/DiffView'
import { jsonProblem } from '../components/JsonEditor'
import { EditWithDiff } from '../components/EditWithDiff'
import { ReplayTargetFields, useReplayTarget } from '../components/ReplayTarget'
import { CopyButton } from '../components/CopyButton'
import { CapturedText } from '../components/CapturedText'
import { curlBody, curlCommand } from '../../../src-preload/curl'
import { useApp } from '../stores/app'
import { useCompose } from '../stores/compose'
import { useDeliveries } from '../stores/deliveries'
import { composeFromCapture } from '../lib/compose-draft'
import { call } from '../bridge'
import { toast } from '../stores/toasts'
import { verdictHelp } from '../lib/verdict-help'
import { compareOptionLabel, nearCaptures } from '../lib/compare-options'
import { b64ToBytes, bytes, clockDateTime, dateTime, decodeText, hexDump, ms, prettyJson } from '../lib/format'

// The comparison shows at most this much of one line: a JSON body on one line of megabytes would
// stall the window (lines are compared whole; pretty-printed JSON has short ones).
const COMPARE_LINE_CAP = 64 * 1024

/** The request line and headers as text, header values as the table shows them (UTF-8 decoded), then `body`. */
function requestText(d: CaptureDetail, body: string): string {
  return [`${d.method} ${d.path}${d.query ? `?${d.query}` : ''}`, ...d.headers.map(([k, v]) => `${k}: ${headerText(v).text}`), '', body].join('\n')
}

/** The request as text, for the clipboard: a JSON body pretty-printed. */
/** The request as text to paste in a chat or an issue; a body that is not UTF-8 as a hex dump (it came out as U+FFFD). */
function asText(d: CaptureDetail): string {
  const bytes = b64ToBytes(d.bodyBase64)
  const { text, utf8 } = decodeText(bytes)
  return requestText(d, utf8 ? (prettyJson(text) ?? text) : binaryAsHex(bytes, 'Copy as cURL or Download keep them all'))
}

/** Deliveries, on the delivery a replay made (its attempts say whether the fix worked). */
function showDelivery(id: string): void {
  useDeliveries.getState().select(id)
  useApp.getState().setView('deliveries')
}

/** Binary bodies are shown as hex lines, the first this many bytes of each. */
const COMPARE_HEX_BYTES = 64 * 1024

/** `past`: what becomes of the bytes past the first COMPARE_HEX_BYTES (hexDump counts them on its last line). */
function binaryAsHex(bytes: Uint8Array, past: string): string {
  const cut = bytes.length > COMPARE_HEX_BYTES ? `; the first ${COMPARE_HEX_BYTES} (${past})` : ''
  return `(binary, ${bytes.length} bytes, as hex${cut})\n${hexDump(bytes, COMPARE_HEX_BYTES)}`
}

/** The body the comparison reads: decoded from its Content-Encoding (bodies, not gzip bytes); one that is
 *  not UTF-8 text as a hex dump (it showed as replacement characters). */
function compareBody(d: CaptureDetail): { text: string; binary: boolean } {
  const bytes = b64ToBytes(d.decoded?.bodyBase64 || d.bodyBase64)
  const { text, utf8 } = decodeText(bytes)
  if (utf8) return { text, binary: false }
  return { text: binaryAsHex(bytes, 'the rest is not compared'), binary: true }
}

/** The two captures of a comparison, older first (−), and their texts: pretty-printed when both bodies are JSON, and as received. */
function comparison(x: CaptureDetail, y: CaptureDetail) {
  const [older, newer] = y.receivedAt < x.receivedAt ? [y, x] : [x, y]
  const o = compareBody(older)
  const n = compareBody(newer)
  const op = o.binary ? null : prettyJson(o.text)
  const np = op === null || n.binary ? null : prettyJson(n.text)
  return {
    older,
    newer,
    binary: o.binary || n.binary,
    pretty: op !== null && np !== null ? ([requestText(older, op), requestText(newer, np)] as const) : null,
    raw: [requestText(older, o.text), requestText(newer, n.text)] as const,
  }
}

/** The captured request as a cURL command aimed at the receiver it came in on (same path and query). */
function asCurl(d: CaptureDetail, inboxUrl: string | null): string {
  const origin = inboxUrl ? new URL(inboxUrl).origin : 'http://127.0.0.1'
  return curlTo(d, `${origin}${d.path}${d.query ? `?${d.query}` : ''}`)
}

/** The captured request as a cURL command aimed at `url`. */
function curlTo(d: CaptureDetail, url: string): string {
  return curlCommand({ method: d.method, url, headers: d.headers, body: curlBody(b64ToBytes(d.bodyBase64), d.bodyBase64) })
}

/** "127.0.0.1:39102" for a button's text; the whole URL goes in its label. */
function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/**
 * How the forward target (your dev server) answered: its status, why it did not, and its body, which holds
 * the handler's error. Shown above the request: it is what "did my handler work?" is asking.
 */
function ForwardResult({ f }: { f: NonNullable<CaptureDetail['forward']> }) {
  const pending = f.status === null && f.error === null && f.durationMs === null
  const failed = f.error !== null || (f.status !== null && f.status >= 400)
  return (
    <section className={`forward-box${failed ? ' bad' : ''}`} aria-label="Forwarded to your server">
      <h3 className="h3">Forwarded to your server</h3>
      <div className="pad-x small" data-testid="forward-result">
        <span className="mono">{f.url}</span> → {pending ? <span className="muted">waiting for its answer…</span> : <HttpStatus status={f.status} />}{' '}
        {!pending && ms(f.durationMs)}
        {f.error && <span className="mono err-text" data-testid="forward-error"> {f.error}</span>}
      </div>
      {f.bodyBase64 ? (
        // Text, never rendered: the answer comes from a server the sender chose (no content type is kept).
        <BodyView bodyBase64={f.bodyBase64} contentType={null} label="Your server’s answer" testid="forward-body" />
      ) : (
        !pending && !f.error && <div className="small muted pad-x">Its answer had no body.</div>
      )}
    </section>
  )
}

/**
 * A capture without a verdict in an inbox that verifies now (it came before that was set, or was imported),
 * or with a failed one: checked with the inbox's current settings, as of when it arrived (the tolerance
 * judges the request as sent). The verdict is stored, so the list and the export agree.
 */
function CheckSignature({ d, again }: { d: CaptureDetail; again: boolean }) {
  const [busy, setBusy] = useState(false)
  const check = async () => {
    setBusy(true)
    const res = await call('captures.verify', { id: d.id }).catch(() => null)
    setBusy(false)
    if (!res) return
    useCaptures.setState((s) => ({
      detail: s.detail?.id === res.id ? res : s.detail,
      rows: s.rows.map((r) => (r.id === res.id ? { ...r, verification: res.verification } : r)),
    }))
  }
  return (
    <button
      className="btn btn-small"
      disabled={busy}
      onClick={() => void check()}
      title="Verify it with the inbox’s current scheme and secret, as of when it arrived (so its timestamp is not judged too old)"
      data-testid="check-signature"
    >
      {again ? 'Check again with the current settings' : 'Check signature now'}
    </button>
  )
}

function ReplayCaptureDialog(props: { open: boolean; onOpenChange: (v: boolean) => void; d: CaptureDetail }) {
  const target = useReplayTarget(props.open, { scheme: props.d.verification?.scheme })
  const mode = target.mode
  // The body as text (decoded when it came compressed); edited, it goes out as those plain bytes.
  // A binary body (a multipart upload, an image) would be mangled by a round trip through text: not editable.
  const { text: original, utf8: editable } = useMemo(() => decodeText(b64ToBytes(props.d.decoded?.bodyBase64 || props.d.bodyBase64)), [props.d])
  const [editing, setEditing] = useState(false)
  const [body, setBody] = useState(original)
  useEffect(() => {
    if (props.open) {
      setEditing(false)
      setBody(original)
    }
  }, [props.open, original])
  const isJson = (props.d.contentType ?? '').includes('json')
  const problem = editing && isJson ? jsonProblem(body, false) : null
  const submit = async () => {
    const res = await call('captures.replay', { id: props.d.id, ...target.input(), body: editing ? body : undefined }).catch(() => null)
    if (res) {
      toast.info('Capture sent', `delivery ${res.deliveryId}`, { label: 'View', run: () => showDelivery(res.deliveryId) })
      props.onOpenChange(false)
    }
  }
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange} title="Replay capture to a URL" description="Sent through the delivery queue: retries and attempts show under Deliveries." wide={editing} testid="capture-replay-dialog">
      <div className="form">
        <ReplayTargetFields t={target} idPrefix="replay" />
        <label className="check" title={editable ? undefined : 'The body is binary (not UTF-8): it is replayed byte for byte.'}>
          <input type="checkbox" checked={editing} disabled={!editable} onChange={(e) => setEditing(e.target.checked)} data-testid="capture-replay-edit" /> Edit the body
          {!editable && <span className="muted small"> (binary body: replayed byte for byte)</span>}
        </label>
        {editing && (
          <>
            <div className="small muted" data-testid="capture-replay-edit-note">
              {mode === 're-sign'
                ? 'Signed over the edited body.'
                : 'The original signature headers go along unchanged, so a receiver that verifies them should reject this: a way to test that it does.'}
            </div>
            <EditWithDiff
              value={body}
              onChange={setBody}
              before={original}
              json={isJson}
              problem={problem}
              diffLabel="Changes against the capture"
              editorTestId="capture-replay-editor"
              diffTestId="capture-replay-diff"
              minHeight={220}
            />
          </>
        )}
      </div>
      <div className="dlg-actions">
        <button className="btn btn-primary" disabled={!target.to.trim() || !!problem} onClick={() => void submit()} data-testid="capture-replay-send">
          Send
        </button>
      </div>
    </Dialog>
  )
}

function CompareDialog(props: { open: boolean; onOpenChange: (v: boolean) => void; a: CaptureDetail }) {
  const rows = useCaptures((s) => s.rows)
  const [otherId, setOtherId] = useState('')
  const [other, setOther] = useState<CaptureDetail | null>(null)
  const [pretty, setPretty] = useState(true)
  // A duplicate opens compared with its original: what the sender changed between the two sends.
  const original = props.a.duplicateOf
  useEffect(() => {
    if (props.open && original) setOtherId((id) => id || original)
  }, [props.open, original])
  useEffect(() => {
    if (!otherId) return setOther(null)
    call('captures.get', { id: otherId }).then(setOther, () => setOther(null))
  }, [otherId])
  const cmp = useMemo(() => (other ? comparison(other, props.a) : null), [other, props.a])
  const side = (d: CaptureDetail, age: string) => `${d.id} (${age}, ${clockDateTime(d.receivedAt)} ${d.method} ${d.path})`
  const texts = cmp && (pretty && cmp.pretty ? cmp.pretty : cmp.raw)
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange} title="Compare two captures" description="Request line, headers and body, line by line." wide testid="compare-dialog">
      <label className="field">
        <span>Compare with</span>
        <select value={otherId} onChange={(e) => setOtherId(e.target.value)} data-testid="compare-select">
          <option value="">choose a capture…</option>
          {original && !rows.some((r) => r.id === original) && <option value={original}>{original} (the original of this duplicate)</option>}
          {nearCaptures(rows, props.a.id).map((r) => (
            <option key={r.id} value={r.id}>
              {compareOptionLabel(r)}
            </option>
          ))}
        </select>
      </label>
      {cmp && texts && (
        <>
          <div className="row gap wrap small">
            {cmp.pretty ? (
              <label className="check">
                <input type="checkbox" checked={pretty} onChange={(e) => setPretty(e.target.checked)} /> Pretty-print the JSON bodies
              </label>
            ) : null}
            <span className="muted" data-testid="compare-note">
              {cmp.pretty && pretty
                ? 'Both bodies are JSON: compared pretty-printed, one value per line.'
                : cmp.binary
                  ? 'A body that is not text is compared as hex, 16 bytes a line.'
                  : `Bodies compared as received${cmp.pretty ? '' : ' (not both JSON)'}.`}
            </span>
          </div>
          <DiffView before={texts[0]} after={texts[1]} labels={[side(cmp.older, 'older'), side(cmp.newer, 'newer')]} context={3} lineCap={COMPARE_LINE_CAP} testid="capture-diff" />
        </>
      )}
    </Dialog>
  )
}

/** The body as received; decoded first when it came with a Content-Encoding (the bytes as received stay one click away). */
function CapturedBody({ d }: { d: CaptureDetail }) {
  const dec = d.decoded
  const received = <BodyView bodyBase64={d.bodyBase64} contentType={dec ? null : d.contentType} label={dec ? 'Body as received' : 'Captured body'} testid={dec ? 'capture-body-received' : 'capture-body'} />
  if (!dec) return received
  if (!dec.bodyBase64)
    return (
      <>
        <div className="small warn-text pad-x" data-testid="body-decoding">
          Content-Encoding {dec.encoding}, but it could not be decoded ({dec.error}): shown as received.
        </div>
        {received}
      </>
    )
  return (
    <>
      <div className="small muted pad-x" data-testid="body-decoding">
        Content-Encoding {dec.encoding}: {bytes(d.size)} received, shown decoded.
      </div>
      <BodyView bodyBase64={dec.bodyBase64} contentType={d.contentType} label="Captured body (decoded)" testid="capture-body" />
      <details className="pad-x">
        <summary className="small">As received ({dec.encoding})</summary>
        {received}
      </details>
    </>
  )
}

export function CaptureDetailPane() {
  const d = useCaptures((s) => s.detail)
  const pruned = useCaptures((s) => s.selectedPruned)
  const select = useCaptures((s) => s.select)
  const inboxUrl = useApp((s) => s.inboxes.find((i) => i.id === d?.inboxId)?.url ?? null)
  const inboxVerifies = useApp((s) => !!s.inboxes.find((i) => i.id === d?.inboxId)?.verification)
  // Deleted on request, like a row of webhook.site; the list's next row (or the one before) takes its place.
  const remove = async (id: string) => {
    const rows = useCaptures.getState().rows
    const i = rows.findIndex((r) => r.id === id)
    const next = rows[i + 1] ?? rows[i - 1] ?? null
    const ok = await call('captures.delete', { id }).catch(() => null)
    if (!ok) return
    toast.info('Capture deleted', id)
    select(next?.id ?? null)
  }
  const [replay, setReplay] = useState(false)
  const [compare, setCompare] = useState(false)
  const draft = useMemo(() => (d ? composeFromCapture(d) : null), [d])
  const openInSend = () => {
    if (!draft) return
    const { eventType, ...fields } = draft
    useCompose.getState().set({ ...fields, ...(eventType ? { eventType } : {}) })
    useApp.getState().setView('send')
    toast.info('Opened in Send', 'Pick a target: it is signed afresh.')
  }
  if (pruned)
    return (
      <div className="pad muted" role="status" data-testid="capture-pruned">
        This capture is gone: retention removed it, or its inbox was cleared or deleted.
      </div>
    )
  if (!d) return <div className="pad muted">Loading…</div>
  const v = d.verification
  const query = d.query ? formFields(d.query) : null
  return (
    <div className="pane detail" data-testid="capture-detail">
      <div className="detail-head">
        <div className="row gap wrap">
          <span className={`method m-${d.method.toLowerCase()} mono`}>{d.method}</span>
          <h2 className="h2 mono ellip">
            <CapturedText text={d.query ? `${d.path}?${d.query}` : d.path} />
          </h2>
          {d.duplicateOf && (
            <button
              className="badge st-pending"
              data-testid="duplicate"
              title="Show the first capture of this delivery"
              onClick={() => select(d.duplicateOf)}
            >
              <span aria-hidden="true">❐</span> duplicate of <span className="mono">{d.duplicateOf}</span>
            </button>
          )}
        </div>
        {d.event && (
          <div className="small" data-testid="capture-event" title={`Read from ${d.eventFrom ?? 'the request'}`}>
            event{' '}
            <span className="mono">
              <CapturedText text={d.event} />
            </span> <span className="muted">({d.eventFrom})</span>
          </div>
        )}
        <div className="small muted">
          {dateTime(d.receivedAt)} · {bytes(d.size)} · from <span className="mono">{d.remoteAddress ?? 'unknown'}</span> · <span className="mono">{d.id}</span>
          {d.oversize && (d.busy ? ' · body not read: Hooklab was holding too many bodies at once (answered 503)' : ' · body over the size cap')}
        </div>
        <div className="row gap wrap">
          <button className="btn" onClick={() => setReplay(true)} data-testid="capture-replay">
            Replay to URL…
          </button>
          <button className="btn" onClick={() => setCompare(true)} data-testid="capture-compare">
            Compare…
          </button>
          <button
            className="btn"
            disabled={!draft}
            title={draft ? 'A draft in Send: edit it, pick a target, and it is signed afresh' : 'The body is binary or was over the size limit'}
            onClick={openInSend}
            data-testid="capture-open-in-send"
          >
            Open in Send
          </button>
          <CopyButton text={() => asText(d)} label="Copy request as text" small={false}>
            Copy request
          </CopyButton>
          <CopyButton text={() => asCurl(d, inboxUrl)} label="Copy as cURL" small={false}>
            Copy as cURL
          </CopyButton>
          {/* Straight to the dev server it was forwarded to: its answer prints in the terminal, not Hooklab's 200. */}
          {d.forward && (
            <CopyButton text={() => curlTo(d, d.forward!.url)} label={`Copy as cURL to ${d.forward.url}`} small={false}>
              {`Copy as cURL to ${hostOf(d.forward.url)}`}
            </CopyButton>
          )}
          <span className="grow" />
          <button className="btn btn-danger" onClick={() => void remove(d.id)} data-testid="capture-delete">
            Delete
          </button>
        </div>
      </div>
      {v ? (
        <section className={`verdict-box ${v.valid ? 'ok' : 'bad'}`} aria-label="Signature verification">
          <div className="row gap">
            <VerdictBadge valid={v.valid} scheme={v.scheme} />
            <span data-testid="verdict-reason">{v.reason}</span>
          </div>
          {!v.valid && (
            <p className="small" data-testid="verdict-explainer">
              {v.explanation ?? verdictHelp(v.scheme, v.reason)}
            </p>
          )}
          {!v.valid && inboxVerifies && !d.oversize && <CheckSignature d={d} again />}
        </section>
      ) : inboxVerifies ? (
        <div className="small muted pad-x row gap" data-testid="verdict-none">
          <span>{d.oversize ? 'Caught before verification was set; its body was not kept, so it cannot be checked.' : 'Caught before verification was set.'}</span>
          {!d.oversize && <CheckSignature d={d} again={false} />}
        </div>
      ) : (
        <div className="small muted pad-x" data-testid="verdict-none">No verification configured for this inbox (Inbox settings…).</div>
      )}
      {d.forward && <ForwardResult f={d.forward} />}
      {query && (
        <>
          <h3 className="h3">Query</h3>
          <FieldsTable fields={query} label="Query parameters" testid="capture-query" />
        </>
      )}
      <h3 className="h3">Headers</h3>
      <HeadersTable headers={d.headers} testid="capture-headers" />
      <h3 className="h3">Body</h3>
      <CapturedBody d={d} />
      <h3 className="h3">Response sent</h3>
      {d.relayed && (
        <div className="small muted pad-x" data-testid="relayed-note">
          {d.response ? 'Your server’s answer, relayed to the sender.' : `Waiting for ${d.forward?.url ?? 'the forward target'} to answer; the sender gets its response.`}
        </div>
      )}
      {d.response ? (
        <div className="pad-x">
          <HttpStatus status={d.response.status} /> {d.response.status == null && <span className="small">held open (hang)</span>}
          {d.response.unanswered && (
            <div className="small warn-text" data-testid="capture-unanswered">
              {d.response.status == null ? 'No answer: ' : 'Not sent: '}
              {d.response.unanswered.by === 'sender'
                ? `the sender closed the connection after ${ms(d.response.unanswered.afterMs)}${d.response.status == null ? '' : ', before this answer went out'} (its timeout).`
                : `Hooklab closed the connection after ${ms(d.response.unanswered.afterMs)} (${d.response.status == null ? 'the hang limit, or the receiver stopping' : 'the receiver stopped'}); the sender was still waiting.`}
            </div>
          )}
          <HeadersTable headers={d.response.headers} />
          {d.response.body && (
            <pre className="code">
              <CapturedText text={d.response.body} />
            </pre>
          )}
        </div>
      ) : (
        !d.relayed && <div className="small muted pad-x">—</div>
      )}
      <ReplayCaptureDialog open={replay} onOpenChange={setReplay} d={d} />
      <CompareDialog open={compare} onOpenChange={setCompare} a={d} />
    </div>
  )
}
