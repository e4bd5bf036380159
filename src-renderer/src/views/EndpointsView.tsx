// Endpoints with their health: success rate, p50/p95, breaker, last error; create/edit; config import/export.
import { FileButton } from '../components/FileButton'
import { lazy, Suspense, useState } from 'react'
import type { EndpointView } from '../../../src-preload/contract'
import { SplitPane } from '../components/SplitPane'
import { RetryPlan } from '../components/RetryPlan'
import { VirtualList } from '../components/VirtualList'
import { Empty } from '../components/Empty'
import { Ago } from '../components/Ago'
import { useApp } from '../stores/app'
import { useCompose } from '../stores/compose'
import { useDeliveries } from '../stores/deliveries'
import { call } from '../bridge'
import { toast } from '../stores/toasts'
import { age, dateTime, ms, pct } from '../lib/format'
import { downloadText } from '../lib/download'
import { formatDuration } from '../lib/duration'
import { probeAt } from '../lib/next-attempt'
import { useNow } from '../lib/useNow'
import { confirmAction } from '../stores/confirm'
// The dialog carries the contract's zod schema for client-side checks: loaded when first opened.
const EndpointDialog = lazy(() => import('./EndpointDialog').then((m) => ({ default: m.EndpointDialog })))

function Health({ e }: { e: EndpointView }) {
  const rate = e.health.successRate
  const cls = rate == null ? '' : rate >= 0.99 ? 'ok' : rate >= 0.8 ? 'warn' : 'bad'
  return (
    <span className={`health health-${cls || 'none'}`} title="success rate">
      {pct(rate)}
    </span>
  )
}

function Breaker({ e }: { e: EndpointView }) {
  const st = e.breaker.state
  const icon = st === 'closed' ? '●' : st === 'open' ? '○' : '◐'
  return (
    <span className={`badge br-${st}`} data-testid="breaker">
      <span aria-hidden="true">{icon}</span> breaker {st}
    </span>
  )
}

/** While the breaker is open: when its cool-down ends and one probe attempt goes out. */
function ProbeAt({ e }: { e: EndpointView }) {
  const now = useNow(1000)
  const at = probeAt(e)
  if (at === null) return null
  return (
    <div className="small warn-text" data-testid="breaker-probe">
      {at > now ? `probe ${age(at, now)} · deliveries held until then` : 'probe due'}
    </div>
  )
}

/** True when the newest attempt failed: the endpoint is failing now, not just at some point. */
const failingNow = (e: EndpointView): boolean => e.health.lastAttempt?.failed === true

/** The newest attempt's outcome and, when it delivered, the newest failure before it (with its age). */
function LastAttempt({ e }: { e: EndpointView }) {
  const last = e.health.lastAttempt
  if (!last) return null
  if (failingNow(e)) return <div className="small mono err-text" data-testid="last-attempt">✗ {e.health.lastError ?? last.outcome}</div>
  return (
    <>
      <div className={`small mono ${last.outcome === 'delivered' ? 'http-ok' : 'muted'}`} data-testid="last-attempt">
        {last.outcome === 'delivered' ? '✓ ' : ''}
        {last.status ?? ''} {last.outcome}
      </div>
      {e.health.lastError && (
        <div className="small muted" data-testid="last-failure">
          last failure <Ago ts={e.health.lastErrorAt} />: <span className="mono">{e.health.lastError}</span>
        </div>
      )}
    </>
  )
}

function describeRetry(e: EndpointView): string {
  const s = e.retry.schedule
  const base =
    s.kind === 'exponential' ? `exponential ${formatDuration(s.baseMs)}…${formatDuration(s.capMs)}` : s.kind === 'list' ? s.delaysMs.map(formatDuration).join(', ') : `${s.preset} preset`
  return `${base} · max ${e.retry.maxAttempts}${e.retry.jitter ? ' · jitter' : ''}${e.retry.timeScale !== 1 ? ` · time ×${e.retry.timeScale}` : ''}`
}

