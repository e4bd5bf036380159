// The dispatcher: claims due deliveries in batches (as many as there are free slots), sends them
// concurrently, and hands results to a group-commit writer (one batch at a time: settle, breaker
// writes and the next claim in one transaction, then events and waiters). An in-process enqueue wakes
// it at once; the poll only finds rows other processes wrote, expired leases and retries that came due.
import type { Clock } from '../clock'
import { HooklabError, toErrorPayload } from '../errors'
import type { EventBus } from '../events'
import type { Logger } from '../logger'
import { openSecret } from '../secrets'
import type { SecretBox } from '../secrets'
import type { HeaderPairs, SignInput, SigningConfig } from '../signing/types'
import { eventHeaderLayer } from '../signing/registry'
import type { EndpointRow } from '../endpoints/repo'
import type { EndpointService } from '../endpoints/service'
import { admit, onResult, reopensAt } from './breaker'
import type { BreakerSnapshot } from './breaker'
import type { Queue, ClaimedRow, ClaimRequest, Settlement, AttemptRow } from './queue'
import { toSummary } from './queue'
import { mergeHeaderLayers } from '../header-pairs'
import { RateWindow } from './rate-limit'
import { DEFAULT_RETRY, classify, decide, retriesEveryFailure } from './retry'
import type { Sender, SendResult } from './sender'
import type { DeliverySummary, RetryPolicy } from './types'
import { DEFAULT_USER_AGENT, FINAL_STATUSES } from './types'
import type { Heartbeat } from './heartbeat'
import { createInlineWriter, isStorageError } from './writer'
import type { DeliveryWriter, EndpointOp, WriteResult } from './writer'

export type SignFn = (config: SigningConfig, input: SignInput) => HeaderPairs

export interface DispatcherDeps {
  queue: Queue
  endpoints: EndpointService
  heartbeat: Heartbeat
  sender: Sender
  sign: SignFn
  bus: EventBus
  clock: Clock
  logger: Logger
  openBoxes: readonly SecretBox[]
  owner: string
  /** Global cap on attempts in flight (default 64). */
  maxInFlight?: number
  /** How often to look for rows other processes wrote (default 250 ms). */
  pollMs?: number
  random?: () => number
  userAgent?: string
  /** When set, only these deliveries are dispatched and no heartbeat is written (CLI send --wait). */
  only?: Set<string>
  /** The group-commit writer (default: inline on `queue`'s connection). */
  writer?: DeliveryWriter
}

const WRITE_BATCH = 256
const HEARTBEAT_MS = 1000
const ENDPOINT_REFRESH_MS = 1000

interface EndpointState {
  row: EndpointRow
  breaker: BreakerSnapshot
  inFlight: number
  bucket: RateWindow | null
}

/** One attempt's place under maxInFlight (and its endpoint's max_concurrency), held until its result is committed. */
interface Slot {
  id: string
  ep: EndpointState | null
  freed: boolean
  p: Promise<void>
}

export type Dispatcher = ReturnType<typeof createDispatcher>

