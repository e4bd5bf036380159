import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import type { Engine } from '../../../src-main/engine/engine'
import type { RetryPolicy } from '../../../src-main/engine/delivery/types'
import { endpointView } from '../../../src-main/api/views'
import { deadPort, json, startSink, tmpHome } from './helpers'
import type { Sink } from './helpers'

const fast: RetryPolicy = { schedule: { kind: 'list', delaysMs: [20] }, maxAttempts: 5 }
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup(script: Parameters<typeof startSink>[0] = []): Promise<{ engine: Engine; sink: Sink }> {
  const home = tmpHome()
  const sink = await startSink(script)
  const engine = createEngine({ home: home.dir, pollMs: 50 })
  engine.start()
  cleanups.push(home.cleanup, () => sink.close(), () => engine.stop({ graceMs: 500 }))
  return { engine, sink }
}

describe('delivery against a real HTTP server', () => {
  it('delivers once, with the body, content type and the message id as webhook-id', async () => {
    const { engine, sink } = await setup()
    const { deliveryId, messageId } = engine.delivery.enqueue({ url: `${sink.url}/hook`, body: json({ a: 1 }), contentType: 'application/json', eventType: 'x.y' })
    const final = await engine.delivery.waitFor(deliveryId)
    expect(final.status).toBe('delivered')
    expect(sink.requests).toHaveLength(1)
    const req = sink.requests[0]!
    expect(req.method).toBe('POST')
    expect(req.url).toBe('/hook')
    expect(req.body.toString()).toBe('{"a":1}')
    expect(req.headers['content-type']).toBe('application/json')
    expect(req.headers['webhook-id']).toBe(messageId)
    const detail = engine.delivery.getDelivery(deliveryId)
    expect(detail.attemptsList).toHaveLength(1)
    expect(detail.attemptsList[0]).toMatchObject({ number: 1, outcome: 'delivered', response: { status: 200 } })
    expect(detail.attemptsList[0]!.timings.totalMs).toBeGreaterThan(0)
    expect(detail.attemptsList[0]!.request.headers).toContainEqual(['webhook-id', messageId])
  })

  it("headers: an endpoint's replace the defaults and a delivery's replace the endpoint's, names compared without case", async () => {
    const { engine, sink } = await setup()
    const ep = engine.endpoints.create({
      name: 'with headers',
      url: `${sink.url}/hook`,
      headers: [['User-Agent', 'acme-sender/2'], ['X-Env', 'prod'], ['X-Team', 'billing']],
      signing: { scheme: 'standard', secret: 'whsec_' + Buffer.alloc(24, 3).toString('base64') },
    })
    const { deliveryId, messageId } = engine.delivery.enqueue({
      endpointId: ep.id,
      body: json({ a: 1 }),
      contentType: 'application/json',
      headers: [['x-env', 'staging'], ['CONTENT-TYPE', 'application/cloudevents+json']],
    })
    expect((await engine.delivery.waitFor(deliveryId)).status).toBe('delivered')
    const req = sink.requests[0]!
    expect(req.headers['user-agent']).toBe('acme-sender/2')
    expect(req.headers['x-env']).toBe('staging')
    expect(req.headers['x-team']).toBe('billing')
    expect(req.headers['content-type']).toBe('application/cloudevents+json')
    expect(req.headers['webhook-id']).toBe(messageId)
    expect(req.headers['webhook-signature']).toMatch(/^v1,/)
    // Recorded as sent: each name once, with the winning spelling.
    const sent = engine.delivery.getDelivery(deliveryId).attemptsList[0]!.request.headers
    const names = sent.map(([n]) => n.toLowerCase())
    expect(new Set(names).size).toBe(names.length)
    expect(sent).toContainEqual(['x-env', 'staging'])
    expect(sent).toContainEqual(['CONTENT-TYPE', 'application/cloudevents+json'])
  })

  it('an enqueue without a content type is refused at once and does not sink the other enqueues of its tick', async () => {
    const { engine, sink } = await setup()
    const good = engine.delivery.enqueue({ url: sink.url, body: json({ ok: 1 }), contentType: 'application/json' })
    const bad = { url: sink.url, body: json({ ok: 2 }) } as unknown as Parameters<typeof engine.delivery.enqueue>[0]
    expect(() => engine.delivery.enqueue(bad)).toThrow(expect.objectContaining({ code: 'E_INVALID_INPUT', message: expect.stringContaining('contentType') }))
    const final = await engine.delivery.waitFor(good.deliveryId)
    expect(final.status).toBe('delivered')
    expect(sink.requests.map((r) => r.body.toString())).toEqual(['{"ok":1}'])
  })

  it('a delivery whose endpoint is deleted before its enqueue commits is dropped alone; the rest of its tick is delivered', async () => {
    const home = tmpHome()
    const sink = await startSink([])
    const errors: Array<[string, Record<string, unknown> | undefined]> = []
    const logger = { debug() {}, info() {}, warn() {}, error: (m: string, f?: Record<string, unknown>) => void errors.push([m, f]) }
    const engine = createEngine({ home: home.dir, pollMs: 50, logger })
    engine.start()
    cleanups.push(home.cleanup, () => sink.close(), () => engine.stop({ graceMs: 500 }))
    const ep = engine.endpoints.create({ name: 'going away', url: `${sink.url}/gone` })
    const before = engine.delivery.enqueue({ url: `${sink.url}/a`, body: json({ n: 1 }), contentType: 'application/json' })
    const doomed = engine.delivery.enqueue({ endpointId: ep.id, body: json({ n: 2 }), contentType: 'application/json' })
    const after = engine.delivery.enqueue({ url: `${sink.url}/b`, body: json({ n: 3 }), contentType: 'application/json' })
    engine.endpoints.delete(ep.id) // same tick: the batch commits after this
    expect((await engine.delivery.waitFor(before.deliveryId)).status).toBe('delivered')
    expect((await engine.delivery.waitFor(after.deliveryId)).status).toBe('delivered')
    expect(sink.requests.map((r) => r.url).sort()).toEqual(['/a', '/b'])
    expect(errors).toContainEqual(['a queued delivery was refused by the database and dropped', expect.objectContaining({ deliveryId: doomed.deliveryId })])
    // Nothing is held: a later enqueue goes straight through.
    const later = engine.delivery.enqueue({ url: `${sink.url}/c`, body: json({ n: 4 }), contentType: 'application/json' })
    expect((await engine.delivery.waitFor(later.deliveryId)).status).toBe('delivered')
  })

  it('500, 500, 200 -> three attempts with one webhook-id, delivered', async () => {
    const { engine, sink } = await setup([{ status: 500 }, { status: 500 }, { status: 200 }])
    const seen: string[] = []
    engine.bus.on('attempt.finished', (e) => seen.push(`${e.attempt}:${e.status}:${e.outcome}`))
    const { deliveryId, messageId } = engine.delivery.enqueue({ url: sink.url, body: json({}), contentType: 'application/json', retry: fast })
    const final = await engine.delivery.waitFor(deliveryId)
    expect(final).toMatchObject({ status: 'delivered', attempts: 3 })
    expect(sink.requests.map((r) => r.headers['webhook-id'])).toEqual([messageId, messageId, messageId])
    expect(seen).toEqual(['1:500:retrying', '2:500:retrying', '3:200:delivered'])
  })

  it("an endpoint's health tells its newest attempt from its newest failure, and words each failure plainly", async () => {
    const { engine, sink } = await setup([{ status: 500 }, { status: 200 }])
    const ep = engine.endpoints.create({ url: sink.url, retry: fast })
    expect(endpointView(engine.endpoints.get(ep.id), engine.endpoints.health(ep.id)).health).toMatchObject({ lastAttempt: null, lastError: null, lastErrorAt: null })
    const { deliveryId } = engine.delivery.enqueue({ endpointId: ep.id, body: json({}), contentType: 'application/json' })
    expect((await engine.delivery.waitFor(deliveryId)).status).toBe('delivered')
    const h = endpointView(engine.endpoints.get(ep.id), engine.endpoints.health(ep.id)).health
    // Recovered: the newest attempt delivered; the 500 before it is still reported, as older.
    expect(h.lastAttempt).toMatchObject({ outcome: 'delivered', status: 200, failed: false })
    expect(h.lastError).toBe('HTTP 500')
    expect(h.lastErrorAt).toBeLessThanOrEqual(h.lastAttempt!.at)

    const down = engine.endpoints.create({ url: `http://127.0.0.1:${await deadPort()}/`, retry: { schedule: { kind: 'list', delaysMs: [60_000] }, maxAttempts: 2 } })
    engine.delivery.enqueue({ endpointId: down.id, body: json({}), contentType: 'application/json' })
    await expect.poll(() => engine.endpoints.health(down.id).sample, { timeout: 5000 }).toBe(1)
    const d = endpointView(engine.endpoints.get(down.id), engine.endpoints.health(down.id)).health
    // Failing now: the newest attempt is the failure, and a non-HTTP error keeps its code.
    expect(d.lastAttempt).toMatchObject({ outcome: 'retrying', status: null, failed: true })
    expect(d.lastError).toMatch(/^E_CONN_REFUSED: /)
    expect(d.lastErrorAt).toBe(d.lastAttempt!.at)

    // Cancelled while in flight (the answer, a 500, is still recorded): the user's doing, not a failure.
    // (A 200 would make it delivered: review4-cancel-in-flight.test.ts.)
    const slow = await startSink([{ status: 500, delayMs: 400 }])
    cleanups.push(() => slow.close())
    const calm = engine.endpoints.create({ url: slow.url })
    const inFlight = engine.delivery.enqueue({ endpointId: calm.id, body: json({}), contentType: 'application/json' })
    await expect.poll(() => slow.requests.length, { timeout: 5000 }).toBe(1)
    expect(engine.delivery.cancel(inFlight.deliveryId)).toBe(true)
    await expect.poll(() => engine.endpoints.health(calm.id).sample, { timeout: 5000 }).toBe(1)
    const c = endpointView(engine.endpoints.get(calm.id), engine.endpoints.health(calm.id)).health
    expect(c.lastAttempt).toMatchObject({ outcome: 'cancelled', status: 500, failed: false })
    expect(c.lastError).toBeNull()
    expect(c.successRate).toBeNull() // nothing the endpoint did decides it
    expect(endpointView(engine.endpoints.get(ep.id), engine.endpoints.health(ep.id)).health.successRate).toBe(0.5)
  })

  it('400 is final after one attempt (failed)', async () => {
    const { engine, sink } = await setup([{ status: 400, body: 'bad payload' }])
    const { deliveryId } = engine.delivery.enqueue({ url: sink.url, body: json({}), contentType: 'application/json', retry: fast })
    const final = await engine.delivery.waitFor(deliveryId)
    expect(final).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 400 })
    expect(sink.requests).toHaveLength(1)
    expect(engine.delivery.getDelivery(deliveryId).attemptsList[0]!.response!.body.toString()).toBe('bad payload')
  })

  it('honours 429 Retry-After before the next attempt', async () => {
    const { engine, sink } = await setup([{ status: 429, headers: { 'retry-after': '1' } }, { status: 200 }])
    const { deliveryId } = engine.delivery.enqueue({ url: sink.url, body: json({}), contentType: 'application/json', retry: fast })
    const pending = await new Promise<number | null>((resolve) => {
      const off = engine.bus.on('delivery.updated', (e) => {
        if (e.deliveryId === deliveryId && e.status === 'pending') {
          off()
          resolve(e.nextAttemptAt)
        }
      })
    })
    const firstAt = engine.delivery.getDelivery(deliveryId).attemptsList[0]!.startedAt
    expect(pending! - firstAt).toBeGreaterThanOrEqual(1000) // the schedule alone says 20 ms
    expect((await engine.delivery.waitFor(deliveryId)).status).toBe('delivered')
    expect(sink.requests[1]!.at - sink.requests[0]!.at).toBeGreaterThanOrEqual(900)
  })

  it('a hanging server times out with E_TIMEOUT', async () => {
    const { engine, sink } = await setup(['hang'])
    const { deliveryId } = engine.delivery.enqueue({ url: sink.url, body: json({}), contentType: 'application/json', timeoutMs: 300, retry: { ...fast, maxAttempts: 1 } })
    const final = await engine.delivery.waitFor(deliveryId)
    expect(final).toMatchObject({ status: 'dead', lastErrorCode: 'E_TIMEOUT' })
    expect(engine.delivery.getDelivery(deliveryId).attemptsList[0]!.error!.code).toBe('E_TIMEOUT')
  })

  it('connection refused is E_CONN_REFUSED and retried', async () => {
    const { engine } = await setup()
    const port = await deadPort()
    const { deliveryId } = engine.delivery.enqueue({ url: `http://127.0.0.1:${port}/x`, body: json({}), contentType: 'application/json', retry: { ...fast, maxAttempts: 2 } })
    const final = await engine.delivery.waitFor(deliveryId)
    expect(final).toMatchObject({ status: 'dead', attempts: 2, lastErrorCode: 'E_CONN_REFUSED' })
  })

  it('does not follow 3xx and counts it as a failure', async () => {
    const { engine, sink } = await setup((req) => (req.url === '/moved' ? { status: 302, headers: { location: '/elsewhere' } } : { status: 200 }))
    const { deliveryId } = engine.delivery.enqueue({ url: `${sink.url}/moved`, body: json({}), contentType: 'application/json', retry: { ...fast, maxAttempts: 2 } })
    const final = await engine.delivery.waitFor(deliveryId)
    expect(final).toMatchObject({ status: 'dead', attempts: 2, lastStatus: 302 })
    expect(sink.requests.map((r) => r.url)).toEqual(['/moved', '/moved'])
  })

  it('keeps 64 KB of a large response and marks it truncated', async () => {
    const { engine, sink } = await setup([{ status: 200, body: Buffer.alloc(200_000, 97) }])
    const { deliveryId } = engine.delivery.enqueue({ url: sink.url, body: json({}), contentType: 'application/json' })
    await engine.delivery.waitFor(deliveryId)
    const res = engine.delivery.getDelivery(deliveryId).attemptsList[0]!.response!
    expect(res.body.length).toBe(65_536)
    expect(res.truncated).toBe(true)
  })

  it('sends headers as-is when signing is null (no webhook-id added)', async () => {
    const { engine, sink } = await setup()
    const { deliveryId } = engine.delivery.enqueue({
      url: sink.url,
      method: 'PUT',
      body: Buffer.from([0, 255, 1]),
      contentType: 'application/octet-stream',
      headers: [['X-Custom', 'yes']],
      signing: null,
    })
    await engine.delivery.waitFor(deliveryId)
    const req = sink.requests[0]!
    expect(req.method).toBe('PUT')
    expect(req.headers['x-custom']).toBe('yes')
    expect(req.headers['webhook-id']).toBeUndefined()
    expect([...req.body]).toEqual([0, 255, 1])
  })
})

