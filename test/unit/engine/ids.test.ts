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
})