export function createDispatcher(deps: DispatcherDeps) {
  const { queue, bus, clock, logger, owner } = deps
  const writer = deps.writer ?? createInlineWriter(queue, deps.endpoints.repo)
  const maxInFlight = deps.maxInFlight ?? 64
  const pollMs = deps.pollMs ?? 250
  const userAgent = deps.userAgent ?? DEFAULT_USER_AGENT

  const inFlight = new Map<string, Slot>()
  const endpoints = new Map<string, EndpointState>()
  let endpointsLoadedAt = -Infinity
  const waiters = new Map<string, Array<(s: DeliverySummary) => void>>()
  // `written` frees the attempt's slot: a slot counts as in flight until its result is on disk, so
  // a crash re-sends at most maxInFlight deliveries.
  let pendingWrites: Array<{ settlement: Settlement; slot: Slot; written: () => void }> = []
  const breakerWrites = new Map<string, { snap: BreakerSnapshot; disableReason: string | null }>()
  // Endpoints whose breaker state is in the batch being committed: the stored one is older.
  const breakersInWrite = new Set<string>()
  let writeScheduled = false
  // One batch at a time at the writer; `writeDone` settles when its post-commit part has run.
  let writing = false
  let writeDone: Promise<void> = Promise.resolve()
  // Other writes on this process's connection (the enqueue commit) wait here while a batch is at
  // the writer thread: two connections taking turns at SQLite's lock sleep in its busy handler.
  const idleHooks: Array<() => void> = []
  // While results cannot be written (disk full): hold them (they were sent: never resend), claim
  // nothing new, retry the write no sooner than writeRetryAt, with a doubling backoff.
  let writeFailing = false
  let writeRetryAt = 0
  let writeBackoffMs = 0
  let tickFailing = false
  let tickScheduled = false
  let timer: NodeJS.Timeout | null = null
  let running = false
  let lastBeat = -Infinity
  // The last claim filled every free slot: more is probably due, claim again when enough slots free.
  let backlogged = false
  // Expired leases (a crashed owner's rows) are looked for at most once per poll, not in every claim.
  let leasesScannedAt = -Infinity
  const refillAt = Math.max(1, Math.floor(maxInFlight / 4))

  // ---- endpoint state (breaker, concurrency, rate) ----
  function refreshEndpoints(force = false): void {
    const now = clock.now()
    if (!force && now - endpointsLoadedAt < ENDPOINT_REFRESH_MS) return
    endpointsLoadedAt = now
    const seen = new Set<string>()
    for (const row of deps.endpoints.rows()) {
      seen.add(row.id)
      upsertEndpoint(row)
    }
    for (const id of endpoints.keys()) if (!seen.has(id) && endpoints.get(id)?.inFlight === 0) endpoints.delete(id)
  }

  function upsertEndpoint(row: EndpointRow): EndpointState {
    const existing = endpoints.get(row.id)
    const breaker = { state: row.breaker_state, openedAt: row.breaker_opened_at, consecutiveFailures: row.consecutive_failures }
    if (existing) {
      // A changed rate limit takes effect now (compared before the row is replaced).
      if (existing.row.rate_limit_per_sec !== row.rate_limit_per_sec) existing.bucket = row.rate_limit_per_sec ? new RateWindow(row.rate_limit_per_sec) : null
      existing.row = row
      if (!breakerWrites.has(row.id) && !breakersInWrite.has(row.id)) existing.breaker = breaker // our own unwritten state wins
      return existing
    }
    const state: EndpointState = {
      row,
      breaker,
      inFlight: 0,
      bucket: row.rate_limit_per_sec ? new RateWindow(row.rate_limit_per_sec) : null,
    }
    endpoints.set(row.id, state)
    return state
  }

  function endpointState(id: string): EndpointState | null {
    const known = endpoints.get(id)
    if (known) return known
    const row = deps.endpoints.row(id)
    return row ? upsertEndpoint(row) : null
  }

  const offEndpointUpdated = bus.on('endpoint.updated', ({ endpointId }) => {
    const row = deps.endpoints.row(endpointId)
    if (row) upsertEndpoint(row)
    else if (endpoints.get(endpointId)?.inFlight === 0) endpoints.delete(endpointId)
    wake()
  })

  /** Why this endpoint cannot take one more attempt now (null: it can), and the earliest it might. */
  function blockedReason(s: EndpointState, now: number): { blocked: boolean; retryAt: number | null } {
    if (s.row.enabled !== 1) return { blocked: true, retryAt: null }
    const cfg = { threshold: s.row.breaker_threshold, cooldownMs: s.row.breaker_cooldown_ms }
    const gate = admit(s.breaker, cfg, now, s.inFlight)
    if (!gate.allowed) {
      // Past the cool-down but an attempt is still out: its end wakes the loop (polling each ms would spin).
      const at = reopensAt(s.breaker, cfg)
      return { blocked: true, retryAt: at !== null && at > now ? at : null }
    }
    if (s.inFlight >= s.row.max_concurrency) return { blocked: true, retryAt: null }
    if (s.bucket && s.bucket.available(now) < 1) return { blocked: true, retryAt: now + s.bucket.waitMs(now) }
    return { blocked: false, retryAt: null }
  }

  /** How many attempts this (unblocked) endpoint can start now. */
  function capacity(s: EndpointState, now: number): number {
    if (s.breaker.state !== 'closed') return 1 // a probe at a time
    const slots = s.row.max_concurrency - s.inFlight
    return s.bucket ? Math.min(slots, s.bucket.available(now)) : slots
  }

  // ---- the loop ----
  function wake(): void {
    if (!running || tickScheduled) return
    tickScheduled = true
    setImmediate(tick)
  }

  function tick(): void {
    tickScheduled = false
    if (!running) return
    const now = clock.now()
    let wakeAt = now + pollMs
    try {
      if (now - lastBeat >= HEARTBEAT_MS) {
        lastBeat = now
        if (!deps.only) deps.heartbeat.beat(owner, process.pid, now)
        checkWaiters()
      }
      if (writeFailing) {
        if (now >= writeRetryAt && !writing) flushWrites()
        if (writeFailing) {
          // A retry at the writer wakes the loop when it is back; the timer is only a safety net.
          armTimer(writing ? pollMs : writeRetryAt - now)
          return
        }
      }
      // While a batch is at the writer its claim is on the way: claim again once it is back.
      const plan = writing ? null : planClaim(now, null)
      if (plan) {
        wakeAt = Math.min(wakeAt, plan.wakeAt)
        wakeAt = Math.min(wakeAt, startClaimed(plan.req, queue.claimDue(plan.req), now))
      }
      tickFailing = false
    } catch (err) {
      // Once per episode: a failing tick repeats every poll.
      if (!tickFailing) logger.error('dispatcher tick failed', { error: toErrorPayload(err).message })
      tickFailing = true
    }
    armTimer(wakeAt - clock.now())
  }

  /**
   * The claim to make for the free slots now (null: none). `freeing` are slots whose results are
   * being committed in the same transaction as this claim: counted free, though not freed yet.
   * Refills in batches while there is a backlog: one claim per quarter of the slots, not per slot.
   */
  function planClaim(now: number, freeing: readonly Slot[] | null): { req: ClaimRequest; wakeAt: number } | null {
    refreshEndpoints()
    let extra = 0
    if (freeing)
      for (const slot of freeing)
        if (!slot.freed) {
          extra++
          if (slot.ep) slot.ep.inFlight--
        }
    try {
      const free = maxInFlight - (inFlight.size - extra)
      if (free <= 0 || (free < refillAt && backlogged)) return null
      let wakeAt = Infinity
      const blocked: string[] = []
      const servable: Array<{ endpointId: string | null; limit: number }> = [{ endpointId: null, limit: free }]
      for (const s of endpoints.values()) {
        const b = blockedReason(s, now)
        if (b.blocked) {
          blocked.push(s.row.id)
          if (b.retryAt !== null) wakeAt = Math.min(wakeAt, Math.max(b.retryAt, now + 1))
        } else servable.push({ endpointId: s.row.id, limit: capacity(s, now) })
      }
      const skipExpired = now - leasesScannedAt < pollMs
      if (!skipExpired) leasesScannedAt = now
      return { req: { owner, now, total: free, endpoints: servable, blocked, only: deps.only ? [...deps.only] : null, skipExpired }, wakeAt }
    } finally {
      // Only a view for planning: the slots are freed for real once the commit succeeded.
      if (freeing) for (const slot of freeing) if (!slot.freed && slot.ep) slot.ep.inFlight++
    }
  }

  /** Starts the claimed rows (the slots they need are free by now); returns when to look again. */
  function startClaimed(req: ClaimRequest, rows: readonly ClaimedRow[], now: number): number {
    let wakeAt = Infinity
    // A row whose endpoint cannot take it now (turned off, breaker opened by the batch just written)
    // is given back at once: never sent, so never sent twice.
    // Each row starts at its own time, not the claim's: the rows of one claim start one after another
    // (ms apart under load), and an attempt recorded later than its rate-limit slot could let the 11th
    // of 10/s start less than a second after the 1st.
    const giveBack: string[] = []
    for (const row of rows) {
      const ep = row.endpoint_id ? endpointState(row.endpoint_id) : null
      const at = clock.now()
      if (ep && blockedReason(ep, at).blocked) giveBack.push(row.id)
      else start(row, ep, at)
    }
    if (giveBack.length) queue.release(owner, giveBack, now)
    backlogged = rows.length === req.total && giveBack.length === 0
    if (!backlogged) {
      const due = queue.nextDue(req.endpoints.map((w) => w.endpointId))
      if (due !== null) wakeAt = Math.max(due, now + 1)
    }
    return wakeAt
  }

  function armTimer(ms: number): void {
    if (timer) clearTimeout(timer)
    timer = setTimeout(wake, Math.max(0, Math.min(ms, pollMs)))
  }

  /** Starts the attempt for a claimed row whose endpoint (if any) can take it now. */
  /** `now` is when it starts: the attempt's recorded start and its rate-limit slot carry the same time. */
  function start(row: ClaimedRow, ep: EndpointState | null, now: number): void {
    if (ep) {
      const cfg = { threshold: ep.row.breaker_threshold, cooldownMs: ep.row.breaker_cooldown_ms }
      const before = ep.breaker
      ep.breaker = admit(before, cfg, now, ep.inFlight).next
      // Open -> half-open is stored too: the UI shows the probe, not an open breaker, while it runs.
      if (ep.breaker.state !== before.state) {
        breakerWrites.set(ep.row.id, { snap: ep.breaker, disableReason: breakerWrites.get(ep.row.id)?.disableReason ?? null })
        if (!writeScheduled) {
          writeScheduled = true
          setImmediate(flushWrites)
        }
      }
      ep.bucket?.tryTake(now)
      ep.inFlight++
    }
    bus.emit('delivery.updated', { deliveryId: row.id, status: 'sending', attempts: row.attempts, nextAttemptAt: null })
    const slot: Slot = { id: row.id, ep, freed: false, p: Promise.resolve() }
    inFlight.set(row.id, slot) // before the attempt runs: a result can be committed synchronously
    slot.p = attempt(row, ep, slot, now)
      .catch((err: unknown) => logger.error('attempt crashed', { deliveryId: row.id, error: toErrorPayload(err).message }))
      .finally(() => {
        freeSlot(slot)
        wake()
      })
  }

  /** Once per slot: by the commit of its result, or when the attempt ends without one being written. */
  function freeSlot(slot: Slot): void {
    if (slot.freed) return
    slot.freed = true
    if (inFlight.get(slot.id) === slot) inFlight.delete(slot.id)
    if (slot.ep) slot.ep.inFlight--
  }

  async function attempt(row: ClaimedRow, ep: EndpointState | null, slot: Slot, startedAt: number): Promise<void> {
    const number = row.attempts + 1
    if (row.message_body === null || row.content_type === null) throw new HooklabError('E_INTERNAL', `message ${row.message_id} missing`)
    const body = row.body ?? row.message_body
    const policy: RetryPolicy = parse<RetryPolicy>(row.retry_json) ?? (ep ? endpointRetry(ep.row) : null) ?? DEFAULT_RETRY
    const timeoutMs = row.timeout_ms ?? ep?.row.timeout_ms ?? 15_000
    const url = ep ? ep.row.url : row.url
    const method = (ep ? ep.row.method : row.method) ?? 'POST'

    let headers: HeaderPairs
    let prepError: { code: string; message: string } | null = null
    try {
      headers = buildHeaders(row, ep, row.content_type, body, startedAt)
    } catch (err) {
      headers = []
      prepError = toErrorPayload(err)
    }
    bus.emit('attempt.started', { deliveryId: row.id, attempt: number, startedAt })

    let result: SendResult
    if (prepError) {
      result = { status: null, headers: [], body: Buffer.alloc(0), truncated: false, error: prepError as SendResult['error'], connectMs: null, firstByteMs: null, totalMs: 0 }
    } else {
      result = await deps.sender.send({ url, method, headers, body, timeoutMs })
    }
    const now = clock.now()
    // An answer broken off after its headers (body too slow, connection closed mid-body) is kept on the
    // attempt, but it is no complete answer: the retry decision and the breaker see no status.
    const answered = result.error ? null : result.status
    // Only a 429 or 503 reads Retry-After (retry.ts decide): skip the header scan for the rest.
    const retryAfter = answered === 429 || answered === 503 ? (result.headers.find(([n]) => n.toLowerCase() === 'retry-after')?.[1] ?? null) : null
    // A request we could not even build (a secret this process cannot open, a header undici refuses) will
    // not get better by retrying, and says nothing about the endpoint. One cut short by this engine
    // stopping is due again at once, whatever its schedule says, and neither it nor an earlier one cut
    // short that way counts toward maxAttempts or moves the schedule: that was Hooklab's doing, not the
    // endpoint's (its attempt row stays, numbered in turn, for the history).
    const stopped = result.error?.code === 'E_STOPPED'
    const unsendable = prepError !== null || result.error?.code === 'E_INVALID_INPUT'
    const decision = unsendable
      ? { outcome: 'failed' as const, nextAttemptAt: null }
      : stopped
        ? { outcome: 'retrying' as const, nextAttemptAt: now }
        : decide({ policy, attemptsMade: number - (row.attempts > 0 ? queue.stoppedAttempts(row.id) : 0), status: answered, retryAfter, now, random: deps.random })
    const attemptRow: AttemptRow = {
      delivery_id: row.id,
      number,
      endpoint_id: row.endpoint_id,
      owner,
      started_at: startedAt,
      request_url: url,
      request_method: method,
      request_headers_json: JSON.stringify(headers),
      response_status: result.status,
      response_headers_json: result.status === null ? null : JSON.stringify(result.headers),
      response_body: result.status === null ? null : result.body,
      response_truncated: result.truncated ? 1 : 0,
      error_code: result.error?.code ?? null,
      error_message: result.error?.message ?? (answered !== null && classify(answered) !== 'success' ? `HTTP ${answered}` : null),
      connect_ms: result.connectMs,
      first_byte_ms: result.firstByteMs,
      total_ms: result.totalMs,
      outcome: decision.outcome,
    }
    if (ep && !unsendable && !stopped) noteBreaker(ep, answered, now, retriesEveryFailure(policy))
    const status = decision.outcome === 'retrying' ? 'pending' : decision.outcome
    await write({ settlement: { owner, attempt: attemptRow, status, nextAttemptAt: decision.nextAttemptAt, now }, slot })
  }

  // Parsed once per endpoint row object (rows are replaced, never mutated, when they change).
  const parsedHeaders = new WeakMap<EndpointRow, HeaderPairs>()
  function endpointHeaders(r: EndpointRow): HeaderPairs {
    let h = parsedHeaders.get(r)
    if (!h) parsedHeaders.set(r, (h = JSON.parse(r.headers_json) as HeaderPairs))
    return h
  }

  const parsedRetry = new WeakMap<EndpointRow, RetryPolicy | null>()
  function endpointRetry(r: EndpointRow): RetryPolicy | null {
    let p = parsedRetry.get(r)
    if (p === undefined) parsedRetry.set(r, (p = parse<RetryPolicy>(r.retry_json)))
    return p
  }

  function buildHeaders(row: ClaimedRow, ep: EndpointState | null, contentType: string, body: Buffer, now: number): HeaderPairs {
    const extra = row.headers_json === '[]' ? [] : (JSON.parse(row.headers_json) as HeaderPairs)
    if (row.headers_as_is === 1) return extra
    let signing: SigningConfig | null = null
    if (ep) signing = deps.endpoints.signingFor(ep.row, now)
    else if (row.signing_json && row.secret) {
      const shape = JSON.parse(row.signing_json) as Omit<SigningConfig, 'secret'>
      signing = { ...shape, secret: openSecret(deps.openBoxes, row.secret) }
    }
    // Fresh timestamp every attempt; the id is the message id on every attempt and on a plain replay.
    const signature = signing ? deps.sign(signing, { id: row.message_id, timestamp: Math.floor(now / 1000), body }) : []
    const event = eventHeaderLayer(signing?.scheme, row.event_type)
    const headers = mergeHeaderLayers([['content-type', contentType], ['user-agent', userAgent]], ep ? endpointHeaders(ep.row) : [], event, extra, signature)
    if (!headers.some(([n]) => n.toLowerCase() === 'webhook-id')) headers.push(['webhook-id', row.message_id])
    return headers
  }

  /** `everyFailure`: the delivery's schedule retries a 4xx (svix, stripe), so a 4xx counts against the endpoint too. */
  function noteBreaker(ep: EndpointState, status: number | null, now: number, everyFailure: boolean): void {
    const cls = classify(status, everyFailure)
    // A final answer (a 4xx) is no evidence the endpoint is down; to a half-open breaker's probe it is
    // proof that it is up again (left alone, the breaker stayed half-open, one attempt at a time, for good).
    if (cls === 'final' && ep.breaker.state !== 'half_open') return
    const cfg = { threshold: ep.row.breaker_threshold, cooldownMs: ep.row.breaker_cooldown_ms }
    const before = ep.breaker
    ep.breaker = onResult(before, cfg, cls !== 'retryable', now)
    let disableReason: string | null = null
    const limit = ep.row.auto_disable_after
    if (limit !== null && ep.breaker.consecutiveFailures >= limit && ep.row.enabled === 1) {
      disableReason = `auto-disabled after ${ep.breaker.consecutiveFailures} consecutive failed attempts`
      ep.row = { ...ep.row, enabled: 0, disabled_reason: disableReason }
    }
    if (before.state !== ep.breaker.state || before.consecutiveFailures !== ep.breaker.consecutiveFailures || disableReason) {
      const prev = breakerWrites.get(ep.row.id)
      breakerWrites.set(ep.row.id, { snap: ep.breaker, disableReason: disableReason ?? prev?.disableReason ?? null })
    }
  }

  // ---- group-commit writer ----
  function write(item: { settlement: Settlement; slot: Slot }): Promise<void> {
    return new Promise((written) => {
      pendingWrites.push({ ...item, written })
      if (writeFailing) return // the tick retries the held results
      if (pendingWrites.length >= WRITE_BATCH) flushWrites()
      else if (!writeScheduled) {
        writeScheduled = true
        setImmediate(flushWrites)
      }
    })
  }

  /** Sends the held results (and a claim for the slots they free) to the writer, one batch at a time. */
  function flushWrites(): void {
    writeScheduled = false
    if (writing) return // the batch at the writer flushes again when it is back
    if (pendingWrites.length === 0 && breakerWrites.size === 0) return
    const batch = pendingWrites
    pendingWrites = []
    const breakers = [...breakerWrites.entries()]
    breakerWrites.clear()
    for (const [id] of breakers) breakersInWrite.add(id)
    const now = clock.now()
    // Refill the slots these results free in the same transaction: one COMMIT instead of two per cycle.
    let plan: { req: ClaimRequest; wakeAt: number } | null = null
    if (running) {
      try {
        plan = planClaim(now, batch.map((b) => b.slot))
      } catch {
        plan = null // the tick claims (and reports) instead
      }
    }
    const endpointOps: EndpointOp[] = breakers.map(([id, w]) => ({
      id,
      state: w.snap.state,
      openedAt: w.snap.openedAt,
      consecutiveFailures: w.snap.consecutiveFailures,
      disableReason: w.disableReason,
    }))
    writing = true
    let sent: Promise<WriteResult>
    try {
      sent = writer.settleAndClaim({ settlements: batch.map((b) => b.settlement), endpointOps, claim: plan?.req ?? null, now })
    } catch (err) {
      sent = Promise.reject(err instanceof Error ? err : new Error(String(err)))
    }
    writeDone = sent
      .then(
        (r) => committed(batch, breakers, plan, r),
        (err: unknown) => notCommitted(batch, breakers, err),
      )
      .finally(() => {
        writing = false
        for (const [id] of breakers) breakersInWrite.delete(id)
        for (const fn of idleHooks.splice(0)) fn()
        // Results that came in meanwhile go next (a bigger group), unless writes are failing.
        if (!writeFailing && (pendingWrites.length || breakerWrites.size)) flushWrites()
      })
  }

  type HeldBreakers = Array<[string, { snap: BreakerSnapshot; disableReason: string | null }]>

  function notCommitted(batch: typeof pendingWrites, breakers: HeldBreakers, err: unknown): void {
    if (!isStorageError(err)) {
      // Not a passing storage condition: holding would stall dispatching for good. The rows stay
      // leased and are retried when the lease expires (at-least-once).
      logger.error('could not write attempt results', { error: toErrorPayload(err).message })
      for (const b of batch) b.written()
      return
    }
    // Keep the results (their requests went out) and retry them; our own unwritten breaker state wins.
    pendingWrites = batch.concat(pendingWrites)
    for (const [id, w] of breakers) if (!breakerWrites.has(id)) breakerWrites.set(id, w)
    if (!writeFailing) logger.error('could not write attempt results; holding them, not claiming until they are written', { error: toErrorPayload(err).message, held: pendingWrites.length })
    writeFailing = true
    writeBackoffMs = Math.min(Math.max(writeBackoffMs * 2, pollMs), 2000)
    writeRetryAt = clock.now() + writeBackoffMs
    if (running) armTimer(writeBackoffMs)
  }

  function committed(batch: typeof pendingWrites, breakers: HeldBreakers, plan: { req: ClaimRequest; wakeAt: number } | null, r: WriteResult): void {
    const { accepted, claimed, disabled } = r
    if (writeFailing) {
      writeFailing = false
      writeBackoffMs = 0
      logger.info('attempt results written again', { written: batch.length })
    }
    // Committed: the slots are free before the claimed rows take them.
    for (const b of batch) freeSlot(b.slot)
    batch.forEach((b, i) => {
      b.written()
      const s = b.settlement
      const a = s.attempt
      if (!accepted[i]) {
        logger.warn('attempt result dropped: lease was taken over', { deliveryId: a.delivery_id })
        return
      }
      bus.emit('attempt.finished', {
        deliveryId: a.delivery_id,
        attempt: a.number,
        status: a.response_status,
        error: a.error_code,
        durationMs: a.total_ms,
        outcome: a.outcome,
      })
      bus.emit('delivery.updated', { deliveryId: a.delivery_id, status: s.status, attempts: a.number, nextAttemptAt: s.nextAttemptAt })
      resolveWaiters(a.delivery_id) // (a cancelled one's final status is in the row, not in s.status)
    })
    for (const [id] of breakers) bus.emit('endpoint.updated', { endpointId: id })
    if (disabled.length) logger.warn('endpoint auto-disabled after a failure streak', { endpoints: disabled })
    if (plan) {
      try {
        // Stopping meanwhile: the claimed rows are not started, their leases go back at once.
        if (running) startClaimed(plan.req, claimed, clock.now())
        else if (claimed.length) queue.release(owner, claimed.map((c) => c.id), clock.now())
      } catch (err) {
        // Rows not started stay leased and are claimed again when the lease expires.
        logger.error('could not start claimed deliveries', { error: toErrorPayload(err).message })
      }
    }
    wake()
  }

  /** Resolves once no batch is at the writer. */
  async function writerIdle(): Promise<void> {
    while (writing) await writeDone.catch(() => undefined)
  }

  // ---- waiters ----
  function resolveWaiters(id: string): void {
    const list = waiters.get(id)
    if (!list) return
    const row = queue.getDelivery(id)
    if (!row || !FINAL_STATUSES.includes(row.status)) return
    // Cancelled while its attempt is on the wire: not final until that attempt ends (a success makes it delivered).
    if (row.status === 'cancelled' && row.lease_owner !== null && (row.lease_expires_at ?? 0) > clock.now()) return
    waiters.delete(id)
    const summary = toSummary(row)
    for (const resolve of list) resolve(summary)
  }

  function checkWaiters(): void {
    for (const id of [...waiters.keys()]) resolveWaiters(id)
  }

  return {
    start(): void {
      if (running) return
      running = true
      refreshEndpoints(true)
      wake()
    },
    wake,
    /** Runs fn now, or once the batch at the writer is back (before the next one goes). fn must not throw. */
    whenWriterIdle(fn: () => void): void {
      if (writing) idleHooks.push(fn)
      else fn()
    },
    /** Resolves when the delivery is final (delivered, failed, dead or cancelled), in this or another process. */
    waitFor(id: string): Promise<DeliverySummary> {
      return new Promise((resolve) => {
        const list = waiters.get(id) ?? []
        list.push(resolve)
        waiters.set(id, list)
        resolveWaiters(id)
        if (!running && waiters.has(id)) {
          // Not dispatching here: another process must finish it; look every poll.
          const t = setInterval(() => {
            resolveWaiters(id)
            if (!waiters.has(id)) clearInterval(t)
          }, pollMs)
        }
      })
    },
    /** Re-check waiters after a change made outside the writer (e.g. cancel). */
    poke(id: string): void {
      resolveWaiters(id)
    },
    inFlightCount: (): number => inFlight.size,
    /** Stop claiming; let in-flight attempts finish up to graceMs; end the rest (recorded, due again at once). */
    async stop(graceMs = 5000): Promise<void> {
      running = false
      if (timer) clearTimeout(timer)
      timer = null
      offEndpointUpdated()
      if (inFlight.size) {
        let graceTimer: NodeJS.Timeout | undefined
        await Promise.race([
          Promise.allSettled([...inFlight.values()].map((s) => s.p)),
          new Promise((r) => {
            graceTimer = setTimeout(r, graceMs)
          }),
        ])
        clearTimeout(graceTimer)
      }
      // Past the grace period the requests still on the wire are ended, and each is recorded as an
      // attempt cut short and due again. Leaving one running while its lease is given back would let
      // the next engine send it a second time alongside, and lose this one's result.
      if (inFlight.size) {
        deps.sender.abortAll('Hooklab stopped while this attempt was in flight; it is sent again when Hooklab runs next')
        // Their results are written below; a disk that refuses them must not hold the stop.
        let abortTimer: NodeJS.Timeout | undefined
        await Promise.race([
          Promise.allSettled([...inFlight.values()].map((s) => s.p)),
          new Promise((r) => {
            abortTimer = setTimeout(r, 1000)
          }),
        ])
        clearTimeout(abortTimer)
      }
      // The results of the attempts that finished: one last try each, even while writes fail.
      await writerIdle()
      for (let i = 0; i < 2 && (pendingWrites.length || breakerWrites.size); i++) {
        writeFailing = false
        flushWrites()
        await writerIdle()
      }
      // Unwritable at stop (disk full): their leases expire and the next engine sends them again.
      if (pendingWrites.length) logger.error('attempt results could not be written before stopping', { held: pendingWrites.length })
      // Best-effort from here: a disk that refuses these writes (full, read-only) must not make stop
      // throw over the command's own result. Unreleased leases expire; a stale heartbeat ages out.
      const leased = [...inFlight.keys()]
      try {
        if (leased.length) queue.release(owner, leased, clock.now())
      } catch (err) {
        logger.error('could not give back the leases of attempts cut short; they are sent again once their leases expire', { error: toErrorPayload(err).message, held: leased.length })
      }
      try {
        deps.heartbeat.remove(owner)
      } catch (err) {
        logger.warn('could not remove this engine\'s heartbeat; it ages out in a few seconds', { error: toErrorPayload(err).message })
      }
    },
  }
}

function parse<T>(json: string | null): T | null {
  return json ? (JSON.parse(json) as T) : null
}
