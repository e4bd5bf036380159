// Cancel pending in bulk: a flood sent to the wrong endpoint stops. Only pending deliveries that
// match the filter are cancelled, in one transaction; nothing cancelled is sent afterwards.
import { describe, expect, it, onTestFinished } from 'vitest'
import { startSink, tmpEngine } from './helpers'

describe('bulk cancel', () => {
  it('cancels the pending deliveries of the filter only; the others are still delivered', async () => {
    const sink = await startSink()
    onTestFinished(() => sink.close())
    const engine = tmpEngine({ pollMs: 20 })
    const wrong = engine.endpoints.create({ name: 'wrong', url: `${sink.url}/wrong` })
    const right = engine.endpoints.create({ name: 'right', url: `${sink.url}/right` })
    // Not started yet: everything waits as pending.
    const enqueue = (endpointId: string, eventType: string) =>
      engine.delivery.enqueue({ endpointId, body: Buffer.from('{}'), contentType: 'application/json', eventType }).deliveryId
    const wrongIds = [enqueue(wrong.id, 'order.created'), enqueue(wrong.id, 'order.created'), enqueue(wrong.id, 'order.paid')]
    const rightIds = [enqueue(right.id, 'order.created'), enqueue(right.id, 'order.created')]
    const updates: string[] = []
    engine.bus.on('delivery.updated', (e) => e.status === 'cancelled' && updates.push(e.deliveryId))

    expect(engine.delivery.bulkCancel({ endpointId: wrong.id, eventType: 'order.created' })).toEqual({ count: 2 })
    expect(engine.delivery.bulkCancel({ endpointId: wrong.id })).toEqual({ count: 1 })
    expect(engine.delivery.bulkCancel({ endpointId: wrong.id })).toEqual({ count: 0 })
    expect(updates.sort()).toEqual([...wrongIds].sort())

    engine.start()
    for (const id of rightIds) expect((await engine.delivery.waitFor(id)).status).toBe('delivered')
    await new Promise((r) => setTimeout(r, 100))
    expect(wrongIds.map((id) => engine.delivery.getDelivery(id).status)).toEqual(['cancelled', 'cancelled', 'cancelled'])
    expect(sink.requests.map((r) => r.url)).toEqual(['/right', '/right'])
    // Finished deliveries are not touched by a later bulk cancel.
    expect(engine.delivery.bulkCancel({})).toEqual({ count: 0 })
  })
})
