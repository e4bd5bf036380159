// What the Deliveries list and detail say about a pending delivery's next attempt: a time while
// it waits out its retry delay, "due now" once due, and why it is held when its endpoint holds it.
import { describe, expect, it } from 'vitest'
import type { EndpointView } from '../../../src-preload/contract'
import { nextAttempt, probeAt } from '../../../src-renderer/src/lib/next-attempt'

const now = 1_700_000_000_000

function endpoint(over: { enabled?: boolean; breaker?: Partial<EndpointView['breaker']> } = {}): EndpointView {
  return {
    enabled: over.enabled ?? true,
    breaker: { state: 'closed', consecutiveFailures: 0, openedAt: null, threshold: 5, cooldownMs: 30_000, ...over.breaker },
  } as EndpointView
}

/** The detail's wording, and the list's short form after a " | ". */
const said = (...args: Parameters<typeof nextAttempt>): string | null => {
  const n = nextAttempt(...args)
  return n && `${n.text} | ${n.short}${n.held ? ' | held' : ''}`
}

describe('nextAttempt', () => {
  it('counts down to a retry and says "due now" once it is due', () => {
    expect(said({ status: 'pending', nextAttemptAt: now + 3_000 }, endpoint(), now)).toBe('in 3s | in 3s')
    expect(said({ status: 'pending', nextAttemptAt: now - 4_000 }, endpoint(), now)).toBe('due now | due now')
    // Ad-hoc deliveries have no endpoint.
    expect(said({ status: 'pending', nextAttemptAt: now - 4_000 }, undefined, now)).toBe('due now | due now')
  })

  it('says why a due delivery is held: endpoint disabled, breaker open (until its probe) or probing', () => {
    const due = { status: 'pending' as const, nextAttemptAt: now - 4_000 }
    expect(said(due, endpoint({ enabled: false }), now)).toBe('held: endpoint disabled | disabled | held')
    const open = endpoint({ breaker: { state: 'open', openedAt: now - 5_000 } })
    expect(probeAt(open)).toBe(now + 25_000)
    expect(said(due, open, now)).toBe('held: breaker open, probe in 25s | breaker 25s | held')
    expect(said(due, open, now + 26_000)).toBe('held: breaker open, probe due | breaker due | held')
    expect(said(due, endpoint({ breaker: { state: 'half-open', openedAt: now - 40_000 } }), now)).toBe('held: breaker probing | probing | held')
    // A retry delay that ends after the probe is what the delivery waits for.
    expect(said({ status: 'pending', nextAttemptAt: now + 60_000 }, open, now)).toBe('in 1m | in 1m')
    expect(said({ status: 'pending', nextAttemptAt: now + 20_000 }, open, now)).toBe('held: breaker open, probe in 25s | breaker 25s | held')
  })

  it('says nothing for a delivery that is not waiting', () => {
    for (const status of ['sending', 'delivered', 'failed', 'dead', 'cancelled'] as const) expect(said({ status, nextAttemptAt: now }, endpoint(), now)).toBeNull()
    expect(probeAt(endpoint())).toBeNull()
  })
})
