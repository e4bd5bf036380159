// Requests the receiver answered without capturing them (receiver.refusals): why a webhook never showed up.
import { create } from 'zustand'
import type { MethodOutput } from '../../../src-preload/contract'
import { call } from '../bridge'
import { loadNumber, saveNumber } from '../lib/storage'

export type Refusal = MethodOutput<'receiver.refusals'>[number]

/** When the user last dismissed them: kept across reloads (the banner came back with the same ones). */
const DISMISSED = 'hooklab.refusals.dismissedAt'
/** How many the receiver keeps (receiver/refusals.ts). */
export const KEPT = 50

interface RefusalsState {
  /** Newest first, as the receiver keeps them (its last 50). */
  list: Refusal[]
  /** Those at or before this were dismissed by the user. */
  dismissedAt: number
  refresh: () => Promise<void>
  dismiss: () => void
}

export const useRefusals = create<RefusalsState>((set, get) => ({
  list: [],
  dismissedAt: loadNumber(DISMISSED, 0),
  async refresh() {
    try {
      set({ list: await call('receiver.refusals', {}, { quiet: true }) })
    } catch {
      // No receiver in this Hooklab (or it is restarting): nothing to say.
    }
  },
  dismiss() {
    const at = get().list[0]?.at ?? Date.now()
    saveNumber(DISMISSED, at)
    set({ dismissedAt: at })
  },
}))

/**
 * How many were refused since the last dismissal, counted by their seq (the receiver keeps 50): exact,
 * or null when more than the kept ones came after a dismissal that is no longer among them.
 */
export function refusedSince(list: readonly Refusal[], dismissedAt: number): number | null {
  const newest = list[0]
  if (!newest || newest.at <= dismissedAt) return 0
  const lastDismissed = list.find((r) => r.at <= dismissedAt)
  if (lastDismissed) return newest.seq - lastDismissed.seq
  // None of the kept ones was dismissed: all since the receiver started, unless a dismissal came in between.
  const oldest = list[list.length - 1]!
  return oldest.seq === 1 || dismissedAt === 0 ? newest.seq : null
}
