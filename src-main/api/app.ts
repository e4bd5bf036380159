// app.*, settings.*, stats.* and export.*: the small areas.
import type { MethodOutput } from '../../src-preload/contract'
import { isFailedOutcome } from '../engine/delivery/types'
import type { ApiContext } from './context'
import type { Handlers } from './types'

/** Latency histogram edges (ms); the last one is the longest request timeout allowed. */
const LATENCY_EDGES = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 300_000]
const STATS_SAMPLE = 20_000

export function appHandlers({ engine, env }: ApiContext) {
  const handlers: Pick<Handlers, 'app.info' | 'settings.get' | 'settings.update' | 'stats.endpoint' | 'export.attempts'> = {
    'app.info': () => ({
      version: env.version,
      mode: env.mode,
      home: engine.home,
      dbFile: engine.db.name,
      receiverUrl: env.receiver?.address()?.url ?? null,
      platform: env.platform ?? process.platform,
    }),
    'settings.get': () => env.settings.get(),
    // Saved first, then applied; if the receiver cannot move (port taken) the old settings return.
    'settings.update': async ({ patch }) => {
      const previous = env.settings.get()
      const next = env.settings.update(patch)
      try {
        await env.applySettings?.(previous, next)
      } catch (err) {
        env.settings.update(previous)
        throw err
      }
      return next
    },
    'stats.endpoint': ({ endpointId, sinceMs, buckets }): MethodOutput<'stats.endpoint'> => {
      engine.endpoints.get(endpointId) // E_NOT_FOUND for an unknown id
      const now = Date.now()
      const attempts = engine.endpoints.repo.recentAttempts(endpointId, STATS_SAMPLE)
      const oldest = attempts[attempts.length - 1]?.started_at ?? now - 3_600_000
      const since = sinceMs ?? Math.min(oldest, now - 60_000)
      const width = Math.max(1, Math.ceil((now - since + 1) / buckets))
      const series = Array.from({ length: buckets }, (_, i) => ({ t: since + i * width, ok: 0, failed: 0 }))
      const latency = LATENCY_EDGES.map((leMs) => ({ leMs, count: 0 }))
      for (const a of attempts) {
        if (a.started_at < since) continue
        const bucket = series[Math.min(buckets - 1, Math.floor((a.started_at - since) / width))]
        if (bucket) {
          if (a.outcome === 'delivered') bucket.ok++
          else if (isFailedOutcome(a.outcome)) bucket.failed++
        }
        const slot = latency.find((l) => a.total_ms <= l.leMs) ?? latency[latency.length - 1]
        if (slot) slot.count++
      }
      return { endpointId, buckets: series, latency }
    },
    'export.attempts': ({ filter }) => env.exportAttempts(filter),
  }
  return handlers
}
