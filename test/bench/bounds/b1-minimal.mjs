// What B1's ratio could be at best on this machine: raw undici (the limit) against the least a
// durable queue must write to SQLite, in one run, interleaved, medians of 3. Not Hooklab's engine:
// one table with one partial index, batched enqueue inserts, and per attempt one INSERT and one
// UPDATE group-committed per tick; no leases (no crash safety across processes), no events.
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

async function send(url, file) {
  const u = new URL(url)
  const pool = new Pool(u.origin, { connections: C })
  let db = null
  let insMsg, insAttempt, markDone
  let pending = []
  let scheduled = false
  if (file) {
    db = new Database(file)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.exec(`CREATE TABLE msg (id TEXT PRIMARY KEY, body BLOB NOT NULL, status TEXT NOT NULL, attempts INT NOT NULL DEFAULT 0,
               created_at INT NOT NULL, updated_at INT);
             CREATE INDEX msg_due ON msg(created_at) WHERE status = 'pending';
             CREATE TABLE attempt (delivery_id TEXT NOT NULL, n INT NOT NULL, started_at INT, status INT, headers TEXT, total_ms REAL,
               PRIMARY KEY (delivery_id, n)) WITHOUT ROWID;`)
    insMsg = db.prepare("INSERT INTO msg (id, body, status, created_at) VALUES (?, ?, 'pending', ?)")
    insAttempt = db.prepare('INSERT INTO attempt (delivery_id, n, started_at, status, headers, total_ms) VALUES (?, 1, ?, ?, ?, ?)')
    markDone = db.prepare("UPDATE msg SET status = 'delivered', attempts = 1, updated_at = ? WHERE id = ?")
  }
  const flush = () => {
    scheduled = false
    const batch = pending
    pending = []
    db.transaction(() => {
      for (const a of batch) {
        insAttempt.run(a[0], a[1], a[2], a[3], a[4])
        markDone.run(a[1], a[0])
      }
    })()
  }
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const queue = []
  let enqueued = 0
  const enqueueSome = () => {
    const batch = []
    for (let k = 0; k < 256 && enqueued < N; k++, enqueued++) {
      batch.push([`msg_${String(enqueued).padStart(8, '0')}`, Buffer.from(JSON.stringify({ type: 'invoice.paid', i: enqueued, pad: 'x'.repeat(980) }))])
    }
    if (db) db.transaction(() => batch.forEach(([id, body]) => insMsg.run(id, body, Date.now())))()
    queue.push(...batch)
  }
  enqueueSome()
  const producer = (async () => {
    while (enqueued < N) {
      await new Promise((r) => setImmediate(r))
      enqueueSome()
    }
  })()
  await Promise.all(
    Array.from({ length: C }, async () => {
      for (;;) {
        let m = queue.shift()
        while (!m && enqueued < N) {
          await new Promise((r) => setImmediate(r))
          m = queue.shift()
        }
        if (!m) return
        const [id, body] = m
        const ts = Math.floor(Date.now() / 1000)
        const sig = createHmac('sha256', KEY).update(`${id}.${ts}.`).update(body).digest('base64')
        const started = performance.now()
        const res = await pool.request({
          path: u.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${sig}` },
          body,
        })
        await res.body.dump()
        if (db) {
          pending.push([id, Date.now(), res.statusCode, JSON.stringify(res.headers), performance.now() - started])
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
  db?.close()
  return { rate: (N / ms) * 1000, cpuUs: (cpu.user + cpu.system) / N }
}

if (process.argv[2] === 'sink') sink()
else {
  const child = fork(new URL(import.meta.url).pathname, ['sink'])
  const port = await new Promise((r) => child.once('message', r))
  const url = `http://127.0.0.1:${port}/hook`
  const dir = mkdtempSync(join(tmpdir(), 'hooklab-b1-minimal-'))
  const runs = { raw: [], minimal: [] }
  for (let rep = 0; rep < 3; rep++) {
    runs.raw.push(await send(url, null))
    runs.minimal.push(await send(url, join(dir, `q${rep}.db`)))
  }
  child.kill()
  rmSync(dir, { recursive: true, force: true })
  const med = (xs) => xs.map((x) => x).sort((a, b) => a - b)[1]
  const raw = med(runs.raw.map((r) => r.rate))
  const min = med(runs.minimal.map((r) => r.rate))
  console.log(`raw undici        ${Math.round(raw)} msg/s, ${med(runs.raw.map((r) => r.cpuUs)).toFixed(1)} µs CPU per message`)
  console.log(`minimal durable   ${Math.round(min)} msg/s, ${med(runs.minimal.map((r) => r.cpuUs)).toFixed(1)} µs CPU per message = ${(min / raw).toFixed(2)}× the limit`)
}
