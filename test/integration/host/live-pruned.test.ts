// Retention's pruned ids reach the window merged: many prune events become one batch listing each
// id once, a pruned row is never fetched, and a pruning storm becomes a reload hint, not a huge message.
import { describe, expect, it } from 'vitest'
import { PRUNED_IDS_MAX, events, type CaptureRow, type DeliveryRow, type EventPayload } from '../../../src-preload/contract'
import { createLiveBatcher } from '../../../src-main/api/live'
import { EventBus } from '../../../src-main/engine/events'

function setup() {
  const bus = new EventBus()
  const fetched: string[] = []
  const batches: Array<EventPayload<'live.batch'>> = []
  const batcher = createLiveBatcher(
    bus,
    {
      deliveryRows: (ids): DeliveryRow[] => {
        fetched.push(...ids)
        return []
      },
      captureRows: (ids): CaptureRow[] => {
        fetched.push(...ids)
        return []
      },
    },
    (b) => batches.push(b),
    { intervalMs: 1_000_000 },
  )
  return { bus, fetched, batches, batcher }
}

describe('live batcher: pruned rows', () => {
  it('merges every prune event of an interval into one batch, each id once, without fetching pruned rows', () => {
    const { bus, fetched, batches, batcher } = setup()
    bus.emit('delivery.updated', { deliveryId: 'dlv_1', status: 'delivered', attempts: 1, nextAttemptAt: null })
    bus.emit('delivery.pruned', { deliveryIds: ['dlv_1', 'dlv_2'] })
    bus.emit('delivery.pruned', { deliveryIds: ['dlv_2', 'dlv_3'] })
    bus.emit('capture.received', { captureId: 'cap_1', inboxId: 'inb_1' })
    bus.emit('capture.pruned', { captureIds: ['cap_1'] })
    bus.emit('capture.pruned', { captureIds: ['cap_2'] })
    batcher.flush()
    expect(batches).toHaveLength(1)
    const b = batches[0]!
    expect(b.pruned).toEqual({ deliveryIds: ['dlv_1', 'dlv_2', 'dlv_3'], captureIds: ['cap_1', 'cap_2'], reloadDeliveries: false, reloadCaptures: false })
    expect(fetched).toEqual([])
    expect(b.inboxIds).toEqual(['inb_1'])
    expect(events['live.batch'].safeParse(b).success).toBe(true)

    // A batch with nothing pruned carries no pruned field; the next prune starts a fresh list.
    bus.emit('endpoint.updated', { endpointId: 'ep_1' })
    batcher.flush()
    expect(batches[1]?.pruned).toBeUndefined()
    batcher.stop()
  })

  it('a pruning storm past the id limit sends a reload hint instead of the ids', () => {
    const { bus, batches, batcher } = setup()
    for (let b = 0; b < 30; b++) bus.emit('delivery.pruned', { deliveryIds: Array.from({ length: 200 }, (_, i) => `dlv_${b}_${i}`) })
    bus.emit('capture.pruned', { captureIds: ['cap_9'] })
    batcher.flush()
    expect(batches).toHaveLength(1)
    expect(batches[0]?.pruned).toEqual({ deliveryIds: [], captureIds: ['cap_9'], reloadDeliveries: true, reloadCaptures: false })
    expect(JSON.stringify(batches[0]).length).toBeLessThan(1000)
    // Exactly at the limit the ids still go out.
    bus.emit('capture.pruned', { captureIds: Array.from({ length: PRUNED_IDS_MAX }, (_, i) => `cap_${i}`) })
    batcher.flush()
    expect(batches[1]?.pruned?.captureIds).toHaveLength(PRUNED_IDS_MAX)
    expect(batches[1]?.pruned?.reloadCaptures).toBe(false)
    expect(events['live.batch'].safeParse(batches[1]).success).toBe(true)
    batcher.stop()
  })
})
