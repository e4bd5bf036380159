// B4's engine. phase 'first': create the endpoint, enqueue everything, then dispatch until the
// parent SIGKILLs us. phase 'restart': a new engine on the same file delivers what is left and
// reports when no delivery is unfinished.
import { createEngine } from '../../../src-main/engine/engine'
import { announceReady, childParams, runOnce } from '../lib/child-side'
import { BENCH_SECRET, makeBody } from '../lib/payload'

interface Params {
  home: string
  url: string
  count: number
  phase: 'first' | 'restart'
  timeoutMs: number
  deadlineMs: number
}

const p = childParams<Params>()

if (p.phase === 'first') {
  const engine = createEngine({ home: p.home })
  const ep = engine.endpoints.create({
    name: 'slow sink',
    url: p.url,
    signing: { scheme: 'standard', secret: BENCH_SECRET },
    maxConcurrency: 64,
    timeoutMs: p.timeoutMs,
  })
  for (let i = 0; i < p.count; i++)
    engine.delivery.enqueue({ endpointId: ep.id, body: makeBody(i), contentType: 'application/json', eventType: 'invoice.paid' })
  // Every message is committed before the parent is told to start counting towards the kill.
  engine.delivery.flush()
  engine.start()
  announceReady({ queued: p.count })
} else {
  runOnce(async () => {
    const engine = createEngine({ home: p.home })
    const t0 = Date.now()
    engine.start()
    const unfinished = engine.db.prepare("SELECT count(*) AS n FROM delivery WHERE status IN ('pending','sending')")
    for (;;) {
      const n = (unfinished.get() as { n: number }).n
      if (n === 0) break
      if (Date.now() - t0 > p.deadlineMs) throw new Error(`${n} deliveries still unfinished after ${p.deadlineMs} ms`)
      await new Promise((r) => setTimeout(r, 100))
    }
    const ms = Date.now() - t0
    await engine.stop()
    return { ms }
  })
}
