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
  /** After a reconnect: rows, counts and the open delivery are read again (their changes meanwhile were missed). */
  resync: () => void
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

export const useDeliveries = create<DeliveriesState>((set, get) => {
  /** New rows join at the top (newest first) when the user is there, else wait behind "N new"; `base` is the
   *  list with the batch's in-place updates. A row already placed keeps the newer version. One store update. */
  function addFresh(fresh: DeliveryRow[], base: Pick<DeliveriesState, 'rows' | 'pendingNew'>): void {
    const s = get()
    const known = new Map<string, DeliveryRow>()
    for (const r of base.rows) known.set(r.id, r)
    for (const r of base.pendingNew) known.set(r.id, r)
    const newer = new Map<string, DeliveryRow>()
    const added: DeliveryRow[] = []
    for (const r of fresh) {
      const had = known.get(r.id)
      if (!had) added.push(r)
      else if (r.updatedAt > had.updatedAt) newer.set(r.id, r)
    }
    const upd = (list: DeliveryRow[]) => (newer.size === 0 ? list : list.map((r) => newer.get(r.id) ?? r))
    const rows = upd(base.rows)
    let pendingNew = upd(base.pendingNew)
    const patch: Partial<DeliveriesState> = {}
    // Newest first: a batch lists rows oldest-change first.
    added.sort((a, b) => b.createdAt - a.createdAt)
    if (added.length > 0 && s.atTop) Object.assign(patch, capped([...added, ...rows]))
    else if (added.length > 0) {
      pendingNew = [...added, ...pendingNew]
      if (pendingNew.length > MAX_ROWS) {
        pendingNew.length = MAX_ROWS
        patch.pendingOverflow = true
      }
    }
    if (!patch.rows && rows !== s.rows) patch.rows = rows
    if (pendingNew !== s.pendingNew) patch.pendingNew = pendingNew
    if (Object.keys(patch).length > 0) set(patch)
  }

  return {
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
    // A new result set opens at its top (the list scrolls there), so rows arriving for it join the list
    // rather than waiting behind "N new" as if the user had scrolled away.
    set({ filter: f, atTop: true })
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
    // A search also looks in bodies, which rows do not carry: the server says which new rows it matches.
    const local = s.filter.text ? { ...s.filter, text: undefined } : s.filter
    for (const r of incoming) {
      const i = index.get(r.id)
      if (i !== undefined) {
        rows ??= s.rows.slice()
        rows[i] = r
      } else if (pendingIdx.has(r.id)) {
        pending ??= s.pendingNew.slice()
        pending[pendingIdx.get(r.id) ?? 0] = r
      } else if (matchesFilter(r, local)) {
        fresh.push(r)
        index.set(r.id, -1)
      }
    }
    const base = { rows: rows ?? s.rows, pendingNew: pending ?? s.pendingNew }
    if (!s.filter.text || fresh.length === 0) return addFresh(fresh, base)
    if (rows || pending) set(base)
    const gen = s.generation
    for (let at = 0; at < fresh.length; at += 1000) {
      const part = fresh.slice(at, at + 1000)
      void call('deliveries.matching', { ids: part.map((r) => r.id), filter: s.filter }, { quiet: true }).then(
        ({ ids }) => {
          if (get().generation !== gen) return
          const matched = new Set(ids)
          addFresh(part.filter((r) => matched.has(r.id)), get())
        },
        () => undefined,
      )
    }
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
  resync: () => {
    const s = get()
    if (!s.loadedOnce) return // never shown: its first load will be current
    void s.reload() // and the counts with it
    void s.refreshDetail()
  },
}
})
