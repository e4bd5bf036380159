// deliveries.*: listing (several statuses merged over the engine's single-status keyset pages),
// detail with attempts, cancel, replay, bulk retry; and the live batcher's row source.
import type { DeliveryFilter as DeliveryFilterView, DeliveryRow, MethodOutput } from '../../src-preload/contract'
import { HooklabError, isHooklabError } from '../engine/errors'
import type { DeliveryFilter, DeliverySummary, PageResult } from '../engine/delivery/types'
import type { Engine } from '../engine/engine'
import type { ApiContext } from './context'
import type { Handlers } from './types'
import { attemptView, deliveryRow } from './views'

export function engineFilter(f: DeliveryFilterView, status?: DeliveryFilter['status']): DeliveryFilter {
  return {
    ...(status ? { status } : {}),
    ...(f.endpointId ? { endpointId: f.endpointId } : {}),
    ...(f.eventType ? { eventType: f.eventType } : {}),
    ...(f.text ? { text: f.text } : {}),
    ...(f.since !== undefined ? { since: f.since } : {}),
    ...(f.until !== undefined ? { until: f.until } : {}),
  }
}

/** Rows as the UI sees them, with endpoint names looked up once per call. */
export function deliveryRowsOf(engine: Engine) {
  return (items: DeliverySummary[]): DeliveryRow[] => {
    const names = new Map<string, string | null>()
    return items.map((d) => {
      let name = d.deletedEndpointName === null ? null : `${d.deletedEndpointName} (deleted)`
      if (d.endpointId) {
        if (!names.has(d.endpointId)) names.set(d.endpointId, engine.endpoints.row(d.endpointId)?.name ?? null)
        name = names.get(d.endpointId) ?? null
      }
      return deliveryRow(d, name)
    })
  }
}

const REFUSES_WRITES = new Set(['E_DB_FULL', 'E_DB_READONLY', 'E_DB_CORRUPT'])

/**
 * Commits what a UI call just queued before it answers: enqueues are batched per tick, and without
 * this a full disk or read-only database would show the user a send that worked and is then lost.
 * One commit per call, however many deliveries it queued. On failure the typed error (E_DB_FULL …,
 * naming the file) says too what becomes of them: they stay held in memory and are committed as
 * soon as the database takes them again, or lost if Hooklab stops first.
 */
export function commitQueued(engine: Engine, queued: number): void {
  try {
    engine.delivery.flush()
  } catch (err) {
    // Only a database that refuses writes is said. Anything else (another process holding the lock
    // past busy_timeout) leaves them held and committed in a moment: an error there would have the user
    // press Send again for a delivery that still goes out.
    if (!isHooklabError(err) || !REFUSES_WRITES.has(err.code)) return
    if (queued === 0) throw err
    const what = queued === 1 ? 'This delivery was' : `These ${queued} deliveries were`
    throw new HooklabError(
      err.code,
      `${err.message} ${what} not written: Hooklab keeps trying every second, and loses them if it stops before the database takes them.`,
      { cause: err },
    )
  }
}

