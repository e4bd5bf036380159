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
  let refused = 0
  const prunedDeliveries = prunedIds()
  const prunedCaptures = prunedIds()
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
    const anyPruned = prunedDeliveries.any() || prunedCaptures.any()
    if (!deliveries.size && !attempts.size && !captures.size && !endpoints.size && !inboxes.size && !anyPruned && !refused) return
    const batch = { deliveries, attempts, captures, endpoints, inboxes, refused }
    let pruned: LiveBatch['pruned']
    if (anyPruned) {
      const d = prunedDeliveries.take()
      const c = prunedCaptures.take()
      pruned = { deliveryIds: d.ids, captureIds: c.ids, reloadDeliveries: d.reload, reloadCaptures: c.reload }
    }
    deliveries = new Set()
    attempts = new Map()
    captures = new Set()
    endpoints = new Set()
    inboxes = new Set()
    refused = 0
    lastFlush = now()
    send({
      deliveries: batch.deliveries.size ? source.deliveryRows([...batch.deliveries]) : [],
      attempts: [...batch.attempts.values()],
      captures: batch.captures.size ? source.captureRows([...batch.captures]) : [],
      endpointIds: [...batch.endpoints],
      inboxIds: [...batch.inboxes],
      ...(pruned ? { pruned } : {}),
      ...(batch.refused ? { refused: batch.refused } : {}),
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
      prunedDeliveries.add(e.deliveryIds, deliveries)
      schedule()
    }),
    bus.on('capture.pruned', (e) => {
      prunedCaptures.add(e.captureIds, captures)
      schedule()
    }),
    bus.on('receiver.refused', () => {
      refused++
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

/** Pruned ids merged until the next batch; a storm past PRUNED_IDS_MAX becomes a reload flag, not a huge message. */
function prunedIds() {
  let ids = new Set<string>()
  let reload = false
  return {
    /** Records the ids; `changed` (rows still to fetch for this batch) forgets them: they are gone. */
    add(list: readonly string[], changed: Set<string>): void {
      for (const id of list) {
        changed.delete(id)
        if (!reload) ids.add(id)
      }
      if (ids.size > PRUNED_IDS_MAX) {
        reload = true
        ids.clear()
      }
    },
    any: (): boolean => reload || ids.size > 0,
    take(): { ids: string[]; reload: boolean } {
      const out = { ids: reload ? [] : [...ids], reload }
      ids = new Set()
      reload = false
      return out
    },
  }
}
