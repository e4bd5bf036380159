// One delivery: summary, actions, and the attempt timeline with headers, bodies and timing bars.
import { useState, type ReactNode } from 'react'
import type { AttemptView, DeliveryDetail } from '../../../src-preload/contract'
import { useDeliveries } from '../stores/deliveries'
import { StatusBadge, HttpStatus } from '../components/Status'
import { HeadersTable } from '../components/Headers'
import { BodyView } from '../components/BodyView'
import { CopyButton } from '../components/CopyButton'
import { Ago } from '../components/Ago'
import { CapturedText } from '../components/CapturedText'
import { curlBody, curlCommand } from '../../../src-preload/curl'
import { call } from '../bridge'
import { toast } from '../stores/toasts'
import { b64ToBytes, clockDateTime, headerValue, ms } from '../lib/format'
import { nextAttempt } from '../lib/next-attempt'
import { useNow } from '../lib/useNow'
import { useApp } from '../stores/app'
import { ReplayDialog } from './ReplayDialog'
import { composeFromDelivery } from '../lib/compose-draft'
import { useCompose } from '../stores/compose'

/** The next attempt in words, kept current on its own (the pane around it re-renders only on data). */
function NextAttempt({ r, children }: { r: DeliveryDetail['delivery']; children: (text: string) => ReactNode }) {
  const now = useNow(1000)
  const ep = useApp((a) => (r.endpointId ? a.endpoints.find((e) => e.id === r.endpointId) : undefined))
  const next = nextAttempt(r, ep, now)
  return next ? <>{children(next.text)}</> : null
}

function TimingBars({ a, scale }: { a: AttemptView; scale: number }) {
  const w = (v: number | null) => `${Math.max(0.5, ((v ?? 0) / scale) * 100)}%`
  const t = a.timings
  return (
    <div className="timing" aria-label={`connect ${ms(t.connectMs)}, first byte ${ms(t.firstByteMs)}, total ${ms(t.totalMs)}`} role="img">
      <div className="tbar-track">
        <div className="tbar tbar-total" style={{ width: w(t.totalMs) }} />
        {t.firstByteMs != null && <div className="tbar tbar-ttfb" style={{ width: w(t.firstByteMs) }} />}
        {t.connectMs != null && <div className="tbar tbar-connect" style={{ width: w(t.connectMs) }} />}
      </div>
      <div className="tlegend small muted">
        <span>
          <i className="sw sw-connect" /> connect {ms(t.connectMs)}
        </span>
        <span>
          <i className="sw sw-ttfb" /> first byte {ms(t.firstByteMs)}
        </span>
        <span>
          <i className="sw sw-total" /> total {ms(t.totalMs)}
        </span>
      </div>
    </div>
  )
}

