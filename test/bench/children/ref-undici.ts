// Reference (a), the limit: raw undici Pool to the sink, 1 KB JSON signed per message,
// fixed concurrency, nothing persisted.
import { Pool } from 'undici'
import { childParams, cpuMsSince, runOnce } from '../lib/child-side'
import { makeBody, signStandard } from '../lib/payload'

interface Params {
  url: string
  count: number
  concurrency: number
}

runOnce(async () => {
  const p = childParams<Params>()
  const url = new URL(p.url)
  const pool = new Pool(url.origin, { connections: p.concurrency })
  let next = 0
  let errors = 0
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++
      if (i >= p.count) return
      const body = makeBody(i)
      const id = `msg_ref${i}`
      const headers = { 'content-type': 'application/json', ...signStandard(id, Math.floor(Date.now() / 1000), body) }
      try {
        const res = await pool.request({ path: url.pathname, method: 'POST', headers, body })
        await res.body.dump()
        if (res.statusCode < 200 || res.statusCode > 299) errors++
      } catch {
        errors++
      }
    }
  }
  await Promise.all(Array.from({ length: p.concurrency }, worker))
  const ms = performance.now() - t0
  const cpuMs = cpuMsSince(cpu0)
  await pool.close()
  return { count: p.count, errors, ms, cpuMs, rate: (p.count / ms) * 1000 }
})
