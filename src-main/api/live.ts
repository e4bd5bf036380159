// Engine events reach the UI batched: at most one `live.batch` per interval, each changed
// delivery fetched once per batch (not per event), so 1,000 attempts/s stay ~20 messages/s.
import { PRUNED_IDS_MAX, type CaptureRow, type DeliveryRow, type EventPayload } from '../../src-preload/contract'
import type { EventBus } from '../engine/events'

export interface LiveSource {
  /** Current rows for these delivery ids (missing ids are skipped). */
  deliveryRows(ids: readonly string[]): DeliveryRow[]
  captureRows(ids: readonly string[]): CaptureRow[]
}

export interface LiveBatcher {
  /** Sends what is pending now (used on stop and by tests). */
  flush(): void
  stop(): void
}

type LiveBatch = EventPayload<'live.batch'>

export function createLiveBatcher(
  bus: EventBus,
  source: LiveSource,
  send: (payload: LiveBatch) => void,
  options: { intervalMs?: number; setTimer?: typeof setTimeout; clearTimer?: typeof clearTimeout; now?: () => number } = {},
): LiveBatcher {
  const intervalMs = options.intervalMs ?? 50
  const setTimer = options.setTimer ?? setTimeout
  const clearTimer = options.clearTimer ?? clearTimeout
  const now = options.now ?? Date.now

  let deliveries = new Set<string>()
  let attempts = new Map<string, LiveBatch['attempts'][number]>()
  let captures = new Set<string>()
  let endpoints = new Set<string>()
  let inboxes = new Set<string>()
  // Pruned ids merged per batch; a storm past PRUNED_IDS_MAX becomes a reload flag, not a huge message.
  let prunedDeliveries = new Set<string>()
  let prunedCaptures = new Set<string>()
  let reloadDeliveries = false
  let reloadCaptures = false
  let timer: ReturnType<typeof setTimeout> | null = null
  let lastFlush = 0
  let stopped = false

  const schedule = (): void => {
    if (timer || stopped) return
    const wait = Math.max(0, lastFlush + intervalMs - now())
    timer = setTimer(() => {
      timer = null
      flush()
    }, wait)
    timer.unref?.()
  }

  const flush = (): void => {
    if (timer) {
      clearTimer(timer)
      timer = null
    }
    const anyPruned = prunedDeliveries.size > 0 || prunedCaptures.size > 0 || reloadDeliveries || reloadCaptures
    if (!deliveries.size && !attempts.size && !captures.size && !endpoints.size && !inboxes.size && !anyPruned) return
    const batch = { deliveries, attempts, captures, endpoints, inboxes }
    const pruned: LiveBatch['pruned'] = anyPruned
      ? {
          deliveryIds: reloadDeliveries ? [] : [...prunedDeliveries],
          captureIds: reloadCaptures ? [] : [...prunedCaptures],
          reloadDeliveries,
          reloadCaptures,
        }
      : undefined
    deliveries = new Set()
    attempts = new Map()
    captures = new Set()
    endpoints = new Set()
    inboxes = new Set()
    prunedDeliveries = new Set()
    prunedCaptures = new Set()
    reloadDeliveries = false
    reloadCaptures = false
    lastFlush = now()
    send({
      deliveries: batch.deliveries.size ? source.deliveryRows([...batch.deliveries]) : [],
      attempts: [...batch.attempts.values()],
      captures: batch.captures.size ? source.captureRows([...batch.captures]) : [],
      endpointIds: [...batch.endpoints],
      inboxIds: [...batch.inboxes],
      ...(pruned ? { pruned } : {}),
    })
  }

  const offs = [
    bus.on('delivery.queued', (e) => {
      deliveries.add(e.deliveryId)
      schedule()
    }),
    bus.on('delivery.updated', (e) => {
      deliveries.add(e.deliveryId)
      schedule()
    }),
    bus.on('attempt.started', (e) => {
      deliveries.add(e.deliveryId)
      schedule()
    }),
    bus.on('attempt.finished', (e) => {
      deliveries.add(e.deliveryId)
      attempts.set(`${e.deliveryId}#${e.attempt}`, { deliveryId: e.deliveryId, number: e.attempt, outcome: e.outcome })
      schedule()
    }),
    bus.on('endpoint.updated', (e) => {
      endpoints.add(e.endpointId)
      schedule()
    }),
    bus.on('capture.received', (e) => {
      captures.add(e.captureId)
      inboxes.add(e.inboxId) // its capture count changed
      schedule()
    }),
    bus.on('capture.updated', (e) => {
      captures.add(e.captureId)
      schedule()
    }),
    bus.on('inbox.updated', (e) => {
      inboxes.add(e.inboxId)
      schedule()
    }),
    bus.on('delivery.pruned', (e) => {
      for (const id of e.deliveryIds) {
        deliveries.delete(id) // gone: nothing to fetch
        if (!reloadDeliveries) prunedDeliveries.add(id)
      }
      if (prunedDeliveries.size > PRUNED_IDS_MAX) {
        reloadDeliveries = true
        prunedDeliveries.clear()
      }
      schedule()
    }),
    bus.on('capture.pruned', (e) => {
      for (const id of e.captureIds) {
        captures.delete(id)
        if (!reloadCaptures) prunedCaptures.add(id)
      }
      if (prunedCaptures.size > PRUNED_IDS_MAX) {
        reloadCaptures = true
        prunedCaptures.clear()
      }
      schedule()
    }),
  ]

  return {
    flush,
    stop() {
      stopped = true
      for (const off of offs) off()
      if (timer) clearTimer(timer)
      timer = null
    },
  }
}
