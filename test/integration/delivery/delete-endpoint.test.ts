// Deleting an endpoint stops what it still had to send. Its pending deliveries (retrying after a
// failure) and one on the wire are cancelled with it; they used to go out afterwards unsigned, without
// the endpoint's headers (its Authorization among them), on the default retry schedule.
import { expect, it } from 'vitest'
import { json, startSink, tmpEngine } from './helpers'

it('deleting an endpoint cancels its pending deliveries and the one in flight; nothing goes out unsigned', async () => {
  // /x: 500 to each of the first three (they wait 60 s to retry); /slow: hangs.
  const sink = await startSink((req) => (req.url === '/slow' ? 'hang' : { status: 500 }))
  const engine = tmpEngine({ pollMs: 20 })
  engine.start()
  const ep = engine.endpoints.create({
    url: `${sink.url}/x`,
    headers: [['Authorization', 'Bearer topsecret']],
    signing: { scheme: 'standard', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
    retry: { schedule: { kind: 'list', delaysMs: [60_000] }, maxAttempts: 3 },
  })
  const ids = [1, 2, 3].map((n) => engine.delivery.enqueue({ endpointId: ep.id, body: json({ n }), contentType: 'application/json' }).deliveryId)
  await expect.poll(() => engine.delivery.countDeliveries({ endpointId: ep.id }).pending).toBe(3)
  expect(sink.requests.every((r) => r.headers.authorization === 'Bearer topsecret' && typeof r.headers['webhook-signature'] === 'string')).toBe(true)

  const slowEp = engine.endpoints.create({ url: `${sink.url}/slow`, timeoutMs: 1000 })
  const slow = engine.delivery.enqueue({ endpointId: slowEp.id, body: json({ n: 4 }), contentType: 'application/json' }).deliveryId
  await expect.poll(() => sink.requests.length).toBe(4)

  const updates: string[] = []
  engine.bus.on('delivery.updated', (e) => void (e.status === 'cancelled' && updates.push(e.deliveryId)))
  expect(engine.endpoints.delete(ep.id)).toEqual({ cancelled: 3 })
  expect(engine.endpoints.delete(slowEp.id)).toEqual({ cancelled: 1 })
  expect(updates.sort()).toEqual([...ids, slow].sort())
  for (const id of ids) {
    const d = engine.delivery.getDelivery(id)
    expect(d.status).toBe('cancelled')
    expect(d.lastError).toMatch(/its endpoint was deleted/)
  }
  // The one on the wire ends (timeout) and is recorded as cancelled; nothing is sent again.
  await expect.poll(() => engine.delivery.getDelivery(slow).attemptsList.length, { timeout: 5_000 }).toBe(1)
  expect(engine.delivery.getDelivery(slow).status).toBe('cancelled')
  // Sending them again would go out unsigned: a retry is refused, saying why; a bulk retry leaves them out.
  expect(() => engine.delivery.retry(ids[0]!)).toThrow(/signed \(webhook-signature\) by endpoint "127\.0\.0\.1:\d+" that has since been deleted.*a retry would go out unsigned/)
  await new Promise((r) => setTimeout(r, 200))
  expect(sink.requests.filter((r) => r.url === '/x')).toHaveLength(3)
  await sink.close()
})

it('a bulk retry leaves out what a deleted endpoint had signed, and retries the rest', async () => {
  const sink = await startSink((req) => (req.url === '/ok' ? { status: 200 } : { status: 500 }))
  const engine = tmpEngine({ pollMs: 20 })
  engine.start()
  const once = { schedule: { kind: 'list' as const, delaysMs: [0] }, maxAttempts: 1 }
  const signed = engine.endpoints.create({ url: `${sink.url}/a`, signing: { scheme: 'github', secret: 's3cret' }, retry: once })
  const plain = engine.endpoints.create({ url: `${sink.url}/b`, retry: once })
  const a = engine.delivery.enqueue({ endpointId: signed.id, body: json({ n: 1 }), contentType: 'application/json' }).deliveryId
  const b = engine.delivery.enqueue({ endpointId: plain.id, body: json({ n: 2 }), contentType: 'application/json' }).deliveryId
  for (const id of [a, b]) expect((await engine.delivery.waitFor(id)).status).toBe('dead')
  engine.endpoints.delete(signed.id)
  engine.endpoints.delete(plain.id)
  expect(engine.delivery.bulkRetry({ status: 'dead' }).count).toBe(1)
  expect(engine.delivery.getDelivery(a).status).toBe('dead')
  expect(['pending', 'sending', 'dead']).toContain(engine.delivery.getDelivery(b).status)
  await expect.poll(() => sink.requests.filter((r) => r.url === '/b').length).toBe(2)
  expect(sink.requests.filter((r) => r.url === '/a')).toHaveLength(1)
  await sink.close()
})
