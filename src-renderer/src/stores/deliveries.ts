// Deliveries list: keyset pages from deliveries.list, live upserts applied once per batch.
// New rows go to the top when the user is at the top, else into a buffer behind an "N new" marker,
// so the list never moves under the cursor.
import { create } from 'zustand'
import type { DeliveryDetail, DeliveryFilter, DeliveryRow } from '../../../src-preload/contract'
import { call, reported } from '../bridge'
import { FIRST_PAGE, takeFirstPage } from '../lib/first-page'
import { MAX_ROWS, capRows, pagedListMoves } from '../lib/live-list'
import { applyPrunedTo } from './pruned'

const PAGE = 200

interface DeliveriesState {
  rows: DeliveryRow[]
  pendingNew: DeliveryRow[]
  filter: DeliveryFilter
  cursor: string | null
  hasMore: boolean
  loading: boolean
  atTop: boolean
  counts: Record<string, number>
  selectedId: string | null
  detail: DeliveryDetail | null
  /** The selected delivery was deleted by retention: the detail pane says so instead of failing. */
  selectedPruned: boolean
  generation: number
  loadedOnce: boolean
  /** More rows arrived while scrolled down than are held: "show new" reloads from the top. */
  pendingOverflow: boolean
  setFilter: (f: DeliveryFilter) => void
  reload: () => Promise<void>
  loadMore: () => Promise<void>
  setAtTop: (v: boolean) => void
  showNew: () => void
  applyLive: (rows: DeliveryRow[]) => void
  /** Retention deleted these deliveries; `reload`: more than a batch lists, reload the list. */
  applyPruned: (ids: readonly string[], reload: boolean) => void
  select: (id: string | null) => void
  refreshDetail: () => Promise<void>
  refreshCounts: () => Promise<void>
}

export function matchesFilter(r: DeliveryRow, f: DeliveryFilter): boolean {
  if (f.status && f.status.length > 0 && !f.status.includes(r.status)) return false
  if (f.endpointId && r.endpointId !== f.endpointId) return false
  if (f.eventType && r.eventType !== f.eventType) return false
  if (f.since !== undefined && r.createdAt < f.since) return false
  if (f.until !== undefined && r.createdAt >= f.until) return false
  if (f.text) {
    const t = f.text.toLowerCase()
    const hay = `${r.id} ${r.messageId} ${r.url} ${r.eventType ?? ''} ${r.endpointName ?? ''} ${r.lastError ?? ''}`.toLowerCase()
    if (!hay.includes(t)) return false
  }
  return true
}

/** Capped at MAX_ROWS; the cursor is "<createdAt>:<id>", as deliveries.list makes it. */
const capped = (next: DeliveryRow[]) => capRows(next, (r) => `${r.createdAt}:${r.id}`)

export const useDeliveries = create<DeliveriesState>((set, get) => ({
  rows: [],
  pendingNew: [],
  filter: {},
  cursor: null,
  hasMore: true,
  loading: false,
  atTop: true,
  counts: {},
  selectedId: null,
  detail: null,
  selectedPruned: false,
  generation: 0,
  loadedOnce: false,
  pendingOverflow: false,
  setFilter: (f) => {
    set({ filter: f })
    void get().reload()
  },
  reload: async () => {
    const gen = get().generation + 1
    set({ generation: gen, loading: true, pendingNew: [], pendingOverflow: false, loadedOnce: true })
    try {
      const filter = get().filter
      // The very first unfiltered load takes the page boot.ts asked for before the UI loaded,
      // drawing its HTTP preview (browser mode) until the socket's answer replaces it.
      const early = takeFirstPage(Object.keys(filter).length === 0)
      if (early?.preview) set({ rows: early.preview.items })
      const page = await (early ? reported(early.page) : call('deliveries.list', { cursor: null, limit: FIRST_PAGE, filter }))
      if (get().generation !== gen) return
      set({ rows: page.items, cursor: page.nextCursor, hasMore: page.nextCursor != null, loading: false })
    } catch {
      if (get().generation === gen) set({ loading: false })
    }
    void get().refreshCounts()
  },
  ...pagedListMoves<DeliveryRow, DeliveriesState>(get, set, (cursor, s) => call('deliveries.list', { cursor, limit: PAGE, filter: s.filter }), capped),
  applyLive: (incoming) => {
    if (incoming.length === 0) return
    const s = get()
    const index = new Map<string, number>()
    s.rows.forEach((r, i) => index.set(r.id, i))
    let rows: DeliveryRow[] | null = null
    const fresh: DeliveryRow[] = []
    const pendingIdx = new Map(s.pendingNew.map((r, i) => [r.id, i]))
    let pending: DeliveryRow[] | null = null
    for (const r of incoming) {
      const i = index.get(r.id)
      if (i !== undefined) {
        rows ??= s.rows.slice()
        rows[i] = r
      } else if (pendingIdx.has(r.id)) {
        pending ??= s.pendingNew.slice()
        pending[pendingIdx.get(r.id) ?? 0] = r
      } else if (matchesFilter(r, s.filter)) {
        fresh.push(r)
        index.set(r.id, -1)
      }
    }
    // Newest first: the batch lists rows oldest-change first, so reverse before prepending.
    fresh.sort((a, b) => b.createdAt - a.createdAt)
    const patch: Partial<DeliveriesState> = {}
    if (fresh.length > 0) {
      if (s.atTop) Object.assign(patch, capped([...fresh, ...(rows ?? s.rows)]))
      else {
        const held = [...fresh, ...(pending ?? s.pendingNew)]
        if (held.length > MAX_ROWS) {
          held.length = MAX_ROWS
          patch.pendingOverflow = true
        }
        patch.pendingNew = held
      }
    }
    if (!patch.rows && rows) patch.rows = rows
    if (!patch.pendingNew && pending) patch.pendingNew = pending
    // One store update per batch, whatever its size.
    if (Object.keys(patch).length > 0) set(patch)
  },
  applyPruned: (ids, reload) => applyPrunedTo(get, set, { ids, reload }, (id) => call('deliveries.get', { id }, { quiet: true })),
  select: (id) => {
    set({ selectedId: id, selectedPruned: false, detail: id && get().detail?.delivery.id === id ? get().detail : null })
    if (id) void get().refreshDetail()
  },
  refreshDetail: async () => {
    const id = get().selectedId
    if (!id || get().selectedPruned) return
    try {
      const d = await call('deliveries.get', { id }, { quiet: true })
      if (get().selectedId === id) set({ detail: d })
    } catch {
      /* deleted or not yet visible: keep the last detail */
    }
  },
  refreshCounts: async () => {
    try {
      const counts = await call('deliveries.counts', { filter: { ...get().filter, status: undefined } }, { quiet: true })
      set({ counts })
    } catch {
      /* counts are decoration */
    }
  },
}))
