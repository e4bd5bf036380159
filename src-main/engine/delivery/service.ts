// The delivery API the UI, CLI and receiver call: enqueue (batched per tick), fan-out send,
// listing, detail, cancel, replay, bulk retry, waitFor, stats.
import { signedWith } from '../../../src-preload/header-sets'
import { leaseHolderRuns } from './heartbeat'
import type { Clock } from '../clock'
import { classifySqliteError } from '../db/open'
import type { Logger } from '../logger'
import { HooklabError, toErrorPayload } from '../errors'
import type { EventBus } from '../events'
import { checkHeaderPairs, mergeHeaderLayers, REQUEST_RESERVED } from '../header-pairs'
import { newId } from '../ids'
import { checkSecret } from '../signing/registry'
import { sealSecret } from '../secrets'
import type { SecretBox } from '../secrets'
import type { HeaderPairs } from '../signing/types'
import type { EndpointService } from '../endpoints/service'
import { checkAttemptTimeout, matchesEventType, validateScheme, validateUrl } from '../endpoints/service'
import type { Dispatcher } from './dispatcher'
import type { NewDelivery, Queue } from './queue'
import type { DeliveryPruner, PruneOptions } from './retention'
import { pageOfDeliveries, toAttemptRecord, toSummary } from './queue'
import type { DeliveryDetail, DeliveryFilter, DeliveryStatus, DeliverySummary, EnqueueRequest, EnqueueResult, Page, PageResult } from './types'

export type DeliveryService = ReturnType<typeof createDeliveryService>

/** Enqueues held in memory while commits fail; beyond this enqueue throws the typed error. */
const MAX_HELD = 10_000

export interface ReplayOptions {
  /** Mint a new message id (a plain replay keeps it, so receivers can dedupe). */
  asNew?: boolean
  /** Send to this URL instead of the original target. */
  to?: string
  /** Edited body; it is signed afresh on every attempt like any other. */
  body?: Buffer
  headers?: HeaderPairs
}

