// The Deliveries view suggests event types to filter by: those of the newest deliveries, each once,
// most recently used first.
import { afterEach, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { tmpHome } from './helpers'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

it('lists each event type once, most recently used first, without untyped deliveries', async () => {
  const home = tmpHome()
  cleanups.push(home.cleanup)
  let now = 1_700_000_000_000
  const engine = createEngine({ home: home.dir, clock: { now: () => now } })
  cleanups.push(() => engine.stop())
  for (const eventType of ['invoice.paid', 'user.created', undefined, 'invoice.paid', 'order.shipped', 'user.created']) {
    now += 1000
    engine.delivery.enqueue({ url: 'http://127.0.0.1:9/hook', body: Buffer.from('{}'), contentType: 'application/json', ...(eventType ? { eventType } : {}) })
  }
  expect(engine.delivery.recentEventTypes()).toEqual(['user.created', 'order.shipped', 'invoice.paid'])
})
