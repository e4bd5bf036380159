// The delivery queue: SQL for the message, delivery and attempt tables. Every state change is a
// named operation; the ones that touch several rows run in one synchronous transaction, no await.
import type { Statement } from 'better-sqlite3'
import type { Db } from '../db/open'
import { HooklabError } from '../errors'
import { FINAL_STATUSES, type AttemptOutcome, type AttemptRecord, type DeliveryFilter, type DeliveryStatus, type DeliverySummary, type Page, type PageResult } from './types'

export interface MessageRow {
  id: string
  event_type: string | null
  body: Buffer
  content_type: string
  created_at: number
}

export interface DeliveryRow {
  id: string
  message_id: string
  endpoint_id: string | null
  event_type: string | null
  url: string
  method: string | null
  headers_json: string
  headers_as_is: number
  signing_json: string | null
  secret: Buffer | null
  retry_json: string | null
  timeout_ms: number | null
  body: Buffer | null
  status: DeliveryStatus
  attempts: number
  next_attempt_at: number | null
  lease_owner: string | null
  lease_expires_at: number | null
  last_status: number | null
  last_error_code: string | null
  last_error: string | null
  replay_of: string | null
  /** Its endpoint's name, kept when that endpoint was deleted (endpoint_id is NULL then). */
  deleted_endpoint_name: string | null
  created_at: number
  updated_at: number
  completed_at: number | null
}

const CLAIMED_COLUMNS = 'id, message_id, endpoint_id, event_type, url, method, headers_json, headers_as_is, signing_json, secret, retry_json, timeout_ms, body, attempts'

/** What a claim hands the dispatcher: the delivery's sending fields and its message's body and type. */
export type ClaimedRow = Pick<
  DeliveryRow,
  'id' | 'message_id' | 'endpoint_id' | 'event_type' | 'url' | 'method' | 'headers_json' | 'headers_as_is' | 'signing_json' | 'secret' | 'retry_json' | 'timeout_ms' | 'body' | 'attempts'
> & { message_body: Buffer | null; content_type: string | null }

export interface NewDelivery {
  message: MessageRow
  delivery: Pick<
    DeliveryRow,
    'id' | 'message_id' | 'endpoint_id' | 'event_type' | 'url' | 'method' | 'headers_json' | 'headers_as_is' | 'signing_json' | 'secret' | 'retry_json' | 'timeout_ms' | 'body' | 'replay_of' | 'created_at'
  > & { next_attempt_at: number }
}

export interface AttemptRow {
  delivery_id: string
  number: number
  endpoint_id: string | null
  owner: string
  started_at: number
  request_url: string
  request_method: string
  request_headers_json: string
  response_status: number | null
  response_headers_json: string | null
  response_body: Buffer | null
  response_truncated: number
  error_code: string | null
  error_message: string | null
  connect_ms: number | null
  first_byte_ms: number | null
  total_ms: number
  outcome: AttemptOutcome
}

/** The end of one attempt, as the group-commit writer hands it to settle(). */
export interface Settlement {
  owner: string
  attempt: AttemptRow
  status: Exclude<DeliveryStatus, 'sending' | 'cancelled'>
  nextAttemptAt: number | null
  now: number
}

/** What the dispatcher can take now: `total` rows at most, `limit` per endpoint it can serve. */
export interface ClaimRequest {
  owner: string
  now: number
  total: number
  /** Endpoints that can take attempts now (endpointId null: ad-hoc deliveries). */
  endpoints: ReadonlyArray<{ endpointId: string | null; limit: number }>
  /** Endpoints that cannot: their expired leases stay where they are. */
  blocked: readonly string[]
  /** Restrict to these delivery ids (a CLI `send --wait` serves its own delivery, not the backlog). */
  only: readonly string[] | null
  /** Skip the expired-lease scan (a fixed ~40 us per claim; leases expire seconds apart, so the caller rations it). */
  skipExpired?: boolean
}

/** Grace added to the request timeout for a lease: the attempt must be written back before it ends. */
export const LEASE_GRACE_MS = 5000