function Attempt({ a, d, scale, open, onToggle }: { a: AttemptView; d: DeliveryDetail; scale: number; open: boolean; onToggle: () => void }) {
  // An answer broken off after its headers has a 2xx status and an error: not a success.
  const ok = a.error == null && a.response != null && a.response.status >= 200 && a.response.status < 300
  return (
    <li className={`attempt ${ok ? 'attempt-ok' : 'attempt-bad'}`} data-testid="attempt-item" data-outcome={a.outcome}>
      <button className="attempt-head" aria-expanded={open} onClick={onToggle}>
        <span className="attempt-n mono">#{a.number}</span>
        <span aria-hidden="true">{ok ? '✓' : '✕'}</span>
        {a.response && <HttpStatus status={a.response.status} broken={a.error != null} />}
        {(a.error || !a.response) && <span className="mono err-text">{a.error?.code ?? 'no response'}</span>}
        <span className="small">{a.outcome}</span>
        <span className="grow" />
        <span className="small muted">{clockDateTime(a.startedAt)}</span>
        <span className="small mono">{ms(a.timings.totalMs)}</span>
      </button>
      <TimingBars a={a} scale={scale} />
      {open && (
        <div className="attempt-body">
          {a.error && (
            <div className="errbox" role="note">
              <span className="mono">{a.error.code}</span> {a.error.message}
            </div>
          )}
          <h4 className="row gap">
            <span className="shrink-text">
              Request <span className="mono small muted">{a.request.method} {a.request.url}</span>
            </span>
            <span className="grow" />
            <CopyButton
              text={() => curlCommand({ ...a.request, body: curlBody(b64ToBytes(d.message.bodyBase64), d.message.bodyBase64) })}
              label={`Copy as cURL (attempt ${a.number})`}
            >
              Copy as cURL
            </CopyButton>
          </h4>
          <HeadersTable headers={a.request.headers} testid="request-headers" />
          <BodyView bodyBase64={d.message.bodyBase64} contentType={d.message.contentType} label={`Request body of attempt ${a.number}`} />
          <h4>Response</h4>
          {a.response ? (
            <>
              <HeadersTable headers={a.response.headers} testid="response-headers" />
              {/* The engine keeps a response's first 64 KB; its Content-Length, when it sent one, says how long it was. */}
              <BodyView
                bodyBase64={a.response.bodyBase64}
                contentType={headerValue(a.response.headers, 'content-type')}
                truncated={a.response.truncated}
                fullSize={Number(headerValue(a.response.headers, 'content-length') ?? NaN) || null}
                label={`Response body of attempt ${a.number}`}
                testid="response-body"
              />
            </>
          ) : (
            <div className="muted small">No response was received.</div>
          )}
        </div>
      )}
    </li>
  )
}

