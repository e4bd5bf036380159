// The first script (main.tsx imports it first; it needs neither React nor the stores): opens the
// socket and asks for the first deliveries page while the UI's script is still downloading.
import { initialView } from './lib/initial-view'
import { prefetchFirstPage } from './lib/first-page'
import { whenSent } from './transport'

if (initialView() === 'deliveries') prefetchFirstPage()

/**
 * Resolves when the first calls are on the wire, or after 25 ms: React's first render costs about
 * that much, so waiting longer for a slow handshake (seen: 90 ms on a loaded machine) loses more
 * than overlapping the query with the render gains.
 */
export const firstCallsSent: Promise<void> = whenSent(25)
