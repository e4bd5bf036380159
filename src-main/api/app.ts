// app.*, settings.*, stats.* and export.*: the small areas.
import { isIP } from 'node:net'
import type { MethodOutput } from '../../src-preload/contract'
import { HooklabError } from '../engine/errors'
import { certFile } from '../engine/receiver/tls-cert'
import type { ApiContext } from './context'
import type { Handlers } from './types'

export function appHandlers({ engine, env }: ApiContext) {
  let updates: Promise<unknown> = Promise.resolve()
  const handlers: Pick<Handlers, 'app.info' | 'settings.get' | 'settings.update' | 'stats.endpoint' | 'export.attempts' | 'export.captures'> = {
    'app.info': () => ({
      version: env.version,
      mode: env.mode,
      home: engine.home,
      dbFile: engine.db.name,
      receiverUrl: env.receiver?.address()?.url ?? null,
      receiverHttpsUrl: env.receiver?.address()?.httpsUrl ?? null,
      receiverCertFile: certFile(engine.home),
      platform: env.platform ?? process.platform,
    }),
    'settings.get': () => env.settings.get(),
    // Saved first, then applied; if the receiver cannot move (port taken) the old settings return. One
    // update at a time: two at once (two windows, a form saving as it goes) each stopped the same receiver.
    'settings.update': ({ patch }) => {
      // An allow-list entry that is not an address would never match anyone: said now, not silently kept.
      const notIp = patch.receiverAllowList?.find((a) => isIP(a.trim()) === 0)
      if (notIp !== undefined) throw new HooklabError('E_INVALID_INPUT', `Allow-list: "${notIp}" is not an IP address (e.g. 127.0.0.1 or ::1)`)
      const run = updates.then(async () => {
        const previous = env.settings.get()
        const next = env.settings.update(patch)
        try {
          await env.applySettings?.(previous, next)
        } catch (err) {
          env.settings.update(previous)
          throw err
        }
        return next
      })
      updates = run.catch(() => undefined)
      return run
    },
    'stats.endpoint': async ({ endpointId, sinceMs, buckets }): Promise<MethodOutput<'stats.endpoint'>> => {
      engine.endpoints.get(endpointId) // E_NOT_FOUND for an unknown id
      const now = Date.now()
      const since = sinceMs ?? Math.min(engine.endpoints.repo.oldestAttemptAt(endpointId) ?? now, now - 60_000)
      return { endpointId, ...(await engine.search.endpointStats(endpointId, { since, now, buckets })) }
    },
    'export.attempts': ({ filter }) => env.exportFile({ kind: 'attempts', filter }),
    'export.captures': ({ filter }) => env.exportFile({ kind: 'captures', filter }),
  }
  return handlers
}
