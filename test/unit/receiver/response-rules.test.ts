import { describe, expect, it } from 'vitest'
import { ResponseCursor, formatResponseScript, parseResponseScript } from '../../../src-main/engine/receiver/response-rules'

describe('response scripts', () => {
  it('parses statuses, hang, retry-after and delay', () => {
    const steps = parseResponseScript('500, 500, 429 retry-after=2, hang, 410, 200 delay=500')
    expect(steps.map((s) => s.status)).toEqual([500, 500, 429, null, 410, 200])
    expect(steps[2]!.headers).toEqual([['Retry-After', '2']])
    expect(steps[5]!.delayMs).toBe(500)
    expect(formatResponseScript(steps)).toBe('500, 500, 429 retry-after=2, hang, 410, 200 delay=500')
  })

  it('accepts a delay with a unit', () => {
    expect(parseResponseScript('200 delay=2s')[0]!.delayMs).toBe(2000)
  })

  it('names the bad step in the error', () => {
    expect(() => parseResponseScript('200, 99x')).toThrow(/step 2 "99x"/)
    expect(() => parseResponseScript('200 wait=3')).toThrow(/unknown option "wait"/)
    expect(() => parseResponseScript('  ')).toThrow(/empty/)
    expect(() => parseResponseScript('700')).toThrow(/200-599/)
    expect(() => parseResponseScript('200, 101')).toThrow(/step 2 "101": status must be 200-599 \(a 1xx is not a final answer\)/)
  })

  it('advances per request and repeats the last step', () => {
    const cursor = new ResponseCursor(() => 1)
    const rule = { steps: parseResponseScript('500, 429, 200'), failRate: 0 }
    const seen = Array.from({ length: 5 }, () => cursor.next('inb_1', rule).status)
    expect(seen).toEqual([500, 429, 200, 200, 200])
    cursor.reset('inb_1')
    expect(cursor.next('inb_1', rule).status).toBe(500)
  })

  it('applies the random failure rate with the injected RNG', () => {
    const values = [0.1, 0.9, 0.2, 0.95]
    const cursor = new ResponseCursor(() => values.shift() ?? 1)
    const rule = { steps: parseResponseScript('200'), failRate: 0.5 }
    const seen = Array.from({ length: 4 }, () => cursor.next('inb_1', rule).status)
    expect(seen).toEqual([500, 200, 500, 200])
  })
})
