// B6's exporter, in its own process so seeding does not count: streams every attempt (or every
// capture) of the home through engine.export to a file while sampling RSS every 5 ms.
import { createWriteStream, statSync } from 'node:fs'
import { createEngine } from '../../../src-main/engine/engine'
import { childParams, runOnce } from '../lib/child-side'

runOnce(async () => {
  const p = childParams<{ home: string; out: string; kind: 'attempts' | 'captures' }>()
  const engine = createEngine({ home: p.home })
  global.gc?.()
  const rss0 = process.memoryUsage().rss
  let peak = rss0
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
  const t0 = performance.now()
  const out = createWriteStream(p.out)
  const counts = p.kind === 'captures' ? await engine.export.exportCaptures({}, out) : await engine.export.exportAttempts({}, out)
  await new Promise<void>((ok, fail) => out.end((err?: Error | null) => (err ? fail(err) : ok())))
  const ms = performance.now() - t0
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  await engine.stop()
  const bytes = statSync(p.out).size
  return { ...counts, ms, bytes, rss0, peak, growthMb: (peak - rss0) / 2 ** 20, mbPerS: bytes / 2 ** 20 / (ms / 1000) }
})
