// Cancelling a delivery whose attempt is on the wire (the detail pane's Cancel, `hooklab cancel ID`,
// deleting its endpoint): that attempt still finishes. It used to be recorded as 'cancelled' even when the
// receiver answered 200, so the user saw "cancelled", replayed it, and the receiver processed it twice.
// Now a success makes the delivery delivered; a failure leaves it cancelled, and it is not retried.
import { spawnSync } from 'node:child_process'
import { expect, it, onTestFinished } from 'vitest'
import { dispatch } from '../../../src-main/api/dispatch'
import { createRuntime } from '../../../src-main/api/runtime'
import { createEngine } from '../../../src-main/engine/engine'
import { run } from '../cli/helpers'
import { json, startSink, tmpEngine, tmpHome } from './helpers'

const fast = { schedule: { kind: 'list' as const, delaysMs: [10] }, maxAttempts: 3 }

async function onTheWire(sink: { requests: unknown[] }, n = 1): Promise<void> {
  while (sink.requests.length < n) await new Promise((r) => setTimeout(r, 10))
}

it('a delivery cancelled while its attempt is on the wire ends delivered when that attempt gets a 200', async () => {
  const sink = await startSink([{ status: 200, delayMs: 400 }])
  onTestFinished(() => sink.close())
  const engine = tmpEngine({ pollMs: 20 })
  engine.start()
  const { deliveryId } = engine.delivery.enqueue({
    url: `${sink.url}/x`,
    body: json({ order: 1 }),
    contentType: 'application/json',
    retry: fast,
  })
  const waited = engine.delivery.waitFor(deliveryId) // a `send --wait` following it
  await onTheWire(sink)
  expect(engine.delivery.cancel(deliveryId)).toBe(true)
  const final = await waited
  expect(final.status).toBe('delivered') // the follower is told what happened, not "cancelled"
  const d = engine.delivery.getDelivery(deliveryId)
  expect(d.status).toBe('delivered')
  expect(d.attemptsList.map((a) => [a.number, a.response?.status ?? null, a.outcome])).toEqual([
    [1, 200, 'delivered'],
  ])
  expect(engine.delivery.stats().byStatus).toEqual({ delivered: 1 })
  expect(engine.delivery.listDeliveries({ status: 'delivered' }).items.map((r) => r.id)).toEqual([
    deliveryId,
  ])
  expect(sink.requests).toHaveLength(1)
})

it('a delivery cancelled while its attempt is on the wire stays cancelled when that attempt fails, and is not retried', async () => {
  const sink = await startSink([{ status: 500, delayMs: 400 }, { status: 200 }])
  onTestFinished(() => sink.close())
  const engine = tmpEngine({ pollMs: 20 })
  engine.start()
  const { deliveryId } = engine.delivery.enqueue({
    url: `${sink.url}/x`,
    body: json({}),
    contentType: 'application/json',
    retry: fast,
  })
  await onTheWire(sink)
  expect(engine.delivery.cancel(deliveryId)).toBe(true)
  expect((await engine.delivery.waitFor(deliveryId)).status).toBe('cancelled')
  await new Promise((r) => setTimeout(r, 200)) // a retry would be due 10 ms after the 500
  const d = engine.delivery.getDelivery(deliveryId)
  expect(d.status).toBe('cancelled')
  expect(d.attemptsList.map((a) => [a.number, a.response?.status ?? null, a.outcome])).toEqual([
    [1, 500, 'cancelled'],
  ])
  expect(sink.requests).toHaveLength(1)
})

it('deleting an endpoint while one of its attempts is on the wire: a 200 is delivered; a failure stays cancelled with its reason', async () => {
  const sink = await startSink((req) =>
    req.url === '/ok' ? { status: 200, delayMs: 400 } : { status: 503, delayMs: 400 },
  )
  onTestFinished(() => sink.close())
  const engine = tmpEngine({ pollMs: 20 })
  engine.start()
  const ok = engine.endpoints.create({ url: `${sink.url}/ok`, retry: fast })
  const bad = engine.endpoints.create({ url: `${sink.url}/bad`, retry: fast })
  const a = engine.delivery.enqueue({
    endpointId: ok.id,
    body: json({}),
    contentType: 'application/json',
  })
  const b = engine.delivery.enqueue({
    endpointId: bad.id,
    body: json({}),
    contentType: 'application/json',
  })
  await onTheWire(sink, 2)
  engine.endpoints.delete(ok.id)
  engine.endpoints.delete(bad.id)
  expect((await engine.delivery.waitFor(a.deliveryId)).status).toBe('delivered')
  const failed = await engine.delivery.waitFor(b.deliveryId)
  expect(failed.status).toBe('cancelled')
  expect(failed.lastError).toBe('cancelled: its endpoint was deleted')
  expect(engine.delivery.getDelivery(a.deliveryId).attemptsList.map((t) => t.outcome)).toEqual([
    'delivered',
  ])
  expect(
    engine.delivery
      .getDelivery(b.deliveryId)
      .attemptsList.map((t) => [t.response?.status, t.outcome]),
  ).toEqual([[503, 'cancelled']])
  expect(sink.requests).toHaveLength(2)
})

