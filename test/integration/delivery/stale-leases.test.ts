// Leases no engine will end, and clocks that step: what a crashed engine (or a wall clock corrected by
// NTP, a resumed VM) leaves behind must not stall a delivery for good. Each state below is the one a
// dead engine leaves in the file (written here directly: SIGKILL is B4's and the durability review's).
import { afterEach, expect, it, vi } from 'vitest'
import { admit } from '../../../src-main/engine/delivery/breaker'
import { RateWindow } from '../../../src-main/engine/delivery/rate-limit'
import { json, startSink, tmpEngine } from './helpers'
import type { Sink } from './helpers'

let sinks: Sink[] = []
afterEach(async () => {
  for (const s of sinks) await s.close()
  sinks = []
})
async function sink(...args: Parameters<typeof startSink>): Promise<Sink> {
  const s = await startSink(...args)
  sinks.push(s)
  return s
}

/** Leaves `id` as an engine that died holding it would: leased by an owner that is gone. */
function leaveLeased(engine: ReturnType<typeof tmpEngine>, id: string, status: 'sending' | 'cancelled', expiresAt: number): void {
  engine.db.prepare('UPDATE delivery SET status = ?, lease_owner = ?, lease_expires_at = ? WHERE id = ?').run(status, 'eng_dead_1', expiresAt, id)
}

it('a delivery cancelled while a dead engine held it can be retried (and pruned) once the lease expired', async () => {
  const s = await sink()
  const engine = tmpEngine({ pollMs: 20 })
  const id = engine.delivery.enqueue({ url: `${s.url}/x`, body: json({ n: 1 }), contentType: 'application/json' }).deliveryId
  engine.delivery.flush()
  leaveLeased(engine, id, 'cancelled', Date.now() - 1000)
  expect(engine.delivery.retry(id)).toBe(false) // still leased
  engine.start()
  await expect.poll(() => engine.delivery.retry(id)).toBe(true)
  expect((await engine.delivery.waitFor(id)).status).toBe('delivered')
})

it('an expired lease of a paused endpoint goes back to pending: not "sending" with nothing on the wire, and cancellable in bulk', async () => {
  const s = await sink()
  const engine = tmpEngine({ pollMs: 20 })
  const ep = engine.endpoints.create({ url: `${s.url}/x` })
  const ids = [1, 2, 3].map((n) => engine.delivery.enqueue({ endpointId: ep.id, body: json({ n }), contentType: 'application/json' }).deliveryId)
  engine.delivery.flush()
  for (const id of ids) leaveLeased(engine, id, 'sending', Date.now() - 1000)
  engine.endpoints.update(ep.id, { enabled: false })
  engine.start()
  await expect.poll(() => engine.delivery.countDeliveries({ endpointId: ep.id })).toMatchObject({ pending: 3, sending: 0 })
  expect(engine.delivery.bulkCancel({ endpointId: ep.id }).count).toBe(3)
  expect(s.requests).toHaveLength(0)
})

it('a lease taken by an engine whose clock ran 30 minutes ahead is not waited out', async () => {
  const s = await sink()
  const engine = tmpEngine({ pollMs: 20 })
  const id = engine.delivery.enqueue({ url: `${s.url}/x`, body: json({ n: 1 }), contentType: 'application/json', timeoutMs: 2000 }).deliveryId
  engine.delivery.flush()
  leaveLeased(engine, id, 'sending', Date.now() + 30 * 60_000)
  engine.start()
  expect((await engine.delivery.waitFor(id)).status).toBe('delivered')
  expect(s.requests).toHaveLength(1)
})

it('a wall clock stepping back does not hold a rate limit or an open breaker for the size of the step', () => {
  const t = 1_800_000_000_000
  const rate = new RateWindow(5)
  for (let i = 0; i < 5; i++) expect(rate.tryTake(t + i)).toBe(true)
  const back = t - 10 * 60_000
  expect(rate.tryTake(back)).toBe(false) // the five still count, as now
  expect(rate.waitMs(back)).toBeLessThanOrEqual(1_001) // not ten minutes
  expect(rate.tryTake(back + 1_001)).toBe(true)

  const cfg = { threshold: 1, cooldownMs: 30_000 }
  const opened = { state: 'open' as const, openedAt: t, consecutiveFailures: 1 }
  expect(admit(opened, cfg, t + 1_000, 0).allowed).toBe(false) // cooling down
  expect(admit(opened, cfg, back, 0)).toMatchObject({ allowed: true, next: { state: 'half_open' } })
})

it('an open breaker past its cool-down, with an attempt still out, waits for it instead of polling every millisecond', async () => {
  // 1st attempt: 500 (opens the breaker, threshold 1); 2nd: hangs for the rest of the test.
  const s = await sink([{ status: 500 }, 'hang'])
  const engine = tmpEngine({ pollMs: 1000 })
  const ep = engine.endpoints.create({ url: `${s.url}/x`, maxConcurrency: 2, breakerThreshold: 1, breakerCooldownMs: 50, timeoutMs: 30_000, retry: { schedule: { kind: 'list', delaysMs: [0] }, maxAttempts: 2 } })
  engine.start()
  for (const n of [1, 2]) engine.delivery.enqueue({ endpointId: ep.id, body: json({ n }), contentType: 'application/json' })
  await expect.poll(() => s.requests.length).toBe(2)
  await new Promise((r) => setTimeout(r, 100)) // past the cool-down
  const timers = vi.spyOn(globalThis, 'setTimeout')
  try {
    await new Promise((r) => setTimeout(r, 300))
    const short = timers.mock.calls.filter(([, ms]) => typeof ms === 'number' && ms <= 1).length
    expect(short).toBeLessThan(10) // it armed hundreds before
  } finally {
    timers.mockRestore()
  }
})
