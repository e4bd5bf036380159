// The first deliveries page, asked for by boot.ts before the UI's code has even loaded, and
// handed once to the deliveries store. No React or store imports: it lives in the first script.
import type { MethodOutput } from '../../../src-preload/contract'
import { getBridge } from '../transport'

/** The first page only needs to fill a screen: smaller means the first rows show sooner. */
export const FIRST_PAGE = 60

type Page = MethodOutput<'deliveries.list'>
let early: Promise<Page> | null = null

/** Sends the unfiltered first page request now (the socket connects on the way). */
export function prefetchFirstPage(): void {
  early = getBridge().invoke('deliveries.list', { cursor: null, limit: FIRST_PAGE, filter: {} })
  // Whoever takes it reports a failure; until then it must not count as unhandled.
  early.catch(() => undefined)
}

/** The prefetched page, once: only for an unfiltered first page, else null (ask again). */
export function takeFirstPage(filterIsEmpty: boolean): Promise<Page> | null {
  const p = early
  early = null
  return filterIsEmpty ? p : null
}
