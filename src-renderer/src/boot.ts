// The first script (main.tsx imports it first; it needs neither React nor the stores): opens the
// socket and asks for the first deliveries page while the UI's script is still downloading.
import { initialView } from './lib/initial-view'
import { dropPreview, prefetchFirstPage } from './lib/first-page'
import { whenSent } from './transport'

const preview = initialView() === 'deliveries' ? prefetchFirstPage() : (dropPreview(), null)

/** However the preview fares, the UI mounts by then. */
const PREVIEW_WAIT_MS = 150

/**
 * Resolves when the UI should mount. With a preview (browser mode), once it is in: it was
 * preloaded with the scripts, so it only waits for this script to finish evaluating, and the
 * first render then draws the rows. Without one, once the first calls are on the wire or after
 * 25 ms: React's first render is one long task, and started before the socket's open event it
 * would hold the first query back; waiting longer than about one render for a slow handshake
 * (seen: 90 ms on a loaded machine) loses more than it gains.
 */
export const readyToMount: Promise<void> = preview
  ? Promise.race([preview.then((ok) => (ok ? undefined : whenSent(25))), new Promise<void>((r) => setTimeout(r, PREVIEW_WAIT_MS))])
  : whenSent(25)
