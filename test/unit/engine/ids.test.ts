import { describe, expect, it } from 'vitest'
import { newId } from '../../../src-main/engine/ids'

describe('newId', () => {
  it('is prefixed, sorts by creation time and does not repeat', () => {
    const a = newId('msg', 1_700_000_000_000)
    const b = newId('msg', 1_700_000_000_001)
    expect(a).toMatch(/^msg_[0-9a-hjkmnp-tv-z]{26}$/)
    expect(a < b).toBe(true)
    const many = new Set(Array.from({ length: 20_000 }, () => newId('dlv', 1)))
    expect(many.size).toBe(20_000)
  })

  it('ids of the same millisecond sort in the order they were minted', () => {
    const ids = Array.from({ length: 5_000 }, () => newId('dlv', 1_700_000_000_123))
    expect([...ids].sort()).toEqual(ids)
    // A later millisecond still sorts after all of them; an earlier one before.
    expect(newId('dlv', 1_700_000_000_124) > ids[ids.length - 1]!).toBe(true)
    expect(newId('dlv', 1_700_000_000_122) < ids[0]!).toBe(true)
  })
})
