// The sentence under a failed verdict: a malformed timestamp (milliseconds, Stripe's missing t=) is not
// "outside the tolerance … a clock is off", which sent developers to check their clocks.
import { describe, expect, it } from 'vitest'
import { verdictHelp } from '../../../src-renderer/src/lib/verdict-help'

describe('verdictHelp', () => {
  it('tells a malformed header from a stale timestamp', () => {
    expect(verdictHelp('standard', 'malformed webhook-timestamp header: expected unix seconds')).toMatch(/^The header is not in the form this scheme writes/)
    expect(verdictHelp('stripe', 'malformed Stripe-Signature header: no valid t= timestamp')).not.toMatch(/tolerance|clock/)
    expect(verdictHelp('slack', 'timestamp 412 s old')).toMatch(/outside the tolerance/)
    expect(verdictHelp('standard', 'timestamp 90 s in the future')).toMatch(/outside the tolerance/)
    expect(verdictHelp('github', 'signature mismatch')).toMatch(/^A mismatch means/)
    expect(verdictHelp('github', 'header X-Hub-Signature-256 missing')).toMatch(/^The header this scheme needs/)
  })
})
