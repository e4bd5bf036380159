// What B1's ratio could be at best on this machine: raw undici (the limit) against the least a
// durable queue must write to SQLite, in one run, interleaved, medians of 3. Not Hooklab's engine:
// - minimal: one table with one partial index, batched enqueue inserts, and per attempt one INSERT
//   and one UPDATE group-committed per tick; no leases (no crash safety across processes), no events.
// - leased: the same table plus what DESIGN.md's delivery semantics need: a lease UPDATE per claimed
//   row (read back with its body, as after a restart), a fenced settle, the attempt row with the
//   request headers as sent and the response body, and settle plus the next claim in one transaction. Still without
//   Hooklab's other machinery (events, breaker, endpoint config, list indexes, message/delivery split).
//   Suffixes add Hooklab's choices one at a time: +ckpt (WAL checkpoints on a worker thread, as
//   db/checkpointer.ts), +split (the body in its own message table, read back by the claim),
//   +idx (the list indexes: newest first, per endpoint, per message, attempts per endpoint).
// - queue: Hooklab's own statements (createQueue on the real schema, background checkpointer)
//   driven by this file's lean loop, without the dispatcher, service, events or sender wrapper.
// - engine: Hooklab's engine itself (createEngine, one standard-signed endpoint, enqueue), as B1 runs it.
//   node --import tsx test/bench/bounds/b1-minimal.mjs
//   MODES=leased,leased+ckpt+split+idx,queue node --import tsx test/bench/bounds/b1-minimal.mjs
import { fork } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { createServer } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { startCheckpointer } from '../../../src-main/engine/db/checkpointer.ts'
import { openDb } from '../../../src-main/engine/db/open.ts'
import { createQueue } from '../../../src-main/engine/delivery/queue.ts'
import { createEngine } from '../../../src-main/engine/engine.ts'
import { silentLogger } from '../../../src-main/engine/logger.ts'
import { Pool } from 'undici'

const N = 20_000
const C = 64
const KEY = Buffer.alloc(24, 1)

function sink() {
  const server = createServer((req, res) => {
    req.on('data', () => {})
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' })
      res.end('ok')
    })
  })
  server.keepAliveTimeout = 60_000
  server.listen(0, '127.0.0.1', () => process.send?.(server.address().port))
}

