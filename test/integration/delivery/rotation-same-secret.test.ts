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
