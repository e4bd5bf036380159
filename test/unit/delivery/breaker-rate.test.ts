import { describe, expect, it } from 'vitest'
import { admit, onResult } from '../../../src-main/engine/delivery/breaker'
import type { BreakerSnapshot } from '../../../src-main/engine/delivery/breaker'
import { TokenBucket } from '../../../src-main/engine/delivery/rate-limit'

const cfg = { threshold: 3, cooldownMs: 1000 }
const closed: BreakerSnapshot = { state: 'closed', openedAt: null, consecutiveFailures: 0 }

describe('circuit breaker', () => {
  it('opens after N consecutive failures, half-opens after the cool-down for one probe, closes on success', () => {
    let s = closed
    s = onResult(s, cfg, false, 0)
    s = onResult(s, cfg, false, 1)
    expect(s.state).toBe('closed')
    s = onResult(s, cfg, false, 2)
    expect(s).toMatchObject({ state: 'open', openedAt: 2 })
    expect(admit(s, cfg, 500, 0).allowed).toBe(false)
    const probe = admit(s, cfg, 1002, 0)
    expect(probe.allowed).toBe(true)
    expect(probe.next.state).toBe('half_open')
    expect(admit(probe.next, cfg, 1003, 1).allowed).toBe(false) // only one probe at a time
    expect(onResult(probe.next, cfg, true, 1100)).toEqual(closed)
  })

  it('a failed probe re-opens it with a fresh cool-down', () => {
    const half: BreakerSnapshot = { state: 'half_open', openedAt: 0, consecutiveFailures: 3 }
    const s = onResult(half, cfg, false, 5000)
    expect(s).toMatchObject({ state: 'open', openedAt: 5000 })
    expect(admit(s, cfg, 5500, 0).allowed).toBe(false)
  })

  it('a success resets the streak', () => {
    let s = onResult(closed, cfg, false, 0)
    s = onResult(s, cfg, false, 0)
    s = onResult(s, cfg, true, 0)
    s = onResult(s, cfg, false, 0)
    expect(s).toMatchObject({ state: 'closed', consecutiveFailures: 1 })
  })
})

describe('token bucket', () => {
  it('admits at most the rate per second after the initial burst', () => {
    const b = new TokenBucket(5, 0)
    let admitted = 0
    // 10 simulated seconds, asking every 10 ms
    for (let t = 0; t < 10_000; t += 10) if (b.tryTake(t)) admitted++
    expect(admitted).toBeGreaterThanOrEqual(50)
    expect(admitted).toBeLessThanOrEqual(55)
  })

  it('says how long until the next token', () => {
    const b = new TokenBucket(2, 0)
    expect(b.tryTake(0)).toBe(true)
    expect(b.tryTake(0)).toBe(true)
    expect(b.tryTake(0)).toBe(false)
    expect(b.waitMs(0)).toBe(500)
    expect(b.tryTake(500)).toBe(true)
  })
})