const FINAL_SQL = "('delivered','failed','dead','cancelled')"
/** The WHERE of the partial index delivery_problem (migration 003); a query must repeat it literally to use it. */
const PROBLEM_SQL = "('failed','dead','cancelled')"
const PROBLEM_STATUSES: ReadonlySet<string> = new Set(['failed', 'dead', 'cancelled'])
const STATUSES: readonly DeliveryStatus[] = ['pending', 'sending', ...FINAL_STATUSES]

export type Queue = ReturnType<typeof createQueue>

export function createQueue(db: Db) {
  // Hot-path statements bind positional parameters: named ones cost a property lookup per value per row.
  const insertMessage = db.prepare('INSERT OR IGNORE INTO message (id, event_type, body, content_type, created_at) VALUES (?, ?, ?, ?, ?)')
  const insertDelivery = db.prepare(`
    INSERT INTO delivery (id, message_id, endpoint_id, event_type, url, method, headers_json, headers_as_is, signing_json,
      secret, retry_json, timeout_ms, body, status, attempts, next_attempt_at, replay_of, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)`)

  // claimDue: takes up to `total` deliveries that are due (pending with next_attempt_at <= now) or
  // whose lease expired (sending, lease_expires_at <= now: the owner crashed), at most `limit` per
  // endpoint the caller can serve now, oldest due first, and leases them to `owner` until now +
  // timeout + grace. Each arm is an ordered, limited scan of its partial index (delivery_due is
  // keyed by endpoint, so a blocked endpoint's backlog is never walked); the reads and the UPDATEs
  // run in one IMMEDIATE transaction, so two processes never claim the same row.
  // The candidates carry their message's body and content type: the attempt needs them next.
  const duePerEndpoint = db.prepare(`
    SELECT d.id, d.next_attempt_at AS due, m.body AS message_body, m.content_type FROM delivery d LEFT JOIN message m ON m.id = d.message_id
    WHERE d.status = 'pending' AND d.endpoint_id IS ? AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?`)
  const dueById = db.prepare(`
    SELECT d.id, d.next_attempt_at AS due, d.endpoint_id, m.body AS message_body, m.content_type FROM delivery d LEFT JOIN message m ON m.id = d.message_id
    WHERE d.id = ? AND d.status = 'pending' AND d.next_attempt_at <= ?`)
  const expiredLeases = db.prepare(`
    SELECT id, lease_expires_at AS due, (SELECT m.body FROM message m WHERE m.id = message_id) AS message_body,
      (SELECT m.content_type FROM message m WHERE m.id = message_id) AS content_type
    FROM delivery INDEXED BY delivery_lease WHERE status = 'sending' AND lease_expires_at <= ?
      AND (endpoint_id IS NULL OR endpoint_id NOT IN (SELECT value FROM json_each(?)))
      AND (? IS NULL OR id IN (SELECT value FROM json_each(?)))
    ORDER BY lease_expires_at LIMIT ?`)
  // The sweep, with the expired-lease scan (once per poll), for leases no engine will end:
  // - one further ahead than any attempt could hold it (claimed by an engine whose clock ran ahead, then
  //   died): expires now, instead of when that clock said;
  // - a cancelled delivery's whose holder died: cleared, so it can be retried and pruned;
  // - an expired one of an endpoint that cannot send now (paused, breaker open): pending again, so it
  //   waits there (and a bulk cancel finds it) instead of showing "sending" with nothing on the wire.
  const leaseTimeout = 'COALESCE(timeout_ms, (SELECT e.timeout_ms FROM endpoint e WHERE e.id = delivery.endpoint_id), 15000)'
  const sweepFarLeases = db.prepare(`
    UPDATE delivery INDEXED BY delivery_lease SET lease_expires_at = @now
    WHERE status = 'sending' AND lease_expires_at > @now + @grace AND lease_expires_at > @now + @grace + 1000 + ${leaseTimeout}`)
  const sweepCancelledLeases = db.prepare(`
    UPDATE delivery INDEXED BY delivery_cancelled_lease SET lease_owner = NULL, lease_expires_at = NULL
    WHERE status = 'cancelled' AND lease_owner IS NOT NULL AND lease_expires_at <= @now`)
  const sweepBlockedLeases = db.prepare(`
    UPDATE delivery INDEXED BY delivery_lease SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = @now, updated_at = @now
    WHERE status = 'sending' AND lease_expires_at <= @now AND endpoint_id IN (SELECT value FROM json_each(@blocked))`)
  const leaseStmt = db.prepare(`
    UPDATE delivery SET status = 'sending', lease_owner = ?, updated_at = ?,
      lease_expires_at = ? + COALESCE(timeout_ms, (SELECT e.timeout_ms FROM endpoint e WHERE e.id = delivery.endpoint_id), 15000)
    WHERE id = ? RETURNING ${CLAIMED_COLUMNS}`)
  // The same for all of one claim's candidates in one statement (~14.5 -> ~10.4 us per row in a micro run:
  // one statement step instead of one per row). Their status is re-checked: the SELECTs ran in this transaction.
  const leaseMany = db.prepare(`
    UPDATE delivery SET status = 'sending', lease_owner = ?, updated_at = ?,
      lease_expires_at = ? + COALESCE(timeout_ms, (SELECT e.timeout_ms FROM endpoint e WHERE e.id = delivery.endpoint_id), 15000)
    WHERE id IN (SELECT value FROM json_each(?)) RETURNING ${CLAIMED_COLUMNS}`)
  const nextDueFor = db.prepare("SELECT next_attempt_at AS t FROM delivery WHERE status = 'pending' AND endpoint_id IS ? ORDER BY next_attempt_at LIMIT 1")

  // settle: writes the outcome of the attempt the lease holder just made. The WHERE on lease_owner
  // is the fence: a holder whose lease was taken over writes nothing (the new holder owns the row).
  const settleStmt = db.prepare(`
    UPDATE delivery SET status = ?, attempts = ?, next_attempt_at = ?,
      lease_owner = NULL, lease_expires_at = NULL, last_status = ?, last_error_code = ?,
      last_error = ?, updated_at = ?, completed_at = ?
    WHERE id = ? AND lease_owner = ? AND status = 'sending'`)
  // A delivery cancelled while this attempt was on the wire: a success still makes it delivered (the
  // receiver has it; shown cancelled, it would be replayed and processed twice); anything else leaves it
  // cancelled, not retried, with the reason its cancel gave (a deleted endpoint's) kept.
  const settleCancelledStmt = db.prepare(`
    UPDATE delivery SET status = CASE WHEN @delivered THEN 'delivered' ELSE status END, attempts = @attempts,
      lease_owner = NULL, lease_expires_at = NULL, last_status = @last_status, last_error_code = @last_error_code,
      last_error = CASE WHEN @delivered OR last_error IS NULL OR last_error NOT LIKE 'cancelled:%' THEN @last_error ELSE last_error END,
      updated_at = @now, completed_at = CASE WHEN @delivered THEN @now ELSE completed_at END
    WHERE id = @id AND lease_owner = @owner AND status = 'cancelled'`)
  const insertAttempt = db.prepare(`
    INSERT OR IGNORE INTO attempt (delivery_id, number, endpoint_id, owner, started_at, request_url, request_method, request_headers_json,
      response_status, response_headers_json, response_body, response_truncated, error_code, error_message,
      connect_ms, first_byte_ms, total_ms, outcome)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const writeAttempt = (a: AttemptRow, outcome: AttemptOutcome): void =>
    void insertAttempt.run(a.delivery_id, a.number, a.endpoint_id, a.owner, a.started_at, a.request_url, a.request_method, a.request_headers_json,
      a.response_status, a.response_headers_json, a.response_body, a.response_truncated, a.error_code, a.error_message,
      a.connect_ms, a.first_byte_ms, a.total_ms, outcome)

  // release: gives a leased delivery back (not sent: over-claimed or engine stopping), due at once.
  const releaseStmt = db.prepare(
    "UPDATE delivery SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, updated_at = @now WHERE id = @id AND lease_owner = @owner AND status = 'sending'",
  )
  const releaseCancelledStmt = db.prepare(
    "UPDATE delivery SET lease_owner = NULL, lease_expires_at = NULL WHERE id = @id AND lease_owner = @owner AND status = 'cancelled'",
  )
  // cancel: stops a delivery that is not final. One whose attempt is on the wire keeps its lease (it is
  // returned: the caller can say so): that attempt still gets recorded, and a success makes it delivered.
  const cancelStmt = db.prepare(
    `UPDATE delivery SET status = 'cancelled', next_attempt_at = NULL, updated_at = @now, completed_at = @now WHERE id = @id AND status NOT IN ${FINAL_SQL}
    RETURNING lease_owner, lease_expires_at`,
  )
  // The attempts of a delivery cut short by an engine stopping: they do not count toward its retries.
  const stoppedAttempts = db.prepare("SELECT COUNT(*) FROM attempt WHERE delivery_id = ? AND error_code = 'E_STOPPED'").pluck()
  // retryNow: makes a failed/dead/cancelled delivery due again, or pulls a pending one waiting out its backoff
  // forward to now (keeps its attempts and message id). Not one whose attempt is on the wire (still leased):
  // it would go out again alongside.
  const retryNowStmt = db.prepare(
    "UPDATE delivery SET status = 'pending', next_attempt_at = @now, completed_at = NULL, updated_at = @now WHERE id = @id AND status IN ('pending','failed','dead','cancelled') AND lease_owner IS NULL",
  )

  const getDelivery = db.prepare('SELECT * FROM delivery WHERE id = ?')
  const getMessage = db.prepare('SELECT * FROM message WHERE id = ?')
  const attemptsOf = db.prepare('SELECT * FROM attempt WHERE delivery_id = ? ORDER BY number')
  // Counted from indexes that do not move on the hot path (no status index over every row): pending
  // and sending from their partial indexes, the rare final ones from delivery_problem, delivered as the rest.
  const statusCounts = db.prepare(`
    SELECT 'total' AS status, COUNT(*) AS n FROM delivery
    UNION ALL SELECT 'pending', COUNT(*) FROM delivery WHERE status = 'pending'
    UNION ALL SELECT 'sending', COUNT(*) FROM delivery WHERE status = 'sending'
    UNION ALL SELECT status, COUNT(*) FROM delivery WHERE status IN ('failed','dead','cancelled') GROUP BY status`)

  // Every filter but the status (the statements for a rare status bind it as a plain equality).
  const OTHER_FILTERS_SQL = `
      (@endpoint_id IS NULL OR endpoint_id = @endpoint_id)
      AND (@event_type IS NULL OR event_type = @event_type)
      AND (@since IS NULL OR created_at >= @since)
      AND (@until IS NULL OR created_at < @until)
      AND (@text IS NULL OR id LIKE @text ESCAPE '\\' OR message_id LIKE @text ESCAPE '\\' OR url LIKE @text ESCAPE '\\'
           OR event_type LIKE @text ESCAPE '\\' OR last_error LIKE @text ESCAPE '\\'
           OR endpoint_id IN (SELECT e.id FROM endpoint e WHERE e.name LIKE @text ESCAPE '\\')
           OR instr(COALESCE(delivery.body, (SELECT m.body FROM message m WHERE m.id = delivery.message_id)), @text_bytes) > 0)`
  const FILTER_SQL = `(@status IS NULL OR status = @status) AND ${OTHER_FILTERS_SQL}`
  // Newest first, keyset-paged on (created_at, id) through delivery_created.
  const listStmt = db.prepare(`
    SELECT * FROM delivery WHERE ${FILTER_SQL}
      AND (@c_at IS NULL OR created_at < @c_at OR (created_at = @c_at AND id < @c_id))
    ORDER BY created_at DESC, id DESC LIMIT @limit`)
  // Oldest first, for the export.
  const listAscStmt = db.prepare(`
    SELECT * FROM delivery WHERE ${FILTER_SQL}
      AND (@c_at IS NULL OR created_at > @c_at OR (created_at = @c_at AND id > @c_id))
    ORDER BY created_at, id LIMIT @limit`)
  // A rare final status (failed, dead, cancelled) is listed from delivery_problem instead of walking
  // every delivered row; the literal IN is what lets SQLite use that partial index.
  const listProblemStmt = db.prepare(`
    SELECT * FROM delivery WHERE status = @status AND status IN ${PROBLEM_SQL} AND ${OTHER_FILTERS_SQL}
      AND (@c_at IS NULL OR created_at < @c_at OR (created_at = @c_at AND id < @c_id))
    ORDER BY created_at DESC, id DESC LIMIT @limit`)
  const listProblemAscStmt = db.prepare(`
    SELECT * FROM delivery WHERE status = @status AND status IN ${PROBLEM_SQL} AND ${OTHER_FILTERS_SQL}
      AND (@c_at IS NULL OR created_at > @c_at OR (created_at = @c_at AND id > @c_id))
    ORDER BY created_at, id LIMIT @limit`)
  // Deliveries per status under the other filters (the UI's status chips while a filter is set): one
  // walk of delivery_created over the time range, exact however long the log. The bounds are bound
  // as numbers (not NULL) so the range is an index search; sums, not GROUP BY, so nothing is sorted.
  const filteredCounts = db.prepare(`
    SELECT ${STATUSES.map((st) => `COALESCE(SUM(status = '${st}'), 0) AS ${st}`).join(', ')}
    FROM delivery WHERE created_at >= @from AND created_at < @to AND ${OTHER_FILTERS_SQL}`)
  // The event types of the newest deliveries, newest first (repeats included; the caller keeps the first of each).
  const newestEventTypes = db.prepare('SELECT event_type FROM delivery ORDER BY created_at DESC, id DESC LIMIT ?').pluck()
  const idsForRetry = db.prepare(`SELECT id FROM delivery WHERE status IN ${PROBLEM_SQL} AND ${FILTER_SQL} AND status IN ('failed','dead')`)
  // Pending ones only (on delivery_due): what is on the wire finishes its attempt.
  const idsForCancel = db.prepare(`SELECT id FROM delivery WHERE status = 'pending' AND ${FILTER_SQL}`)
  // Which of these deliveries match the filter's other fields (the UI's live rows while a search is set).
  const matchingOf = db.prepare(`SELECT id, status FROM delivery WHERE id IN (SELECT value FROM json_each(@ids)) AND ${OTHER_FILTERS_SQL}`)

  const filterParams = (f: DeliveryFilter): Record<string, unknown> => ({
    status: f.status ?? null,
    endpoint_id: f.endpointId ?? null,
    event_type: f.eventType ?? null,
    since: f.since ?? null,
    until: f.until ?? null,
    // Case-insensitive substring of the row's own fields: LIKE with its wildcards escaped.
    text: f.text ? `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
    // The body as sent (an edited replay's own bytes, else the message's), byte for byte as the Inbox searches.
    text_bytes: f.text ? Buffer.from(f.text, 'utf8') : null,
  })

  // enqueueBatch: inserts the messages (once per id) and deliveries of one tick in one transaction.
  const enqueueBatch = db.transaction((items: readonly NewDelivery[]) => {
    let lastMessage: string | null = null
    for (const { message: m, delivery: d } of items) {
      if (m.id !== lastMessage) insertMessage.run(m.id, m.event_type, m.body, m.content_type, m.created_at) // fan-out repeats it
      lastMessage = m.id
      insertDelivery.run(d.id, d.message_id, d.endpoint_id, d.event_type, d.url, d.method, d.headers_json, d.headers_as_is, d.signing_json,
        d.secret, d.retry_json, d.timeout_ms, d.body, d.next_attempt_at, d.replay_of, d.created_at, d.created_at)
    }
  })

  type Candidate = { id: string; due: number; message_body: Buffer | null; content_type: string | null }
  const claimRows = (req: ClaimRequest): ClaimedRow[] => {
    if (req.total <= 0) return []
    const cands: Candidate[] = []
    if (req.only) {
      for (const id of req.only) {
        const c = dueById.get(id, req.now) as (Candidate & { endpoint_id: string | null }) | undefined
        if (c && (c.endpoint_id === null || !req.blocked.includes(c.endpoint_id))) cands.push(c)
      }
    } else {
      for (const w of req.endpoints) {
        const n = Math.min(w.limit, req.total)
        if (n > 0) for (const c of duePerEndpoint.all(w.endpointId, req.now, n) as Candidate[]) cands.push(c)
      }
    }
    const only = req.only ? JSON.stringify(req.only) : null
    if (!req.skipExpired) {
      sweepFarLeases.run({ now: req.now, grace: LEASE_GRACE_MS })
      sweepCancelledLeases.run({ now: req.now })
      if (req.blocked.length > 0) sweepBlockedLeases.run({ now: req.now, blocked: JSON.stringify(req.blocked) })
    }
    if (!req.skipExpired) for (const c of expiredLeases.all(req.now, JSON.stringify(req.blocked), only, only, req.total) as Candidate[]) cands.push(c)
    if (cands.length > req.total) cands.sort((a, b) => a.due - b.due).length = req.total
    const until = req.now + LEASE_GRACE_MS
    if (cands.length === 1) {
      const c = cands[0]!
      const row = leaseStmt.get(req.owner, req.now, until, c.id) as ClaimedRow | undefined
      if (!row) return []
      row.message_body = c.message_body
      row.content_type = c.content_type
      return [row]
    }
    if (cands.length === 0) return []
    const byId = new Map<string, Candidate>()
    for (const c of cands) byId.set(c.id, c)
    const rows = leaseMany.all(req.owner, req.now, until, JSON.stringify(cands.map((c) => c.id))) as ClaimedRow[]
    for (const row of rows) {
      const c = byId.get(row.id)!
      row.message_body = c.message_body
      row.content_type = c.content_type
    }
    // RETURNING follows the UPDATE's order, not the candidates': hand them over oldest due first.
    const order = new Map<string, number>()
    cands.forEach((c, i) => order.set(c.id, i))
    return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!)
  }
  const claim = db.transaction(claimRows)

  const settleOne = (s: Settlement): boolean => {
    const a = s.attempt
    const completedAt = s.status === 'pending' ? null : s.now
    const info = settleStmt.run(s.status, a.number, s.nextAttemptAt, a.response_status, a.error_code, a.error_message, s.now, completedAt, a.delivery_id, s.owner)
    if (info.changes === 1) {
      writeAttempt(a, a.outcome)
      return true
    }
    const delivered = s.status === 'delivered'
    const cancelled = settleCancelledStmt.run({
      delivered: delivered ? 1 : 0,
      attempts: a.number,
      last_status: a.response_status,
      last_error_code: a.error_code,
      last_error: a.error_message,
      now: s.now,
      id: a.delivery_id,
      owner: s.owner,
    })
    if (cancelled.changes === 1) {
      writeAttempt(a, delivered ? 'delivered' : 'cancelled')
      return true
    }
    return false // lease lost: someone else holds this delivery now
  }

  // settleBatch: the group commit. recordAttempt + markDelivered / scheduleRetry / markFailed /
  // markDead for many attempts in one transaction; returns which ones the fence accepted.
  const settleBatch = db.transaction((items: readonly Settlement[], also?: () => void) => {
    const accepted = items.map(settleOne)
    also?.()
    return accepted
  })

  // settleAndClaim: the group commit that also refills the slots its results free: one IMMEDIATE
  // transaction (one COMMIT, shared index pages written once) instead of a settle and a claim.
  const settleAndClaim = db.transaction((items: readonly Settlement[], also: (() => void) | undefined, req: ClaimRequest | null) => {
    const accepted = items.map(settleOne)
    also?.()
    return { accepted, claimed: req ? claimRows(req) : [] }
  })

  const releaseMany = db.transaction((owner: string, ids: readonly string[], now: number) => {
    for (const id of ids) {
      releaseStmt.run({ id, owner, now })
      releaseCancelledStmt.run({ id, owner })
    }
  })

  const bulkRetry = db.transaction((f: DeliveryFilter, now: number, skip?: (id: string) => boolean) => {
    const ids = (idsForRetry.all(filterParams(f)) as Array<{ id: string }>).map((r) => r.id).filter((id) => !skip?.(id))
    for (const id of ids) retryNowStmt.run({ id, now })
    return ids
  })
  const bulkCancel = db.transaction((f: DeliveryFilter, now: number) => {
    const ids = (idsForCancel.all(filterParams(f)) as Array<{ id: string }>).map((r) => r.id)
    for (const id of ids) cancelStmt.get({ id, now })
    return ids
  })

  return {
    enqueueBatch: (items: readonly NewDelivery[]): void => enqueueBatch.immediate(items),
    claimDue(req: ClaimRequest): ClaimedRow[] {
      if (req.total <= 0) return []
      return claim.immediate(req)
    },
    settleBatch: (items: readonly Settlement[], also?: () => void): boolean[] => settleBatch.immediate(items, also),
    /** settleBatch, then claimDue(req) in the same transaction; nothing of either is kept if it throws. */
    settleAndClaim: (items: readonly Settlement[], also: (() => void) | undefined, req: ClaimRequest | null): { accepted: boolean[]; claimed: ClaimedRow[] } =>
      settleAndClaim.immediate(items, also, req),
    release: (owner: string, ids: readonly string[], now: number): void => releaseMany.immediate(owner, ids, now),
    /** Cancels one delivery that is not final: 'sending' when its attempt is on the wire (it finishes), null when it was final. */
    /**
     * Cancels one delivery that is not final: 'sending' when an attempt of it is on the wire (a live lease
     * whose holder `alive` says still runs; it finishes), null when it was final. A lease whose holder is
     * gone is let go here: nothing is on the wire, and the delivery can be retried at once.
     */
    cancel(id: string, now: number, alive: (owner: string) => boolean): 'pending' | 'sending' | null {
      const row = cancelStmt.get({ id, now }) as { lease_owner: string | null; lease_expires_at: number | null } | undefined
      if (!row) return null
      if (row.lease_owner === null) return 'pending'
      if ((row.lease_expires_at ?? 0) > now && alive(row.lease_owner)) return 'sending'
      releaseCancelledStmt.run({ id, owner: row.lease_owner })
      return 'pending'
    },
    /** How many of the delivery's attempts were cut short by an engine stopping (E_STOPPED). */
    stoppedAttempts: (id: string): number => stoppedAttempts.get(id) as number,
    retryNow: (id: string, now: number): boolean => retryNowStmt.run({ id, now }).changes === 1,
    /** `skip`: ids not to retry (one whose deleted endpoint had signed it). */
    bulkRetry: (f: DeliveryFilter, now: number, skip?: (id: string) => boolean): string[] => bulkRetry.immediate(f, now, skip),
    /** Cancels the pending deliveries matching the filter, in one transaction; returns their ids. */
    bulkCancel: (f: DeliveryFilter, now: number): string[] => bulkCancel.immediate(f, now),
    getDelivery: (id: string): DeliveryRow | undefined => getDelivery.get(id) as DeliveryRow | undefined,
    getMessage: (id: string): MessageRow | undefined => getMessage.get(id) as MessageRow | undefined,
    attemptsOf: (id: string): AttemptRow[] => attemptsOf.all(id) as AttemptRow[],
    /** Earliest next_attempt_at of the pending deliveries of these endpoints (null: ad-hoc ones). */
    nextDue(endpointIds: Iterable<string | null>): number | null {
      let min: number | null = null
      for (const id of endpointIds) {
        const t = (nextDueFor.get(id) as { t: number } | undefined)?.t
        if (t !== undefined && (min === null || t < min)) min = t
      }
      return min
    },
    /** Deliveries per status (statuses with none are left out). */
    statusCounts(): Record<string, number> {
      const out: Record<string, number> = {}
      let rest = 0
      for (const r of statusCounts.all() as Array<{ status: string; n: number }>) {
        if (r.status === 'total') rest += r.n
        else {
          rest -= r.n
          if (r.n > 0) out[r.status] = r.n
        }
      }
      // One statement, one snapshot: what is neither open nor a rare final status was delivered.
      if (rest > 0) out.delivered = rest
      const sorted: Record<string, number> = {} // status order, as GROUP BY status gave it
      for (const k of Object.keys(out).sort()) sorted[k] = out[k]!
      return sorted
    },
    /** The distinct event types among the newest `rows` deliveries, most recently used first, at most `max`. */
    recentEventTypes(rows: number, max: number): string[] {
      const seen = new Set<string>()
      for (const t of newestEventTypes.iterate(rows) as IterableIterator<string | null>) {
        if (t !== null) seen.add(t)
        if (seen.size === max) break
      }
      return [...seen]
    },
    /** Deliveries per status matching the filter's other fields (its status is ignored; none are left out). */
    countByStatus(f: Omit<DeliveryFilter, 'status'>): Record<DeliveryStatus, number> {
      const range = { from: f.since ?? Number.MIN_SAFE_INTEGER, to: f.until ?? Number.MAX_SAFE_INTEGER }
      return filteredCounts.get({ ...filterParams(f), ...range }) as Record<DeliveryStatus, number>
    },
    /** Those of `ids` that match the filter's other fields (its status is ignored), with their status. */
    matching(ids: readonly string[], f: Omit<DeliveryFilter, 'status'>): Array<{ id: string; status: DeliveryStatus }> {
      return matchingOf.all({ ...filterParams(f), ids: JSON.stringify(ids) }) as Array<{ id: string; status: DeliveryStatus }>
    },
    list(f: DeliveryFilter, limit: number, cursor: { at: number; id: string } | null, order: 'desc' | 'asc' = 'desc'): DeliveryRow[] {
      const problem = f.status !== undefined && PROBLEM_STATUSES.has(f.status)
      const stmt: Statement = order === 'desc' ? (problem ? listProblemStmt : listStmt) : problem ? listProblemAscStmt : listAscStmt
      return stmt.all({ ...filterParams(f), c_at: cursor?.at ?? null, c_id: cursor?.id ?? null, limit }) as DeliveryRow[]
    },
  }
}

