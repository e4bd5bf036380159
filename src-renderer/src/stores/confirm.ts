// The app's own confirmation (ConfirmHost renders it): a destructive action asks here instead of the
// browser's confirm(), which looks foreign in the desktop app, blocks the page and ignores the theme.
import { create } from 'zustand'

export interface ConfirmAsk {
  title: string
  message: string
  /** The button that goes ahead, e.g. "Delete endpoint". */
  action: string
}

interface ConfirmState {
  ask: ConfirmAsk | null
  answer: ((yes: boolean) => void) | null
  settle: (yes: boolean) => void
}

export const useConfirm = create<ConfirmState>((set, get) => ({
  ask: null,
  answer: null,
  settle(yes) {
    const answer = get().answer
    set({ ask: null, answer: null })
    answer?.(yes)
  },
}))

/** Resolves true when the user goes ahead, false when they cancel (Escape, ×, Cancel). One at a time. */
export function confirmAction(ask: ConfirmAsk): Promise<boolean> {
  useConfirm.getState().settle(false) // an earlier question still open is a "no"
  return new Promise((resolve) => useConfirm.setState({ ask, answer: resolve }))
}
