// Live deliveries: filters, virtualized list with "N new" marker, detail with the attempt timeline.
import { Suspense, useEffect, useMemo, useRef, useState } from 'react'
import type { DeliveryRow, EndpointView } from '../../../src-preload/contract'
import { shellQuote } from '../../../src-preload/curl'
import { STATUSES } from '../lib/statuses'
import { SplitPane } from '../components/SplitPane'
import { VirtualList } from '../components/VirtualList'
import { StatusBadge, HttpStatus } from '../components/Status'
import { Empty } from '../components/Empty'
import { bidiVisible, CapturedText } from '../components/CapturedText'
import { useDeliveries } from '../stores/deliveries'
import { useApp } from '../stores/app'
import { age } from '../lib/format'
import { nextAttempt } from '../lib/next-attempt'
import { useNow } from '../lib/useNow'
import { DeliveryDetailPane } from './lazy'
import { ExportDialog } from './ExportDialog'
import { BulkCancelButton, BulkRetryButton } from './BulkRetry'
import { call } from '../bridge'
import { sendDemoWebhook } from '../lib/demo'
import { useCaptures } from '../stores/captures'
import { toast } from '../stores/toasts'


/** The time ranges offered above the list; the filter gets a fixed "since" when one is picked. */
const RANGES: ReadonlyArray<[string, string, number | null]> = [
  ['any', 'Any time', null],
  ['15m', 'Last 15 min', 15 * 60_000],
  ['1h', 'Last hour', 3_600_000],
  ['24h', 'Last 24 h', 86_400_000],
  ['7d', 'Last 7 days', 7 * 86_400_000],
]
/** The range picked last: the filter (in the store) outlives this view, so the picker's label must too. */
let pickedRange = 'any'

function Row({ r, ep, now }: { r: DeliveryRow; ep: EndpointView | undefined; now: number }) {
  const next = nextAttempt(r, ep, now)
  return (
    <div className="drow">
      <StatusBadge status={r.status} />
      <span className="ellip" title={r.url}>
        {r.endpointName ?? <span className="mono">{r.url}</span>}
      </span>
      <span className="ellip mono small" title={r.eventType === null ? undefined : bidiVisible(r.eventType)}>
        {r.eventType === null ? '—' : <CapturedText text={r.eventType} />}
      </span>
      <span className="num mono" title="attempts">
        {r.attempts}
      </span>
      <span className={`small ellip ${next?.held ? 'warn-text' : 'muted'}`} title={next?.text} data-testid="next-attempt">
        {next?.short ?? '—'}
      </span>
      <span className="ellip small" title={r.lastError ?? undefined}>
        <HttpStatus status={r.lastStatus} broken={r.lastError !== null && r.lastStatus !== null && r.lastStatus < 300} />{' '}
        {r.lastError ? <span className="mono err-text">{r.lastError}</span> : null}
      </span>
      <span className="small muted num">{age(r.createdAt, now)}</span>
    </div>
  )
}

