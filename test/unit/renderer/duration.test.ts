// Durations typed in the endpoint dialog (retry delays, timeouts) and how they are shown back.
import { describe, expect, it } from 'vitest'
import { formatDuration, parseDurationList, parseDurationMs } from '../../../src-renderer/src/lib/duration'

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
