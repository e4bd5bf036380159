// Retention tells open lists what it deleted: a pass emits the ids of the deliveries and captures
// it actually removed (one event per batch), and the live batcher carries them to the UI.
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { events, type EventPayload } from '../../../src-preload/contract'
import { createLiveBatcher } from '../../../src-main/api/live'
import { engineLiveSource } from '../../../src-main/api/live-source'
import { createEngine } from '../../../src-main/engine/engine'
import { startSink, tmpHome } from './helpers'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 10))
  }
}

it('a retention pass emits the ids it pruned, for deliveries and captures, and the live batch lists them', async () => {
  const home = tmpHome()
  const sink = await startSink()
  cleanups.push(home.cleanup, () => sink.close())
  const url = `${sink.url}/hook`
  const clock = { t: Date.now(), now: () => clock.t }
  const engine = createEngine({
    dbFile: join(home.dir, 'hooklab.db'),
    pollMs: 20,
    clock,
    retention: { maxAgeMs: 60_000, intervalMs: 20, batchSize: 3 },
    receiver: { retention: { maxAgeMs: 60_000, intervalMs: 20, batchSize: 100 } },
  })
  cleanups.push(() => engine.stop({ graceMs: 0 }))
  const deliveryEvents: string[][] = []
  const captureEvents: string[][] = []
  engine.bus.on('delivery.pruned', (e) => deliveryEvents.push(e.deliveryIds))
  engine.bus.on('capture.pruned', (e) => captureEvents.push(e.captureIds))
  const batches: Array<EventPayload<'live.batch'>> = []
  const batcher = createLiveBatcher(engine.bus, engineLiveSource(engine, () => engine.receiver), (b) => batches.push(b), { intervalMs: 10 })
  cleanups.push(() => batcher.stop())

  engine.start()
  const old = Array.from({ length: 7 }, (_, i) => engine.delivery.enqueue({ url, body: Buffer.from(`{"i":${i}}`), contentType: 'application/json' }).deliveryId)
  await Promise.all(old.map((id) => engine.delivery.waitFor(id)))
  const { url: inboxUrl } = await engine.startReceiver()
  const oldCaptures: string[] = []
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${inboxUrl}/old${i}`, { method: 'POST', body: 'x' })
    oldCaptures.push(((await res.json()) as { captureId: string }).captureId)
  }
  clock.t += 120_000
  // Fresh rows stay: they must never be reported as pruned.
  const fresh = engine.delivery.enqueue({ url, body: Buffer.from('{}'), contentType: 'application/json' }).deliveryId
  await engine.delivery.waitFor(fresh)
  const freshCapture = ((await (await fetch(`${inboxUrl}/new`, { method: 'POST' })).json()) as { captureId: string }).captureId

  await until(() => deliveryEvents.flat().length >= old.length && captureEvents.flat().length >= oldCaptures.length)
  // One event per batch (at most batchSize ids), never one per row, and exactly the deleted rows.
  expect(deliveryEvents.every((ids) => ids.length > 0 && ids.length <= 3)).toBe(true)
  expect(deliveryEvents.length).toBeLessThan(old.length)
  expect(deliveryEvents.flat().sort()).toEqual([...old].sort())
  expect(captureEvents).toEqual([expect.arrayContaining(oldCaptures)])
  expect(captureEvents.flat().sort()).toEqual([...oldCaptures].sort())
  expect(() => engine.delivery.getDelivery(old[0] as string)).toThrow()
  expect(engine.delivery.getDelivery(fresh).id).toBe(fresh)
  expect(engine.receiver.getCapture(freshCapture).id).toBe(freshCapture)

  batcher.flush()
  const pruned = batches.flatMap((b) => (b.pruned ? [b.pruned] : []))
  expect(pruned.flatMap((p) => p.deliveryIds).sort()).toEqual([...old].sort())
  expect(pruned.flatMap((p) => p.captureIds).sort()).toEqual([...oldCaptures].sort())
  // What goes to the window passes the contract.
  for (const b of batches) expect(events['live.batch'].safeParse(b).success).toBe(true)
  // A live capture row carries the cursor a trimmed list pages on from: the page after it starts below it.
  const live = batches.flatMap((b) => b.captures).find((c) => c.id === freshCapture)
  expect(live?.cursor).toMatch(/^\d+$/)
  const below = engine.receiver.listCaptures({}, { cursor: live?.cursor ?? null, limit: 10 })
  expect(below.items.map((c) => c.id)).not.toContain(freshCapture)
})
