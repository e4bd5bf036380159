// Retrying a delivery cancelled while its attempt is still on the wire waits for that attempt to end:
// made pending at once, it went out a second time alongside, and only one attempt was recorded.
import { expect, it } from 'vitest'
import { json, startSink, tmpEngine } from './helpers'

it('a delivery cancelled mid-attempt can be retried once that attempt has ended, not before', async () => {
  const sink = await startSink([{ status: 500, delayMs: 400 }, { status: 200 }])
  const engine = tmpEngine({ pollMs: 20 })
  engine.start()
  const { deliveryId } = engine.delivery.enqueue({ url: `${sink.url}/x`, body: json({}), contentType: 'application/json', retry: { schedule: { kind: 'list', delaysMs: [10] }, maxAttempts: 3 } })
  while (sink.requests.length === 0) await new Promise((r) => setTimeout(r, 10))
  expect(engine.delivery.cancel(deliveryId)).toBe(true)
  expect(engine.delivery.retry(deliveryId)).toBe(false) // its attempt is still out
  await new Promise((r) => setTimeout(r, 600)) // the attempt ends (500), the delivery stays cancelled
  expect(engine.delivery.getDelivery(deliveryId).status).toBe('cancelled')
  expect(sink.requests).toHaveLength(1)
  expect(engine.delivery.retry(deliveryId)).toBe(true)
  expect((await engine.delivery.waitFor(deliveryId)).status).toBe('delivered')
  expect(sink.requests).toHaveLength(2)
  expect(engine.delivery.getDelivery(deliveryId).attemptsList).toHaveLength(2)
  await sink.close()
})
