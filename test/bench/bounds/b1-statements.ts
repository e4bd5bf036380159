// What a rewrite of B1's SQL statements could save: Hooklab's queue (createQueue) against the
// leanest statements that keep the same rows and fences, on the same real schema, no HTTP.
// Both enqueue 20,000 deliveries of one endpoint in batches of 256, then settle 32 results and
// claim 32 more per IMMEDIATE transaction (as the dispatcher's group commit does). µs per message.
// Lean: the delivery insert names every column as ours does, the claim selects rowids from
// delivery_due and leases them with one UPDATE returning id, url and the message body, the settle
// is the same fenced UPDATE and attempt INSERT.
//   npx tsx test/bench/bounds/b1-statements.ts
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDb, type Db } from '../../../src-main/engine/db/open'
import { createQueue, type AttemptRow, type NewDelivery, type Settlement } from '../../../src-main/engine/delivery/queue'

const N = 20_000
const BATCH = 32
const body = Buffer.from(JSON.stringify({ type: 'invoice.paid', pad: 'x'.repeat(980) }))
const pairs = (xs: string[][]): string => JSON.stringify(xs)
const reqHeaders = pairs([['content-type', 'application/json'], ['user-agent', 'Hooklab'], ['webhook-id', 'msg_x'], ['webhook-timestamp', '1763950000'], ['webhook-signature', 'v1,' + 'A'.repeat(44)]])
const resHeaders = pairs([['content-type', 'text/plain'], ['content-length', '2'], ['date', 'Mon, 24 Nov 2026 01:00:00 GMT'], ['connection', 'keep-alive']])

interface Setup { dir: string; db: Db; items: NewDelivery[]; now: number }

function setup(): Setup {
  const dir = mkdtempSync(join(tmpdir(), 'hooklab-b1-statements-'))
  const db = openDb({ file: join(dir, 'q.db') })
  db.pragma('wal_autocheckpoint = 0') // the engine checkpoints on a worker thread (db/checkpointer.ts), not inside COMMITs
  db.prepare("INSERT INTO endpoint (id, name, url, created_at, updated_at) VALUES ('ep_1', 'sink', 'http://127.0.0.1:9/hook', 0, 0)").run()
  const t = Date.now()
  const items: NewDelivery[] = []
  for (let i = 0; i < N; i++) {
    const key = String(t + i).padStart(16, '0')
    items.push({
      message: { id: `msg_${key}`, event_type: 'invoice.paid', body, content_type: 'application/json', created_at: t + i },
      delivery: { id: `dlv_${key}`, message_id: `msg_${key}`, endpoint_id: 'ep_1', event_type: 'invoice.paid', url: 'http://127.0.0.1:9/hook', method: null, headers_json: '[]',
        headers_as_is: 0, signing_json: null, secret: null, retry_json: null, timeout_ms: null, body: null, replay_of: null, created_at: t + i, next_attempt_at: t + i },
    })
  }
  return { dir, db, items, now: t + N + 1 }
}

const attemptOf = (id: string, url: string, now: number): AttemptRow => ({
  delivery_id: id, number: 1, endpoint_id: 'ep_1', owner: 'o1', started_at: now, request_url: url, request_method: 'POST', request_headers_json: reqHeaders,
  response_status: 200, response_headers_json: resHeaders, response_body: Buffer.from('ok'), response_truncated: 0, error_code: null, error_message: null,
  connect_ms: 0.2, first_byte_ms: 1.1, total_ms: 1.3, outcome: 'delivered',
})

/** Times enqueue (all N) and the settle+claim loop; `claimFirst` leases the first BATCH, `cycle` settles and claims. */
function measure(s: Setup, enqueue: (batch: NewDelivery[]) => void, claimFirst: () => Array<{ id: string; url: string }>, cycle: (a: AttemptRow[]) => Array<{ id: string; url: string }>): [number, number] {
  let t0 = performance.now()
  for (let i = 0; i < N; i += 256) enqueue(s.items.slice(i, i + 256))
  const e = performance.now() - t0
  let rows = claimFirst()
  let c = 0
  for (let done = 0; done < N; ) {
    if (rows.length === 0) throw new Error(`nothing left to claim after ${done}`)
    const attempts = rows.map((r) => attemptOf(r.id, r.url, s.now))
    t0 = performance.now()
    const next = cycle(attempts)
    c += performance.now() - t0
    done += rows.length
    rows = next
  }
  s.db.close()
  rmSync(s.dir, { recursive: true, force: true })
  return [e, c]
}

