import { describe, expect, it } from 'vitest'
import { appendPage, joinHeld } from '../../../src-renderer/src/lib/live-list'

const row = (id: string, v = 0): { id: string; v: number } => ({ id, v })

describe('live lists', () => {
  it('a further page never shows a row twice when a live batch already added it', () => {
    expect(appendPage([row('c'), row('b')], [row('b'), row('a')]).map((r) => r.id)).toEqual(['c', 'b', 'a'])
  })

  it('held "N new" rows join at the top and replace their older copies below', () => {
    const joined = joinHeld([row('d'), row('b', 2)], [row('c'), row('b', 1), row('a')])
    expect(joined.map((r) => `${r.id}${r.v}`)).toEqual(['d0', 'b2', 'c0', 'a0'])
  })
})
