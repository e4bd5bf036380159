// Attempt retention: the engine's timer prunes finished deliveries by age, a count cap keeps the
// newest, messages still used by a kept delivery (a plain replay) survive, unfinished work stays.
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { createRuntime } from '../../../src-main/api/runtime'
import { dispatch } from '../../../src-main/api/dispatch'
import { createEngine } from '../../../src-main/engine/engine'
import type { Engine } from '../../../src-main/engine/engine'
import { pruneDeliveries } from '../../../src-main/engine/delivery/retention'
import type { RetentionTimerOptions } from '../../../src-main/engine/delivery/retention'
import { startSink, tmpHome } from './helpers'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup(retention?: Partial<RetentionTimerOptions>) {
  const home = tmpHome()
  const sink = await startSink()
  cleanups.push(home.cleanup, () => sink.close())
  const url = `${sink.url}/hook`
  const clock = { t: Date.now(), now: () => clock.t }
  const engine = createEngine({ dbFile: join(home.dir, 'hooklab.db'), pollMs: 20, clock, retention })
  cleanups.push(() => engine.stop({ graceMs: 0 }))
  return { engine, url, clock }
}

const count = (e: Engine, table: string): number => (e.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n

async function deliverMany(engine: Engine, url: string, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => engine.delivery.enqueue({ url, body: Buffer.from(`{"i":${i}}`), contentType: 'application/json' }).deliveryId)
  await Promise.all(ids.map((id) => engine.delivery.waitFor(id)))
  return ids
}

it("the engine's timer prunes old finished deliveries in batches, keeping a message a kept replay still uses", async () => {
  const { engine, url, clock } = await setup({ maxAgeMs: 60_000, intervalMs: 20, batchSize: 4 })
  engine.start()
  const old = await deliverMany(engine, url, 10)
  clock.t += 120_000
  // A plain replay keeps the message id: the old message must outlive its first delivery.
  const replay = engine.delivery.replay(old[0] as string)
  await engine.delivery.waitFor(replay.deliveryId)
  const deadline = Date.now() + 5000
  while (count(engine, 'delivery') > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  expect(engine.delivery.listDeliveries().items.map((d) => d.id)).toEqual([replay.deliveryId])
  expect(count(engine, 'attempt')).toBe(1)
  expect(engine.delivery.getDelivery(replay.deliveryId).body.toString()).toBe('{"i":0}')
  expect(count(engine, 'message')).toBe(1)
  expect(() => engine.delivery.getDelivery(old[1] as string)).toThrow(/No delivery/)
})

it('a clock set months ahead prunes nothing by age: age counts back from the newest delivery, never past it', async () => {
  const { engine, url, clock } = await setup({ maxAgeMs: 30 * 86_400_000, intervalMs: 20 })
  engine.start()
  await deliverMany(engine, url, 5)
  clock.t += 400 * 86_400_000
  expect(pruneDeliveries(engine.db, { maxAgeMs: 30 * 86_400_000 }, clock.t)).toBe(0)
  await new Promise((r) => setTimeout(r, 200))
  expect(count(engine, 'delivery')).toBe(5)
  expect(count(engine, 'attempt')).toBe(5)
})

it('a count cap keeps the newest finished deliveries; pending ones are never pruned', async () => {
  const { engine, url, clock } = await setup()
  engine.start()
  const done = []
  for (let i = 0; i < 5; i++) {
    done.push(...(await deliverMany(engine, url, 1)))
    clock.t += 1000
  }
  const waiting = engine.delivery.enqueue({ url: 'http://127.0.0.1:9/never', body: Buffer.from('{}'), contentType: 'application/json', retry: { schedule: { kind: 'list', delaysMs: [3_600_000] }, maxAttempts: 5 } })
  engine.delivery.flush()
  let removed = 0
  for (let i = 0; i < 10; i++) removed += engine.delivery.prune({ maxAgeMs: 365 * 86_400_000, maxDeliveries: 2, batchSize: 1 })
  expect(removed).toBe(3)
  const left = engine.delivery.listDeliveries().items.map((d) => d.id)
  expect(left).toContain(done[3])
  expect(left).toContain(done[4])
  expect(left).toContain(waiting.deliveryId)
  expect(left).toHaveLength(3)
  // Even an age of zero leaves unfinished work alone.
  clock.t += 10
  while (pruneDeliveries(engine.db, { maxAgeMs: 0 }, clock.t) > 0);
  expect(engine.delivery.listDeliveries().items.map((d) => d.id)).toEqual([waiting.deliveryId])
})

it('setRetention changes what the running timer keeps', async () => {
  const { engine, url, clock } = await setup({ maxAgeMs: 365 * 86_400_000, intervalMs: 20 })
  engine.start()
  await deliverMany(engine, url, 3)
  clock.t += 10_000
  // Age counts back from the newest delivery: one sent now makes the first three 10 s old.
  const [fresh] = await deliverMany(engine, url, 1)
  await new Promise((r) => setTimeout(r, 80))
  expect(count(engine, 'delivery')).toBe(4)
  engine.setRetention({ maxAgeMs: 5_000, intervalMs: 20 })
  const deadline = Date.now() + 5000
  while (count(engine, 'delivery') > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  expect(engine.delivery.listDeliveries().items.map((d) => d.id)).toEqual([fresh])
  expect(count(engine, 'attempt')).toBe(1)
})

it("the app's maxAttemptAgeDays setting reaches the engine's retention", async () => {
  const tmp = tmpHome()
  cleanups.push(tmp.cleanup)
  const runtime = createRuntime({ home: tmp.dir, mode: 'browser', receiverPort: 0, send: () => undefined, exportFile: async () => ({ kind: 'cancelled' }) })
  cleanups.push(() => runtime.stop())
  await runtime.start()
  const seen: number[] = []
  const setRetention = runtime.engine.setRetention.bind(runtime.engine)
  runtime.engine.setRetention = (o) => {
    seen.push(o.maxAgeMs ?? -1)
    setRetention(o)
  }
  const res = await dispatch(runtime.handlers, 'settings.update', { patch: { retention: { maxCapturesPerInbox: 10_000, maxCaptureAgeDays: 30, maxAttemptAgeDays: 7 } } })
  expect(res.ok).toBe(true)
  expect(seen).toEqual([7 * 86_400_000])
})
