// Seeds a home with delivered history for B5/B6: one endpoint made through the engine, then
// deliveries with two attempts each (a 500, then a 200) bulk-inserted into the engine's own
// tables (columns from migration 001_delivery) in one transaction per 5,000 deliveries. And, for
// B6's captures export, an inbox of captured webhooks.
import Database from 'better-sqlite3'
import { createEngine } from '../../../src-main/engine/engine'
import { createCaptureRepo } from '../../../src-main/engine/receiver/capture-repo'
import type { CaptureRecord } from '../../../src-main/engine/receiver/capture-repo'
import { BENCH_SECRET, makeBody, signStandard } from './payload'

export interface SeedResult {
  endpointId: string
  deliveries: number
  attempts: number
}

export async function seedHistory(home: string, attempts: number, url = 'http://127.0.0.1:9/hook'): Promise<SeedResult> {
  const engine = createEngine({ home })
  const ep = engine.endpoints.create({ name: 'seeded', url, signing: { scheme: 'standard', secret: BENCH_SECRET } })
  const db = engine.db
  const insMsg = db.prepare('INSERT INTO message (id, event_type, body, content_type, created_at) VALUES (?, ?, ?, ?, ?)')
  const insDlv = db.prepare(`INSERT INTO delivery (id, message_id, endpoint_id, event_type, url, method, status, attempts,
      last_status, created_at, updated_at, completed_at) VALUES (?, ?, ?, ?, ?, 'POST', 'delivered', 2, 200, ?, ?, ?)`)
  const insAtt = db.prepare(`INSERT INTO attempt (delivery_id, number, endpoint_id, owner, started_at, request_url, request_method,
      request_headers_json, response_status, response_headers_json, response_body, response_truncated, connect_ms, first_byte_ms,
      total_ms, outcome) VALUES (?, ?, ?, 'seed', ?, ?, 'POST', ?, ?, ?, ?, 0, ?, ?, ?, ?)`)
  const deliveries = Math.ceil(attempts / 2)
  const start = Date.now() - deliveries * 1000
  const respHeaders = JSON.stringify([['content-type', 'application/json'], ['content-length', '11']])
  const okBody = Buffer.from('{"ok":true}')
  const errBody = Buffer.from('{"error":"upstream unavailable"}')
  const chunk = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const t = start + i * 1000
      const msgId = `msg_seed${String(i).padStart(8, '0')}`
      const dlvId = `dlv_seed${String(i).padStart(8, '0')}`
      const body = makeBody(i)
      const reqHeaders = JSON.stringify([['content-type', 'application/json'], ...Object.entries(signStandard(msgId, Math.floor(t / 1000), body))])
      insMsg.run(msgId, 'invoice.paid', body, 'application/json', t)
      insDlv.run(dlvId, msgId, ep.id, 'invoice.paid', url, t, t + 500, t + 500)
      insAtt.run(dlvId, 1, ep.id, t, url, reqHeaders, 500, respHeaders, errBody, 0.4, 3.1, 3.5, 'retrying')
      insAtt.run(dlvId, 2, ep.id, t + 500, url, reqHeaders, 200, respHeaders, okBody, 0, 2.2, 2.6, 'delivered')
    }
  })
  for (let i = 0; i < deliveries; i += 5000) chunk(i, Math.min(deliveries, i + 5000))
  await stopAndTruncateWal(engine)
  return { endpointId: ep.id, deliveries, attempts: deliveries * 2 }
}

/** Seeds one inbox with `count` captured 1 KB signed JSON webhooks (answered 200), through the receiver's own insert. */
export async function seedCaptures(home: string, count: number): Promise<{ inboxId: string; captures: number }> {
  const engine = createEngine({ home })
  const inbox = engine.receiver.inboxes.create({ slug: 'seeded' })
  const repo = createCaptureRepo(engine.db)
  const start = Date.now() - count * 1000
  const answer = JSON.stringify([['Content-Type', 'application/json'], ['Content-Length', '11']])
  for (let from = 0; from < count; from += 5000) {
    const rows: CaptureRecord[] = []
    for (let i = from; i < Math.min(count, from + 5000); i++) {
      const t = start + i * 1000
      const id = `msg_seed${String(i).padStart(8, '0')}`
      const body = makeBody(i)
      const headers = [['host', '127.0.0.1'], ['content-type', 'application/json'], ['content-length', String(body.length)], ...Object.entries(signStandard(id, Math.floor(t / 1000), body))]
      rows.push({
        id: `cap_seed${String(i).padStart(8, '0')}`, inbox_id: inbox.id, received_at: t, method: 'POST', path: '/in/seeded/', query: '',
        headers_json: JSON.stringify(headers), content_type: 'application/json', body, size: body.length, oversize: 0, remote_address: '127.0.0.1',
        response_status: 200, response_headers_json: answer, response_body: Buffer.from('{"ok":true}'), verify_scheme: null, verify_valid: null,
        verify_reason: null, verify_explanation: null, delivery_key: id, duplicate_of: null, forward_url: null, forward_status: null,
        forward_body: null, forward_ms: null, forward_error: null, relayed: 0,
      })
    }
    repo.insertBatch(rows)
  }
  await stopAndTruncateWal(engine)
  return { inboxId: inbox.id, captures: count }
}

// Copy the WAL back and empty it before anyone opens the file: otherwise the next process
// (serve in B5, the exporter in B6) inherits ~150 MB of WAL and checkpoints it while measured.
async function stopAndTruncateWal(engine: ReturnType<typeof createEngine>): Promise<void> {
  const file = engine.db.name
  await engine.stop()
  const plain = new Database(file)
  plain.pragma('wal_checkpoint(TRUNCATE)')
  plain.close()
}