function Detail({ e, onEdit }: { e: EndpointView; onEdit: () => void }) {
  const upsert = useApp((s) => s.upsertEndpoint)
  const refresh = useApp((s) => s.refreshEndpoints)
  const setView = useApp((s) => s.setView)
  const pick = useCompose((s) => s.setTargets)
  const act = async (p: Promise<EndpointView>, msg: string) => {
    const v = await p.catch(() => null)
    if (v) {
      upsert(v)
      toast.info(msg, v.name)
    }
  }
  return (
    <div className="pane detail" data-testid="endpoint-detail">
      <div className="detail-head">
        <div className="row gap">
          <span className={`badge ${e.enabled ? 'st-delivered' : 'st-cancelled'}`}>
            <span aria-hidden="true">{e.enabled ? '●' : '⏸'}</span> {e.enabled ? 'enabled' : 'disabled'}
          </span>
          <h2 className="h2 ellip" title={e.name}>
            {e.name}
          </h2>
        </div>
        <div className="mono small ellip">
          {e.method} {e.url}
        </div>
        {e.disabledReason && <div className="errbox">{e.disabledReason}</div>}
        <div className="row gap wrap">
          <button className="btn btn-primary" onClick={() => (pick([e.id]), setView('send'))}>
            Send to this endpoint
          </button>
          <button className="btn" onClick={onEdit} data-testid="edit-endpoint">
            Edit…
          </button>
          <button className="btn" onClick={() => void act(call('endpoints.setEnabled', { id: e.id, enabled: !e.enabled }), e.enabled ? 'Disabled' : 'Enabled')}>
            {e.enabled ? 'Disable' : 'Enable'}
          </button>
          {e.breaker.state !== 'closed' && (
            <button className="btn" onClick={() => void act(call('endpoints.resetBreaker', { id: e.id }), 'Breaker reset')}>
              Reset breaker
            </button>
          )}
          <button
            className="btn btn-danger"
            onClick={async () => {
              if (!(await confirmAction({ title: 'Delete endpoint', message: `Delete endpoint "${e.name}"? Its pending deliveries are cancelled; its delivery history is kept.`, action: 'Delete endpoint' }))) return
              void call('endpoints.delete', { id: e.id }).then(() => {
                refresh()
                // Its deliveries now show its name as deleted (and some were cancelled): what is on screen is read again.
                useDeliveries.getState().resync()
              }, () => undefined)
            }}
          >
            Delete
          </button>
        </div>
      </div>
      <div className="cards">
        <div className="card">
          <div className="card-k">Success rate</div>
          <div className="card-v">
            <Health e={e} />
          </div>
          <div className="small muted" title="Success rate and latency are taken over the endpoint's most recent attempts; the Stats view charts every attempt in a time range.">
            over the last {e.health.attempts} attempt{e.health.attempts === 1 ? '' : 's'}
          </div>
        </div>
        <div className="card">
          <div className="card-k">Latency p50 / p95</div>
          <div className="card-v mono">
            {ms(e.health.p50Ms)} / {ms(e.health.p95Ms)}
          </div>
        </div>
        <div className="card">
          <div className="card-k">Circuit breaker</div>
          <div className="card-v">
            <Breaker e={e} />
          </div>
          <div className="small muted">
            {breakerCount(e.breaker.consecutiveFailures, e.breaker.threshold)}
          </div>
          <ProbeAt e={e} />
        </div>
        <div className="card">
          <div className="card-k">Last attempt</div>
          <div className="card-v">
            <Ago ts={e.health.lastAttempt?.at ?? null} />
          </div>
          <LastAttempt e={e} />
        </div>
      </div>
      <dl className="meta">
        <dt>Id</dt>
        <dd className="mono">{e.id}</dd>
        <dt>Signing</dt>
        <dd className="mono">
          {e.signing.scheme}
          {e.signing.scheme !== 'none' && (e.signing.hasSecret ? ' · secret set' : ' · no secret')}
          {e.signing.previousSecretUntil ? ` · rotating until ${dateTime(e.signing.previousSecretUntil)}` : ''}
        </dd>
        <dt>Retries</dt>
        <dd>
          <span className="mono">{describeRetry(e)}</span>
          <RetryPlan retry={e.retry} />
        </dd>
        <dt>Timeout</dt>
        <dd className="mono">{formatDuration(e.timeoutMs)}</dd>
        <dt>Rate limit</dt>
        <dd className="mono" data-testid="endpoint-limits">{e.rateLimitPerSec != null ? `${e.rateLimitPerSec}/s` : 'none'} · concurrency {e.maxConcurrency}</dd>
        <dt>Breaker</dt>
        <dd className="mono" data-testid="endpoint-breaker-config">
          opens after {e.breaker.threshold} failures · cool-down {formatDuration(e.breaker.cooldownMs)} ·{' '}
          {e.autoDisableAfter != null ? `turns off after ${e.autoDisableAfter}` : 'never turns off'}
        </dd>
        <dt>Events</dt>
        <dd className="mono">{e.eventTypes.length ? e.eventTypes.join(', ') : 'all'}</dd>
        <dt>Headers</dt>
        <dd className="mono">{e.headers.length ? e.headers.map(([k, v]) => `${k}: ${v}`).join(' · ') : 'none'}</dd>
      </dl>
    </div>
  )
}

