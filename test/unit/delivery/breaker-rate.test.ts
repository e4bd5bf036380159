import { describe, expect, it } from 'vitest'
import { admit, onResult } from '../../../src-main/engine/delivery/breaker'
import type { BreakerSnapshot } from '../../../src-main/engine/delivery/breaker'
import { RateWindow } from '../../../src-main/engine/delivery/rate-limit'

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

describe('rate window', () => {
  it('admits at most the rate in any one-second window, the first second included', () => {
    const w = new RateWindow(5)
    const starts: number[] = []
    // 10 simulated seconds, asking every 10 ms
    for (let t = 0; t < 10_000; t += 10) if (w.tryTake(t)) starts.push(t)
    expect(starts.length).toBeGreaterThanOrEqual(45)
    expect(starts.length).toBeLessThanOrEqual(50)
    // A token bucket that starts full let 10 through in [0, 1000]; a window, 5 however it is placed.
    for (const s of starts) expect(starts.filter((t) => t >= s && t <= s + 1000).length).toBeLessThanOrEqual(5)
  })

  it('says how long until the next start, and spaces a rate below one a second', () => {
    const w = new RateWindow(2)
    expect(w.tryTake(0)).toBe(true)
    expect(w.tryTake(0)).toBe(true)
    expect(w.tryTake(0)).toBe(false)
    expect(w.waitMs(0)).toBe(1001)
    expect(w.tryTake(1000)).toBe(false) // one started exactly a second ago still counts
    expect(w.tryTake(1001)).toBe(true)
    const slow = new RateWindow(0.5)
    expect(slow.tryTake(0)).toBe(true)
    expect(slow.available(1999)).toBe(0)
    expect(slow.tryTake(2001)).toBe(true)
  })
})
