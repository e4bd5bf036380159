// What B2's ratio could be at best on this machine: a bare node:http server against the same
// server group-committing one minimal row per request (no indexes but the key) before it answers,
// under autocannon (50 connections, 1 KB POST), interleaved, medians of 3. Not Hooklab's receiver.
// BATCHES=8,16,32 adds servers that also commit as soon as that many requests wait (smaller
// commits, so answers flow while the next requests are read); the default commits once per tick.
//   node test/bench/bounds/b2-minimal.mjs
//   BATCHES=4,8,16,32 node test/bench/bounds/b2-minimal.mjs
import { fork } from 'node:child_process'
import { createServer } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'

function serve(file, maxBatch) {
  let db = null
  let insert
  let pending = []
  let scheduled = false
  let n = 0
  if (file) {
    db = new Database(file)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.exec('CREATE TABLE capture (id TEXT PRIMARY KEY, received_at INT, method TEXT, path TEXT, headers TEXT, body BLOB)')
    insert = db.prepare('INSERT INTO capture VALUES (?, ?, ?, ?, ?, ?)')
  }
  const ok = (res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' })
    res.end('ok')
  }
  // Answered only once its row is committed, like B2's receiver.
  const flush = () => {
    scheduled = false
    const batch = pending
    pending = []
    db.transaction(() => batch.forEach((p) => insert.run(p.id, p.at, p.method, p.path, p.headers, p.body)))()
    for (const p of batch) ok(p.res)
  }
  const cpu0 = process.cpuUsage()
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      if (!db) return ok(res)
      pending.push({ id: `cap_${n++}`, at: Date.now(), method: req.method, path: req.url, headers: JSON.stringify(req.rawHeaders), body: Buffer.concat(chunks), res })
      if (maxBatch && pending.length >= maxBatch) flush()
      else if (!scheduled) {
        scheduled = true
        setImmediate(flush)
      }
    })
  })
  server.keepAliveTimeout = 60_000
  server.listen(0, '127.0.0.1', () => process.send?.(server.address().port))
  process.on('message', () => {
    const c = process.cpuUsage(cpu0)
    process.send?.({ cpuUs: c.user + c.system })
  })
}

if (process.argv[2] === 'serve') serve(process.argv[3] || null, Number(process.argv[4] || 0))
else {
  const dir = mkdtempSync(join(tmpdir(), 'hooklab-b2-minimal-'))
  const body = JSON.stringify({ type: 'invoice.paid', pad: 'x'.repeat(980) })
  const batches = (process.env.BATCHES ?? '').split(',').filter(Boolean)
  const kinds = ['bare', 'minimal', ...batches.map((b) => `minimal, commit at ${b}`)]
  const runs = Object.fromEntries(kinds.map((k) => [k, []]))
  for (let rep = 0; rep < 3; rep++) {
    for (const [i, kind] of kinds.entries()) {
      const child = fork(new URL(import.meta.url).pathname, ['serve', kind === 'bare' ? '' : join(dir, `c${rep}-${i}.db`), batches[i - 2] ?? '0'])
      const port = await new Promise((r) => child.once('message', r))
      const r = await autocannon({ url: `http://127.0.0.1:${port}/hook`, connections: 50, duration: 6, method: 'POST', body, headers: { 'content-type': 'application/json' } })
      child.send('cpu')
      const { cpuUs } = await new Promise((r) => child.once('message', r))
      runs[kind].push({ rate: r['2xx'] / r.duration, cpuUs: cpuUs / r['2xx'] })
      child.kill()
    }
  }
  rmSync(dir, { recursive: true, force: true })
  const med = (xs) => xs.sort((a, b) => a - b)[1]
  const bare = med(runs.bare.map((r) => r.rate))
  console.log(`bare sink                ${Math.round(bare)} req/s, ${med(runs.bare.map((r) => r.cpuUs)).toFixed(1)} µs CPU per request`)
  for (const kind of kinds.slice(1)) {
    const rate = med(runs[kind].map((r) => r.rate))
    console.log(`${kind.padEnd(24)} ${Math.round(rate)} req/s, ${med(runs[kind].map((r) => r.cpuUs)).toFixed(1)} µs CPU per request = ${(rate / bare).toFixed(2)}× the bare sink`)
  }
}
