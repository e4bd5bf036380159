// The first deliveries page, asked for by boot.ts before the UI's code has even loaded, and
// handed once to the deliveries store. No React or store imports: it lives in the first script.
//
// Two copies are asked for. The socket's answer is the one that counts: it is ordered with the
// live events on the same socket. In browser mode a preview also comes over plain HTTP, which
// index.html's response told Chromium to preload with the scripts, so the first rows can be
// drawn before the socket has even opened; the socket's answer then replaces them.
import type { MethodOutput } from '../../../src-preload/contract'
import { FIRST_PAGE_INPUT, FIRST_PAGE_PATH } from '../../../src-preload/wire'
import type { RpcResult } from '../../../src-preload/wire'
import { getBridge, transportKind } from '../transport'

/** The first page only needs to fill a screen: smaller means the first rows show sooner. */
export const FIRST_PAGE = FIRST_PAGE_INPUT.limit

type Page = MethodOutput<'deliveries.list'>
let early: Promise<Page> | null = null
let preview: Page | null = null

/** What the first unfiltered load takes: the socket's page, and the HTTP preview if it is in. */
export interface FirstPage {
  page: Promise<Page>
  preview: Page | null
}

/**
 * Sends the unfiltered first page request now (the socket connects on the way). In browser mode
 * also reads the preloaded preview: the promise says whether it came (null: none in Electron).
 */
export function prefetchFirstPage(): Promise<boolean> | null {
  early = getBridge().invoke('deliveries.list', FIRST_PAGE_INPUT)
  // Whoever takes it reports a failure; until then it must not count as unhandled.
  early.catch(() => undefined)
  if (transportKind() !== 'browser') return null
  return fetchPreview().then((p) => {
    // Only while the first load has not started: after that the store is on the socket's page.
    if (!p || !early) return false
    preview = p
    performance.mark('hooklab:preview')
    return true
  })
}

/** Another view opens first: the preloaded preview is read and dropped (an unused preload earns a console warning). */
export function dropPreview(): void {
  if (transportKind() === 'browser') void fetchPreview()
}

/** The prefetched page, once: only for an unfiltered first page, else null (ask again). */
export function takeFirstPage(filterIsEmpty: boolean): FirstPage | null {
  const p = early
  const shown = preview
  early = null
  preview = null
  return filterIsEmpty && p ? { page: p, preview: shown } : null
}

/** A preview is decoration: any failure (old server, logged out, bad JSON) means "wait for the socket". */
async function fetchPreview(): Promise<Page | null> {
  try {
    const res = await fetch(FIRST_PAGE_PATH, { credentials: 'same-origin' })
    if (!res.ok) return null
    const body = (await res.json()) as RpcResult<Page>
    return body.ok && Array.isArray(body.result.items) ? body.result : null
  } catch {
    return null
  }
}
