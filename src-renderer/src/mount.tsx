// The UI proper, mounted by main.tsx once the first calls are on their way.
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { initialView } from './lib/initial-view'
import { useDeliveries } from './stores/deliveries'

export function mount(root: HTMLElement): void {
  // Marks for the bench's B5 timeline (and anyone reading a performance trace).
  performance.mark('hooklab:mount')
  // The first screen's load starts before the first render, so a page already in hand (boot.ts's
  // preview) is drawn by it. Started from the view's effect instead, the store update would wait
  // for React's passive effects, i.e. for a whole frame after the first paint.
  if (initialView() === 'deliveries') void useDeliveries.getState().reload()
  createRoot(root).render(<App />)
}
