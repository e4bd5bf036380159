// Routes each live.batch to the stores: one update per store per batch, and refetches
// (detail, counts, endpoint health) throttled so a 1,000/s stream never becomes 1,000 requests/s.
// Browser mode: the socket's state drives the rail's dot, and every reconnect reads the lists again.
import { subscribe } from './bridge'
import { useApp } from './stores/app'
import type { Connection } from './stores/app'
import { connectionState } from './transport'
import type { WsState } from './transport'
import { useCaptures } from './stores/captures'
import { useDeliveries } from './stores/deliveries'
import { useRefusals } from './stores/refusals'

function throttle(fn: () => void, everyMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  let last = 0
  return () => {
    if (timer) return
    const wait = Math.max(0, last + everyMs - Date.now())
    timer = setTimeout(() => {
      timer = null
      last = Date.now()
      fn()
    }, wait)
  }
}

/**
 * Events sent while the socket was down are gone (the host keeps no backlog): whatever is on screen
 * is read again, as on a first load, so captures, statuses and counts from the gap show up.
 */
function resync(): void {
  const app = useApp.getState()
  void app.refreshEndpoints().catch(() => undefined)
  void app.refreshInboxes().catch(() => undefined)
  useDeliveries.getState().resync()
  useCaptures.getState().resync()
  void useRefusals.getState().refresh()
}

function connectionOf(state: WsState, openedBefore: boolean): Connection {
  if (state === 'open') return 'connected'
  if (state === 'unauthorized') return 'unauthorized'
  return openedBefore ? 'reconnecting' : 'connecting'
}

/** Follows the socket; Electron's bridge has no state to follow (stores/app.ts load() says connected). */
function watchConnection(): () => void {
  const conn = connectionState()
  if (!conn) return () => undefined
  let openedBefore = conn.state === 'open'
  useApp.getState().setConnection(connectionOf(conn.state, openedBefore))
  return conn.onState((state) => {
    useApp.getState().setConnection(connectionOf(state, openedBefore))
    if (state !== 'open') return
    // The first open is the first load's; every later one follows a gap.
    if (openedBefore) resync()
    openedBefore = true
  })
}

export function startLive(): () => void {
  const detail = throttle(() => void useDeliveries.getState().refreshDetail(), 250)
  const counts = throttle(() => void useDeliveries.getState().refreshCounts(), 1000)
  const endpoints = throttle(() => void useApp.getState().refreshEndpoints().catch(() => undefined), 1000)
  // Inbox capture counts: soon after a capture (a new inbox's first request should not read "(0)" for a second).
  const inboxes = throttle(() => void useApp.getState().refreshInboxes().catch(() => undefined), 250)
  // Requests refused without a capture: a flood of garbage must not become a flood of calls.
  const refusals = throttle(() => void useRefusals.getState().refresh(), 500)

  // The native menu (Electron) navigates through this event.
  const stopNav = subscribe('app.navigate', ({ view }) => useApp.getState().setView(view))
  const stopBatch = subscribe('live.batch', (batch) => {
    const d = useDeliveries.getState()
    d.applyLive(batch.deliveries)
    if (batch.deliveries.length > 0 || batch.attempts.length > 0) counts()
    const sel = d.selectedId
    if (sel && (batch.deliveries.some((r) => r.id === sel) || batch.attempts.some((a) => a.deliveryId === sel))) detail()
    if (batch.captures.length > 0) useCaptures.getState().applyLive(batch.captures)
    const pruned = batch.pruned
    if (pruned) {
      if (pruned.deliveryIds.length > 0 || pruned.reloadDeliveries) {
        d.applyPruned(pruned.deliveryIds, pruned.reloadDeliveries)
        counts()
      }
      if (pruned.captureIds.length > 0 || pruned.reloadCaptures) {
        useCaptures.getState().applyPruned(pruned.captureIds, pruned.reloadCaptures)
        inboxes() // their capture counts changed
      }
    }
    if (batch.endpointIds.length > 0 || batch.attempts.length > 0) endpoints()
    if (batch.inboxIds.length > 0 || batch.captures.length > 0) inboxes()
    if (batch.refused) refusals()
  })
  const stopWatch = watchConnection()
  return () => {
    stopNav()
    stopBatch()
    stopWatch()
  }
}
