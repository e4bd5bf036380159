// Requests the receiver answered without capturing them (receiver.refusals): why a webhook never showed up.
import { create } from 'zustand'
import type { MethodOutput } from '../../../src-preload/contract'
import { call } from '../bridge'

export type Refusal = MethodOutput<'receiver.refusals'>[number]

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
  dismissedAt: 0,
  async refresh() {
    try {
      set({ list: await call('receiver.refusals', {}, { quiet: true }) })
    } catch {
      // No receiver in this Hooklab (or it is restarting): nothing to say.
    }
  },
  dismiss() {
    set({ dismissedAt: get().list[0]?.at ?? Date.now() })
  },
}))
