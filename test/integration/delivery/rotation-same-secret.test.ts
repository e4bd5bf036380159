// Setting an endpoint's secret to the one it already has is not a rotation: requests carry one
// signature, not the same one twice; a real rotation during an overlap is left as it was.
import { Webhook } from 'standardwebhooks'
import { afterEach, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { json, startSink, tmpHome } from './helpers'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const SECRET = `whsec_${Buffer.from('same-secret-0123456789abcdef0123').toString('base64')}`
const NEW_SECRET = `whsec_${Buffer.from('next-secret-0123456789abcdef0123').toString('base64')}`

it('re-saving the same secret starts no rotation and each request is signed once', async () => {
  const home = tmpHome()
  const sink = await startSink()
  const engine = createEngine({ home: home.dir, pollMs: 50 })
  cleanups.push(home.cleanup, () => sink.close(), () => engine.stop({ graceMs: 200 }))
  engine.start()
  const ep = engine.endpoints.create({ url: sink.url, signing: { scheme: 'standard', secret: SECRET } })
  const resaved = engine.endpoints.update(ep.id, { signing: { scheme: 'standard', secret: SECRET } })
  expect(resaved.previousSecretUntil).toBeNull()
  const { deliveryId } = engine.delivery.enqueue({ endpointId: ep.id, body: json({ a: 1 }), contentType: 'application/json' })
  await engine.delivery.waitFor(deliveryId)
  const r = sink.requests[0]!
  expect(String(r.headers['webhook-signature']).split(' ')).toHaveLength(1)
  expect(() => new Webhook(SECRET).verify(r.body.toString(), r.headers as Record<string, string>)).not.toThrow()

  // Mid-rotation, re-saving the new secret keeps the overlap it already has.
  const rotated = engine.endpoints.update(ep.id, { signing: { scheme: 'standard', secret: NEW_SECRET } })
  expect(rotated.previousSecretUntil).not.toBeNull()
  const again = engine.endpoints.update(ep.id, { signing: { scheme: 'standard', secret: NEW_SECRET } })
  expect(again.previousSecretUntil).toBe(rotated.previousSecretUntil)
  const second = engine.delivery.enqueue({ endpointId: ep.id, body: json({ a: 2 }), contentType: 'application/json' })
  await engine.delivery.waitFor(second.deliveryId)
  const r2 = sink.requests[1]!
  expect(String(r2.headers['webhook-signature']).split(' ')).toHaveLength(2)
  for (const s of [SECRET, NEW_SECRET]) expect(() => new Webhook(s).verify(r2.body.toString(), r2.headers as Record<string, string>)).not.toThrow()
})

it('a new secret overlaps with the old only where the header carries two signatures and the scheme stays', async () => {
  const home = tmpHome()
  const sink = await startSink()
  const engine = createEngine({ home: home.dir, pollMs: 50 })
  cleanups.push(home.cleanup, () => sink.close(), () => engine.stop({ graceMs: 200 }))
  engine.start()
  // GitHub's header holds one signature: "rotating until tomorrow" was shown while only the new secret signed.
  const gh = engine.endpoints.create({ url: `${sink.url}/gh`, signing: { scheme: 'github', secret: 'old-gh' } })
  expect(engine.endpoints.update(gh.id, { signing: { scheme: 'github', secret: 'new-gh' } }).previousSecretUntil).toBeNull()
  // Another scheme: the old Standard secret never signed Stripe's way, and must not sign as a second v1.
  const moved = engine.endpoints.create({ url: `${sink.url}/st`, signing: { scheme: 'standard', secret: SECRET } })
  expect(engine.endpoints.update(moved.id, { signing: { scheme: 'stripe', secret: 'whsec_stripe_new' } }).previousSecretUntil).toBeNull()
  const { deliveryId } = engine.delivery.enqueue({ endpointId: moved.id, body: json({ a: 1 }), contentType: 'application/json' })
  await engine.delivery.waitFor(deliveryId)
  expect(String(sink.requests[0]!.headers['stripe-signature']).match(/v1=/g)).toHaveLength(1)
  // A Standard rotation still overlaps.
  const std = engine.endpoints.create({ url: `${sink.url}/std`, signing: { scheme: 'standard', secret: SECRET } })
  expect(engine.endpoints.update(std.id, { signing: { scheme: 'standard', secret: NEW_SECRET } }).previousSecretUntil).not.toBeNull()
})
