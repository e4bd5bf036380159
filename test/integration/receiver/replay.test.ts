// Replaying a capture goes through the delivery engine: as it was, or re-signed.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import Stripe from 'stripe'
import { afterEach, describe, expect, it } from 'vitest'
import type { EnqueueRequest } from '../../../src-main/engine/delivery/types'
import { createEngine } from '../../../src-main/engine/engine'
import type { Engine } from '../../../src-main/engine/engine'
import type { Receiver } from '../../../src-main/engine/receiver'
import { startReceiver, startSink } from './helpers'
import type { Harness, Sink } from './helpers'

const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function captureOne(h: Harness, body: Buffer, headers: Record<string, string>): Promise<string> {
  const res = await fetch(`${h.url}/orig?q=1`, { method: 'PUT', headers, body: new Uint8Array(body) })
  return ((await res.json()) as { captureId: string }).captureId
}

describe('capture replay with a fake enqueue', () => {
  it('as-is sends the same method, headers and bytes, unsigned', async () => {
    const calls: EnqueueRequest[] = []
    const h = await startReceiver({ enqueue: (req) => (calls.push(req), { deliveryId: 'dlv_fake', messageId: 'msg_fake' }) })
    cleanups.push(() => h.close())
    const body = Buffer.from([1, 2, 3, 0xff])
    const id = await captureOne(h, body, { 'X-Thing': 'one', 'Content-Type': 'application/x-bin', 'webhook-signature': 'v1,abc' })
    expect(h.receiver.replayCapture(id, { to: 'http://127.0.0.1:9/x', mode: 'as-is' })).toEqual({ deliveryId: 'dlv_fake', messageId: 'msg_fake' })
    const req = calls[0]!
    expect(req).toMatchObject({ url: 'http://127.0.0.1:9/x', method: 'PUT', contentType: 'application/x-bin', signing: null })
    expect(req.body.equals(body)).toBe(true)
    expect(req.headers).toContainEqual(['X-Thing', 'one'])
    expect(req.headers).toContainEqual(['webhook-signature', 'v1,abc'])
    expect(req.headers!.some(([n]) => /^(host|content-length|connection)$/i.test(n))).toBe(false)
  })

  it('re-sign drops the old signature headers and asks for fresh signing, with an edited body', async () => {
    const calls: EnqueueRequest[] = []
    const h = await startReceiver({ enqueue: (req) => (calls.push(req), { deliveryId: 'dlv_fake', messageId: 'msg_fake' }) })
    cleanups.push(() => h.close())
    const id = await captureOne(h, Buffer.from('{"a":1}'), { 'webhook-signature': 'v1,abc', 'webhook-id': 'old', 'X-Keep': 'k' })
    h.receiver.replayCapture(id, { to: 'http://127.0.0.1:9/x', mode: 're-sign', signing: { scheme: 'standard', secret: WHSEC }, body: '{"a":2}' })
    const req = calls[0]!
    expect(req.signing).toEqual({ scheme: 'standard', secret: WHSEC })
    expect(req.body.toString()).toBe('{"a":2}')
    expect(req.headers).toContainEqual(['X-Keep', 'k'])
    expect(req.headers!.some(([n]) => n.startsWith('webhook-'))).toBe(false)
    expect(() => h.receiver.replayCapture(id, { to: 'http://127.0.0.1:9/x', mode: 're-sign' })).toThrow(/signing/)
    expect(() => h.receiver.replayCapture(id, { to: 'not a url', mode: 'as-is' })).toThrow(/not a URL/)
  })

  it("an edited body goes out as the plain bytes given: the original's Content-Encoding is dropped, other headers kept", async () => {
    const calls: EnqueueRequest[] = []
    const h = await startReceiver({ enqueue: (req) => (calls.push(req), { deliveryId: 'dlv_fake', messageId: 'msg_fake' }) })
    cleanups.push(() => h.close())
    const id = await captureOne(h, gzipSync('{"a":1}'), { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'X-Keep': 'k' })
    h.receiver.replayCapture(id, { to: 'http://127.0.0.1:9/x', mode: 'as-is' })
    expect(calls[0]!.headers).toContainEqual(['Content-Encoding', 'gzip']) // as captured: the same gzip bytes, so the same header
    h.receiver.replayCapture(id, { to: 'http://127.0.0.1:9/x', mode: 'as-is', body: '{"a":2}' })
    expect(calls[1]!.body.toString()).toBe('{"a":2}')
    expect(calls[1]!.headers!.some(([n]) => n.toLowerCase() === 'content-encoding')).toBe(false)
    expect(calls[1]!.headers).toContainEqual(['X-Keep', 'k'])
  })
})

