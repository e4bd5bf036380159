// Signed delivery end to end: what the engine sends verifies with the provider's own library.
import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { json, startSink, tmpHome } from './helpers'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const SECRET = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`
const NEW_SECRET = `whsec_${Buffer.from('fedcba9876543210fedcba9876543210').toString('base64')}`

describe('signed delivery', () => {
  it('signs each attempt afresh with the same webhook-id; the signature verifies with standardwebhooks; the secret is never returned', async () => {
    const home = tmpHome()
    const sink = await startSink([{ status: 500 }, { status: 200 }])
    const engine = createEngine({ home: home.dir, pollMs: 50 })
    cleanups.push(home.cleanup, () => sink.close(), () => engine.stop({ graceMs: 200 }))
    engine.start()
    const ep = engine.endpoints.create({
      url: sink.url,
      signing: { scheme: 'standard', secret: SECRET },
      retry: { schedule: { kind: 'list', delaysMs: [1100] }, maxAttempts: 3 },
    })
    expect(ep.hasSecret).toBe(true)
    expect(JSON.stringify(engine.endpoints.list())).not.toContain(SECRET)
    const { deliveryId, messageId } = engine.delivery.enqueue({ endpointId: ep.id, body: json({ type: 'ping' }), contentType: 'application/json' })
    await engine.delivery.waitFor(deliveryId)
    expect(sink.requests).toHaveLength(2)
    const wh = new Webhook(SECRET)
    for (const r of sink.requests) {
      expect(r.headers['webhook-id']).toBe(messageId)
      expect(() => wh.verify(r.body.toString(), r.headers as Record<string, string>)).not.toThrow()
    }
    expect(sink.requests[0]!.headers['webhook-timestamp']).not.toBe(sink.requests[1]!.headers['webhook-timestamp'])
  })

  it('after rotation signs with both secrets during the overlap, so either verifies', async () => {
    const home = tmpHome()
    const sink = await startSink()
    const engine = createEngine({ home: home.dir, pollMs: 50 })
    cleanups.push(home.cleanup, () => sink.close(), () => engine.stop({ graceMs: 200 }))
    engine.start()
    const ep = engine.endpoints.create({ url: sink.url, signing: { scheme: 'standard', secret: SECRET } })
    const rotated = engine.endpoints.update(ep.id, { signing: { scheme: 'standard', secret: NEW_SECRET } })
    expect(rotated.previousSecretUntil).toBeGreaterThan(Date.now() + 23 * 3_600_000)
    const { deliveryId } = engine.delivery.enqueue({ endpointId: ep.id, body: json({}), contentType: 'application/json' })
    await engine.delivery.waitFor(deliveryId)
    const r = sink.requests[0]!
    for (const s of [SECRET, NEW_SECRET]) expect(() => new Webhook(s).verify(r.body.toString(), r.headers as Record<string, string>)).not.toThrow()
  })
})
