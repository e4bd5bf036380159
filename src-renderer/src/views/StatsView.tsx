// Per-endpoint success rate over time and a latency histogram, drawn as small hand-written SVG.
import { useEffect, useState } from 'react'
import type { MethodOutput } from '../../../src-preload/contract'
import { call } from '../bridge'
import { useApp } from '../stores/app'
import { Empty } from '../components/Empty'
import { dateTime, ms, pct } from '../lib/format'

type Stats = MethodOutput<'stats.endpoint'>

const RANGES = [
  { label: 'last 15 min', ms: 15 * 60_000 },
  { label: 'last hour', ms: 3_600_000 },
  { label: 'last 24 h', ms: 86_400_000 },
  { label: 'last 7 days', ms: 7 * 86_400_000 },
]

function SuccessChart({ s }: { s: Stats }) {
  const W = 640
  const H = 180
  const n = Math.max(1, s.buckets.length)
  const max = Math.max(1, ...s.buckets.map((b) => b.ok + b.failed))
  const bw = W / n
  const pts = s.buckets
    .map((b, i) => (b.ok + b.failed > 0 ? `${i * bw + bw / 2},${H - (b.ok / (b.ok + b.failed)) * H}` : null))
    .filter(Boolean)
    .join(' ')
  const total = s.buckets.reduce((a, b) => a + b.ok + b.failed, 0)
  const ok = s.buckets.reduce((a, b) => a + b.ok, 0)
  return (
    <figure className="chart">
      <figcaption>
        Attempts per interval (bars: <span className="key key-ok">succeeded</span> / <span className="key key-bad">failed</span>) and success rate (line) ·{' '}
        {total.toLocaleString()} attempts, {pct(total ? ok / total : null)} succeeded
        {s.countedSince !== null && <span data-testid="stats-partial"> (the newest only: counted from {dateTime(s.countedSince)})</span>}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H + 20}`} role="img" aria-label={`Success rate over time: ${pct(total ? ok / total : null)} of ${total} attempts`} data-testid="success-chart">
        <line x1="0" y1={H} x2={W} y2={H} className="axis" />
        {s.buckets.map((b, i) => {
          const okH = (b.ok / max) * H * 0.9
          const badH = (b.failed / max) * H * 0.9
          return (
            <g key={i}>
              <rect x={i * bw + 1} width={Math.max(1, bw - 2)} y={H - okH} height={okH} className="bar-ok" />
              <rect x={i * bw + 1} width={Math.max(1, bw - 2)} y={H - okH - badH} height={badH} className="bar-bad" />
            </g>
          )
        })}
        {pts && <polyline points={pts} className="rate-line" fill="none" />}
        {s.buckets.map((b, i) =>
          b.ok + b.failed > 0 ? <circle key={i} cx={i * bw + bw / 2} cy={H - (b.ok / (b.ok + b.failed)) * H} r={2.5} className="rate-dot" /> : null,
        )}
        <text x="2" y="10" className="tick">
          100%
        </text>
        <text x="0" y={H + 16} className="tick">
          {s.buckets[0] ? dateTime(s.buckets[0].t) : ''}
        </text>
        <text x={W} y={H + 16} className="tick" textAnchor="end">
          now
        </text>
      </svg>
    </figure>
  )
}

function LatencyChart({ s }: { s: Stats }) {
  const W = 640
  const H = 160
  const n = Math.max(1, s.latency.length)
  // Bars stop at 85% of the height so the count above the tallest fits.
  const max = Math.max(1, ...s.latency.map((b) => b.count))
  const bw = W / n
  return (
    <figure className="chart">
      <figcaption>Latency histogram: attempts by total time (upper bound of each bucket, ms)</figcaption>
      <svg viewBox={`0 0 ${W} ${H + 20}`} role="img" aria-label="Latency histogram" data-testid="latency-chart">
        <line x1="0" y1={H} x2={W} y2={H} className="axis" />
        {s.latency.map((b, i) => {
          const h = (b.count / max) * H * 0.85
          return (
            <g key={i}>
              <rect x={i * bw + 2} width={Math.max(1, bw - 4)} y={H - h} height={h} className="bar-lat">
                <title>
                  ≤ {ms(b.leMs)}: {b.count}
                </title>
              </rect>
              {b.count > 0 && (
                <text x={i * bw + bw / 2} y={H - h - 4} className="tick" textAnchor="middle" data-testid="latency-count">
                  {b.count.toLocaleString()}
                </text>
              )}
              <text x={i * bw + bw / 2} y={H + 14} className="tick" textAnchor="middle">
                {Number.isFinite(b.leMs) ? (b.leMs >= 1000 ? `${b.leMs / 1000}s` : `${b.leMs}`) : '∞'}
              </text>
            </g>
          )
        })}
      </svg>
    </figure>
  )
}

export function StatsView() {
  const endpoints = useApp((s) => s.endpoints)
  const [picked, setId] = useState('')
  // Until the user picks one, chart the first endpoint (the list may arrive after this mounts).
  const id = picked || endpoints[0]?.id || ''
  const [range, setRange] = useState(1)
  const [stats, setStats] = useState<Stats | null>(null)
  useEffect(() => {
    if (!id) return
    let live = true
    const load = () =>
      call('stats.endpoint', { endpointId: id, sinceMs: Date.now() - (RANGES[range]?.ms ?? 3_600_000), buckets: 40 }, { quiet: true }).then(
        (s) => live && setStats(s),
        () => undefined,
      )
    void load()
    const t = setInterval(load, 5000)
    return () => {
      live = false
      clearInterval(t)
    }
  }, [id, range])
  const ep = endpoints.find((e) => e.id === id)
  if (endpoints.length === 0) return <Empty title="No endpoints to chart">Stats are per endpoint: create one under Endpoints and send to it.</Empty>
  return (
    <div className="pane stats" data-testid="stats">
      <div className="toolbar">
        <select aria-label="Endpoint" value={id} onChange={(e) => setId(e.target.value)}>
          {endpoints.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </select>
        <select aria-label="Time range" value={range} onChange={(e) => setRange(Number(e.target.value))}>
          {RANGES.map((r, i) => (
            <option key={r.label} value={i}>
              {r.label}
            </option>
          ))}
        </select>
        {ep && (
          <span className="small muted">
            last {ep.health.attempts} attempts: success {pct(ep.health.successRate)} · p50 {ms(ep.health.p50Ms)} · p95 {ms(ep.health.p95Ms)} · breaker {ep.breaker.state}
          </span>
        )}
      </div>
      {stats ? (
        <div className="charts">
          <SuccessChart s={stats} />
          <LatencyChart s={stats} />
        </div>
      ) : (
        <div className="pad muted">Loading…</div>
      )}
    </div>
  )
}
