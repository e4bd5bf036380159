// Forwarding to the user's own server, and pruning old captures off the request path.
import { afterEach, describe, expect, it } from 'vitest'
import { startReceiver, startSink, until } from './helpers'
import type { Harness, Sink } from './helpers'

let h: Harness
let sink: Sink | undefined
afterEach(async () => {
  await h?.close()
  await sink?.close()
  sink = undefined
})

describe('forwarding', () => {
  it('forwards method, headers (minus hop-by-hop) and bytes, and records the result', async () => {
    h = await startReceiver()
    sink = await startSink(201, 'from my dev server')
    const def = h.receiver.inboxes.getBySlug('default')!
    h.receiver.inboxes.update(def.id, { forwardTo: `${sink.url}/webhooks` })
    const updated: string[] = []
    h.bus.on('capture.updated', (e) => updated.push(e.captureId))
    const body = Buffer.from([0xde, 0xad, 0xbe, 0xef])
    const res = await fetch(`${h.url}/hook?a=1`, { method: 'PATCH', headers: { 'X-Event': 'ping', Connection: 'keep-alive' }, body })
    expect(res.status).toBe(200)
    const { captureId } = (await res.json()) as { captureId: string }
    await until(() => updated.includes(captureId))
    const got = sink.requests[0]!
    expect(got.method).toBe('PATCH')
    expect(got.url).toBe('/webhooks?a=1') // the request's query goes along (a verification token may be in it)
    expect(got.body.equals(body)).toBe(true)
    expect(got.headers).toContain('X-Event')
    const forward = h.receiver.getCapture(captureId).forward!
    expect(forward.url).toBe(`${sink.url}/webhooks?a=1`) // the URL it went to
    expect(forward.status).toBe(201)
    expect(forward.body?.toString()).toBe('from my dev server')
    expect(forward.error).toBeNull()
    expect(forward.durationMs).toBeGreaterThanOrEqual(0)
  })

  it('keeps the capture and records the error when the target is down', async () => {
    h = await startReceiver()
    const dead = await startSink()
    const deadUrl = dead.url
    await dead.close()
    const def = h.receiver.inboxes.getBySlug('default')!
    h.receiver.inboxes.update(def.id, { forwardTo: deadUrl })
    const updated: string[] = []
    h.bus.on('capture.updated', (e) => updated.push(e.captureId))
    const res = await fetch(h.url, { method: 'POST', body: 'keep me' })
    expect(res.status).toBe(200)
    const { captureId } = (await res.json()) as { captureId: string }
    await until(() => updated.includes(captureId))
    const c = h.receiver.getCapture(captureId)
    expect(c.body.toString()).toBe('keep me')
    expect(c.forward?.status).toBeNull()
    expect(c.forward?.error).toMatch(/ECONNREFUSED/)
  })

  it('rejects a forward-to that is not an http URL', async () => {
    h = await startReceiver()
    const def = h.receiver.inboxes.getBySlug('default')!
    expect(() => h.receiver.inboxes.update(def.id, { forwardTo: 'ftp://x' })).toThrow(/http/)
  })
})

describe('retention', () => {
  it('prunes the oldest captures beyond the per-inbox maximum, in batches', async () => {
    h = await startReceiver({ options: { retention: { maxCapturesPerInbox: 3, batchSize: 2, intervalMs: 60_000 } } })
    for (let i = 0; i < 8; i++) await fetch(`${h.url}/r${i}`, { method: 'POST' })
    expect(h.receiver.prune()).toBe(2) // one small batch per pass
    expect(h.receiver.prune()).toBe(2)
    expect(h.receiver.prune()).toBe(1)
    expect(h.receiver.prune()).toBe(0)
    expect(h.receiver.listCaptures().items.map((c) => c.path)).toEqual(['/r7', '/r6', '/r5'])
  })

  it('keeps checking the cap as captures keep arriving, in any inbox', async () => {
    h = await startReceiver({ options: { retention: { maxCapturesPerInbox: 2, batchSize: 10, intervalMs: 60_000 } } })
    const other = h.receiver.inboxes.create({ slug: 'other' })
    await fetch(`${h.url}/a1`, { method: 'POST' })
    expect(h.receiver.prune()).toBe(0) // under the cap
    for (let i = 2; i <= 4; i++) await fetch(`${h.url}/a${i}`, { method: 'POST' })
    for (let i = 1; i <= 3; i++) await fetch(`${h.url}/in/${other.slug}/b${i}`, { method: 'POST' })
    expect(h.receiver.prune()).toBe(3) // two from the default inbox, one from "other"
    expect(h.receiver.listCaptures().items.map((c) => c.path).sort()).toEqual(['/a3', '/a4', '/in/other/b2', '/in/other/b3'])
    expect(h.receiver.prune()).toBe(0)
  })

  it('prunes captures older than the maximum age on its timer', async () => {
    let now = Date.now()
    h = await startReceiver({ clock: { now: () => now }, options: { retention: { maxAgeMs: 60_000, intervalMs: 20 } } })
    await fetch(`${h.url}/old`, { method: 'POST' })
    now += 120_000
    await fetch(`${h.url}/new`, { method: 'POST' })
    await until(() => h.receiver.listCaptures().items.length === 1)
    expect(h.receiver.listCaptures().items.map((c) => c.path)).toEqual(['/new'])
  })

  it('a clock set months ahead deletes nothing by age: age counts back from the newest capture, never past it', async () => {
    let now = Date.now()
    h = await startReceiver({ clock: { now: () => now }, options: { retention: { maxAgeMs: 30 * 86_400_000, intervalMs: 20 } } })
    for (const p of ['/a', '/b', '/c']) await fetch(`${h.url}${p}`, { method: 'POST' })
    await until(() => h.receiver.listCaptures().items.length === 3)
    // Booted with the clock 400 days ahead: the passes run, and all three stay.
    now += 400 * 86_400_000
    await new Promise((r) => setTimeout(r, 200))
    expect(h.receiver.prune()).toBe(0)
    expect(h.receiver.listCaptures().items).toHaveLength(3)
  })
})