function ours(): [number, number] {
  const s = setup()
  const q = createQueue(s.db)
  const req = { owner: 'o1', now: s.now, total: BATCH, endpoints: [{ endpointId: 'ep_1', limit: BATCH }], blocked: [], only: null, skipExpired: true }
  const settle = (a: AttemptRow): Settlement => ({ owner: 'o1', status: 'delivered', nextAttemptAt: null, now: s.now, attempt: a })
  return measure(s, (b) => q.enqueueBatch(b), () => q.claimDue(req), (as) => q.settleAndClaim(as.map(settle), undefined, req).claimed)
}

function lean(): [number, number] {
  const s = setup()
  const { db, now } = s
  const insM = db.prepare('INSERT OR IGNORE INTO message (id, event_type, body, content_type, created_at) VALUES (?, ?, ?, ?, ?)')
  const insD = db.prepare(`INSERT INTO delivery (id, message_id, endpoint_id, event_type, url, method, headers_json, headers_as_is, signing_json,
      secret, retry_json, timeout_ms, body, status, attempts, next_attempt_at, replay_of, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)`)
  const enqueue = db.transaction((batch: NewDelivery[]) => {
    for (const { message: m, delivery: d } of batch) {
      insM.run(m.id, m.event_type, m.body, m.content_type, m.created_at)
      insD.run(d.id, d.message_id, d.endpoint_id, d.event_type, d.url, d.method, d.headers_json, d.headers_as_is, d.signing_json, d.secret, d.retry_json, d.timeout_ms, d.body,
        d.next_attempt_at, d.replay_of, d.created_at, d.created_at)
    }
  })
  const due = db.prepare("SELECT rowid FROM delivery WHERE status = 'pending' AND endpoint_id IS ? AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?").pluck()
  const lease = db.prepare(`UPDATE delivery SET status = 'sending', lease_owner = ?, updated_at = ?, lease_expires_at = ?
    WHERE rowid IN (SELECT value FROM json_each(?)) RETURNING id, url, (SELECT body FROM message m WHERE m.id = message_id) AS message_body`)
  const settle = db.prepare(`UPDATE delivery SET status = ?, attempts = ?, next_attempt_at = ?, lease_owner = NULL, lease_expires_at = NULL, last_status = ?,
      last_error_code = ?, last_error = ?, updated_at = ?, completed_at = ? WHERE id = ? AND lease_owner = ? AND status = 'sending'`)
  const insA = db.prepare(`INSERT OR IGNORE INTO attempt (delivery_id, number, endpoint_id, owner, started_at, request_url, request_method, request_headers_json,
      response_status, response_headers_json, response_body, response_truncated, error_code, error_message, connect_ms, first_byte_ms, total_ms, outcome)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const claim = (): Array<{ id: string; url: string }> => lease.all('o1', now, now + 20_000, JSON.stringify(due.all('ep_1', now, BATCH))) as Array<{ id: string; url: string }>
  const cycle = db.transaction((as: AttemptRow[]) => {
    for (const a of as) {
      settle.run('delivered', 1, null, 200, null, null, now, now, a.delivery_id, 'o1')
      insA.run(a.delivery_id, a.number, a.endpoint_id, a.owner, a.started_at, a.request_url, a.request_method, a.request_headers_json, a.response_status,
        a.response_headers_json, a.response_body, a.response_truncated, a.error_code, a.error_message, a.connect_ms, a.first_byte_ms, a.total_ms, a.outcome)
    }
    return claim()
  })
  return measure(s, (b) => enqueue(b), () => db.transaction(claim).immediate(), (as) => cycle.immediate(as))
}

const us = (ms: number): string => ((ms * 1000) / N).toFixed(1).padStart(5)
for (let rep = 0; rep < 3; rep++) {
  for (const [name, run] of [['ours', ours], ['lean', lean]] as const) {
    const [e, c] = run()
    console.log(`${name}  enqueue ${us(e)}  settle+claim ${us(c)}  total ${us(e + c)} µs per message`)
  }
}
