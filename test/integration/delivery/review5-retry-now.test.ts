// "Retry now" on a delivery waiting out a long backoff (a Stripe-like 1h schedule after a 500): it goes
// out at once as the same delivery (its attempt count and webhook-id kept), not an hour later. Before,
// only failed/dead/cancelled deliveries could be retried, so the user's only way was a duplicate replay.
import { expect, it } from 'vitest'
import { json, startSink, tmpEngine } from './helpers'

it('retry now pulls a pending delivery waiting on a backoff forward, keeping its attempts and webhook-id', async () => {
  const sink = await startSink([{ status: 500 }, { status: 200 }])
  const engine = tmpEngine({ pollMs: 20 })
  engine.start()
  try {
    const { deliveryId } = engine.delivery.enqueue({
      url: `${sink.url}/hook`,
      body: json({ type: 'invoice.paid' }),
      contentType: 'application/json',
      retry: { schedule: { kind: 'list', delaysMs: [3_600_000, 3_600_000] }, maxAttempts: 3 },
    })
    await expect.poll(() => engine.delivery.getDelivery(deliveryId).attempts, { timeout: 5000 }).toBe(1)
    const waiting = engine.delivery.getDelivery(deliveryId)
    expect(waiting.status).toBe('pending')
    expect(waiting.nextAttemptAt! - Date.now()).toBeGreaterThan(3_000_000) // an hour away

    expect(engine.delivery.retry(deliveryId)).toBe(true)
    const done = await engine.delivery.waitFor(deliveryId)
    expect(done.status).toBe('delivered')
    expect(done.attempts).toBe(2)
    expect(sink.requests).toHaveLength(2)
    expect(sink.requests[1]!.headers['webhook-id']).toBe(sink.requests[0]!.headers['webhook-id'])
  } finally {
    await engine.stop({ graceMs: 500 })
    await sink.close()
  }
})

it('retry now refuses a delivery that is delivered, and one whose attempt is on the wire', async () => {
  const sink = await startSink([{ status: 200, delayMs: 400 }])
  const engine = tmpEngine({ pollMs: 20 })
  engine.start()
  try {
    const { deliveryId } = engine.delivery.enqueue({ url: `${sink.url}/hook`, body: json({}), contentType: 'application/json' })
    while (sink.requests.length === 0) await new Promise((r) => setTimeout(r, 10))
    expect(engine.delivery.getDelivery(deliveryId).status).toBe('sending')
    expect(engine.delivery.retry(deliveryId)).toBe(false) // leased: it would go out twice
    expect((await engine.delivery.waitFor(deliveryId)).status).toBe('delivered')
    expect(engine.delivery.retry(deliveryId)).toBe(false)
    expect(sink.requests).toHaveLength(1)
  } finally {
    await engine.stop({ graceMs: 500 })
    await sink.close()
  }
})
