// The Stats view's numbers for one endpoint: attempts per interval (succeeded / failed) and a latency
// histogram, from every attempt in the range.
import { isFailedOutcome } from '../delivery/types'

/** Latency histogram edges (ms); the last one is the longest request timeout allowed. */
const LATENCY_EDGES = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 300_000]
/** Most attempts one answer counts (a few hundred ms of rows); older ones in the range are left out, and said to be. */
export const STATS_MAX = 1_000_000

export interface EndpointStats {
  buckets: Array<{ t: number; ok: number; failed: number }>
  latency: Array<{ leMs: number; count: number }>
  /** Set when more than `max` attempts were in the range: the oldest counted is at or after this. */
  countedSince: number | null
}

/** Counts `attempts` ([startedAt, outcome, totalMs], newest first, none before `since`) into `buckets` intervals up to `now`. */
export function endpointStats(attempts: Iterable<[number, string, number]>, range: { since: number; now: number; buckets: number }, max = STATS_MAX): EndpointStats {
  const { since, now, buckets } = range
  const width = Math.max(1, Math.ceil((now - since + 1) / buckets))
  const series = Array.from({ length: buckets }, (_, i) => ({ t: since + i * width, ok: 0, failed: 0 }))
  const latency = LATENCY_EDGES.map((leMs) => ({ leMs, count: 0 }))
  let counted = 0
  let countedSince: number | null = null
  for (const [startedAt, outcome, totalMs] of attempts) {
    if (counted === max) {
      countedSince = startedAt + 1 // the oldest counted is newer than this one
      break
    }
    counted++
    const bucket = series[Math.min(buckets - 1, Math.floor((startedAt - since) / width))]
    if (bucket) {
      if (outcome === 'delivered') bucket.ok++
      else if (isFailedOutcome(outcome)) bucket.failed++
    }
    const slot = latency.find((l) => totalMs <= l.leMs) ?? latency[latency.length - 1]
    if (slot) slot.count++
  }
  return { buckets: series, latency, countedSince }
}
