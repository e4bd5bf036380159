// The two list moves every live list makes (deliveries, captures), kept in one place.

/** A further page appended below, skipping rows a live batch already put in the list. */
export function appendPage<T extends { id: string }>(rows: T[], page: T[]): T[] {
  const seen = new Set(rows.map((r) => r.id))
  return [...rows, ...page.filter((r) => !seen.has(r.id))]
}

/** Rows held behind the "N new" marker joined at the top, replacing their older copies. */
export function joinHeld<T extends { id: string }>(held: T[], rows: T[]): T[] {
  const ids = new Set(held.map((r) => r.id))
  return [...held, ...rows.filter((r) => !ids.has(r.id))]
}

/** Most rows a live list keeps: a stream of 1,000/s would otherwise grow it without bound. */
export const MAX_ROWS = 5000

/**
 * Keeps the newest `max` rows; when it trims, the page cursor moves to the last kept row so
 * scrolling fetches the trimmed tail again. `cursorOf` gives a row's cursor as the list method makes it.
 */
export function capRows<T>(next: T[], cursorOf: (row: T) => string, max = MAX_ROWS): { rows: T[]; cursor?: string; hasMore?: true } {
  if (next.length <= max) return { rows: next }
  const last = next[max - 1]
  next.length = max
  return last === undefined ? { rows: next } : { rows: next, cursor: cursorOf(last), hasMore: true }
}

/** The list without the given ids (rows retention deleted); the same array when none were in it. */
export function withoutIds<T extends { id: string }>(rows: T[], ids: ReadonlySet<string>): T[] {
  return rows.some((r) => ids.has(r.id)) ? rows.filter((r) => !ids.has(r.id)) : rows
}

/** What a paged live list's store holds, for the moves below. */
export interface PagedList<T> {
  rows: T[]
  pendingNew: T[]
  cursor: string | null
  hasMore: boolean
  loading: boolean
  atTop: boolean
  pendingOverflow: boolean
  /** Bumped by every reload: an answer for an older generation is dropped. */
  generation: number
  reload: () => Promise<void>
  showNew: () => void
}

/**
 * The moves both live lists make the same way: the next page below (dropped when a reload came in
 * between), the top reached (held rows join), held rows shown (a reload when some were dropped).
 */
export function pagedListMoves<T extends { id: string }, S extends PagedList<T>>(
  get: () => S,
  set: (patch: Partial<S>) => void,
  fetchPage: (cursor: string, s: S) => Promise<{ items: T[]; nextCursor: string | null }>,
  capped: (rows: T[]) => Partial<S>,
) {
  return {
    loadMore: async (): Promise<void> => {
      const s = get()
      if (s.loading || !s.hasMore || !s.cursor) return
      const gen = s.generation
      set({ loading: true } as Partial<S>)
      try {
        const page = await fetchPage(s.cursor, s)
        if (get().generation !== gen) return
        set({
          rows: appendPage(get().rows, page.items),
          cursor: page.nextCursor,
          hasMore: page.nextCursor != null,
          loading: false,
        } as Partial<S>)
      } catch {
        if (get().generation === gen) set({ loading: false } as Partial<S>)
      }
    },
    setAtTop: (v: boolean): void => {
      if (v === get().atTop) return
      set({ atTop: v } as Partial<S>)
      if (v && get().pendingNew.length > 0) get().showNew()
    },
    showNew: (): void => {
      const s = get()
      // Held rows were dropped: the list would have a hole between them and the rows below.
      if (s.pendingOverflow) return void get().reload()
      set({ ...capped(joinHeld(s.pendingNew, s.rows)), pendingNew: [] } as Partial<S>)
    },
  }
}
