// B1, the engine: a fresh home, one endpoint signed with the standard scheme (concurrency 64),
// N messages enqueued through engine.delivery.enqueue, timed from the first enqueue to the last
// delivery reported delivered. Then the DB is checked: one attempt row per message.
import { join } from 'node:path'
import { createEngine } from '../../../src-main/engine/engine'
import { childParams, cpuMsSince, runOnce } from '../lib/child-side'
import { BENCH_SECRET, makeBody } from '../lib/payload'

interface Params {
  home: string
  url: string
  count: number
  concurrency: number
}

runOnce(async () => {
  const p = childParams<Params>()
  const engine = createEngine({ home: p.home, dbFile: join(p.home, 'hooklab.db') })
  await engine.start()
  const ep = engine.endpoints.create({
    name: 'bench sink',
    url: p.url,
    signing: { scheme: 'standard', secret: BENCH_SECRET },
    maxConcurrency: p.concurrency,
  })
  let delivered = 0
  let failed = 0
  let finish!: () => void
  const allDone = new Promise<void>((ok) => (finish = ok))
  engine.bus.on('delivery.updated', (e) => {
    if (e.status === 'delivered') delivered++
    else if (e.status === 'failed' || e.status === 'dead') failed++
    else return
    if (delivered + failed >= p.count) finish()
  })
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  // A producer that yields now and then, so sending overlaps enqueueing as in real use.
  for (let i = 0; i < p.count; i++) {
    engine.delivery.enqueue({ endpointId: ep.id, body: makeBody(i), contentType: 'application/json', eventType: 'invoice.paid' })
    if (i % 256 === 255) await new Promise((r) => setImmediate(r))
  }
  await allDone
  const ms = performance.now() - t0
  const cpuMs = cpuMsSince(cpu0)
  await engine.stop()
  const { openDb } = await import('../../../src-main/engine/db/open')
  const db = openDb({ file: join(p.home, 'hooklab.db'), readonly: true })
  const attempts = (db.prepare('SELECT count(*) AS n FROM attempt').get() as { n: number }).n
  const deliveredRows = (db.prepare("SELECT count(*) AS n FROM delivery WHERE status = 'delivered'").get() as { n: number }).n
  db.close()
  return { count: p.count, ms, cpuMs, rate: (delivered / ms) * 1000, delivered, failed, attempts, deliveredRows }
})
