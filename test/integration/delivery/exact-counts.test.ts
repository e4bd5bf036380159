// Counts the UI shows are exact however long the log: the status chips under a filter (event type,
// endpoint, text, time) and the Stats view's attempts. Both used to stop at 20,000 rows.
import { describe, expect, it } from 'vitest'
import { appHandlers } from '../../../src-main/api/app'
import { deliveryHandlers } from '../../../src-main/api/deliveries'
import { endpointStats } from '../../../src-main/engine/endpoints/stats'
import type { ApiEnv } from '../../../src-main/api/context'
import type { Engine } from '../../../src-main/engine/engine'
import { tmpEngine } from './helpers'


const T0 = 1_700_000_000_000

/** `n` deliveries of one event type and status, bulk-inserted as the engine's own rows. */
function insert(engine: Engine, from: number, n: number, eventType: string, status: 'delivered' | 'failed', lastError: string | null = null): void {
  const msg = engine.db.prepare("INSERT INTO message (id, event_type, body, content_type, created_at) VALUES (?, ?, x'7b7d', 'application/json', ?)")
  const dlv = engine.db.prepare(`INSERT INTO delivery (id, message_id, endpoint_id, event_type, url, method, status, attempts, last_error, created_at, updated_at, completed_at)
    VALUES (?, ?, NULL, ?, 'http://127.0.0.1:9/hook', 'POST', ?, 1, ?, ?, ?, ?)`)
  engine.db.transaction(() => {
    for (let i = from; i < from + n; i++) {
      const id = String(i).padStart(8, '0')
      msg.run(`msg_c${id}`, eventType, T0 + i)
      dlv.run(`dlv_c${id}`, `msg_c${id}`, eventType, status, lastError, T0 + i, T0 + i, T0 + i)
    }
  })()
}

describe('deliveries.counts under a filter', () => {
  it('counts every matching delivery past 20,000, per status, for each kind of filter', async () => {
    const engine = tmpEngine()
    insert(engine, 0, 22_000, 'invoice.paid', 'delivered')
    insert(engine, 22_000, 3, 'invoice.paid', 'failed', 'HTTP 500: upstream down')
    insert(engine, 22_003, 1_500, 'user.created', 'delivered')
    const counts = deliveryHandlers({ engine, env: {} as ApiEnv })['deliveries.counts']

    expect(await counts({ filter: { eventType: 'invoice.paid' } })).toEqual({ pending: 0, sending: 0, delivered: 22_000, failed: 3, dead: 0, cancelled: 0 })
    expect(await counts({ filter: { eventType: 'user.created' } })).toMatchObject({ delivered: 1_500, failed: 0 })
    expect(await counts({ filter: { text: 'upstream' } })).toMatchObject({ delivered: 0, failed: 3 })
    expect(await counts({ filter: { since: T0 + 1_000, until: T0 + 22_001 } })).toMatchObject({ delivered: 21_000, failed: 1 })
    // The status chips the user picked keep their counts; the others read 0.
    expect(await counts({ filter: { eventType: 'invoice.paid', status: ['failed'] } })).toMatchObject({ delivered: 0, failed: 3 })
    // Unfiltered, the whole table.
    expect(await counts({ filter: {} })).toMatchObject({ delivered: 23_500, failed: 3 })
  })
})

describe('stats.endpoint', () => {
  it('counts every attempt in the range past 20,000: per interval, succeeded and failed, and in the latency histogram', async () => {
    const engine = tmpEngine()
    const ep = engine.endpoints.create({ name: 'busy', url: 'http://127.0.0.1:9/hook' })
    insert(engine, 0, 13_000, 'invoice.paid', 'delivered')
    const now = Date.now()
    const att = engine.db.prepare(`INSERT INTO attempt (delivery_id, number, endpoint_id, owner, started_at, request_url, request_method,
      request_headers_json, response_status, total_ms, outcome) VALUES (?, ?, ?, 'test', ?, 'http://127.0.0.1:9/hook', 'POST', '[]', ?, ?, ?)`)
    engine.db.transaction(() => {
      for (let i = 0; i < 13_000; i++) {
        const id = `dlv_c${String(i).padStart(8, '0')}`
        // Two attempts each in the last 50 minutes: a 500 in 30 ms, then a 200 in 5 ms.
        att.run(id, 1, ep.id, now - 3_000_000 + i * 100, 500, 30, 'retrying')
        att.run(id, 2, ep.id, now - 3_000_000 + i * 100 + 50, 200, 5, 'delivered')
      }
      att.run('dlv_c00000000', 3, ep.id, now - 7_200_000, 200, 5, 'delivered') // two hours ago: outside the range
    })()
    const stats = await appHandlers({ engine, env: {} as ApiEnv })['stats.endpoint']({ endpointId: ep.id, sinceMs: now - 3_600_000, buckets: 60 })
    const sum = (f: (b: { ok: number; failed: number }) => number) => stats.buckets.reduce((a, b) => a + f(b), 0)
    expect(sum((b) => b.ok)).toBe(13_000)
    expect(sum((b) => b.failed)).toBe(13_000)
    expect(stats.latency.find((l) => l.leMs === 10)?.count).toBe(13_000)
    expect(stats.latency.find((l) => l.leMs === 50)?.count).toBe(13_000)
    expect(stats.countedSince).toBeNull()
    // The first ten minutes of the hour had none.
    expect(stats.buckets.slice(0, 9).every((b) => b.ok + b.failed === 0)).toBe(true)
  })

  it('past its cap it counts the newest and says from when', () => {
    const rows: Array<[number, string, number]> = [[5_000, 'delivered', 3], [4_000, 'failed', 40], [3_000, 'cancelled', 9], [2_000, 'delivered', 3], [1_000, 'delivered', 3]]
    const s = endpointStats(rows, { since: 0, now: 5_999, buckets: 6 }, 3)
    expect(s.buckets.map((b) => [b.ok, b.failed])).toEqual([[0, 0], [0, 0], [0, 0], [0, 0], [0, 1], [1, 0]]) // a cancelled attempt is neither
    expect(s.latency.reduce((a, l) => a + l.count, 0)).toBe(3)
    expect(s.countedSince).toBe(2_001)
    expect(endpointStats(rows, { since: 0, now: 5_999, buckets: 6 }, 5).countedSince).toBeNull()
  })
})
