// Attempt retention under traffic (finding R1): engine.delivery.prune({ maxAgeMs, maxDeliveries?, batchSize? })
// removes finished deliveries with their attempts and orphaned messages; the engine also runs it on a timer.
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { startRecordingSink, tmpDir } from './helpers'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

type Prunable = { prune(o: { maxAgeMs: number; maxDeliveries?: number; batchSize?: number }): number }

it('finished deliveries and their attempts are pruned by age while new deliveries keep completing', async () => {
  const { dir, cleanup } = tmpDir()
  cleanups.push(cleanup)
  const sink = await startRecordingSink()
  cleanups.push(() => sink.close())
  let now = Date.now()
  const engine = createEngine({ dbFile: join(dir, 'hooklab.db'), pollMs: 20, clock: { now: () => now } })
  cleanups.push(() => engine.stop({ graceMs: 0 }))
  engine.start()
  const old = Array.from({ length: 300 }, () => engine.delivery.enqueue({ url: sink.url, body: Buffer.from('{}'), contentType: 'application/json' }).deliveryId)
  await Promise.all(old.map((id) => engine.delivery.waitFor(id)))
  const pending = engine.delivery.enqueue({ url: 'http://127.0.0.1:9/never', body: Buffer.from('{}'), contentType: 'application/json', retry: { schedule: { kind: 'list', delaysMs: [3_600_000] }, maxAttempts: 5 } })
  now += 31 * 86_400_000
  const fresh = Array.from({ length: 100 }, () => engine.delivery.enqueue({ url: sink.url, body: Buffer.from('{}'), contentType: 'application/json' }).deliveryId)
  let removed = 0
  const pruning = (async () => {
    for (let i = 0; i < 50; i++) {
      removed += (engine.delivery as unknown as Prunable).prune({ maxAgeMs: 30 * 86_400_000, batchSize: 50 })
      await new Promise((r) => setImmediate(r))
    }
  })()
  const finals = await Promise.all(fresh.map((id) => engine.delivery.waitFor(id)))
  await pruning
  expect(finals.every((f) => f.status === 'delivered')).toBe(true)
  expect(removed).toBe(300)
  expect((engine.db.prepare('SELECT COUNT(*) AS n FROM attempt').get() as { n: number }).n).toBeGreaterThanOrEqual(100)
  expect(engine.delivery.getDelivery(pending.deliveryId).status).not.toBe('delivered') // unfinished work is never pruned
})
