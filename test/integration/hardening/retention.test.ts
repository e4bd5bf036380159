// Retention prunes a large capture table by age and by count in small batches while requests
// keep being captured and deliveries keep completing: nothing waits for the pruner.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { tmpDir, until } from './helpers'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const OLD = 30_000
const NEW_REQUESTS = 200
const DELIVERIES = 200
const MAX_PER_INBOX = 1000
const HOUR = 3_600_000

describe('retention', () => {
  it(`prunes ${OLD} old captures by age and count while capture and delivery keep going`, async () => {
    const { dir, cleanup } = tmpDir()
    cleanups.push(cleanup)
    const engine = createEngine({
      dbFile: join(dir, 'hooklab.db'),
      pollMs: 20,
      receiver: { retention: { maxCapturesPerInbox: MAX_PER_INBOX, maxAgeMs: HOUR, intervalMs: 20, batchSize: 500 } },
    })
    cleanups.push(() => engine.stop({ graceMs: 0 }))
    const db = engine.db
    const count = (): number => (db.prepare('SELECT COUNT(*) AS n FROM capture').get() as { n: number }).n

    // One real capture, cloned into a large, old table (half older than the age limit).
    const { url } = await engine.startReceiver()
    expect((await fetch(`${url}/seed`, { method: 'POST', body: 'x'.repeat(512) })).status).toBe(200)
    await until(() => count() === 1, 5000, 'seed capture')
    const row = db.prepare('SELECT * FROM capture LIMIT 1').get() as Record<string, unknown>
    const cols = Object.keys(row)
    const insert = db.prepare(`INSERT INTO capture (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`)
    const now = Date.now()
    db.transaction(() => {
      for (let i = 0; i < OLD; i++) {
        const age = i % 2 === 0 ? 2 * HOUR : HOUR / 2 // even: past the age limit; odd: only over the count
        insert.run({ ...row, id: `cap_old_${String(i).padStart(6, '0')}`, received_at: now - age - i, delivery_key: null, duplicate_of: null })
      }
    })()
    const inbox = engine.receiver.inboxes.create({ slug: 'live' })
    engine.start()

    // Traffic during the prune: plain requests and deliveries into another inbox.
    const statuses: number[] = []
    const sending = (async () => {
      for (let i = 0; i < NEW_REQUESTS; i += 10) {
        const batch = Array.from({ length: 10 }, (_, k) => fetch(`${url}/new/${i + k}`, { method: 'POST', body: `n${i + k}` }).then((r) => r.status))
        statuses.push(...(await Promise.all(batch)))
      }
    })()
    const ids = Array.from({ length: DELIVERIES }, (_, i) =>
      engine.delivery.enqueue({ url: `${url}/in/live/d${i}`, body: Buffer.from(`{"i":${i}}`), contentType: 'application/json' }).deliveryId,
    )
    let countDuringTraffic = 0
    const finals = await Promise.all(ids.map((id) => engine.delivery.waitFor(id)))
    countDuringTraffic = count()
    await sending

    expect(statuses.filter((s) => s !== 200)).toEqual([])
    expect(finals.filter((f) => f.status !== 'delivered')).toEqual([])
    expect(countDuringTraffic).toBeLessThan(OLD) // the pruner was at work while the traffic ran

    await until(() => count() <= MAX_PER_INBOX + DELIVERIES, 20_000, 'pruned to the limits')
    const oldest = (db.prepare('SELECT MIN(received_at) AS t FROM capture').get() as { t: number }).t
    expect(oldest).toBeGreaterThanOrEqual(Date.now() - HOUR - 1000)
    const perInbox = db.prepare('SELECT inbox_id, COUNT(*) AS n FROM capture GROUP BY inbox_id').all() as Array<{ inbox_id: string; n: number }>
    for (const p of perInbox) expect(p.n).toBeLessThanOrEqual(MAX_PER_INBOX)
    // The newest captures are what is kept: every request of this run is still there.
    const paths = new Set((db.prepare("SELECT path FROM capture WHERE id NOT LIKE 'cap_old_%'").all() as Array<{ path: string }>).map((r) => r.path))
    for (let i = 0; i < NEW_REQUESTS; i++) expect(paths.has(`/new/${i}`)).toBe(true)
    expect(perInbox.find((p) => p.inbox_id === inbox.id)?.n).toBe(DELIVERIES)
  }, 60_000)
})
