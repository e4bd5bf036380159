import { createRoot } from 'react-dom/client'
import { App } from './App'
import { useApp } from './stores/app'
import { useDeliveries } from './stores/deliveries'
import './styles.css'

// The first page of deliveries is asked for before React's first render, so the socket and the
// query run while the UI is built (the view does not fetch again: loadedOnce).
if (useApp.getState().view === 'deliveries') void useDeliveries.getState().reload()

const root = document.getElementById('root')
if (root) createRoot(root).render(<App />)
