// Toasts: engine errors by their stable code (Toasts shows it as words), plus short confirmations.
import { create } from 'zustand'

export interface Toast {
  id: number
  kind: 'error' | 'info'
  title: string
  message: string
  /** One button that goes where the toast points (e.g. View the delivery a replay made). */
  action?: { label: string; run: () => void } | undefined
}

interface ToastState {
  toasts: Toast[]
  push: (t: Omit<Toast, 'id'>) => void
  dismiss: (id: number) => void
}

let seq = 0
export const useToasts = create<ToastState>((set) => ({
  toasts: [],
  push: (t) => {
    const id = ++seq
    set((s) => ({ toasts: [...s.toasts.slice(-4), { ...t, id }] }))
    // One with a button stays long enough to be pressed.
    setTimeout(() => set((s) => ({ toasts: s.toasts.filter((x) => x.id !== id) })), t.kind === 'error' ? 8000 : t.action ? 8000 : 3000)
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((x) => x.id !== id) })),
}))

export const toast = {
  error: (code: string, message: string) => useToasts.getState().push({ kind: 'error', title: code, message }),
  info: (title: string, message = '', action?: Toast['action']) => useToasts.getState().push({ kind: 'info', title, message, action }),
}
