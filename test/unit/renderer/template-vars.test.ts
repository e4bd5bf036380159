// Template variables in composed bodies: what is substituted at send time, and the lint stand-ins.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { hasVariables, substitute, substituteForLint } from '../../../src-renderer/src/lib/template-vars'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('substitute', () => {
  it('replaces uuid, now, timestamp and counter (spaces inside the braces allowed)', () => {
    vi.useFakeTimers({ now: new Date('2026-01-02T03:04:05.678Z'), toFake: ['Date'] })
    const out = substitute('{"id":"{{uuid}}","at":"{{ now }}","ts":{{timestamp}},"n":{{counter}}}', () => 7)
    const parsed = JSON.parse(out) as { id: string; at: string; ts: number; n: number }
    expect(parsed.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(parsed.at).toBe('2026-01-02T03:04:05.678Z')
    expect(parsed.ts).toBe(1767323045)
    expect(parsed.n).toBe(7)
  })

  it('uses one counter value per pass, a fresh uuid per occurrence', () => {
    let c = 0
    const next = () => ++c
    expect(substitute('{{counter}}-{{counter}}', next)).toBe('1-1')
    expect(substitute('{{counter}}', next)).toBe('2')
    const [a, b] = substitute('{{uuid}} {{uuid}}').split(' ')
    expect(a).not.toBe(b)
  })

  it('leaves unknown variables and text without variables untouched', () => {
    expect(substitute('{{nope}} {{ Uuid }} plain', () => 1)).toBe('{{nope}} {{ Uuid }} plain')
  })

  it('keeps the default counter in localStorage, so it survives a reload', () => {
    const store = new Map<string, string>()
    vi.stubGlobal('localStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) })
    expect(substitute('{{counter}}')).toBe('1')
    expect(substitute('{{counter}}')).toBe('2')
    expect([...store.values()]).toEqual(['2'])
  })
})

describe('hasVariables / substituteForLint', () => {
  it('detects only the known variables', () => {
    expect(hasVariables('{"a":"{{now}}"}')).toBe(true)
    expect(hasVariables('{"a":"{{other}}"}')).toBe(false)
  })
  it('stands in values that keep quoted and unquoted uses valid JSON', () => {
    const lint = substituteForLint('{"id":"{{uuid}}","n":{{counter}},"ts":{{ timestamp }},"at":"{{now}}"}')
    expect(JSON.parse(lint)).toEqual({ id: 'x', n: 1, ts: 1, at: 'x' })
  })
})