export function DeliveryDetailPane() {
  const d = useDeliveries((s) => s.detail)
  const pruned = useDeliveries((s) => s.selectedPruned)
  const select = useDeliveries((s) => s.select)
  const [openSet, setOpen] = useState<Record<string, boolean>>({})
  const [replay, setReplay] = useState(false)
  if (pruned)
    return (
      <div className="pad muted" role="status" data-testid="delivery-pruned">
        This delivery was removed by retention.
      </div>
    )
  if (!d) return <div className="pad muted">Loading…</div>
  const r = d.delivery
  const scale = Math.max(1, ...d.attempts.map((a) => a.timings.totalMs))
  const key = (a: AttemptView) => `${r.id}:${a.number}`
  const latest = d.attempts[d.attempts.length - 1]

  const doReplay = async (asNew: boolean) => {
    const res = await call('deliveries.replay', { id: r.id, asNew }).catch(() => null)
    if (res) {
      // A replay is a second delivery: one still waiting out its backoff goes again later, and a plain
      // replay carries the same message id, so the receiver gets it twice.
      const stillQueued = r.status === 'pending' ? ` The original ${r.id} is still queued and will be attempted again: cancel it, or use Retry now.` : ''
      toast.info(asNew ? 'Replayed as a new message' : 'Replay queued', `${res.deliveryId}${stillQueued}`)
      select(res.deliveryId)
    }
  }
  // The same delivery, now: its attempts and message id kept, instead of waiting out the backoff.
  const retryNow = async () => {
    const res = await call('deliveries.retry', { id: r.id }).catch(() => null)
    if (res) toast.info('Retrying now', r.id)
  }
  const cancel = async () => {
    const res = await call('deliveries.cancel', { id: r.id }).catch(() => null)
    if (res?.inFlight) toast.info('No more retries', 'Its attempt on the wire still finishes: if it succeeds, the delivery is delivered.')
    else if (res) toast.info('Delivery cancelled', r.id)
  }
  // As a draft in Send, aimed where it went (its endpoint, or its URL): edit it, pick other targets, send it as new.
  const openInSend = () => {
    // Made on click: the body is decoded (and pretty-printed) only when asked for.
    const draft = composeFromDelivery(d)
    if (!draft) {
      toast.error('Binary body', 'Send edits text: replay this delivery as it was instead.')
      return
    }
    const { eventType, ...fields } = draft
    const target = r.endpointId ? { mode: 'endpoints' as const, endpointIds: [r.endpointId] } : { mode: 'url' as const, url: r.url }
    useCompose.getState().set({ ...fields, eventType: eventType ?? '', ...target })
    useApp.getState().setView('send')
    toast.info('Opened in Send', 'Edit it or pick other targets: it goes out as a new message, signed afresh.')
  }

  return (
    <div className="pane detail" data-testid="delivery-detail">
      <div className="detail-head">
        <div className="row gap">
          <StatusBadge status={r.status} />
          <h2 className="h2 ellip">{r.endpointName ?? r.url}</h2>
        </div>
        <dl className="meta">
          <dt>Delivery</dt>
          <dd className="mono">
            {r.id} <CopyButton text={r.id} label="Copy delivery id" />
          </dd>
          <dt>Message</dt>
          <dd className="mono">
            {r.messageId}{' '}
            <button
              className="link small"
              title="List every delivery of this message: its other endpoints (a fan-out) and its replays"
              onClick={() => useDeliveries.getState().setFilter({ text: r.messageId })}
              data-testid="message-deliveries"
            >
              all its deliveries
            </button>
          </dd>
          <dt>URL</dt>
          <dd className="mono ellip">{r.url}</dd>
          <dt>Event</dt>
          <dd className="mono">{r.eventType === null ? '—' : <CapturedText text={r.eventType} />}</dd>
          <dt>Created</dt>
          <dd>
            <Ago ts={r.createdAt} />
          </dd>
          <NextAttempt r={r}>
            {(next) => (
              <>
                <dt>Next attempt</dt>
                <dd data-testid="detail-next-attempt">
                  {next}
                  {r.status === 'pending' && (
                    <>
                      {' '}
                      <button className="btn btn-small" onClick={() => void retryNow()} title="Send it now, as the same delivery (its attempts and message id kept)" data-testid="retry-now">
                        Retry now
                      </button>
                    </>
                  )}
                </dd>
              </>
            )}
          </NextAttempt>
          {r.replayOf && (
            <>
              <dt>Replay of</dt>
              <dd className="mono">
                <button className="link" onClick={() => select(r.replayOf)}>
                  {r.replayOf}
                </button>
              </dd>
            </>
          )}
        </dl>
        <div className="row gap wrap">
          <button className="btn" onClick={() => void doReplay(false)} data-testid="replay">
            Replay
          </button>
          <button className="btn" onClick={() => void doReplay(true)} data-testid="replay-new">
            Replay as new
          </button>
          <button className="btn" onClick={() => setReplay(true)} data-testid="edit-replay">
            Edit and replay…
          </button>
          <button className="btn" title="Edit it as a new webhook, to this or other targets" onClick={openInSend} data-testid="delivery-open-in-send">
            Open in Send
          </button>
          {(r.status === 'pending' || r.status === 'sending') && (
            <button className="btn btn-danger" onClick={() => void cancel()} data-testid="cancel-delivery">
              Cancel
            </button>
          )}
        </div>
      </div>
      <h3 className="h3">
        Attempts <span className="muted">({d.attempts.length})</span>
      </h3>
      {r.status === 'sending' && (
        // Leased and on the wire: its attempt row is written when the answer (or the timeout) comes.
        <div className="pad small warn-text" data-testid="attempt-in-flight">
          Attempt {d.attempts.length + 1} in flight, sent <Ago ts={r.updatedAt} />.
        </div>
      )}
      {d.attempts.length === 0 ? (
        r.status !== 'sending' && (
          <div className="pad muted small">
            No attempt yet<NextAttempt r={r}>{(next) => ` — next: ${next}`}</NextAttempt>.
          </div>
        )
      ) : (
        <ol className="attempts" data-testid="attempt-list">
          {[...d.attempts].reverse().map((a) => (
            <Attempt
              key={key(a)}
              a={a}
              d={d}
              scale={scale}
              open={openSet[key(a)] ?? a === latest}
              onToggle={() => setOpen((o) => ({ ...o, [key(a)]: !(o[key(a)] ?? a === latest) }))}
            />
          ))}
        </ol>
      )}
      <ReplayDialog open={replay} onOpenChange={setReplay} detail={d} onDone={(id) => select(id)} />
    </div>
  )
}
