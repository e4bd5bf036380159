// Evaluated before React (main.tsx imports it first): opens the socket and asks for the first
// deliveries page, so the handshake and the query run while React's code is still evaluating.
import { useApp } from './stores/app'
import { useDeliveries } from './stores/deliveries'
import { whenSent } from './transport'

// The view does not fetch again: reload() sets loadedOnce.
if (useApp.getState().view === 'deliveries') void useDeliveries.getState().reload()

/** Resolves when the first calls are on the wire (or after 100 ms if the socket is slow). */
export const firstCallsSent: Promise<void> = whenSent(100)