/** One page of the list, newest first: what Deliveries shows (on the engine's connection or the search thread's). */
export function pageOfDeliveries(queue: Queue, filter: DeliveryFilter = {}, page: Page = {}): PageResult<DeliverySummary> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 500)
  const cursor = decodeCursor(page.cursor ?? null)
  const rows = queue.list(filter, limit + 1, cursor)
  const items = rows.slice(0, limit).map(toSummary)
  const last = items[items.length - 1]
  return { items, nextCursor: rows.length > limit && last ? `${last.createdAt}:${last.id}` : null }
}

export function decodeCursor(cursor: string | null): { at: number; id: string } | null {
  if (!cursor) return null
  const i = cursor.indexOf(':')
  const at = Number(cursor.slice(0, i))
  if (i < 0 || !Number.isFinite(at)) throw new HooklabError('E_INVALID_INPUT', 'Bad page cursor.')
  return { at, id: cursor.slice(i + 1) }
}

export function toSummary(r: DeliveryRow): DeliverySummary {
  return {
    id: r.id,
    messageId: r.message_id,
    endpointId: r.endpoint_id,
    eventType: r.event_type,
    url: r.url,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
    lastStatus: r.last_status,
    lastErrorCode: r.last_error_code,
    lastError: r.last_error,
    replayOf: r.replay_of,
    deletedEndpointName: r.deleted_endpoint_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    completedAt: r.completed_at,
  }
}

export function toAttemptRecord(a: AttemptRow): AttemptRecord {
  return {
    deliveryId: a.delivery_id,
    number: a.number,
    endpointId: a.endpoint_id,
    startedAt: a.started_at,
    request: { url: a.request_url, method: a.request_method, headers: JSON.parse(a.request_headers_json) as Array<[string, string]> },
    response:
      a.response_status === null
        ? null
        : {
            status: a.response_status,
            headers: JSON.parse(a.response_headers_json ?? '[]') as Array<[string, string]>,
            body: a.response_body ?? Buffer.alloc(0),
            truncated: a.response_truncated === 1,
          },
    error: a.error_code === null ? null : { code: a.error_code, message: a.error_message ?? '' },
    timings: { connectMs: a.connect_ms, firstByteMs: a.first_byte_ms, totalMs: a.total_ms },
    outcome: a.outcome,
  }
}