it('bulk cancel still takes only pending deliveries: the one on the wire finishes and is delivered', async () => {
  const sink = await startSink([{ status: 200, delayMs: 400 }, { status: 200 }])
  onTestFinished(() => sink.close())
  const engine = tmpEngine({ pollMs: 20 })
  engine.start()
  const ep = engine.endpoints.create({ url: `${sink.url}/one`, maxConcurrency: 1, retry: fast })
  const first = engine.delivery.enqueue({
    endpointId: ep.id,
    body: json({ n: 1 }),
    contentType: 'application/json',
  })
  await onTheWire(sink)
  const second = engine.delivery.enqueue({
    endpointId: ep.id,
    body: json({ n: 2 }),
    contentType: 'application/json',
  })
  expect(engine.delivery.bulkCancel({ endpointId: ep.id })).toEqual({ count: 1 })
  expect((await engine.delivery.waitFor(first.deliveryId)).status).toBe('delivered')
  expect(engine.delivery.getDelivery(second.deliveryId).status).toBe('cancelled')
  expect(sink.requests).toHaveLength(1)
})

it('hooklab cancel ID on a sending delivery says its attempt still finishes, not "cancelled 1 pending delivery"', async () => {
  const sink = await startSink([{ status: 200, delayMs: 1500 }])
  onTestFinished(() => sink.close())
  const home = tmpHome()
  const engine = createEngine({ home: home.dir, pollMs: 20 })
  onTestFinished(async () => {
    await engine.stop()
    home.cleanup()
  })
  engine.start()
  const { deliveryId } = engine.delivery.enqueue({
    url: `${sink.url}/x`,
    body: json({}),
    contentType: 'application/json',
    retry: fast,
  })
  await onTheWire(sink)
  const r = await run(['cancel', deliveryId, '--home', home.dir])
  expect(r.stdout).toBe(
    `cancelled ${deliveryId}: stopped retrying; its attempt on the wire still finishes, and if it succeeds the delivery is delivered\n`,
  )
  expect(r.code).toBe(0)
  expect((await engine.delivery.waitFor(deliveryId)).status).toBe('delivered')
})

it('a lease whose engine is gone (killed) is no attempt on the wire: cancel says pending and lets it go, so a retry works at once', async () => {
  const engine = tmpEngine()
  const { deliveryId } = engine.delivery.enqueue({ url: 'http://127.0.0.1:9/x', body: json({}), contentType: 'application/json' })
  engine.delivery.flush()
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()
  engine.db
    .prepare("UPDATE delivery SET status = 'sending', lease_owner = ?, lease_expires_at = ? WHERE id = ?")
    .run(`eng_${dead}_dead`, Date.now() + 60_000, deliveryId)
  expect(engine.delivery.cancelOne(deliveryId)).toBe('pending')
  expect(engine.delivery.retry(deliveryId)).toBe(true) // refused while a lease was held
})

it('the app’s Cancel says when the attempt on the wire still finishes', async () => {
  const sink = await startSink([{ status: 200, delayMs: 400 }])
  onTestFinished(() => sink.close())
  const home = tmpHome()
  const rt = createRuntime({ home: home.dir, mode: 'browser', receiverPort: 0, pollMs: 20, exportFile: async () => ({ kind: 'cancelled' }), send: () => {} })
  onTestFinished(async () => {
    await rt.stop()
    home.cleanup()
  })
  await rt.start()
  const call = async (method: string, input: unknown): Promise<Record<string, unknown>> => {
    const r = await dispatch(rt.handlers, method, input)
    if (!r.ok) throw new Error(r.error.message)
    return r.result as Record<string, unknown>
  }
  const sent = (await call('compose.send', { url: `${sink.url}/x`, body: '{}' })) as { deliveries: Array<{ deliveryId: string }> }
  const id = sent.deliveries[0]!.deliveryId
  await onTheWire(sink)
  expect(await call('deliveries.cancel', { id })).toMatchObject({ id, status: 'cancelled', inFlight: true })
})