export function createDeliveryService(deps: {
  queue: Queue
  endpoints: EndpointService
  dispatcher: Dispatcher
  bus: EventBus
  clock: Clock
  secretBox: SecretBox
  logger?: Logger
  /** Attempt retention (engine builds it); without one, prune() removes nothing. */
  pruner?: DeliveryPruner
  /** Named in the typed error when the database cannot take the batch (e.g. E_DB_FULL). */
  dbFile?: string
}) {
  const { queue, clock, bus } = deps
  let pending: NewDelivery[] = []
  let flushScheduled = false
  // Set while the last commit failed (e.g. disk full): the batch is held in `pending` and retried.
  let failure: Error | null = null
  let retryTimer: NodeJS.Timeout | null = null
  // Enqueue needs only the endpoint's existence and url: keep them a second instead of a SELECT per
  // message (another process's change shows within the second; ours at once through the bus).
  const endpointUrls = new Map<string, { url: string; at: number }>()
  bus.on('endpoint.updated', ({ endpointId }) => endpointUrls.delete(endpointId))
  function endpointUrl(id: string, now: number): string {
    const known = endpointUrls.get(id)
    if (known && now - known.at < 1000) return known.url
    const ep = deps.endpoints.row(id)
    if (!ep) throw new HooklabError('E_NOT_FOUND', `No endpoint ${id}.`)
    endpointUrls.set(id, { url: ep.url, at: now })
    return ep.url
  }

  /** Commits the held enqueues; throws the typed error (E_DB_FULL …) and keeps them when it cannot. */
  function flush(): void {
    flushScheduled = false
    if (pending.length === 0) return
    const batch = pending
    pending = []
    let committed = batch
    let held: NewDelivery[] = []
    let error: unknown = null
    try {
      queue.enqueueBatch(batch)
    } catch (err) {
      // A row the schema refuses (e.g. its endpoint was deleted in the same tick) would be refused on
      // every retry and hold the whole batch: commit the others and drop only the refused rows.
      if (isConstraintError(err)) ({ committed, held, error } = commitAroundRefused(batch))
      else ({ committed, held, error } = { committed: [], held: batch, error: err })
    }
    for (const item of committed) {
      bus.emit('delivery.queued', { deliveryId: item.delivery.id, messageId: item.message.id, endpointId: item.delivery.endpoint_id })
    }
    if (committed.length) deps.dispatcher.wake()
    if (error) {
      // enqueue already returned these ids: keep them (in order) for the next flush.
      pending = pending.length ? held.concat(pending) : held
      const typed = classifySqliteError(error, deps.dbFile ?? 'the database')
      if (!failure) deps.logger?.error('could not commit queued deliveries; holding them and retrying', { code: toErrorPayload(typed).code, held: pending.length })
      failure = typed
      if (!retryTimer) {
        retryTimer = setTimeout(retryFlush, 1000)
        retryTimer.unref()
      }
      throw typed
    }
    if (failure) {
      failure = null
      deps.logger?.info('queued deliveries committed again')
    }
  }

  /**
   * One transaction per row: refused rows are logged and left out; at any other error (disk full…)
   * that row and the ones after it are handed back to be held.
   */
  function commitAroundRefused(batch: NewDelivery[]): { committed: NewDelivery[]; held: NewDelivery[]; error: unknown } {
    const committed: NewDelivery[] = []
    for (let i = 0; i < batch.length; i++) {
      const item = batch[i]!
      try {
        queue.enqueueBatch([item])
        committed.push(item)
      } catch (err) {
        if (!isConstraintError(err)) return { committed, held: batch.slice(i), error: err }
        deps.logger?.error('a queued delivery was refused by the database and dropped', { deliveryId: item.delivery.id, code: String((err as { code?: unknown }).code) })
      }
    }
    return { committed, held: [], error: null }
  }

  /** Flush for callers that cannot take a throw (timers, reads): a failure is logged once and retried. */
  function flushQuietly(): Error | null {
    try {
      flush()
      return null
    } catch (err) {
      return err as Error
    }
  }

  function retryFlush(): void {
    retryTimer = null
    flushQuietly()
  }

  function scheduledFlush(): void {
    // Not while the writer thread holds the database's write lock: right after it lets go.
    deps.dispatcher.whenWriterIdle(flushQuietly)
  }

  function push(item: NewDelivery): void {
    // Hold a bounded backlog while the disk is full; past it, refuse (the typed error) instead of queueing.
    if (failure && pending.length >= MAX_HELD) flush()
    pending.push(item)
    // While commits fail the retry timer owns flushing; do not retry per message.
    if (failure) return
    if (pending.length >= 512) flushQuietly()
    else if (!flushScheduled) {
      flushScheduled = true
      setImmediate(scheduledFlush)
    }
  }

  /**
   * Queues one delivery. Returns at once with its ids; the row is committed with the other
   * enqueues of this tick (every read of this service flushes first, and so does engine.stop()).
   */
  function enqueue(req: EnqueueRequest): EnqueueResult {
    const now = clock.now()
    if (!Buffer.isBuffer(req.body)) throw new HooklabError('E_INVALID_INPUT', 'body must be bytes (a Buffer).')
    // Checked here, not at the batched INSERT: one bad row there would fail every enqueue of its tick.
    if (typeof req.contentType !== 'string' || req.contentType === '') throw new HooklabError('E_INVALID_INPUT', 'contentType must be a non-empty string.')
    checkHeaderPairs([['Content-Type', req.contentType]], 'Content-Type', REQUEST_RESERVED)
    const messageId = req.messageId ?? newId('msg', now)
    const deliveryId = newId('dlv', now)
    let url: string
    let signingJson: string | null = null
    let secret: Buffer | null = null
    if (req.endpointId) {
      url = endpointUrl(req.endpointId, now)
    } else {
      if (!req.url) throw new HooklabError('E_INVALID_INPUT', 'A delivery needs an endpointId or a url.')
      validateUrl(req.url)
      url = req.url
      if (req.signing) {
        validateScheme(req.signing.scheme)
        checkSecret(req.signing.scheme, req.signing.secret, 'sign')
        const { scheme, hmac, timestampOffsetSec } = req.signing
        signingJson = JSON.stringify({ scheme, ...(hmac ? { hmac } : {}), ...(timestampOffsetSec ? { timestampOffsetSec } : {}) })
        secret = sealSecret(deps.secretBox, req.signing.secret)
      }
    }
    if (req.timeoutMs !== undefined) checkAttemptTimeout(req.timeoutMs)
    if (req.headers?.length) checkHeaderPairs(req.headers, 'Headers', REQUEST_RESERVED)
    push({
      message: { id: messageId, event_type: req.eventType ?? null, body: req.body, content_type: req.contentType, created_at: now },
      delivery: {
        id: deliveryId,
        message_id: messageId,
        endpoint_id: req.endpointId ?? null,
        event_type: req.eventType ?? null,
        url,
        method: req.method ? req.method.toUpperCase() : null,
        headers_json: JSON.stringify(req.headers ?? []),
        headers_as_is: req.signing === null ? 1 : 0,
        signing_json: signingJson,
        secret,
        retry_json: req.retry ? JSON.stringify(req.retry) : null,
        timeout_ms: req.timeoutMs ?? null,
        body: null,
        replay_of: req.replayOf ?? null,
        created_at: now,
        next_attempt_at: now,
      },
    })
    return { deliveryId, messageId }
  }

  /** Fan-out: one message to every enabled endpoint whose event filter matches (or the given ones). */
  function send(req: { eventType?: string | null; body: Buffer; contentType?: string; endpointIds?: string[] }): { messageId: string; deliveryIds: string[] } {
    const rows = req.endpointIds
      ? req.endpointIds.map((id) => {
          const r = deps.endpoints.row(id)
          if (!r) throw new HooklabError('E_NOT_FOUND', `No endpoint ${id}.`)
          return r
        })
      : deps.endpoints.rows().filter((r) => r.enabled === 1 && matchesEventType(r, req.eventType))
    const messageId = newId('msg', clock.now())
    const deliveryIds = rows.map(
      (r) => enqueue({ endpointId: r.id, body: req.body, contentType: req.contentType ?? 'application/json', eventType: req.eventType ?? null, messageId }).deliveryId,
    )
    return { messageId, deliveryIds }
  }

  function mustGet(id: string) {
    const failed = flushQuietly()
    const row = queue.getDelivery(id)
    // Not on disk because the commit failed (e.g. disk full): say so, not "not found".
    if (!row && failed) throw failed
    if (!row) throw new HooklabError('E_NOT_FOUND', `No delivery ${id}.`)
    return row
  }

  function getDelivery(id: string): DeliveryDetail {
    const row = mustGet(id)
    const message = queue.getMessage(row.message_id)
    const ep = row.endpoint_id ? deps.endpoints.row(row.endpoint_id) : undefined
    return {
      ...toSummary(row),
      method: row.method ?? ep?.method ?? 'POST',
      headers: JSON.parse(row.headers_json) as HeaderPairs,
      contentType: message?.content_type ?? 'application/octet-stream',
      body: row.body ?? message?.body ?? Buffer.alloc(0),
      attemptsList: queue.attemptsOf(id).map(toAttemptRecord),
    }
  }

  /** Deliveries per status that match the filter (its status aside): exact, in one statement. */
  function countDeliveries(filter: Omit<DeliveryFilter, 'status'> = {}): Record<string, number> {
    flushQuietly()
    return queue.countByStatus(filter)
  }

  /** Event types to suggest in a filter: those of the newest 5,000 deliveries, most recent first, at most 200. */
  function recentEventTypes(): string[] {
    flushQuietly()
    return queue.recentEventTypes(5_000, 200)
  }

  /** Which of these deliveries match the filter's fields but the status, with their status (the UI's live
   *  rows while a search is set: a search also looks in bodies, which rows do not carry). At most 1,000 ids. */
  function matchingDeliveries(ids: readonly string[], filter: Omit<DeliveryFilter, 'status'> = {}): Array<{ id: string; status: DeliveryStatus }> {
    flushQuietly()
    return queue.matching(ids.slice(0, 1000), filter)
  }

  function listDeliveries(filter: DeliveryFilter = {}, page: Page = {}): PageResult<DeliverySummary> {
    flushQuietly()
    return pageOfDeliveries(queue, filter, page)
  }

  /** The header a deleted endpoint signed the delivery with (its secret went with it); null otherwise. */
  function signedByDeletedEndpoint(orig: { id: string; endpoint_id: string | null; signing_json: string | null; headers_as_is: number; deleted_endpoint_name: string | null }): string | null {
    if (orig.endpoint_id !== null || orig.signing_json !== null || orig.headers_as_is !== 0) return null
    const first = queue.attemptsOf(orig.id)[0]
    return first ? (signedWith(JSON.parse(first.request_headers_json) as HeaderPairs)?.header ?? null) : null
  }

  /** Sending again what a deleted endpoint had signed would go out unsigned: refused, saying what to do. */
  function refuseUnsigned(orig: Parameters<typeof signedByDeletedEndpoint>[0], what: string): void {
    const header = signedByDeletedEndpoint(orig)
    if (header)
      throw new HooklabError(
        'E_CONFLICT',
        `${orig.id} was signed (${header}) by ${orig.deleted_endpoint_name === null ? 'an endpoint' : `endpoint "${orig.deleted_endpoint_name}"`} that has since been deleted, with its secret: ${what} would go out unsigned. Open it in Send to sign it with a secret, or send it to another endpoint.`,
      )
  }

  function replay(id: string, opts: ReplayOptions = {}): EnqueueResult {
    const orig = mustGet(id)
    const message = queue.getMessage(orig.message_id)
    if (!message) throw new HooklabError('E_NOT_FOUND', `The message of ${id} is gone.`)
    const now = clock.now()
    const body = opts.body ?? orig.body ?? message.body
    const messageId = opts.asNew ? newId('msg', now) : message.id
    const toEndpoint = orig.endpoint_id !== null && opts.to === undefined
    if (opts.to !== undefined) validateUrl(opts.to)
    if (opts.headers?.length) checkHeaderPairs(opts.headers, 'Headers', REQUEST_RESERVED)
    const ep = orig.endpoint_id ? deps.endpoints.row(orig.endpoint_id) : undefined
    refuseUnsigned(orig, 'a replay')
    const deliveryId = newId('dlv', now)
    // The message's own headers (edited, or as they were); an endpoint adds its own at send time.
    const ownHeaders = opts.headers ?? (JSON.parse(orig.headers_json) as HeaderPairs)
    push({
      message: { id: messageId, event_type: message.event_type, body: opts.asNew ? body : message.body, content_type: message.content_type, created_at: now },
      delivery: {
        id: deliveryId,
        message_id: messageId,
        endpoint_id: toEndpoint ? orig.endpoint_id : null,
        event_type: orig.event_type,
        // To its endpoint: where it goes now (the endpoint's URL may have changed since).
        url: opts.to ?? (toEndpoint && ep ? ep.url : orig.url),
        method: orig.method ?? ep?.method ?? null,
        headers_json: JSON.stringify(toEndpoint || !ep ? ownHeaders : mergeHeaderLayers(JSON.parse(ep.headers_json) as HeaderPairs, ownHeaders)),
        headers_as_is: orig.headers_as_is,
        // To another URL, what the endpoint would have applied goes along: its headers (above), signing
        // (scheme and sealed secret), retry schedule and timeout.
        signing_json: toEndpoint ? null : (orig.signing_json ?? ep?.signing_json ?? null),
        secret: toEndpoint ? null : (orig.secret ?? ep?.secret ?? null),
        retry_json: orig.retry_json ?? (toEndpoint ? null : (ep?.retry_json ?? null)),
        timeout_ms: orig.timeout_ms ?? (toEndpoint ? null : (ep?.timeout_ms ?? null)),
        // A plain replay with an edited body keeps the message id; the edited bytes ride on the delivery.
        body: !opts.asNew && opts.body ? opts.body : null,
        replay_of: orig.id,
        created_at: now,
        next_attempt_at: now,
      },
    })
    return { deliveryId, messageId }
  }

  /**
   * Cancels a delivery that is not final; returns what it was (null: already final, nothing done).
   * 'sending': its attempt on the wire still finishes, and ends it delivered if it succeeds (no retry
   * follows otherwise).
   */
  function cancelOne(id: string): 'pending' | 'sending' | null {
    mustGet(id)
    const now = clock.now()
    const was = queue.cancel(id, now, leaseHolderRuns)
    if (was) {
      bus.emit('delivery.updated', { deliveryId: id, status: 'cancelled', attempts: queue.getDelivery(id)?.attempts ?? 0, nextAttemptAt: null })
      deps.dispatcher.poke(id)
    }
    return was
  }

  function retry(id: string): boolean {
    refuseUnsigned(mustGet(id), 'a retry')
    const ok = queue.retryNow(id, clock.now())
    if (ok) {
      bus.emit('delivery.updated', { deliveryId: id, status: 'pending', attempts: queue.getDelivery(id)?.attempts ?? 0, nextAttemptAt: clock.now() })
      deps.dispatcher.wake()
    }
    return ok
  }

  function bulkRetry(filter: DeliveryFilter = {}): { count: number } {
    flushQuietly()
    const ids = queue.bulkRetry(filter, clock.now(), (id) => {
      const row = queue.getDelivery(id)
      return row ? signedByDeletedEndpoint(row) !== null : false
    })
    for (const id of ids) bus.emit('delivery.updated', { deliveryId: id, status: 'pending', attempts: queue.getDelivery(id)?.attempts ?? 0, nextAttemptAt: clock.now() })
    deps.dispatcher.wake()
    return { count: ids.length }
  }

  function bulkCancel(filter: DeliveryFilter = {}): { count: number } {
    flushQuietly()
    const ids = queue.bulkCancel(filter, clock.now())
    for (const id of ids) {
      bus.emit('delivery.updated', { deliveryId: id, status: 'cancelled', attempts: queue.getDelivery(id)?.attempts ?? 0, nextAttemptAt: null })
      deps.dispatcher.poke(id)
    }
    return { count: ids.length }
  }

  return {
    enqueue,
    send,
    flush,
    flushQuietly,
    getDelivery,
    listDeliveries,
    matchingDeliveries,
    countDeliveries,
    recentEventTypes,
    replay,
    cancel: (id: string): boolean => cancelOne(id) !== null,
    cancelOne,
    retry,
    bulkRetry,
    bulkCancel,
    /**
     * One retention batch: removes finished deliveries older than maxAgeMs (or beyond maxDeliveries),
     * with their attempts and orphaned messages; returns how many. Pending and in-flight ones stay.
     */
    prune(opts: PruneOptions): number {
      return deps.pruner ? deps.pruner.prune(opts, clock.now()) : 0
    },
    /** Stops the commit retry timer (the engine calls it on stop, after a last flush). */
    close(): void {
      if (retryTimer) clearTimeout(retryTimer)
      retryTimer = null
    },
    waitFor(id: string): Promise<DeliverySummary> {
      mustGet(id)
      return deps.dispatcher.waitFor(id)
    },
    stats(): { byStatus: Record<string, number>; inFlight: number } {
      flushQuietly()
      return { byStatus: queue.statusCounts(), inFlight: deps.dispatcher.inFlightCount() }
    },
  }
}


function isConstraintError(err: unknown): boolean {
  return String((err as { code?: unknown } | null)?.code ?? '').startsWith('SQLITE_CONSTRAINT')
}
