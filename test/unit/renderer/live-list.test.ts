import { describe, expect, it } from 'vitest'
import { MAX_ROWS, appendPage, capRows, joinHeld, withoutIds } from '../../../src-renderer/src/lib/live-list'

const row = (id: string, v = 0): { id: string; v: number } => ({ id, v })

describe('live lists', () => {
  it('a further page never shows a row twice when a live batch already added it', () => {
    expect(appendPage([row('c'), row('b')], [row('b'), row('a')]).map((r) => r.id)).toEqual(['c', 'b', 'a'])
  })

  it('held "N new" rows join at the top and replace their older copies below', () => {
    const joined = joinHeld([row('d'), row('b', 2)], [row('c'), row('b', 1), row('a')])
    expect(joined.map((r) => `${r.id}${r.v}`)).toEqual(['d0', 'b2', 'c0', 'a0'])
  })

  it('a list past the cap keeps the newest rows and pages on from the last one kept', () => {
    const rows = Array.from({ length: MAX_ROWS + 3 }, (_, i) => row(`r${i}`, i))
    const capped = capRows(rows, (r) => `c${r.v}`)
    expect(capped.rows).toHaveLength(MAX_ROWS)
    expect(capped.rows[0]?.id).toBe('r0')
    expect(capped.cursor).toBe(`c${MAX_ROWS - 1}`)
    expect(capped.hasMore).toBe(true)
    // Under the cap nothing changes, not even the cursor.
    expect(capRows([row('a')], () => 'x')).toEqual({ rows: [row('a')] })
  })

  it('pruned ids leave a list; a list without them stays the same array', () => {
    const rows = [row('c'), row('b'), row('a')]
    expect(withoutIds(rows, new Set(['b', 'z'])).map((r) => r.id)).toEqual(['c', 'a'])
    expect(withoutIds(rows, new Set(['z']))).toBe(rows)
  })
})
