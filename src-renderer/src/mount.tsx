// The UI proper, mounted by main.tsx once the first calls are on their way.
import { createRoot } from 'react-dom/client'
import { App } from './App'

export function mount(root: HTMLElement): void {
  createRoot(root).render(<App />)
}
