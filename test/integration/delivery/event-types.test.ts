// The Deliveries view suggests event types to filter by: those of the newest deliveries, each once,
// most recently used first.
import { expect, it } from 'vitest'
import { tmpEngine } from './helpers'


it('lists each event type once, most recently used first, without untyped deliveries', async () => {
  let now = 1_700_000_000_000
  const engine = tmpEngine({ clock: { now: () => now } })
  for (const eventType of ['invoice.paid', 'user.created', undefined, 'invoice.paid', 'order.shipped', 'user.created']) {
    now += 1000
    engine.delivery.enqueue({ url: 'http://127.0.0.1:9/hook', body: Buffer.from('{}'), contentType: 'application/json', ...(eventType ? { eventType } : {}) })
  }
  expect(engine.delivery.recentEventTypes()).toEqual(['user.created', 'order.shipped', 'invoice.paid'])
})

it('suggests at most 200, the most recently used', () => {
  let now = 1_700_000_000_000
  const engine = tmpEngine({ clock: { now: () => now } })
  for (let i = 0; i < 250; i++) {
    now += 1000
    engine.delivery.enqueue({ url: 'http://127.0.0.1:9/hook', body: Buffer.from('{}'), contentType: 'application/json', eventType: `type.${i}` })
  }
  const types = engine.delivery.recentEventTypes()
  expect(types).toHaveLength(200)
  expect(types[0]).toBe('type.249')
  expect(types[199]).toBe('type.50')
})