describe('bulk capture replay (what the inbox list shows, to one URL)', () => {
  it('replays the matching captures of one inbox, oldest first; oversize ones are skipped', async () => {
    const calls: EnqueueRequest[] = []
    const h = await startReceiver({
      enqueue: (req) => (calls.push(req), { deliveryId: `dlv_${calls.length}`, messageId: 'msg_fake' }),
      options: { bodyLimitBytes: 64 },
    })
    cleanups.push(() => h.close())
    const shop = h.receiver.inboxes.create({ slug: 'shop' })
    for (const [path, body] of [
      ['/in/shop/orders', '{"n":1}'],
      ['/in/shop/refunds', '{"n":2}'],
      ['/in/shop/orders', '{"n":3}'],
      ['/in/shop/orders', `{"big":"${'x'.repeat(100)}"}`],
      ['/elsewhere/orders', '{"n":5}'],
    ] as const) {
      const res = await fetch(h.url + path, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
      await res.arrayBuffer()
    }
    const result = h.receiver.replayCaptures({ inboxId: shop.id, text: 'orders' }, { to: 'http://127.0.0.1:9/replayed', mode: 'as-is' })
    expect(result).toMatchObject({ enqueued: 2, skippedOversize: 1 })
    expect(calls.map((c) => c.body.toString())).toEqual(['{"n":1}', '{"n":3}'])
    expect(calls.every((c) => c.url === 'http://127.0.0.1:9/replayed' && c.method === 'POST')).toBe(true)

    // Oldest first by when they were received: one imported now, received last year, goes first.
    const lastYear = Date.now() - 365 * 86_400_000
    h.receiver.importCaptures([
      { id: 'cap_imported_1', inboxSlug: 'shop', receivedAt: lastYear, remoteAddress: null, method: 'POST', path: '/in/shop/orders', query: '', headers: [], contentType: 'application/json', body: Buffer.from('{"n":0}'), size: 7, oversize: false, response: null, verification: null, forward: null },
    ])
    calls.length = 0
    h.receiver.replayCaptures({ inboxId: shop.id, text: 'orders' }, { to: 'http://127.0.0.1:9/replayed', mode: 'as-is' })
    expect(calls.map((c) => c.body.toString())).toEqual(['{"n":0}', '{"n":1}', '{"n":3}'])
  })

  it('sends nothing when the target is bad, re-signing lacks a secret, or more than 1,000 captures match', async () => {
    const calls: EnqueueRequest[] = []
    const h = await startReceiver({ enqueue: (req) => (calls.push(req), { deliveryId: 'dlv_fake', messageId: 'msg_fake' }) })
    cleanups.push(() => h.close())
    for (let batch = 0; batch < 21; batch++)
      await Promise.all(Array.from({ length: 50 }, (_, i) => fetch(h.url, { method: 'POST', body: String(batch * 50 + i) }).then((r) => r.arrayBuffer())))
    expect(() => h.receiver.replayCaptures({}, { to: 'ftp://x/y', mode: 'as-is' })).toThrow(/must be http/)
    expect(() => h.receiver.replayCaptures({}, { to: 'http://127.0.0.1:9/', mode: 're-sign' })).toThrow(/signing/)
    expect(() => h.receiver.replayCaptures({}, { to: 'http://127.0.0.1:9/', mode: 'as-is' })).toThrow(/more than 1000 captures match: narrow the search/)
    expect(calls).toHaveLength(0)
    // Narrowed, it goes.
    expect(h.receiver.replayCaptures({ text: '104' }, { to: 'http://127.0.0.1:9/', mode: 'as-is' }).enqueued).toBeGreaterThan(0)
  })
})

describe('capture replay through the real engine', () => {
  let engine: Engine
  let receiver: Receiver
  let sink: Sink

  async function setup(): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'hooklab-replay-'))
    engine = createEngine({ home: dir, pollMs: 50 })
    engine.start()
    receiver = engine.receiver
    const { url } = await engine.startReceiver()
    sink = await startSink()
    cleanups.push(async () => {
      await sink.close()
      await engine.stop({ graceMs: 500 })
      rmSync(dir, { recursive: true, force: true })
    })
    return url
  }

  it('re-signed replays verify with the providers’ libraries', async () => {
    const url = await setup()
    const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'ping' })
    const res = await fetch(`${url}/caught`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
    const { captureId } = (await res.json()) as { captureId: string }

    const std = receiver.replayCapture(captureId, { to: `${sink.url}/std`, mode: 're-sign', signing: { scheme: 'standard', secret: WHSEC } })
    expect((await engine.delivery.waitFor(std.deliveryId)).status).toBe('delivered')
    const stdReq = sink.requests.find((r) => r.url === '/std')!
    const h1 = headerMap(stdReq.headers)
    expect(() => new StandardWebhook(WHSEC).verify(stdReq.body.toString(), h1)).not.toThrow()
    expect(h1['webhook-id']).toBe(std.messageId)

    const stripeSecret = 'whsec_stripe_local'
    const st = receiver.replayCapture(captureId, { to: `${sink.url}/stripe`, mode: 're-sign', signing: { scheme: 'stripe', secret: stripeSecret } })
    expect((await engine.delivery.waitFor(st.deliveryId)).status).toBe('delivered')
    const stReq = sink.requests.find((r) => r.url === '/stripe')!
    const event = new Stripe('sk_test_x').webhooks.constructEvent(stReq.body, headerMap(stReq.headers)['stripe-signature']!, stripeSecret)
    expect(event.id).toBe('evt_1')
  })

  it('a bulk re-signed replay delivers each capture with a fresh signature the provider library accepts', async () => {
    const url = await setup()
    for (const n of [1, 2, 3]) await (await fetch(`${url}/bulk`, { method: 'POST', body: `{"n":${n}}`, headers: { 'webhook-signature': 'v1,stale' } })).arrayBuffer()
    const result = receiver.replayCaptures({ text: '/bulk' }, { to: `${sink.url}/fresh`, mode: 're-sign', signing: { scheme: 'standard', secret: WHSEC } })
    expect(result).toMatchObject({ enqueued: 3, skippedOversize: 0 })
    await expect.poll(() => sink.requests.filter((x) => x.url === '/fresh').length, { timeout: 5000 }).toBe(3)
    const got = sink.requests.filter((x) => x.url === '/fresh')
    expect(got.map((g) => g.body.toString()).sort()).toEqual(['{"n":1}', '{"n":2}', '{"n":3}'])
    for (const g of got) expect(() => new StandardWebhook(WHSEC).verify(g.body.toString(), headerMap(g.headers))).not.toThrow()
  })

  it('as-is replays the captured bytes and gets an attempt log entry', async () => {
    const url = await setup()
    const body = Buffer.from([0, 1, 2, 250, 251])
    const res = await fetch(`${url}/bin`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'X-Orig': 'yes' }, body })
    const { captureId } = (await res.json()) as { captureId: string }
    const r = receiver.replayCapture(captureId, { to: `${sink.url}/asis`, mode: 'as-is' })
    expect((await engine.delivery.waitFor(r.deliveryId)).status).toBe('delivered')
    const got = sink.requests.find((x) => x.url === '/asis')!
    expect(got.body.equals(body)).toBe(true)
    expect(got.headers).toContain('X-Orig')
    expect(engine.delivery.getDelivery(r.deliveryId).attemptsList).toHaveLength(1)
  })
})

function headerMap(raw: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (let i = 0; i + 1 < raw.length; i += 2) out[raw[i]!.toLowerCase()] = raw[i + 1]!
  return out
}