export function DeliveriesView() {
  const s = useDeliveries()
  const endpoints = useApp((a) => a.endpoints)
  // The CLI hint names this data dir: without --home `hooklab send` queues into the default one.
  const info = useApp((a) => a.info)
  const endpointById = useMemo(() => new Map(endpoints.map((e) => [e.id, e])), [endpoints])
  const now = useNow(1000)
  const [text, setText] = useState(s.filter.text ?? '')
  const [demoBusy, setDemoBusy] = useState(false)
  const runDemo = async () => {
    setDemoBusy(true)
    try {
      const { deliveryId, inboxId } = await sendDemoWebhook()
      s.select(deliveryId)
      // The Inbox opens on the demo inbox, where the captures are (it showed the default one, empty).
      useCaptures.getState().setInbox(inboxId)
      toast.info('Test webhook sent', 'The demo inbox answers 500 first: watch the retry, then open the Inbox.')
    } catch {
      /* the failing call showed a toast */
    } finally {
      setDemoBusy(false)
    }
  }
  const [exportOpen, setExportOpen] = useState(false)
  // Suggestions for the event-type filter, fetched when it gets focus (the newest deliveries' types).
  const [eventTypes, setEventTypes] = useState<string[]>([])
  const [topSignal, setTopSignal] = useState(0)
  const [range, setRange] = useState(s.filter.since === undefined ? 'any' : pickedRange)

  // Live batches keep the store current while this view is hidden, so it loads only once;
  // a remount starts at the top, where held-back rows belong in the list.
  useEffect(() => {
    const st = useDeliveries.getState()
    if (!st.loadedOnce) void st.reload()
    else st.setAtTop(true)
  }, [])

  // The search set from elsewhere (a delivery's "every delivery of this message") shows in the box.
  useEffect(() => setText(s.filter.text ?? ''), [s.filter.text])

  // Debounced text filter: one query after typing stops, not one per key. Leaving the view within the
  // debounce applies what was typed (flushSearch on unmount), so it is there on return.
  const flushSearch = useRef<(() => void) | null>(null)
  useEffect(() => {
    flushSearch.current = null
    if ((useDeliveries.getState().filter.text ?? '') === text) return
    const apply = () => {
      flushSearch.current = null
      const st = useDeliveries.getState()
      st.setFilter({ ...st.filter, text: text || undefined })
    }
    const t = setTimeout(apply, 250)
    flushSearch.current = apply
    return () => clearTimeout(t)
  }, [text])
  useEffect(() => () => flushSearch.current?.(), [])

  const toggleStatus = (st: DeliveryRow['status']) => {
    const cur = s.filter.status ?? []
    const next = cur.includes(st) ? cur.filter((x) => x !== st) : [...cur, st]
    s.setFilter({ ...s.filter, status: next.length ? next : undefined })
  }

  const filtered = !!(s.filter.status?.length || s.filter.endpointId || s.filter.eventType || s.filter.text)
  const left = (
    <div className="pane">
      <div className="toolbar">
        <input
          className="search"
          type="search"
          data-search
          placeholder="Search id, URL, body…  (/)"
          title="Matches a delivery’s id, message id, URL, event type, endpoint name or last error (any case), or its body’s exact text"
          aria-label="Search deliveries"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <select
          className="endpoint-filter"
          aria-label="Filter by endpoint"
          value={s.filter.endpointId ?? ''}
          onChange={(e) => s.setFilter({ ...s.filter, endpointId: e.target.value || undefined })}
        >
          <option value="">All endpoints</option>
          {endpoints.map((ep) => (
            <option key={ep.id} value={ep.id}>
              {ep.name}
            </option>
          ))}
        </select>
        <select
          className="narrow"
          aria-label="Time range"
          value={range}
          onChange={(e) => {
            const ms = RANGES.find(([k]) => k === e.target.value)?.[2] ?? null
            setRange(e.target.value)
            pickedRange = e.target.value
            s.setFilter({ ...s.filter, since: ms === null ? undefined : Date.now() - ms })
          }}
          data-testid="time-range"
        >
          {RANGES.map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
        <input
          aria-label="Filter by event type"
          placeholder="event type"
          className="narrow mono"
          list="event-type-options"
          data-testid="event-type-filter"
          onFocus={() => void call('deliveries.eventTypes', {}, { quiet: true }).then(setEventTypes, () => undefined)}
          onInput={(e) => {
            // Picking a suggestion applies it at once (typing still waits for Enter or blur).
            const v = e.currentTarget.value
            if (eventTypes.includes(v) && (s.filter.eventType ?? '') !== v) s.setFilter({ ...s.filter, eventType: v })
          }}
          defaultValue={s.filter.eventType ?? ''}
          onKeyDown={(e) => {
            if (e.key === 'Enter') s.setFilter({ ...s.filter, eventType: e.currentTarget.value || undefined })
          }}
          onBlur={(e) => {
            if ((s.filter.eventType ?? '') !== e.currentTarget.value) s.setFilter({ ...s.filter, eventType: e.currentTarget.value || undefined })
          }}
        />
        <datalist id="event-type-options">
          {eventTypes.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </div>
      <div className="toolbar chips" role="group" aria-label="Filter by status">
        {STATUSES.map((st) => {
          const on = s.filter.status?.includes(st) ?? false
          return (
            <button key={st} className={`chip st-${st} ${on ? 'on' : ''}`} aria-pressed={on} data-testid={`filter-${st}`} onClick={() => toggleStatus(st)}>
              {st} <span className="chip-n">{s.counts[st] ?? '…'}</span>
            </button>
          )
        })}
        <span className="grow" />
        <BulkRetryButton />
        <BulkCancelButton />
        <button className="btn btn-small" onClick={() => setExportOpen(true)} data-testid="open-export">
          Export…
        </button>
      </div>
      {s.pendingNew.length > 0 && (
        <button className="new-marker" data-testid="new-marker" onClick={() => { s.showNew(); setTopSignal((n) => n + 1) }}>
          ↑ {s.pendingNew.length}{s.pendingOverflow ? '+' : ''} new
        </button>
      )}
      {s.rows.length === 0 && !s.loading ? (
        filtered ? (
          <Empty title="No deliveries match these filters" testid="deliveries-empty">Clear the status chips or the search to see everything.</Empty>
        ) : (
          <Empty title="No deliveries yet" testid="deliveries-empty">
            Send a webhook from <b>Send</b> (Alt+1) to an endpoint or any URL, or run{' '}
            <code data-testid="deliveries-empty-cli">hooklab send URL --body '{'{'}…{'}'}'{info ? ` --home ${shellQuote(info.home)}` : ''}</code>.
            <div className="empty-action">
              <button className="btn btn-primary" disabled={demoBusy} onClick={() => void runDemo()} data-testid="demo-send">
                Send a test webhook
              </button>
            </div>
            <div className="small">
              to a demo inbox here, signed: it fails once and is retried, then the Inbox shows it verified.
            </div>
          </Empty>
        )
      ) : (
        <VirtualList
          topSignal={topSignal}
          query={JSON.stringify(s.filter)}
          items={s.rows}
          rowHeight={34}
          selectedId={s.selectedId}
          onSelect={(id) => s.select(id)}
          label="Deliveries"
          rowTestId="delivery-row"
          testid="delivery-list"
          onAtTop={s.setAtTop}
          onEndReached={s.loadMore}
          header={
            <div className="drow dhead" aria-hidden="true">
              <span>status</span>
              <span>endpoint</span>
              <span>event</span>
              <span className="num">#</span>
              <span>next</span>
              <span>last result</span>
              <span className="num">age</span>
            </div>
          }
          renderRow={(r) => <Row r={r} ep={r.endpointId ? endpointById.get(r.endpointId) : undefined} now={now} />}
        />
      )}
      <ExportDialog open={exportOpen} onOpenChange={setExportOpen} />
    </div>
  )
  return (
    <SplitPane
      id="deliveries"
      initial={720}
      left={left}
      right={
        s.selectedId ? (
          <Suspense fallback={<div className="pane" aria-busy="true" />}>
            <DeliveryDetailPane />
          </Suspense>
        ) : s.rows.length === 0 ? (
          <Empty title="No delivery to show">A delivery’s attempts, headers and bodies show here once the list has one.</Empty>
        ) : (
          <Empty title="Select a delivery">Its attempts, headers and bodies show here. Use ↑/↓ in the list.</Empty>
        )
      }
    />
  )
}
