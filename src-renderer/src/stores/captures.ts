// Captures of the selected inbox: pages from captures.list plus live rows, same "N new" rule as deliveries.
import { create } from 'zustand'
import type { CaptureDetail, CaptureRow } from '../../../src-preload/contract'
import { call } from '../bridge'
import { MAX_ROWS, capRows, pagedListMoves } from '../lib/live-list'
import { saveString } from '../lib/storage'
import { applyPrunedTo } from './pruned'

/** The inbox shown last, so a reload (or the next start) opens the same one. */
export const LAST_INBOX = 'hooklab.inbox'

/** Capped at MAX_ROWS; a trimmed list pages on from its last kept row's cursor (its seq). */
const capped = (next: CaptureRow[]) => capRows(next, (r) => r.cursor)

interface CapturesState {
  inboxId: string | null
  rows: CaptureRow[]
  pendingNew: CaptureRow[]
  cursor: string | null
  hasMore: boolean
  loading: boolean
  atTop: boolean
  text: string
  selectedId: string | null
  detail: CaptureDetail | null
  /** The selected capture was deleted (retention, or its inbox cleared): the detail pane says so instead of failing. */
  selectedPruned: boolean
  /** More rows arrived while scrolled down than are held: "show new" reloads from the top. */
  pendingOverflow: boolean
  compareId: string | null
  generation: number
  setInbox: (id: string | null) => void
  setText: (t: string) => void
  reload: () => Promise<void>
  loadMore: () => Promise<void>
  setAtTop: (v: boolean) => void
  showNew: () => void
  applyLive: (rows: CaptureRow[]) => void
  /** These captures were deleted (retention, an inbox cleared); `reload`: more than a batch lists, reload the list. */
  applyPruned: (ids: readonly string[], reload: boolean) => void
  select: (id: string | null) => void
  /** After a reconnect: the list and the open capture are read again (what came in meanwhile was missed). */
  resync: () => void
  setCompare: (id: string | null) => void
}

export const useCaptures = create<CapturesState>((set, get) => {
  const refreshDetail = (id: string, quiet = get().detail?.id === id): void => {
    call('captures.get', { id }, { quiet }).then(
      (d) => {
        if (get().selectedId === id) set({ detail: d })
      },
      () => undefined,
    )
  }
  /** New rows on top, or held under the "N new" marker while the user is scrolled down. */
  const add = (rows: CaptureRow[]): void => {
    const s = get()
    const known = new Set([...s.rows.map((r) => r.id), ...s.pendingNew.map((r) => r.id)])
    const fresh = rows.filter((r) => !known.has(r.id)).sort((a, b) => b.receivedAt - a.receivedAt)
    if (fresh.length === 0) return
    if (s.atTop) set(capped([...fresh, ...s.rows]))
    else {
      const held = [...fresh, ...s.pendingNew]
      // Past the cap the oldest held rows go, leaving a hole above the list: "show new" reloads.
      if (held.length > MAX_ROWS)
        set({ pendingNew: held.slice(0, MAX_ROWS), pendingOverflow: true })
      else set({ pendingNew: held })
    }
  }
  return {
    inboxId: null,
    rows: [],
    pendingNew: [],
    cursor: null,
    hasMore: false,
    loading: false,
    atTop: true,
    text: '',
    selectedId: null,
    detail: null,
    selectedPruned: false,
    pendingOverflow: false,
    compareId: null,
    generation: 0,
    setInbox: (id) => {
      if (id === get().inboxId) return
      saveString(LAST_INBOX, id)
      set({
        inboxId: id,
        selectedId: null,
        selectedPruned: false,
        detail: null,
        compareId: null,
        rows: [],
        atTop: true,
      })
      void get().reload()
    },
    setText: (t) => {
      // A new search opens at its top (the list scrolls there): its live matches join the list, not "N new".
      set({ text: t, atTop: true })
      void get().reload()
    },
    reload: async () => {
      const gen = get().generation + 1
      set({ generation: gen, loading: true, pendingNew: [], pendingOverflow: false })
      const { inboxId, text } = get()
      try {
        const page = await call('captures.list', {
          cursor: null,
          limit: 200,
          inboxId: inboxId ?? undefined,
          text: text || undefined,
        })
        if (get().generation !== gen) return
        set({
          rows: page.items,
          cursor: page.nextCursor,
          hasMore: page.nextCursor != null,
          loading: false,
        })
      } catch {
        if (get().generation === gen) set({ loading: false })
      }
    },
    ...pagedListMoves<CaptureRow, CapturesState>(
      get,
      set,
      (cursor, s) =>
        call('captures.list', {
          cursor,
          limit: 200,
          inboxId: s.inboxId ?? undefined,
          text: s.text || undefined,
        }),
      capped,
    ),
    applyLive: (incoming) => {
      const s = get()
      const known = new Set([...s.rows.map((r) => r.id), ...s.pendingNew.map((r) => r.id)])
      // A listed capture changes when its forward answers (a relayed one gets its status then): in place,
      // and the open detail is read again for its forward result.
      const changed = new Map(incoming.filter((r) => known.has(r.id)).map((r) => [r.id, r]))
      if (changed.size > 0) {
        const upd = (list: CaptureRow[]) => (list.some((r) => changed.has(r.id)) ? list.map((r) => changed.get(r.id) ?? r) : list)
        set({ rows: upd(s.rows), pendingNew: upd(s.pendingNew) })
        if (s.selectedId && changed.has(s.selectedId)) refreshDetail(s.selectedId)
      }
      const candidates = incoming.filter(
        (r) => !known.has(r.id) && (!s.inboxId || r.inboxId === s.inboxId),
      )
      if (candidates.length === 0) return
      if (!s.text) return add(candidates)
      // A search also looks in headers and bodies, which live rows do not carry: the server says which
      // of them match, reading only from the oldest of them on (fromSeq), however long the inbox.
      const gen = s.generation
      const ids = new Set(candidates.map((r) => r.id))
      const fromSeq = candidates.reduce(
        (m, r) => Math.min(m, Number(r.cursor)),
        Number.MAX_SAFE_INTEGER,
      )
      void (async () => {
        const matched: CaptureRow[] = []
        let cursor: string | null = null
        do {
          const page: { items: CaptureRow[]; nextCursor: string | null } = await call(
            'captures.list',
            { cursor, limit: 500, inboxId: s.inboxId ?? undefined, text: s.text, fromSeq },
            { quiet: true },
          )
          matched.push(...page.items.filter((r) => ids.has(r.id)))
          cursor = page.nextCursor
        } while (cursor && get().generation === gen)
        if (get().generation === gen) add(matched)
      })().catch(() => undefined)
    },
    applyPruned: (ids, reload) =>
      applyPrunedTo(
        get,
        set,
        { ids, reload },
        (id) => call('captures.get', { id }, { quiet: true }),
        (gone, s) => (s.compareId && gone.has(s.compareId) ? { compareId: null } : {}),
      ),
    select: (id) => {
      set({ selectedId: id, selectedPruned: false, detail: null })
      if (id) refreshDetail(id)
    },
    resync: () => {
      const s = get()
      // generation 0: the Inbox was never opened, there is nothing on screen to bring up to date.
      if (s.generation > 0) void s.reload()
      if (s.selectedId && !s.selectedPruned) refreshDetail(s.selectedId, true)
    },
    setCompare: (id) => set({ compareId: id }),
  }
})
