// SQL for the endpoint table (prepared once). Secrets are stored sealed; this module never opens them.
import type { Db } from '../db/open'
import type { BreakerState } from '../delivery/breaker'

export interface EndpointRow {
  id: string
  name: string
  url: string
  method: string
  headers_json: string
  event_types_json: string | null
  signing_json: string | null
  secret: Buffer | null
  previous_secret: Buffer | null
  previous_secret_until: number | null
  retry_json: string | null
  timeout_ms: number
  max_concurrency: number
  rate_limit_per_sec: number | null
  breaker_threshold: number
  breaker_cooldown_ms: number
  breaker_state: BreakerState
  breaker_opened_at: number | null
  consecutive_failures: number
  auto_disable_after: number | null
  enabled: number
  disabled_reason: string | null
  created_at: number
  updated_at: number
}

export type EndpointRepo = ReturnType<typeof createEndpointRepo>

const COLUMNS = [
  'id', 'name', 'url', 'method', 'headers_json', 'event_types_json', 'signing_json', 'secret', 'previous_secret',
  'previous_secret_until', 'retry_json', 'timeout_ms', 'max_concurrency', 'rate_limit_per_sec', 'breaker_threshold',
  'breaker_cooldown_ms', 'breaker_state', 'breaker_opened_at', 'consecutive_failures', 'auto_disable_after', 'enabled',
  'disabled_reason', 'created_at', 'updated_at',
] as const

export function createEndpointRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO endpoint (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`)
  const update = db.prepare(
    `UPDATE endpoint SET ${COLUMNS.filter((c) => c !== 'id' && c !== 'created_at').map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`,
  )
  const get = db.prepare('SELECT * FROM endpoint WHERE id = ?')
  const list = db.prepare('SELECT * FROM endpoint ORDER BY created_at, id')
  const del = db.prepare('DELETE FROM endpoint WHERE id = ?')
  // What the endpoint still had to send is cancelled with it: once deleted (endpoint_id set null), a row
  // carries neither its signing nor its headers and retries, and would go out unsigned. One in flight
  // is cancelled too; its attempt is recorded when it ends.
  const cancelOfEndpoint = db.prepare(`
    UPDATE delivery SET status = 'cancelled', next_attempt_at = NULL, updated_at = @now, completed_at = @now,
      last_error = 'cancelled: its endpoint was deleted'
    WHERE endpoint_id = @id AND status IN ('pending', 'sending') RETURNING id, attempts`)
  // Its deliveries keep its name (endpoint_id goes NULL with the delete).
  const keepName = db.prepare('UPDATE delivery SET deleted_endpoint_name = (SELECT name FROM endpoint WHERE id = @id) WHERE endpoint_id = @id')
  const deleteWithPending = db.transaction((id: string, now: number): Array<{ id: string; attempts: number }> | null => {
    keepName.run({ id })
    const cancelled = cancelOfEndpoint.all({ id, now }) as Array<{ id: string; attempts: number }>
    return del.run(id).changes === 1 ? cancelled : null
  })
  // setBreaker: persists the breaker and failure streak after an attempt (inside the group commit).
  const setBreaker = db.prepare(
    'UPDATE endpoint SET breaker_state = @state, breaker_opened_at = @opened_at, consecutive_failures = @failures, updated_at = @now WHERE id = @id',
  )
  // autoDisable: turns an endpoint off after a failure streak, saying why; enabling clears it.
  const autoDisable = db.prepare('UPDATE endpoint SET enabled = 0, disabled_reason = @reason, updated_at = @now WHERE id = @id AND enabled = 1')
  const recentAttempts = db.prepare(
    'SELECT outcome, total_ms, response_status, error_code, error_message, started_at FROM attempt WHERE endpoint_id = ? ORDER BY started_at DESC LIMIT ?',
  )

  // The stats chart's rows: every attempt of the endpoint since a time, newest first, as arrays
  // (started_at, outcome, total_ms) walked from attempt_endpoint's range.
  const attemptsSince = db.prepare('SELECT started_at, outcome, total_ms FROM attempt WHERE endpoint_id = ? AND started_at >= ? ORDER BY started_at DESC').raw()
  const oldestAttempt = db.prepare('SELECT MIN(started_at) AS t FROM attempt WHERE endpoint_id = ?')

  return {
    insert: (row: EndpointRow): void => void insert.run(row),
    update: (row: EndpointRow): void => void update.run(row),
    get: (id: string): EndpointRow | undefined => get.get(id) as EndpointRow | undefined,
    list: (): EndpointRow[] => list.all() as EndpointRow[],
    /** Deletes the endpoint and cancels what it had still to send; null when there was no such endpoint. */
    delete: (id: string, now: number): Array<{ id: string; attempts: number }> | null => deleteWithPending.immediate(id, now),
    setBreaker: (id: string, state: BreakerState, openedAt: number | null, failures: number, now: number): void =>
      void setBreaker.run({ id, state, opened_at: openedAt, failures, now }),
    autoDisable: (id: string, reason: string, now: number): boolean => autoDisable.run({ id, reason, now }).changes === 1,
    attemptsSince: (id: string, since: number): IterableIterator<[number, string, number]> =>
      attemptsSince.iterate(id, since) as IterableIterator<[number, string, number]>,
    oldestAttemptAt: (id: string): number | null => (oldestAttempt.get(id) as { t: number | null }).t,
    recentAttempts: (id: string, limit: number) =>
      recentAttempts.all(id, limit) as Array<{
        outcome: string
        total_ms: number
        response_status: number | null
        error_code: string | null
        error_message: string | null
        started_at: number
      }>,
  }
}
