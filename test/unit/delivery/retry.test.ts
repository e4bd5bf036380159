import { describe, expect, it } from 'vitest'
import { classify, decide, maxAttemptsOf, nextDelayMs, parseRetryAfter, retryPlan, scheduleFromText } from '../../../src-main/engine/delivery/retry'
import { parseDurationList } from '../../../src-main/engine/duration'
import type { RetryPolicy } from '../../../src-main/engine/delivery/types'

const NOW = Date.UTC(2026, 0, 1)

describe('classify', () => {
  it('treats 2xx as success, most 4xx as final, and 408/409/425/429, 3xx, 5xx and errors as retryable', () => {
    expect(classify(200)).toBe('success')
    expect(classify(204)).toBe('success')
    for (const s of [400, 401, 403, 404, 410, 422]) expect(classify(s)).toBe('final')
    for (const s of [408, 409, 425, 429, 301, 302, 307, 500, 502, 503]) expect(classify(s)).toBe('retryable')
    expect(classify(null)).toBe('retryable')
  })
})

describe('schedules', () => {
  it('svix preset: 8 attempts, delays 5s, 5m, 30m, 2h, 5h, 10h, 10h', () => {
    const p: RetryPolicy = { schedule: { kind: 'preset', preset: 'svix' } }
    expect(maxAttemptsOf(p)).toBe(8)
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => nextDelayMs(p, n))
    expect(delays).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000])
    expect(nextDelayMs(p, 8)).toBeNull()
  })

  it('github preset never retries', () => {
    const p: RetryPolicy = { schedule: { kind: 'preset', preset: 'github' } }
    expect(maxAttemptsOf(p)).toBe(1)
    expect(decide({ policy: p, attemptsMade: 1, status: 500, now: NOW })).toEqual({ outcome: 'dead', nextAttemptAt: null })
  })

  it('stripe preset backs off exponentially and stays within three days', () => {
    const p: RetryPolicy = { schedule: { kind: 'preset', preset: 'stripe' } }
    const delays: number[] = []
    for (let n = 1; n < maxAttemptsOf(p); n++) delays.push(nextDelayMs(p, n) as number)
    expect(delays[1]).toBe(2 * (delays[0] as number))
    const total = delays.reduce((a, b) => a + b, 0)
    expect(total).toBeLessThanOrEqual(72 * 3_600_000)
    expect(total).toBeGreaterThan(48 * 3_600_000)
  })

  it('explicit list from text, with a time scale', () => {
    const schedule = scheduleFromText('1s,5s,30s', parseDurationList)
    const p: RetryPolicy = { schedule, timeScale: 0.001 }
    expect(maxAttemptsOf(p)).toBe(4)
    expect([1, 2, 3].map((n) => nextDelayMs(p, n))).toEqual([1, 5, 30])
    expect(nextDelayMs(p, 4)).toBeNull()
  })

  it('a list shorter than maxAttempts repeats its last step', () => {
    const p: RetryPolicy = { schedule: { kind: 'list', delaysMs: [100, 200] }, maxAttempts: 5 }
    expect([1, 2, 3, 4].map((n) => nextDelayMs(p, n))).toEqual([100, 200, 200, 200])
  })

  it('exponential uses full jitter under a growing, capped ceiling', () => {
    const p: RetryPolicy = { schedule: { kind: 'exponential', baseMs: 1000, capMs: 5000 }, maxAttempts: 10 }
    expect(nextDelayMs(p, 1, () => 1)).toBe(1000)
    expect(nextDelayMs(p, 2, () => 1)).toBe(2000)
    expect(nextDelayMs(p, 3, () => 1)).toBe(4000)
    expect(nextDelayMs(p, 4, () => 1)).toBe(5000)
    expect(nextDelayMs(p, 9, () => 0.5)).toBe(2500)
    expect(nextDelayMs(p, 3, () => 0)).toBe(0)
  })
})

