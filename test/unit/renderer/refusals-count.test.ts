// The Inbox's "N requests were answered without a capture": counted by the refusals' numbers, since the
// receiver keeps only the last 50 (it said "50" for 123).
import { describe, expect, it } from 'vitest'
import { refusedSince, type Refusal } from '../../../src-renderer/src/stores/refusals'

const ring = (from: number, to: number): Refusal[] =>
  Array.from({ length: to - from + 1 }, (_, i) => to - i).map((seq) => ({ seq, at: 1000 + seq, status: 404, method: 'POST', path: '/in/x', remote: '127.0.0.1', reason: 'no inbox "x"' }))

describe('refusedSince', () => {
  it('counts past the 50 kept, since the receiver started or the last dismissal', () => {
    expect(refusedSince(ring(74, 123), 0)).toBe(123) // never dismissed: all 123
    expect(refusedSince(ring(74, 123), 1000 + 100)).toBe(23) // dismissed at #100, which is still kept
    expect(refusedSince(ring(74, 123), 1000 + 10)).toBeNull() // dismissed at #10, long gone: "more than 50"
    expect(refusedSince(ring(1, 3), 999)).toBe(3) // dismissed before any: all three, all kept
    expect(refusedSince(ring(1, 3), 1000 + 3)).toBe(0)
    expect(refusedSince([], 0)).toBe(0)
  })
})
