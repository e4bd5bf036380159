// autocannon against a server in another process: 50 connections, a 1 KB JSON POST.
import autocannon from 'autocannon'
import { makeBody } from './payload'

export interface LoadResult {
  rate: number
  ok: number
  non2xx: number
  errors: number
  p50Ms: number
  p99Ms: number
}

export async function postLoad(url: string, durationS: number, connections = 50): Promise<LoadResult> {
  const r = await autocannon({
    url,
    connections,
    duration: durationS,
    method: 'POST',
    body: makeBody(1),
    headers: { 'content-type': 'application/json' },
  })
  return { rate: r['2xx'] / r.duration, ok: r['2xx'], non2xx: r.non2xx, errors: r.errors + r.timeouts, p50Ms: r.latency.p50, p99Ms: r.latency.p99 }
}
