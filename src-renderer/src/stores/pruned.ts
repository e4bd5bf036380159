// Retention deleted rows of a live list (deliveries, captures): one way for both stores to drop them.
import { asCallError } from '../bridge'
import { withoutIds } from '../lib/live-list'

/** The part of a live list's state that pruning touches. */
export interface PrunableState<T extends { id: string }> {
  rows: T[]
  pendingNew: T[]
  selectedId: string | null
  selectedPruned: boolean
  detail: unknown
  reload: () => Promise<void>
}

/**
 * Drops `ids` from the rows and the held rows in one update, and marks a pruned selection so the
 * detail pane says so instead of failing. `reload`: the batch did not list the ids (too many), so
 * the list reloads and `fetchOne` asks whether the selected row is still there. `also` adds the
 * store's own fields a pruned id clears (e.g. the capture picked for comparison).
 */
export function applyPrunedTo<T extends { id: string }, S extends PrunableState<T>>(
  get: () => S,
  set: (patch: Partial<S>) => void,
  change: { ids: readonly string[]; reload: boolean },
  fetchOne: (id: string) => Promise<unknown>,
  also?: (gone: ReadonlySet<string>, s: S) => Partial<S>,
): void {
  const s = get()
  if (change.reload) {
    void s.reload()
    const sel = s.selectedId
    if (sel)
      void fetchOne(sel).catch((e: unknown) => {
        if (asCallError(e).code === 'E_NOT_FOUND' && get().selectedId === sel) set({ selectedPruned: true, detail: null } as Partial<S>)
      })
    return
  }
  if (change.ids.length === 0) return
  const gone = new Set(change.ids)
  const rows = withoutIds(s.rows, gone)
  const pendingNew = withoutIds(s.pendingNew, gone)
  const patch: Partial<PrunableState<T>> = {}
  if (rows !== s.rows) patch.rows = rows
  if (pendingNew !== s.pendingNew) patch.pendingNew = pendingNew
  if (s.selectedId && gone.has(s.selectedId)) Object.assign(patch, { selectedPruned: true, detail: null })
  Object.assign(patch, also?.(gone, s))
  if (Object.keys(patch).length > 0) set(patch as Partial<S>)
}