export function EndpointsView() {
  const endpoints = useApp((s) => s.endpoints)
  const refresh = useApp((s) => s.refreshEndpoints)
  const [picked, setSelected] = useState<string | null>(null)
  const selected = picked ?? endpoints[0]?.id ?? null
  const [dialog, setDialog] = useState<{ open: boolean; edit: EndpointView | null }>({ open: false, edit: null })
  const sel = endpoints.find((e) => e.id === selected) ?? null

  const exportConfig = async () => {
    const res = await call('config.export', {}).catch(() => null)
    if (res) downloadText('hooklab.config.json', res.json)
  }
  const importConfig = async (f: File) => {
    const res = await call('config.import', { json: await f.text() }).catch(() => null)
    if (res) {
      const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`
      toast.info(
        `Imported ${n(res.endpoints, 'endpoint')} and ${n(res.templates, 'template')}${res.skipped > 0 ? ` (${res.skipped} already here)` : ''}`,
        res.needSecret > 0
          ? `${n(res.needSecret, 'signed endpoint')} ${res.needSecret === 1 ? 'stays' : 'stay'} disabled until you set ${res.needSecret === 1 ? 'its secret' : 'their secrets'} (a config file never holds one).`
          : 'Secrets are never part of the file.',
      )
      void refresh()
    }
  }

  const left = (
    <div className="pane">
      <div className="toolbar">
        <button className="btn btn-primary" onClick={() => setDialog({ open: true, edit: null })} data-testid="new-endpoint">
          + New endpoint
        </button>
        <span className="grow" />
        <button className="btn btn-small" onClick={() => void exportConfig()}>
          Export config
        </button>
        <FileButton label="Import config" fileLabel="Import config file" accept="application/json,.json" onFile={(f) => void importConfig(f)} />
      </div>
      {endpoints.length === 0 ? (
        <Empty title="No endpoints yet">
          An endpoint is a URL Hooklab delivers to, with its signing secret and retry policy. Press <b>+ New endpoint</b>, or point one at your
          own Inbox to try it end to end.
        </Empty>
      ) : (
        <VirtualList
          items={endpoints}
          rowHeight={52}
          selectedId={selected}
          onSelect={setSelected}
          label="Endpoints"
          rowTestId="endpoint-row"
          renderRow={(e) => (
            <div className="erow">
              <div className="row gap">
                <span className={`dot ${!e.enabled ? 'dot-off' : e.breaker.state === 'closed' ? 'dot-ok' : 'dot-bad'}`} aria-hidden="true" />
                <span className="ellip strong" title={e.name}>
                  {e.name}
                </span>
                {!e.enabled && <span className="small muted nowrap">(disabled)</span>}
                <span className="grow" />
                <Health e={e} />
                <span className="small mono muted nowrap" data-testid="endpoint-p95">
                  p95 {ms(e.health.p95Ms)}
                </span>
                {e.breaker.state !== 'closed' && <Breaker e={e} />}
              </div>
              <div className="row gap small">
                <span className="mono ellip muted grow">{e.url}</span>
                {failingNow(e) && e.health.lastError && <span className="mono err-text ellip">{e.health.lastError}</span>}
              </div>
            </div>
          )}
        />
      )}
      {dialog.open && (
        <Suspense fallback={null}>
          <EndpointDialog
            open={dialog.open}
            endpoint={dialog.edit}
            onOpenChange={(open) => setDialog((d) => ({ ...d, open }))}
            // A new endpoint is the one the user wants to look at next (and to send to).
            onSaved={(e) => setSelected(e.id)}
          />
        </Suspense>
      )}
    </div>
  )
  return (
    <SplitPane
      id="endpoints"
      initial={520}
      left={left}
      right={sel ? <Detail e={sel} onEdit={() => setDialog({ open: true, edit: sel })} /> : <Empty title="Select an endpoint">Health, signing and retry policy show here.</Empty>}
    />
  )
}

/** "2 of 5 failures in a row open it", or past the threshold (the breaker is open) the streak on its own. */
function breakerCount(failures: number, threshold: number): string {
  if (threshold === 0) return `${failures} failure${failures === 1 ? '' : 's'} in a row (the breaker is off)`
  if (failures >= threshold) return `${failures} failures in a row (it opens at ${threshold})`
  return `${failures} of ${threshold} failures in a row open it`
}
