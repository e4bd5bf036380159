// Review 3 of the captures import: a document with an error anywhere imports nothing and makes no inbox;
// headers HTTP cannot carry are refused up front, naming the capture and header; a leading UTF-8 BOM is
// accepted; and browser mode takes a captures.import message as large as the UI allows.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { Writable } from 'node:stream'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { parseCapturesDocument } from '../../../src-main/api/captures-import'
import type { Handlers } from '../../../src-main/api/types'
import { createQueue } from '../../../src-main/engine/delivery/queue'
import { createExporter } from '../../../src-main/engine/export/attempts'
import { CAPTURES_FORMAT } from '../../../src-main/engine/export/captures'
import { createHost, MAX_MESSAGE_BYTES } from '../../../src-main/host/host'
import { tmpEngine } from '../delivery/helpers'

function capture(n: number, slug: string, headers: Array<[string, string]> = [['content-type', 'text/plain']]) {
  return {
    id: `cap_r3${n.toString(36)}`,
    inbox: { slug },
    receivedAt: new Date(Date.UTC(2026, 10, 1, 12, 0, 0, n)).toISOString(),
    remoteAddress: null,
    request: { method: 'POST', path: '/x', query: '', headers, contentType: 'text/plain', size: 2, oversize: false, encoding: 'utf8', body: 'hi' },
    response: null,
    verification: null,
    forward: null,
  }
}
const doc = (captures: unknown[]): string => JSON.stringify({ format: CAPTURES_FORMAT, exportedAt: new Date().toISOString(), captures })

describe('captures import, review 3', () => {
  it('a bad slug in the 501st capture imports none of the 500 before it', async () => {
    const engine = tmpEngine()
    const items = Array.from({ length: 501 }, (_, i) => capture(i, i === 500 ? 'Bad Slug' : 'good'))
    expect(() => engine.receiver.importCaptures(parseCapturesDocument(doc(items)))).toThrow(/inbox slug "Bad Slug"/)
    expect(engine.receiver.listCaptures().items).toHaveLength(0)
    expect(engine.receiver.inboxes.getBySlug('good')).toBeNull()
    // The same document without the bad one goes in whole.
    expect(engine.receiver.importCaptures(parseCapturesDocument(doc(items.slice(0, 500))))).toMatchObject({ imported: 500, skipped: 0 })
    await engine.stop()
  })

  it('makes no inbox for a document it refuses', async () => {
    const engine = tmpEngine()
    expect(() => engine.receiver.importCaptures(parseCapturesDocument(doc([capture(1, 'newinbox'), capture(2, 'Bad Slug')])))).toThrow(/Bad Slug/)
    expect(engine.receiver.inboxes.getBySlug('newinbox')).toBeNull()
    await engine.stop()
  })

  it('refuses a header name or value HTTP cannot carry, naming the capture and header', () => {
    expect(() => parseCapturesDocument(doc([capture(1, 'a'), capture(2, 'a', [['Bad Name', 'x']])]))).toThrow(/capture 2 \(cap_r32\): request header "Bad Name" is not a valid header name/)
    expect(() => parseCapturesDocument(doc([capture(1, 'a', [['X-Evil', 'a\r\nInjected: 1']])]))).toThrow(/capture 1 \(cap_r31\): the value of request header X-Evil holds a line break/)
    expect(() => parseCapturesDocument(doc([capture(1, 'a', [['X-Nul', 'a\u0000b']])]))).toThrow(/X-Nul/)
    expect(() => parseCapturesDocument(doc([capture(1, 'a', [['', 'x']])]))).toThrow(/not a valid header name/)
    // What a capture legitimately holds: latin1 bytes, a tab, an empty value, repeats.
    const ok = parseCapturesDocument(doc([capture(1, 'a', [['X-Latin', 'caf\u00e9'], ['X-Tab', 'a\tb'], ['X-Empty', ''], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']])]))
    expect(ok[0]!.headers).toHaveLength(5)
  })

  it('accepts a document that starts with a UTF-8 byte-order mark', () => {
    const items = parseCapturesDocument(`\ufeff${doc([capture(1, 'a')])}`)
    expect(items.map((c) => c.id)).toEqual(['cap_r31'])
    // Only one: a second one is not JSON.
    expect(() => parseCapturesDocument(`\ufeff\ufeff${doc([])}`)).toThrow(/Not a JSON document/)
  })

  it('browser mode takes a captures.import message bigger than 16 MB, and its bound fits the UI’s 50 MB JSON-encoded', async () => {
    expect(MAX_MESSAGE_BYTES).toBeGreaterThan(2 * 50_000_000 + 1024)
    const dir = mkdtempSync(join(tmpdir(), 'hooklab-host-r3-'))
    const handlers = { 'captures.import': (input: { text: string }) => ({ imported: input.text.length, skipped: 0, inboxes: [] }) } as unknown as Handlers
    const host = createHost({ handlers, rendererDir: dir, port: 0 })
    try {
      const { port, token } = await host.start()
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, { headers: { Origin: `http://127.0.0.1:${port}` } })
      await new Promise((r) => ws.once('open', r))
      const reply = new Promise<unknown>((resolve, reject) => {
        ws.once('message', (d) => resolve(JSON.parse(String(d))))
        ws.once('close', (code) => reject(new Error(`closed ${code}`)))
      })
      const text = '"'.repeat(10_000_000) // 10 MB of text, 20 MB once JSON-encoded into the message
      ws.send(JSON.stringify({ id: 1, method: 'captures.import', input: { text } }))
      expect(await reply).toMatchObject({ id: 1, ok: true, result: { imported: 10_000_000 } })
      ws.close()
    } finally {
      await host.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('an attempts export reads each page in one transaction: a delivery settled meanwhile (by the writer thread) is seen before or after, never half', async () => {
    const engine = tmpEngine()
    const { deliveryId: id } = engine.delivery.enqueue({ url: 'http://127.0.0.1:9/x', body: Buffer.from('{}'), contentType: 'application/json' })
    engine.delivery.flush()
    const other = new Database(engine.db.name) // another connection, as the writer thread's
    const queue = createQueue(engine.db)
    let settled = false
    const racing: typeof queue = {
      ...queue,
      attemptsOf: (deliveryId: string) => {
        if (!settled) {
          settled = true // settles it between the page's delivery rows and their attempts
          other.prepare(`INSERT INTO attempt (delivery_id, number, owner, started_at, request_url, request_method, request_headers_json, response_status, total_ms, outcome) VALUES (?, 1, 'w', 1, 'http://127.0.0.1:9/x', 'POST', '[]', 200, 1, 'delivered')`).run(deliveryId)
          other.prepare(`UPDATE delivery SET status = 'delivered', attempts = 1 WHERE id = ?`).run(deliveryId)
        }
        return queue.attemptsOf(deliveryId)
      },
    }
    const exporter = createExporter({ queue: racing, endpoints: engine.endpoints, clock: { now: () => Date.now() }, flush: () => {}, readTransaction: (fn) => engine.db.transaction(fn)() })
    const chunks: string[] = []
    const stream = new Writable({ write: (chunk: Buffer, _enc, cb) => (chunks.push(chunk.toString()), cb()) })
    await exporter.exportAttempts({}, stream)
    other.close()
    const [d] = (JSON.parse(chunks.join('')) as { deliveries: Array<{ id: string; status: string; attemptCount: number; attempts: unknown[] }> }).deliveries
    expect(settled).toBe(true)
    expect(d).toMatchObject({ id, status: 'pending', attemptCount: 0, attempts: [] }) // as it was when the page was read
  })
})
