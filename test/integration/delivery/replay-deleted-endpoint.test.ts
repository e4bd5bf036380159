// A plain replay of a delivery whose signing endpoint was deleted (its secret with it) is refused,
// saying why and what to do; it went out unsigned, silently. Unsigned ones still replay.
import { expect, it } from 'vitest'
import { deliveryRowsOf } from '../../../src-main/api/deliveries'
import { json, startSink, tmpEngine } from './helpers'

it('refuses to replay unsigned what a deleted endpoint had signed, and replays the rest', async () => {
  const sink = await startSink()
  const engine = tmpEngine({ pollMs: 20 })
  engine.start()
  const signedEp = engine.endpoints.create({ name: 'signed', url: `${sink.url}/a`, signing: { scheme: 'standard', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } })
  const plainEp = engine.endpoints.create({ name: 'plain', url: `${sink.url}/b` })
  const signed = engine.delivery.enqueue({ endpointId: signedEp.id, body: json({ n: 1 }), contentType: 'application/json' }).deliveryId
  const plain = engine.delivery.enqueue({ endpointId: plainEp.id, body: json({ n: 2 }), contentType: 'application/json' }).deliveryId
  for (const id of [signed, plain]) expect((await engine.delivery.waitFor(id)).status).toBe('delivered')
  engine.endpoints.delete(signedEp.id)
  engine.endpoints.delete(plainEp.id)

  expect(() => engine.delivery.replay(signed)).toThrow(/was signed \(webhook-signature\) by endpoint "signed" that has since been deleted.*Open it in Send/)
  // Each keeps the name it was sent under: the Deliveries list shows "signed (deleted)", not a bare URL.
  expect(engine.delivery.getDelivery(signed)).toMatchObject({ endpointId: null, deletedEndpointName: 'signed' })
  const rows = deliveryRowsOf(engine)(engine.delivery.listDeliveries().items)
  expect(rows.map((r) => r.endpointName).sort()).toEqual(['plain (deleted)', 'signed (deleted)'])
  const again = engine.delivery.replay(plain).deliveryId
  expect((await engine.delivery.waitFor(again)).status).toBe('delivered')
  expect(sink.requests).toHaveLength(3)
  expect(sink.requests[2]!.url).toBe('/b') // the unsigned one, replayed to its old URL
  await sink.close()
})
