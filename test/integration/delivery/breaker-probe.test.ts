// The half-open breaker's probe, as the endpoint's stored state shows it: "half-open" while the probe
// runs (it read "open"), and a probe answered with a 4xx closes it: the endpoint is up. Before, a 4xx
// probe left the breaker half-open for good, sending one attempt at a time, while it still read "open".
import { expect, it } from 'vitest'
import { json, startSink, tmpEngine } from './helpers'

it('a 4xx answer to the probe closes the breaker, and the stored state says half-open while the probe runs', async () => {
  // 1st: 500 opens the breaker (threshold 1). 2nd, the probe: 404 after 400 ms. Then 200s.
  const sink = await startSink([{ status: 500 }, { status: 404, delayMs: 400 }, { status: 200 }])
  const engine = tmpEngine({ pollMs: 20 })
  const ep = engine.endpoints.create({ url: `${sink.url}/hooks`, breakerThreshold: 1, breakerCooldownMs: 300, retry: { schedule: { kind: 'list', delaysMs: [0] }, maxAttempts: 1 } })
  engine.start()
  const first = engine.delivery.enqueue({ endpointId: ep.id, body: json({ n: 1 }), contentType: 'application/json' }).deliveryId
  expect((await engine.delivery.waitFor(first)).status).toBe('dead')
  expect(engine.endpoints.get(ep.id).breaker.state).toBe('open')

  const probe = engine.delivery.enqueue({ endpointId: ep.id, body: json({ n: 2 }), contentType: 'application/json' }).deliveryId
  while (sink.requests.length < 2) await new Promise((r) => setTimeout(r, 10))
  await new Promise((r) => setTimeout(r, 100)) // the probe is on the wire (answered at 400 ms)
  expect(engine.endpoints.get(ep.id).breaker.state).toBe('half_open')
  expect((await engine.delivery.waitFor(probe)).status).toBe('failed') // a 404 is final for the delivery
  expect(engine.endpoints.get(ep.id).breaker.state).toBe('closed')

  // Closed again: five at once go out together, not one at a time.
  const more = Array.from({ length: 5 }, (_, i) => engine.delivery.enqueue({ endpointId: ep.id, body: json({ n: 3 + i }), contentType: 'application/json' }).deliveryId)
  for (const id of more) expect((await engine.delivery.waitFor(id)).status).toBe('delivered')
  expect(engine.endpoints.get(ep.id).breaker.state).toBe('closed')
  await sink.close()
})

it('under the svix and stripe presets (which retry a 4xx) a 4xx counts against the endpoint: an endpoint answering 400 to everything opens its breaker', async () => {
  const sink = await startSink((req) => (req.url === '/hooks' ? { status: 400 } : { status: 200 }))
  const engine = tmpEngine({ pollMs: 20 })
  // The svix preset, played a thousand times faster; a 400 is retried, as Svix does.
  const svix = { schedule: { kind: 'preset' as const, preset: 'svix' as const }, timeScale: 0.001, maxAttempts: 3 }
  const ep = engine.endpoints.create({ url: `${sink.url}/hooks`, breakerThreshold: 2, breakerCooldownMs: 60_000, retry: svix })
  engine.start()
  const id = engine.delivery.enqueue({ endpointId: ep.id, body: json({ n: 1 }), contentType: 'application/json' }).deliveryId
  await expect.poll(() => engine.endpoints.get(ep.id).breaker.state, { timeout: 5_000 }).toBe('open')
  expect(engine.delivery.getDelivery(id).attempts).toBe(2)
  // With a custom list a 400 is final for the delivery and no evidence the endpoint is down.
  const plain = engine.endpoints.create({ url: `${sink.url}/hooks`, breakerThreshold: 1, retry: { schedule: { kind: 'list', delaysMs: [0] }, maxAttempts: 2 } })
  const other = engine.delivery.enqueue({ endpointId: plain.id, body: json({ n: 2 }), contentType: 'application/json' }).deliveryId
  expect((await engine.delivery.waitFor(other)).status).toBe('failed')
  expect(engine.endpoints.get(plain.id).breaker.state).toBe('closed')
  await sink.close()
})
