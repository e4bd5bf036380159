// B2's receiver: the engine's receiver on a fresh home, in its own process. Retention is
// widened so the pruner cannot delete captures the bench is about to count.
import { createEngine } from '../../../src-main/engine/engine'
import { announceReady, childParams, cpuMsSince, serveCalls, sendFailure } from '../lib/child-side'

const p = childParams<{ home: string }>()
const engine = createEngine({
  home: p.home,
  receiver: { port: 0, retention: { maxCapturesPerInbox: 1e9, maxAgeMs: 365 * 86_400_000, intervalMs: 3_600_000 } },
})
let cpu0 = process.cpuUsage()
serveCalls({
  // CPU (every thread) since the receiver announced ready: the load starts right after.
  cpuMs: () => cpuMsSince(cpu0),
  count: () => (engine.db.prepare('SELECT count(*) AS n FROM capture').get() as { n: number }).n,
  stop: async () => {
    await engine.stop()
    // Exit on our own (not by signal) so a --cpu-prof profile gets written.
    setTimeout(() => process.exit(0), 50)
    return true
  },
})
engine.startReceiver().then(
  ({ url, port }) => {
    cpu0 = process.cpuUsage()
    announceReady({ url, port })
  },
  (err: unknown) => sendFailure(err),
)
