// Live updates are batched: a burst of engine events becomes a few `live.batch` messages,
// each changed delivery fetched once per batch, so 1,000 attempts/s cannot flood a window.
import { describe, expect, it } from 'vitest'
import type { CaptureRow, DeliveryRow, EventPayload } from '../../../src-preload/contract'
import { createLiveBatcher } from '../../../src-main/api/live'
import { EventBus } from '../../../src-main/engine/events'
import { deliveryRow } from '../../fixtures/delivery-row'

function row(id: string): DeliveryRow {
  return deliveryRow(0, { id, messageId: `msg_${id}`, endpointId: null, endpointName: null, url: 'http://127.0.0.1/', eventType: null, createdAt: 1, updatedAt: 1 })
}

describe('live batcher', () => {
  it('turns 1,000 attempt events into a handful of batches with each delivery fetched once per batch', async () => {
    const bus = new EventBus()
    const fetched: string[][] = []
    const batches: Array<EventPayload<'live.batch'>> = []
    const batcher = createLiveBatcher(
      bus,
      {
        deliveryRows: (ids) => {
          fetched.push([...ids])
          return ids.map(row)
        },
        captureRows: (ids): CaptureRow[] => ids.map(() => ({}) as CaptureRow),
      },
      (b) => batches.push(b),
      { intervalMs: 20 },
    )
    for (let i = 0; i < 1000; i++) {
      const deliveryId = `dlv_${i % 10}`
      bus.emit('attempt.started', { deliveryId, attempt: 1, startedAt: i })
      bus.emit('attempt.finished', { deliveryId, attempt: Math.floor(i / 10) + 1, status: 200, error: null, durationMs: 1, outcome: 'delivered' })
      bus.emit('delivery.updated', { deliveryId, status: 'delivered', attempts: 1, nextAttemptAt: null })
    }
    bus.emit('endpoint.updated', { endpointId: 'ep_1' })
    bus.emit('endpoint.updated', { endpointId: 'ep_1' })
    bus.emit('capture.received', { captureId: 'cap_1', inboxId: 'inb_1' })
    await expect.poll(() => batches.length).toBe(1)
    const [batch] = batches
    expect(batch?.deliveries.map((d) => d.id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `dlv_${i}`))
    expect(fetched).toEqual([expect.any(Array)])
    expect(fetched[0]).toHaveLength(10)
    expect(batch?.attempts).toHaveLength(1000)
    expect(batch?.endpointIds).toEqual(['ep_1'])
    expect(batch?.inboxIds).toEqual(['inb_1'])
    expect(batch?.captures).toHaveLength(1)

    // Events after a flush wait for the interval instead of going out one by one.
    bus.emit('delivery.updated', { deliveryId: 'dlv_x', status: 'pending', attempts: 0, nextAttemptAt: null })
    bus.emit('delivery.updated', { deliveryId: 'dlv_y', status: 'pending', attempts: 0, nextAttemptAt: null })
    await expect.poll(() => batches.length).toBe(2)
    expect(batches[1]?.deliveries.map((d) => d.id)).toEqual(['dlv_x', 'dlv_y'])

    batcher.stop()
    bus.emit('delivery.updated', { deliveryId: 'dlv_z', status: 'pending', attempts: 0, nextAttemptAt: null })
    await new Promise((r) => setTimeout(r, 60))
    expect(batches).toHaveLength(2)
  })
})
