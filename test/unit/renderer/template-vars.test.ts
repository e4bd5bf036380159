// Template variables in composed webhooks: what main fills in per message (src-preload), the
// counter the renderer keeps across sends, and the stand-ins of the JSON check.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fillVariables } from '../../../src-preload/template-vars'
import { peekCounter, substituteForLint, takeCounters } from '../../../src-renderer/src/lib/template-vars'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('fillVariables', () => {
  const now = Date.parse('2026-01-02T03:04:05.678Z')

  it('fills in uuid, now, timestamp and counter (spaces inside the braces allowed)', () => {
    const out = fillVariables('{"id":"{{uuid}}","at":"{{ now }}","ts":{{timestamp}},"n":{{counter}}}', 7, now)
    const parsed = JSON.parse(out) as { id: string; at: string; ts: number; n: number }
    expect(parsed.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(parsed.at).toBe('2026-01-02T03:04:05.678Z')
    expect(parsed.ts).toBe(1767323045)
    expect(parsed.n).toBe(7)
  })

  it('gives one counter per message and a fresh uuid per occurrence', () => {
    expect(fillVariables('{{counter}}-{{counter}}', 3, now)).toBe('3-3')
    const [a, b] = fillVariables('{{uuid}} {{uuid}}', 1, now).split(' ')
    expect(a).not.toBe(b)
  })

  it('leaves unknown variables and text without variables untouched', () => {
    expect(fillVariables('{{nope}} {{ Uuid }} plain', 1, now)).toBe('{{nope}} {{ Uuid }} plain')
  })
})

describe('the counter kept across sends', () => {
  it('peeks without using up, takes n per send, and survives a reload (localStorage)', () => {
    const store = new Map<string, string>()
    vi.stubGlobal('localStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) })
    expect(peekCounter()).toBe(1)
    expect(peekCounter()).toBe(1)
    expect(takeCounters(3)).toBe(1) // messages 1, 2, 3
    expect(peekCounter()).toBe(4)
    expect(takeCounters(1)).toBe(4)
    expect([...store.values()]).toEqual(['4'])
  })
})

describe('substituteForLint', () => {
  it('leaves unknown variables as they are', () => {
    expect(substituteForLint('{"a":"{{other}}"}')).toBe('{"a":"{{other}}"}')
  })
  it('stands in values that keep quoted and unquoted uses valid JSON', () => {
    const lint = substituteForLint('{"id":"{{uuid}}","n":{{counter}},"ts":{{ timestamp }},"at":"{{now}}"}')
    expect(JSON.parse(lint)).toEqual({ id: 'x', n: 1, ts: 1, at: 'x' })
  })
})
