// B3's engine: at idle, enqueue one signed message at a time and stamp the wall-clock time of
// each enqueue call; the sink (another process) stamps when the request reaches it.
import { performance } from 'node:perf_hooks'
import { createEngine } from '../../../src-main/engine/engine'
import { childParams, runOnce } from '../lib/child-side'
import { BENCH_SECRET, makeBody } from '../lib/payload'

interface Params {
  home: string
  url: string
  count: number
  warmup: number
  gapMs: number
}

runOnce(async () => {
  const p = childParams<Params>()
  const engine = createEngine({ home: p.home })
  engine.start()
  const ep = engine.endpoints.create({ name: 'latency sink', url: p.url, signing: { scheme: 'standard', secret: BENCH_SECRET } })
  const waiters = new Map<string, () => void>()
  engine.bus.on('delivery.updated', (e) => {
    if (e.status === 'delivered' || e.status === 'failed' || e.status === 'dead') waiters.get(e.deliveryId)?.()
  })
  const sent: Array<[string, number]> = []
  for (let i = 0; i < p.warmup + p.count; i++) {
    // Idle between messages: the previous one is final and the dispatcher has nothing to do.
    await new Promise((r) => setTimeout(r, p.gapMs))
    const at = performance.timeOrigin + performance.now()
    const { deliveryId, messageId } = engine.delivery.enqueue({ endpointId: ep.id, body: makeBody(i), contentType: 'application/json', eventType: 'invoice.paid' })
    await new Promise<void>((ok) => waiters.set(deliveryId, ok))
    waiters.delete(deliveryId)
    if (i >= p.warmup) sent.push([messageId, at])
  }
  await engine.stop()
  return { sent }
})