describe('Retry-After', () => {
  it('parses seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', NOW)).toBe(2000)
    expect(parseRetryAfter(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30_000)
    expect(parseRetryAfter('soon', NOW)).toBeNull()
    expect(parseRetryAfter(null, NOW)).toBeNull()
  })

  it('reads the three HTTP-date forms and nothing a lenient date parser would guess at', () => {
    const at = new Date(NOW + 90_000) // RFC 9110's three forms of the same instant
    const [day, month] = [at.toUTCString().slice(0, 3), at.toUTCString().slice(8, 11)]
    const hms = at.toISOString().slice(11, 19)
    const dd = String(at.getUTCDate()).padStart(2, '0')
    const weekday = { Sun: 'Sunday', Mon: 'Monday', Tue: 'Tuesday', Wed: 'Wednesday', Thu: 'Thursday', Fri: 'Friday', Sat: 'Saturday' }[day]
    expect(parseRetryAfter(`${day}, ${dd} ${month} ${at.getUTCFullYear()} ${hms} GMT`, NOW)).toBe(90_000)
    expect(parseRetryAfter(`${weekday}, ${dd}-${month}-${String(at.getUTCFullYear()).slice(2)} ${hms} GMT`, NOW)).toBe(90_000)
    expect(parseRetryAfter(`${day} ${month} ${String(at.getUTCDate()).padStart(2, ' ')} ${hms} ${at.getUTCFullYear()}`, NOW)).toBe(90_000) // asctime is UTC
    // V8's Date.parse reads these as dates (one in 2030, one in 2001): neither is a Retry-After.
    expect(parseRetryAfter('soon 2030', NOW)).toBeNull()
    expect(parseRetryAfter('Retry 5', NOW)).toBeNull()
    expect(parseRetryAfter('2030-01-01', NOW)).toBeNull()
    expect(parseRetryAfter('-5', NOW)).toBeNull()
  })

  it('shrinks with the time scale, like the schedule it stands in for', () => {
    const p: RetryPolicy = { schedule: { kind: 'list', delaysMs: [10_000] }, maxAttempts: 3, timeScale: 0.001 }
    expect(decide({ policy: p, attemptsMade: 1, status: 429, retryAfter: '20', now: NOW }).nextAttemptAt).toBe(NOW + 20)
    // The one-hour cap shrinks too: an hour-long Retry-After is 3.6 s at this scale.
    expect(decide({ policy: p, attemptsMade: 1, status: 503, retryAfter: '86400', now: NOW }).nextAttemptAt).toBe(NOW + 3600)
  })

  it('is honoured for 429 and 503, capped, and never shortens the schedule', () => {
    const p: RetryPolicy = { schedule: { kind: 'list', delaysMs: [10] }, maxAttempts: 3, retryAfterCapMs: 60_000 }
    expect(decide({ policy: p, attemptsMade: 1, status: 429, retryAfter: '2', now: NOW }).nextAttemptAt).toBe(NOW + 2000)
    expect(decide({ policy: p, attemptsMade: 1, status: 503, retryAfter: '2', now: NOW }).nextAttemptAt).toBe(NOW + 2000)
    expect(decide({ policy: p, attemptsMade: 1, status: 429, retryAfter: '99999', now: NOW }).nextAttemptAt).toBe(NOW + 60_000)
    expect(decide({ policy: p, attemptsMade: 1, status: 500, retryAfter: '2', now: NOW }).nextAttemptAt).toBe(NOW + 10)
  })

  it('final 4xx is failed, exhausted retries are dead', () => {
    const p: RetryPolicy = { schedule: { kind: 'list', delaysMs: [10] } }
    expect(decide({ policy: p, attemptsMade: 1, status: 400, now: NOW }).outcome).toBe('failed')
    expect(decide({ policy: p, attemptsMade: 1, status: 500, now: NOW }).outcome).toBe('retrying')
    expect(decide({ policy: p, attemptsMade: 2, status: 500, now: NOW }).outcome).toBe('dead')
    expect(decide({ policy: p, attemptsMade: 2, status: 200, now: NOW }).outcome).toBe('delivered')
  })

  it('the svix and stripe presets retry a 4xx as those providers do; github and lists keep 4xx final', () => {
    for (const preset of ['svix', 'stripe'] as const) {
      const p: RetryPolicy = { schedule: { kind: 'preset', preset } }
      for (const status of [400, 401, 404, 410]) expect(decide({ policy: p, attemptsMade: 1, status, now: NOW }).outcome).toBe('retrying')
      expect(decide({ policy: p, attemptsMade: 1, status: 204, now: NOW }).outcome).toBe('delivered')
    }
    // GitHub does not retry at all: a 400 there is as final as a 500 is dead.
    expect(decide({ policy: { schedule: { kind: 'preset', preset: 'github' } }, attemptsMade: 1, status: 400, now: NOW }).outcome).toBe('failed')
    expect(decide({ policy: { schedule: { kind: 'list', delaysMs: [10] } }, attemptsMade: 1, status: 404, now: NOW }).outcome).toBe('failed')
  })
})

describe('retryPlan (the endpoint dialog\'s preview)', () => {
  const H = 3_600_000
  it('lists the waits a schedule makes, as the dispatcher would wait them', () => {
    expect(retryPlan({ schedule: { kind: 'preset', preset: 'svix' } })).toEqual({ delaysMs: [5000, 300_000, 1_800_000, 2 * H, 5 * H, 10 * H, 10 * H], jittered: false })
    expect(retryPlan({ schedule: { kind: 'preset', preset: 'github' } })).toEqual({ delaysMs: [], jittered: false })
    // A list shorter than max attempts repeats its last step; the time scale shrinks every wait.
    expect(retryPlan({ schedule: { kind: 'list', delaysMs: [1000, 5000] }, maxAttempts: 5, timeScale: 0.5 })).toEqual({ delaysMs: [500, 2500, 2500, 2500], jittered: false })
    const stripe = retryPlan({ schedule: { kind: 'preset', preset: 'stripe' } }).delaysMs
    expect(stripe[0]).toBe(60_000)
    expect(stripe.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(72 * H)
  })

  it('gives the upper bound of each random wait for exponential with jitter, capped', () => {
    expect(retryPlan({ schedule: { kind: 'exponential' } })).toEqual({ delaysMs: [1000, 2000, 4000, 8000, 16_000, 32_000, 64_000], jittered: true })
    expect(retryPlan({ schedule: { kind: 'exponential', baseMs: 1000, capMs: 3000, jitter: false }, maxAttempts: 4 })).toEqual({ delaysMs: [1000, 2000, 3000], jittered: false })
    // Each draw of the real schedule stays under the preview's bound.
    for (let made = 1; made <= 7; made++) expect(nextDelayMs({ schedule: { kind: 'exponential' } }, made)!).toBeLessThanOrEqual(retryPlan({ schedule: { kind: 'exponential' } }).delaysMs[made - 1]!)
  })
})