/** Standard Webhooks headers for one message, signed now. */
function signedHeaders(id, body) {
  const ts = Math.floor(Date.now() / 1000)
  const sig = createHmac('sha256', KEY).update(`${id}.${ts}.`).update(body).digest('base64')
  return { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${sig}` }
}

/**
 * The loop every mode shares: a producer calling enqueueSome (which bumps n.enqueued) until N are
 * queued, and C workers taking what the mode put in `queue` and handing each to `deliver`.
 * `n.inFlight` counts the messages being sent (a claim fills only the slots left).
 */
async function drive(queue, n, enqueueSome, deliver) {
  enqueueSome()
  const producer = (async () => {
    while (n.enqueued < N) {
      await new Promise((r) => setImmediate(r))
      enqueueSome()
    }
  })()
  await Promise.all(
    Array.from({ length: C }, async () => {
      for (;;) {
        let m = queue.shift()
        while (!m && n.done + n.inFlight < N) {
          await new Promise((r) => setImmediate(r))
          m = queue.shift()
        }
        if (!m) return
        n.inFlight++
        await deliver(m)
        n.inFlight--
        n.done++
      }
    }),
  )
  await producer
}

// mode: null (raw undici, nothing written), 'minimal' or 'leased' (see the top of this file).
async function send(url, file, mode = null) {
  const u = new URL(url)
  const pool = new Pool(u.origin, { connections: C })
  let db = null
  let insMsg, insAttempt, markDone, due, lease, insMessage, split = false, ckpt = null
  let pending = []
  let scheduled = false
  const n = { enqueued: 0, inFlight: 0, done: 0 }
  if (mode) {
    db = new Database(file)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    const X = new Set(mode.split('+').slice(1))
    if (X.has('ckpt')) {
      db.pragma('wal_autocheckpoint = 0')
      ckpt = startCheckpointer(db, { logger: silentLogger })
      await ckpt.ready
    }
    db.exec(`CREATE TABLE msg (id TEXT PRIMARY KEY, body BLOB NOT NULL, status TEXT NOT NULL, attempts INT NOT NULL DEFAULT 0,
               created_at INT NOT NULL, updated_at INT, lease_owner TEXT, lease_until INT, endpoint_id TEXT, message_id TEXT);
             CREATE INDEX msg_due ON msg(created_at) WHERE status = 'pending';
             CREATE INDEX msg_lease ON msg(lease_until) WHERE status = 'sending';
             CREATE TABLE attempt (delivery_id TEXT NOT NULL, n INT NOT NULL, started_at INT, status INT, headers TEXT, total_ms REAL,
               req_headers TEXT, res_body BLOB, endpoint_id TEXT, PRIMARY KEY (delivery_id, n)) WITHOUT ROWID;
             CREATE TABLE message (id TEXT PRIMARY KEY, body BLOB NOT NULL, created_at INT);`)
    if (X.has('idx')) db.exec(`CREATE INDEX msg_created ON msg(created_at DESC, id DESC); CREATE INDEX msg_endpoint ON msg(endpoint_id, created_at DESC);
             CREATE INDEX msg_message ON msg(message_id); CREATE INDEX attempt_endpoint ON attempt(endpoint_id, started_at DESC);`)
    split = X.has('split')
    insMessage = db.prepare('INSERT INTO message (id, body, created_at) VALUES (?, ?, ?)')
    insMsg = db.prepare("INSERT INTO msg (id, body, status, created_at, endpoint_id, message_id) VALUES (?, ?, 'pending', ?, 'ep_1', ?)")
    insAttempt = db.prepare('INSERT INTO attempt (delivery_id, n, started_at, status, headers, total_ms, req_headers, res_body) VALUES (?, 1, ?, ?, ?, ?, ?, ?)')
    markDone = db.prepare(
      mode?.startsWith('leased')
        ? "UPDATE msg SET status = 'delivered', attempts = 1, updated_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = 'me' AND status = 'sending'"
        : "UPDATE msg SET status = 'delivered', attempts = 1, updated_at = ? WHERE id = ?",
    )
    due = db.prepare("SELECT rowid FROM msg WHERE status = 'pending' ORDER BY created_at LIMIT ?").pluck()
    lease = split
      ? db.prepare("UPDATE msg SET status = 'sending', lease_owner = 'me', lease_until = ? WHERE rowid IN (SELECT value FROM json_each(?)) RETURNING id, (SELECT body FROM message m WHERE m.id = msg.message_id) AS body")
      : db.prepare("UPDATE msg SET status = 'sending', lease_owner = 'me', lease_until = ? WHERE rowid IN (SELECT value FROM json_each(?)) RETURNING id, body")
  }
  const queue = []
  // leased: rows are sent only once a claim leased them (read back, body included, as after a restart).
  const claim = (n) => (n > 0 ? lease.all(Date.now() + 20_000, JSON.stringify(due.all(n))).map((r) => [r.id, r.body]) : [])
  const flush = () => {
    scheduled = false
    const batch = pending
    pending = []
    const claimed = db.transaction(() => {
      for (const a of batch) {
        insAttempt.run(a[0], a[1], a[2], a[3], a[4], a[5], a[6])
        markDone.run(a[1], a[0])
      }
      return mode?.startsWith('leased') ? claim(C - n.inFlight - queue.length) : []
    })()
    for (const m of claimed) queue.push(m)
  }
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const enqueueSome = () => {
    const batch = []
    for (let k = 0; k < 256 && n.enqueued < N; k++, n.enqueued++) {
      batch.push([`msg_${String(n.enqueued).padStart(8, '0')}`, Buffer.from(JSON.stringify({ type: 'invoice.paid', i: n.enqueued, pad: 'x'.repeat(980) }))])
    }
    if (db)
      db.transaction(() => {
        for (const [id, body] of batch) {
          if (split) insMessage.run('m' + id, body, Date.now())
          insMsg.run(id, split ? Buffer.alloc(0) : body, Date.now(), 'm' + id)
        }
      })()
    if (mode?.startsWith('leased')) {
      if (queue.length + n.inFlight < C) for (const m of db.transaction(claim).immediate(C - n.inFlight - queue.length)) queue.push(m)
    } else queue.push(...batch)
  }
  await drive(queue, n, enqueueSome, async ([id, body]) => {
    const headers = signedHeaders(id, body)
    const started = performance.now()
    const res = await pool.request({ path: u.pathname, method: 'POST', headers, body })
    // leased: the response body is kept in the attempt row, as DESIGN.md's attempt asks (Hooklab caps it).
    const resBody = db && mode.startsWith('leased') ? Buffer.from(await res.body.arrayBuffer()) : await res.body.dump()
    if (!db) return
    pending.push([id, Date.now(), res.statusCode, JSON.stringify(res.headers), performance.now() - started, mode.startsWith('leased') ? JSON.stringify(headers) : null, resBody ?? null])
    if (!scheduled) {
      scheduled = true
      setImmediate(flush)
    }
  })
  if (db && pending.length) flush()
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  await pool.close()
  let rows = null
  if (db) {
    rows = db.prepare("SELECT COUNT(*) FROM msg WHERE status = 'delivered'").pluck().get()
    await ckpt?.stop()
    db.close()
  }
  return { rate: (N / ms) * 1000, cpuUs: (cpu.user + cpu.system) / N, delivered: rows }
}


// mode 'queue' (see the top of this file).
async function sendQueue(url, file) {
  const u = new URL(url)
  const pool = new Pool(u.origin, { connections: C })
  const db = openDb({ file })
  const ckpt = startCheckpointer(db, { logger: silentLogger })
  await ckpt.ready
  const q = createQueue(db)
  const owner = 'me'
  let pending = []
  let scheduled = false
  const n = { enqueued: 0, inFlight: 0, done: 0 }
  const queue = []
  const req = (n, now) => ({ owner, now, total: n, endpoints: [{ endpointId: null, limit: n }], blocked: [], only: null, skipExpired: true })
  const flush = () => {
    scheduled = false
    const batch = pending
    pending = []
    const free = C - n.inFlight - queue.length
    const r = q.settleAndClaim(batch, undefined, free > 0 ? req(free, Date.now()) : null)
    for (const m of r.claimed) queue.push(m)
  }
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const enqueueSome = () => {
    const batch = []
    const now = Date.now()
    for (let k = 0; k < 256 && n.enqueued < N; k++, n.enqueued++) {
      const id = `msg_${String(n.enqueued).padStart(8, '0')}`
      const body = Buffer.from(JSON.stringify({ type: 'invoice.paid', i: n.enqueued, pad: 'x'.repeat(980) }))
      batch.push({
        message: { id, event_type: 'invoice.paid', body, content_type: 'application/json', created_at: now },
        delivery: { id: 'dlv' + id.slice(3), message_id: id, endpoint_id: null, event_type: 'invoice.paid', url, method: null, headers_json: '[]', headers_as_is: 0,
          signing_json: null, secret: null, retry_json: null, timeout_ms: null, body: null, replay_of: null, created_at: now, next_attempt_at: now },
      })
    }
    q.enqueueBatch(batch)
    const free = C - n.inFlight - queue.length
    if (free > 0) for (const m of q.claimDue(req(free, Date.now()))) queue.push(m)
  }
  await drive(queue, n, enqueueSome, async (m) => {
    const headers = signedHeaders(m.message_id, m.message_body)
    const startedAt = Date.now()
    const started = performance.now()
    const res = await pool.request({ path: u.pathname, method: 'POST', headers, body: m.message_body })
    const resBody = Buffer.from(await res.body.arrayBuffer())
    pending.push({
      owner,
      status: 'delivered',
      nextAttemptAt: null,
      now: Date.now(),
      attempt: {
        delivery_id: m.id, number: 1, endpoint_id: null, owner, started_at: startedAt, request_url: url, request_method: 'POST',
        request_headers_json: JSON.stringify(Object.entries(headers)), response_status: res.statusCode,
        response_headers_json: JSON.stringify(Object.entries(res.headers)), response_body: resBody, response_truncated: 0,
        error_code: null, error_message: null, connect_ms: null, first_byte_ms: null, total_ms: performance.now() - started, outcome: 'delivered',
      },
    })
    if (!scheduled) {
      scheduled = true
      setImmediate(flush)
    }
  })
  if (pending.length) flush()
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  await pool.close()
  const rows = db.prepare("SELECT COUNT(*) FROM delivery WHERE status = 'delivered'").pluck().get()
  await ckpt.stop()
  db.close()
  return { rate: (N / ms) * 1000, cpuUs: (cpu.user + cpu.system) / N, delivered: rows }
}

// mode 'engine' (see the top of this file).
async function sendEngine(url, file) {
  const engine = createEngine({ home: dirname(file), dbFile: file, logger: silentLogger })
  await engine.start()
  const ep = engine.endpoints.create({ name: 'sink', url, signing: { scheme: 'standard', secret: 'whsec_' + KEY.toString('base64') }, maxConcurrency: C })
  let delivered = 0
  let allDone
  const finished = new Promise((r) => (allDone = r))
  engine.bus.on('delivery.updated', (e) => {
    if (e.status === 'delivered' && ++delivered === N) allDone()
  })
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  for (let i = 0; i < N; i++) {
    const body = Buffer.from(JSON.stringify({ type: 'invoice.paid', i, pad: 'x'.repeat(980) }))
    engine.delivery.enqueue({ endpointId: ep.id, body, contentType: 'application/json', eventType: 'invoice.paid' })
    if (i % 256 === 255) await new Promise((r) => setImmediate(r))
  }
  await finished
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  await engine.stop()
  return { rate: (N / ms) * 1000, cpuUs: (cpu.user + cpu.system) / N, delivered }
}

if (process.argv[2] === 'sink') sink()
else {
  const child = fork(new URL(import.meta.url).pathname, ['sink'])
  const port = await new Promise((r) => child.once('message', r))
  const url = `http://127.0.0.1:${port}/hook`
  const dir = mkdtempSync(join(tmpdir(), 'hooklab-b1-minimal-'))
  const modes = ['raw', ...(process.env.MODES ?? 'minimal,leased').split(',')]
  const runs = Object.fromEntries(modes.map((m) => [m, []]))
  for (let rep = 0; rep < 3; rep++) {
    for (const m of modes) {
      const file = join(dir, `${m}-${rep}`, 'q.db')
      mkdirSync(dirname(file))
      const r = m === 'engine' ? await sendEngine(url, file) : m === 'queue' ? await sendQueue(url, file) : await send(url, file, m === 'raw' ? null : m)
      if (r.delivered !== null && r.delivered !== N) throw new Error(`${m}: ${r.delivered} delivered rows for ${N}`)
      runs[m].push(r)
    }
    modes.push(modes.shift())
  }
  child.kill()
  rmSync(dir, { recursive: true, force: true })
  const med = (xs) => xs.map((x) => x).sort((a, b) => a - b)[1]
  const raw = med(runs.raw.map((r) => r.rate))
  for (const m of Object.keys(runs)) {
    const rate = med(runs[m].map((r) => r.rate))
    console.log(`${(m === 'raw' ? 'raw undici' : m).padEnd(24)} ${Math.round(rate)} msg/s, ${med(runs[m].map((r) => r.cpuUs)).toFixed(1)} µs CPU per message = ${(rate / raw).toFixed(2)}× the limit`)
  }
}
