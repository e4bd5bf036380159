// Review 4, the attempt log export: a page of 200 deliveries was joined into one string, so big
// messages (replays of captures near the 10 MB limit) failed it with "Invalid string length"; and a
// delivery dead after HTTP 500s exported "lastError": null though the Deliveries list shows "HTTP 500".
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { z } from 'zod'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { createExporter } from '../../../src-main/engine/export/attempts'
import { slowSink, startSink, tmpHome } from '../delivery/helpers'

const schema = z.fromJSONSchema(
  JSON.parse(
    readFileSync(
      join(__dirname, '../../../resources/schema/hooklab.attempts.v1.schema.json'),
      'utf8',
    ),
  ) as never,
)
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('attempts export (review 4)', () => {
  it('writes 60 deliveries of 8 MB messages (more than V8 can hold in one string) one by one', async () => {
    // One 8 MB binary body shared by every message: the test holds 8 MB, the old export joined 640 MB of base64.
    const body = randomBytes(8 * 1024 * 1024)
    const total = 60
    const row = (i: number) => ({
      id: `dlv_${String(i).padStart(4, '0')}`,
      message_id: `msg_${i}`,
      endpoint_id: null,
      event_type: null,
      url: 'http://127.0.0.1:9/x',
      body: null,
      status: 'delivered',
      attempts: 0,
      next_attempt_at: null,
      last_status: null,
      last_error_code: null,
      last_error: null,
      replay_of: null,
      created_at: i,
      updated_at: i,
      completed_at: i,
    })
    let listed = 0
    const queue = {
      list: (_f: unknown, limit: number, cursor: { at: number } | null) => {
        const from = cursor ? cursor.at + 1 : 1
        const rows = Array.from(
          { length: Math.max(0, Math.min(limit, total - from + 1)) },
          (_, i) => row(from + i),
        )
        listed += rows.length
        return rows
      },
      attemptsOf: () => [],
      getMessage: (id: string) => ({
        id,
        event_type: null,
        body,
        content_type: 'application/octet-stream',
        created_at: 0,
      }),
    }
    const exporter = createExporter({
      queue: queue as never,
      endpoints: { row: () => undefined } as never,
      clock: { now: () => 0 } as never,
      flush: () => {},
    })
    let chars = 0
    let largest = 0
    const stream = new Writable({
      decodeStrings: false,
      write(chunk: string, _enc, cb) {
        chars += chunk.length
        largest = Math.max(largest, chunk.length)
        cb()
      },
    })
    expect(await exporter.exportAttempts({}, stream)).toEqual({ deliveries: total, attempts: 0 })
    const one = Math.ceil(body.length / 3) * 4
    expect(chars).toBeGreaterThan(total * one)
    expect(largest).toBeLessThan(one + 64 * 1024 + 2000)
    // Pages end by bytes too: a page of 200 would build all 60 documents before writing any.
    expect(listed).toBeGreaterThan(total)
  })

  it('fills lastError for a delivery dead after HTTP 500s, as the list shows it, and keeps a network error’s code', async () => {
    const home = tmpHome()
    const sink = await startSink([{ status: 500, body: 'boom' }])
    const engine = createEngine({ home: home.dir, pollMs: 20 })
    cleanups.push(
      home.cleanup,
      () => sink.close(),
      () => engine.stop({ graceMs: 200 }),
    )
    engine.start()
    const retry = { schedule: { kind: 'list' as const, delaysMs: [10, 10] }, maxAttempts: 3 }
    const http = engine.delivery.enqueue({
      url: `${sink.url}/fail`,
      body: Buffer.from('{}'),
      contentType: 'application/json',
      retry,
    })
    const refused = engine.delivery.enqueue({
      url: 'http://127.0.0.1:9/x',
      body: Buffer.from('{}'),
      contentType: 'application/json',
      retry: { ...retry, maxAttempts: 1 },
    })
    await Promise.all([http, refused].map((x) => engine.delivery.waitFor(x.deliveryId)))

    const { stream, chunks } = slowSink()
    await engine.export.exportAttempts({}, stream)
    const doc = JSON.parse(chunks.join('')) as {
      deliveries: Array<{
        id: string
        status: string
        lastError: { code: string; message: string } | null
        attempts: unknown[]
      }>
    }
    expect(schema.safeParse(doc).success).toBe(true)
    const dead = doc.deliveries.find((d) => d.id === http.deliveryId)!
    expect(dead.status).toBe('dead')
    expect(dead.attempts).toHaveLength(3)
    expect(dead.lastError).toEqual({ code: 'E_HTTP_STATUS', message: 'HTTP 500' })
    const summary = engine.delivery
      .listDeliveries({}, {})
      .items.find((d) => d.id === http.deliveryId)
    expect(dead.lastError!.message).toBe(summary?.lastError)
    const net = doc.deliveries.find((d) => d.id === refused.deliveryId)!
    expect(net.lastError).toMatchObject({ code: 'E_CONN_REFUSED' })
  })
})
