// What B1's ratio could be at best on this machine: raw undici (the limit) against the least a
// durable queue must write to SQLite, in one run, interleaved, medians of 3. Not Hooklab's engine:
// - minimal: one table with one partial index, batched enqueue inserts, and per attempt one INSERT
//   and one UPDATE group-committed per tick; no leases (no crash safety across processes), no events.
// - leased: the same table plus what DESIGN.md's delivery semantics need: a lease UPDATE per claimed
//   row (read back with its body, as after a restart), a fenced settle, the attempt row with the
//   request headers as sent, and settle plus the next claim in one transaction. Still without
//   Hooklab's other machinery (events, breaker, endpoint config, list indexes, message/delivery split).
//   node test/bench/bounds/b1-minimal.mjs
import { fork } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { createServer } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
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

// mode: null (raw undici, nothing written), 'minimal' or 'leased' (see the top of this file).
async function send(url, file, mode = null) {
  const u = new URL(url)
  const pool = new Pool(u.origin, { connections: C })
  let db = null
  let insMsg, insAttempt, markDone, due, lease
  let pending = []
  let scheduled = false
  let inFlight = 0
  if (mode) {
    db = new Database(file)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.exec(`CREATE TABLE msg (id TEXT PRIMARY KEY, body BLOB NOT NULL, status TEXT NOT NULL, attempts INT NOT NULL DEFAULT 0,
               created_at INT NOT NULL, updated_at INT, lease_owner TEXT, lease_until INT);
             CREATE INDEX msg_due ON msg(created_at) WHERE status = 'pending';
             CREATE INDEX msg_lease ON msg(lease_until) WHERE status = 'sending';
             CREATE TABLE attempt (delivery_id TEXT NOT NULL, n INT NOT NULL, started_at INT, status INT, headers TEXT, total_ms REAL,
               req_headers TEXT, PRIMARY KEY (delivery_id, n)) WITHOUT ROWID;`)
    insMsg = db.prepare("INSERT INTO msg (id, body, status, created_at) VALUES (?, ?, 'pending', ?)")
    insAttempt = db.prepare('INSERT INTO attempt (delivery_id, n, started_at, status, headers, total_ms, req_headers) VALUES (?, 1, ?, ?, ?, ?, ?)')
    markDone = db.prepare(
      mode === 'leased'
        ? "UPDATE msg SET status = 'delivered', attempts = 1, updated_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = 'me' AND status = 'sending'"
        : "UPDATE msg SET status = 'delivered', attempts = 1, updated_at = ? WHERE id = ?",
    )
    due = db.prepare("SELECT rowid FROM msg WHERE status = 'pending' ORDER BY created_at LIMIT ?").pluck()
    lease = db.prepare("UPDATE msg SET status = 'sending', lease_owner = 'me', lease_until = ? WHERE rowid IN (SELECT value FROM json_each(?)) RETURNING id, body")
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
        insAttempt.run(a[0], a[1], a[2], a[3], a[4], a[5])
        markDone.run(a[1], a[0])
      }
      return mode === 'leased' ? claim(C - inFlight - queue.length) : []
    })()
    for (const m of claimed) queue.push(m)
  }
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  let enqueued = 0
  const enqueueSome = () => {
    const batch = []
    for (let k = 0; k < 256 && enqueued < N; k++, enqueued++) {
      batch.push([`msg_${String(enqueued).padStart(8, '0')}`, Buffer.from(JSON.stringify({ type: 'invoice.paid', i: enqueued, pad: 'x'.repeat(980) }))])
    }
    if (db) db.transaction(() => batch.forEach(([id, body]) => insMsg.run(id, body, Date.now())))()
    if (mode === 'leased') {
      if (queue.length + inFlight < C) for (const m of db.transaction(claim).immediate(C - inFlight - queue.length)) queue.push(m)
    } else queue.push(...batch)
  }
  enqueueSome()
  const producer = (async () => {
    while (enqueued < N) {
      await new Promise((r) => setImmediate(r))
      enqueueSome()
    }
  })()
  let done = 0
  await Promise.all(
    Array.from({ length: C }, async () => {
      for (;;) {
        let m = queue.shift()
        while (!m && done + inFlight < N) {
          await new Promise((r) => setImmediate(r))
          m = queue.shift()
        }
        if (!m) return
        inFlight++
        const [id, body] = m
        const ts = Math.floor(Date.now() / 1000)
        const sig = createHmac('sha256', KEY).update(`${id}.${ts}.`).update(body).digest('base64')
        const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${sig}` }
        const started = performance.now()
        const res = await pool.request({ path: u.pathname, method: 'POST', headers, body })
        await res.body.dump()
        inFlight--
        done++
        if (db) {
          pending.push([id, Date.now(), res.statusCode, JSON.stringify(res.headers), performance.now() - started, mode === 'leased' ? JSON.stringify(headers) : null])
          if (!scheduled) {
            scheduled = true
            setImmediate(flush)
          }
        }
      }
    }),
  )
  await producer
  if (db && pending.length) flush()
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  await pool.close()
  let rows = null
  if (db) {
    rows = db.prepare("SELECT COUNT(*) FROM msg WHERE status = 'delivered'").pluck().get()
    db.close()
  }
  return { rate: (N / ms) * 1000, cpuUs: (cpu.user + cpu.system) / N, delivered: rows }
}

if (process.argv[2] === 'sink') sink()
else {
  const child = fork(new URL(import.meta.url).pathname, ['sink'])
  const port = await new Promise((r) => child.once('message', r))
  const url = `http://127.0.0.1:${port}/hook`
  const dir = mkdtempSync(join(tmpdir(), 'hooklab-b1-minimal-'))
  const modes = ['raw', 'minimal', 'leased']
  const runs = Object.fromEntries(modes.map((m) => [m, []]))
  for (let rep = 0; rep < 3; rep++) {
    for (const m of modes) {
      const r = await send(url, join(dir, `q-${m}-${rep}.db`), m === 'raw' ? null : m)
      if (r.delivered !== null && r.delivered !== N) throw new Error(`${m}: ${r.delivered} delivered rows for ${N}`)
      runs[m].push(r)
    }
    modes.push(modes.shift())
  }
  child.kill()
  rmSync(dir, { recursive: true, force: true })
  const med = (xs) => xs.map((x) => x).sort((a, b) => a - b)[1]
  const raw = med(runs.raw.map((r) => r.rate))
  for (const m of ['raw', 'minimal', 'leased']) {
    const rate = med(runs[m].map((r) => r.rate))
    const label = { raw: 'raw undici', minimal: 'minimal durable', leased: 'leased durable' }[m]
    console.log(`${label.padEnd(17)} ${Math.round(rate)} msg/s, ${med(runs[m].map((r) => r.cpuUs)).toFixed(1)} µs CPU per message = ${(rate / raw).toFixed(2)}× the limit`)
  }
}
