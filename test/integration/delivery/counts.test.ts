// The status chips' counts under a filter (event type, endpoint, text, time) are exact however long
// the log: they used to be counted by walking pages and stopped at 20,000 rows.
import { afterEach, describe, expect, it } from 'vitest'
import { deliveryHandlers } from '../../../src-main/api/deliveries'
import type { ApiEnv } from '../../../src-main/api/context'
import { createEngine, type Engine } from '../../../src-main/engine/engine'
import { tmpHome } from './helpers'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

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
    const home = tmpHome()
    cleanups.push(home.cleanup)
    const engine = createEngine({ home: home.dir })
    cleanups.push(() => engine.stop())
    insert(engine, 0, 22_000, 'invoice.paid', 'delivered')
    insert(engine, 22_000, 3, 'invoice.paid', 'failed', 'HTTP 500: upstream down')
    insert(engine, 22_003, 1_500, 'user.created', 'delivered')
    const counts = deliveryHandlers({ engine, env: {} as ApiEnv })['deliveries.counts']

    expect(counts({ filter: { eventType: 'invoice.paid' } })).toEqual({ pending: 0, sending: 0, delivered: 22_000, failed: 3, dead: 0, cancelled: 0 })
    expect(counts({ filter: { eventType: 'user.created' } })).toMatchObject({ delivered: 1_500, failed: 0 })
    expect(counts({ filter: { text: 'upstream' } })).toMatchObject({ delivered: 0, failed: 3 })
    expect(counts({ filter: { since: T0 + 1_000, until: T0 + 22_001 } })).toMatchObject({ delivered: 21_000, failed: 1 })
    // The status chips the user picked keep their counts; the others read 0.
    expect(counts({ filter: { eventType: 'invoice.paid', status: ['failed'] } })).toMatchObject({ delivered: 0, failed: 3 })
    // Unfiltered, the whole table.
    expect(counts({ filter: {} })).toMatchObject({ delivered: 23_500, failed: 3 })
  })
})