export function deliveryHandlers({ engine }: ApiContext) {
  const rows = deliveryRowsOf(engine)
  const summary = (id: string): DeliverySummary => engine.delivery.getDelivery(id)

  /** Newest first across several statuses: each status page starts at the same cursor, so
   *  merging them and keeping the first `limit` is exactly the next page of the union. */
  async function list(filter: DeliveryFilterView, cursor: string | null, limit: number): Promise<PageResult<DeliverySummary>> {
    const statuses = filter.status && filter.status.length > 0 ? [...new Set(filter.status)] : [undefined]
    if (statuses.length === 1) return engine.search.deliveries(engineFilter(filter, statuses[0]), { cursor, limit })
    const pages = await Promise.all(statuses.map((s) => engine.search.deliveries(engineFilter(filter, s), { cursor, limit })))
    const merged = pages
      .flatMap((p) => p.items)
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    const items = merged.slice(0, limit)
    const more = merged.length > limit || pages.some((p) => p.nextCursor !== null)
    const last = items[items.length - 1]
    return { items, nextCursor: more && last ? `${last.createdAt}:${last.id}` : null }
  }

  const handlers: Pick<
    Handlers,
    'deliveries.list' | 'deliveries.counts' | 'deliveries.eventTypes' | 'deliveries.get' | 'deliveries.cancel' | 'deliveries.retry' | 'deliveries.replay' | 'deliveries.bulkRetry' | 'deliveries.bulkCancel' | 'deliveries.matching'
  > = {
    'deliveries.list': async ({ filter, cursor, limit }) => {
      const page = await list(filter, cursor, limit)
      return { items: rows(page.items), nextCursor: page.nextCursor }
    },
    'deliveries.counts': async ({ filter }) => {
      const wanted = filter.status && filter.status.length > 0 ? filter.status : null
      const narrowed = filter.endpointId || filter.eventType || filter.text || filter.since !== undefined || filter.until !== undefined
      const all: Record<string, number> = narrowed ? await engine.search.deliveryCounts(engineFilter(filter)) : engine.delivery.stats().byStatus
      const count = (s: keyof MethodOutput<'deliveries.counts'>): number => (!wanted || wanted.includes(s) ? (all[s] ?? 0) : 0)
      return {
        pending: count('pending'),
        sending: count('sending'),
        delivered: count('delivered'),
        failed: count('failed'),
        dead: count('dead'),
        cancelled: count('cancelled'),
      }
    },
    'deliveries.eventTypes': () => engine.delivery.recentEventTypes(),
    'deliveries.get': ({ id }): MethodOutput<'deliveries.get'> => {
      const d = engine.delivery.getDelivery(id)
      const [row] = rows([d])
      if (!row) throw new HooklabError('E_NOT_FOUND', `No delivery ${id}.`)
      return {
        delivery: row,
        extraHeaders: d.headers,
        message: { id: d.messageId, eventType: d.eventType, contentType: d.contentType, bodyBase64: d.body.toString('base64'), createdAt: d.createdAt },
        attempts: d.attemptsList.map(attemptView),
      }
    },
    'deliveries.cancel': ({ id }) => {
      const was = engine.delivery.cancelOne(id)
      if (!was) {
        const d = summary(id)
        throw new HooklabError('E_CONFLICT', `Delivery ${id} is already ${d.status}; only pending or sending deliveries can be cancelled.`)
      }
      const [row] = rows([summary(id)])
      if (!row) throw new HooklabError('E_NOT_FOUND', `No delivery ${id}.`)
      return { ...row, inFlight: was === 'sending' }
    },
    'deliveries.replay': ({ id, asNew, body, headers, to }) => {
      const result = engine.delivery.replay(id, {
        asNew,
        ...(to !== undefined ? { to } : {}),
        ...(headers !== undefined ? { headers } : {}),
        ...(body !== undefined ? { body: Buffer.from(body, 'utf8') } : {}),
      })
      commitQueued(engine, 1)
      return result
    },
    // A pending delivery waiting out its backoff goes now, as do failed, dead and cancelled ones
    // (attempts and message id kept). Written in place, not queued.
    'deliveries.retry': ({ id }) => {
      if (!engine.delivery.retry(id)) {
        const d = engine.delivery.getDelivery(id)
        const why = d.status === 'sending' ? 'its attempt is on the wire now' : `it is already ${d.status}`
        throw new HooklabError('E_CONFLICT', `Delivery ${id} cannot be retried now: ${why}.`)
      }
      const [row] = rows([engine.delivery.getDelivery(id)])
      if (!row) throw new HooklabError('E_NOT_FOUND', `No delivery ${id}.`)
      return row
    },
    'deliveries.bulkRetry': ({ filter }) => {
      const statuses = filter.status && filter.status.length > 0 ? filter.status : [undefined]
      let count = 0
      // Written in place, not queued: a database that refuses the write throws here, typed.
      for (const s of statuses) count += engine.delivery.bulkRetry(engineFilter(filter, s)).count
      return { count }
    },
    'deliveries.matching': ({ ids, filter }) => {
      const wanted = filter.status && filter.status.length > 0 ? new Set<string>(filter.status) : null
      const matched = new Set(
        engine.delivery
          .matchingDeliveries(ids, engineFilter(filter))
          .filter((r) => !wanted || wanted.has(r.status))
          .map((r) => r.id),
      )
      return { ids: ids.filter((id) => matched.has(id)) }
    },
    'deliveries.bulkCancel': ({ filter }) => {
      // Only pending ones are cancelled: a status filter without 'pending' matches none.
      if (filter.status && filter.status.length > 0 && !filter.status.includes('pending')) return { count: 0 }
      return engine.delivery.bulkCancel(engineFilter(filter, undefined))
    },
  }
  return handlers
}