describe('endpoints: breaker, rate limit, fan-out, replay', () => {
  it('breaker opens after N failures, waits the cool-down, half-opens for one probe, then closes', async () => {
    const { engine, sink } = await setup([{ status: 500 }, { status: 500 }, { status: 200 }])
    const ep = engine.endpoints.create({ url: sink.url, breakerThreshold: 2, breakerCooldownMs: 400, retry: { schedule: { kind: 'list', delaysMs: [0] }, maxAttempts: 10 } })
    const states: string[] = []
    engine.bus.on('endpoint.updated', () => {
      const s = engine.endpoints.get(ep.id).breaker.state
      if (states[states.length - 1] !== s) states.push(s)
    })
    const { deliveryId } = engine.delivery.enqueue({ endpointId: ep.id, body: json({}), contentType: 'application/json' })
    const final = await engine.delivery.waitFor(deliveryId)
    expect(final).toMatchObject({ status: 'delivered', attempts: 3 })
    expect(states).toContain('open')
    expect(states[states.length - 1]).toBe('closed')
    // With a zero-delay schedule only the open breaker can explain the gap before the probe.
    expect(sink.requests[2]!.at - sink.requests[1]!.at).toBeGreaterThanOrEqual(350)
    expect(engine.endpoints.health(ep.id)).toMatchObject({ breakerState: 'closed', sample: 3 })
  })

  it('respects the per-endpoint rate limit', async () => {
    const { engine, sink } = await setup()
    const ep = engine.endpoints.create({ url: sink.url, rateLimitPerSec: 10 })
    const ids = Array.from({ length: 25 }, () => engine.delivery.enqueue({ endpointId: ep.id, body: json({}), contentType: 'application/json' }).deliveryId)
    await Promise.all(ids.map((id) => engine.delivery.waitFor(id)))
    expect(sink.requests).toHaveLength(25)
    // At most 10 start in any second, the first one included: the 11th a second after the 1st, the 12th
    // after the 2nd, … (the attempts' recorded starts; a bucket that started full let 20 into the first second).
    const at = ids.map((id) => engine.delivery.getDelivery(id).attemptsList[0]!.startedAt).sort((a, b) => a - b)
    // Each attempt's recorded start is the time its slot was taken, so the bound is exact, not 'about a second'.
    for (let i = 0; i + 10 < at.length; i++) expect(at[i + 10]! - at[i]!).toBeGreaterThan(1000)
  })

  it('a changed rate limit applies at once, not after a restart', async () => {
    const { engine, sink } = await setup()
    const ep = engine.endpoints.create({ url: sink.url, rateLimitPerSec: 0.2 })
    const send = (): string => engine.delivery.enqueue({ endpointId: ep.id, body: json({}), contentType: 'application/json' }).deliveryId
    await engine.delivery.waitFor(send())
    // At 0.2/s the next would wait 5 s; raised to 100/s, five go out at once.
    engine.endpoints.update(ep.id, { rateLimitPerSec: 100 })
    const ids = Array.from({ length: 5 }, send)
    await Promise.all(ids.map((id) => engine.delivery.waitFor(id)))
    const at = ids.map((id) => engine.delivery.getDelivery(id).attemptsList[0]!.startedAt)
    expect(Math.max(...at) - Math.min(...at)).toBeLessThan(1000)
    expect(sink.requests).toHaveLength(6)
  })

  it('auto-disables after a failure streak, visibly, and re-enabling clears it', async () => {
    const { engine } = await setup()
    const port = await deadPort()
    const ep = engine.endpoints.create({ url: `http://127.0.0.1:${port}`, autoDisableAfter: 2, retry: { schedule: { kind: 'list', delaysMs: [0] }, maxAttempts: 5 } })
    engine.delivery.enqueue({ endpointId: ep.id, body: json({}), contentType: 'application/json' })
    await new Promise<void>((resolve) => {
      const off = engine.bus.on('endpoint.updated', () => {
        if (!engine.endpoints.get(ep.id).enabled) {
          off()
          resolve()
        }
      })
    })
    expect(engine.endpoints.get(ep.id).disabledReason).toMatch(/auto-disabled after 2 consecutive/)
    const again = engine.endpoints.update(ep.id, { enabled: true })
    expect(again).toMatchObject({ enabled: true, disabledReason: null })
  })

  it('fan-out sends one message to every enabled endpoint whose filter matches', async () => {
    const { engine, sink } = await setup()
    const a = engine.endpoints.create({ url: `${sink.url}/a`, eventTypes: ['invoice.*'] })
    engine.endpoints.create({ url: `${sink.url}/b`, eventTypes: ['user.created'] })
    const c = engine.endpoints.create({ url: `${sink.url}/c` })
    engine.endpoints.create({ url: `${sink.url}/d`, enabled: false })
    const { messageId, deliveryIds } = engine.delivery.send({ eventType: 'invoice.paid', body: json({ id: 1 }) })
    expect(deliveryIds).toHaveLength(2)
    await Promise.all(deliveryIds.map((id) => engine.delivery.waitFor(id)))
    expect(sink.requests.map((r) => r.url).sort()).toEqual(['/a', '/c'])
    expect(new Set(sink.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([messageId]))
    expect(engine.delivery.listDeliveries({ endpointId: a.id }).items).toHaveLength(1)
    expect(engine.delivery.listDeliveries({ endpointId: c.id, eventType: 'invoice.paid' }).items).toHaveLength(1)
  })

  it('plain replay keeps the message id; replay as new mints one; an edited body is sent', async () => {
    const { engine, sink } = await setup()
    const ep = engine.endpoints.create({ url: sink.url })
    const first = engine.delivery.enqueue({ endpointId: ep.id, body: json({ v: 1 }), contentType: 'application/json' })
    await engine.delivery.waitFor(first.deliveryId)
    const plain = engine.delivery.replay(first.deliveryId)
    const fresh = engine.delivery.replay(first.deliveryId, { asNew: true })
    const edited = engine.delivery.replay(first.deliveryId, { body: json({ v: 2 }) })
    for (const r of [plain, fresh, edited]) await engine.delivery.waitFor(r.deliveryId)
    expect(plain.messageId).toBe(first.messageId)
    expect(fresh.messageId).not.toBe(first.messageId)
    expect(edited.messageId).toBe(first.messageId)
    expect(engine.delivery.getDelivery(plain.deliveryId).replayOf).toBe(first.deliveryId)
    const bodies = sink.requests.map((r) => `${String(r.headers['webhook-id']) === first.messageId}:${r.body.toString()}`)
    expect(bodies.sort()).toEqual(['false:{"v":1}', 'true:{"v":1}', 'true:{"v":1}', 'true:{"v":2}'])
  })

  it('lists newest first with keyset pages and filters; cancels a pending delivery; bulk-retries failures', async () => {
    const { engine, sink } = await setup([{ status: 404 }])
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push(engine.delivery.enqueue({ url: sink.url, body: json({ i }), contentType: 'application/json' }).deliveryId)
    await Promise.all(ids.map((id) => engine.delivery.waitFor(id)))
    const p1 = engine.delivery.listDeliveries({ status: 'failed' }, { limit: 2 })
    const p2 = engine.delivery.listDeliveries({ status: 'failed' }, { limit: 2, cursor: p1.nextCursor })
    const p3 = engine.delivery.listDeliveries({ status: 'failed' }, { limit: 2, cursor: p2.nextCursor })
    const all = [...p1.items, ...p2.items, ...p3.items].map((d) => d.id)
    expect(new Set(all)).toEqual(new Set(ids))
    expect(p3.nextCursor).toBeNull()
    expect(all[0]! >= all[4]!).toBe(true)

    // A delivery to a disabled endpoint waits as pending; cancelling it is final.
    const off = engine.endpoints.create({ url: sink.url, enabled: false })
    const waiting = engine.delivery.enqueue({ endpointId: off.id, body: json({}), contentType: 'application/json' })
    expect(engine.delivery.getDelivery(waiting.deliveryId).status).toBe('pending')
    expect(engine.delivery.cancel(waiting.deliveryId)).toBe(true)
    expect((await engine.delivery.waitFor(waiting.deliveryId)).status).toBe('cancelled')
    expect(engine.delivery.cancel(waiting.deliveryId)).toBe(false)

    expect(engine.delivery.bulkRetry({ status: 'failed' }).count).toBe(5)
    await Promise.all(ids.map((id) => engine.delivery.waitFor(id)))
    expect(engine.delivery.getDelivery(ids[0]!).attempts).toBe(2)
  })
})
