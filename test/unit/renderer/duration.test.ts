// Durations typed in the endpoint dialog (retry delays, timeouts) and how they are shown back.
import { describe, expect, it } from 'vitest'
import { formatDuration, humanSpan, parseDurationList, parseDurationMs } from '../../../src-renderer/src/lib/duration'
import { planText } from '../../../src-renderer/src/components/RetryPlan'

describe('parseDurationMs', () => {
  it('reads ms, s, m, h and bare milliseconds, with spaces and decimals', () => {
    expect(parseDurationMs('500ms')).toBe(500)
    expect(parseDurationMs('5s')).toBe(5000)
    expect(parseDurationMs(' 2 m ')).toBe(120_000)
    expect(parseDurationMs('1h')).toBe(3_600_000)
    expect(parseDurationMs('250')).toBe(250)
    expect(parseDurationMs('1.5s')).toBe(1500)
  })
  it('refuses anything else', () => {
    for (const bad of ['', 's', '-1s', '5d', '5 seconds', '1e3', 'abc']) expect(parseDurationMs(bad), bad).toBeNull()
  })
})

describe('parseDurationList', () => {
  it('reads a comma list, skipping empty entries', () => {
    expect(parseDurationList('200ms, 1s,5m,')).toEqual([200, 1000, 300_000])
  })
  it('refuses an empty list or any bad entry', () => {
    expect(parseDurationList('')).toBeNull()
    expect(parseDurationList(' , ')).toBeNull()
    expect(parseDurationList('1s, soon')).toBeNull()
  })
})

describe('formatDuration', () => {
  it('uses the largest unit that divides exactly', () => {
    expect(formatDuration(7_200_000)).toBe('2h')
    expect(formatDuration(90_000)).toBe('90s')
    expect(formatDuration(120_000)).toBe('2m')
    expect(formatDuration(1500)).toBe('1500ms')
    expect(formatDuration(0)).toBe('0ms')
  })
  it('round-trips through parseDurationMs', () => {
    for (const v of [1, 999, 1000, 61_000, 3_600_000, 5_400_000]) expect(parseDurationMs(formatDuration(v))).toBe(v)
  })
})

describe('humanSpan and the retry plan sentence', () => {
  it('says a span with its two largest units', () => {
    expect(humanSpan(450)).toBe('450ms')
    expect(humanSpan(5000)).toBe('5s')
    expect(humanSpan(2500)).toBe('2.5s')
    expect(humanSpan(63_000)).toBe('1m 3s')
    expect(humanSpan(99_305_000)).toBe('1d 3h')
    expect(humanSpan(3_600_000 + 5000)).toBe('1h') // the next unit is zero: not "1h 0m"
  })

  it('says when the attempts go out', () => {
    expect(planText({ delaysMs: [5000, 300_000], jittered: false })).toBe('3 attempts: the first at once, then after 5s, 5m; the last 5m 5s after the first. A 4xx answer ends it (but 408, 409, 425, 429).')
    expect(planText({ delaysMs: [1000, 2000], jittered: true })).toBe('3 attempts: the first at once, then each after a random wait of up to 1s, 2s (full jitter); the last within 3s at most. A 4xx answer ends it (but 408, 409, 425, 429).')
    expect(planText({ delaysMs: [5000], jittered: false }, true)).toBe('2 attempts: the first at once, then after 5s; the last 5s after the first. Any answer but a 2xx is retried, a 4xx too, as the provider does.')
    expect(planText({ delaysMs: [], jittered: false })).toBe('One attempt, no retries.')
    expect(planText({ delaysMs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => n * 60_000), jittered: false })).toContain('1m, 2m, 3m, 4m, 5m, 6m, …, 9m, 10m')
  })
})
