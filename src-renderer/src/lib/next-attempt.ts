// When a pending delivery will be tried next, in words. A due time in the past alone reads as a
// stuck queue ("due 4s ago"); what holds it back is usually its endpoint: disabled, or a circuit
// breaker that is open (waiting out its cool-down) or half-open (one probe at a time).
import type { DeliveryRow, EndpointView } from '../../../src-preload/contract'
import { age } from './format'

export interface NextAttempt {
  /** For the detail: "in 3s", "due now", "held: breaker open, probe in 25s". */
  text: string
  /** For the list's narrow column: "in 3s", "due now", "breaker 25s". */
  short: string
  /** True when the endpoint, not the retry delay, is what it waits for. */
  held: boolean
}

/** When an open breaker lets its probe through (it half-opens after the cool-down). */
export function probeAt(ep: EndpointView): number | null {
  return ep.breaker.state === 'open' && ep.breaker.openedAt !== null ? ep.breaker.openedAt + ep.breaker.cooldownMs : null
}

/** The next attempt of a pending delivery; null when nothing is scheduled (not pending). */
export function nextAttempt(r: Pick<DeliveryRow, 'status' | 'nextAttemptAt'>, ep: EndpointView | undefined, now: number): NextAttempt | null {
  if (r.status !== 'pending' || r.nextAttemptAt === null) return null
  const held = (text: string, short: string): NextAttempt => ({ text: `held: ${text}`, short, held: true })
  if (ep && !ep.enabled) return held('endpoint disabled', 'disabled')
  const ownText = r.nextAttemptAt > now ? age(r.nextAttemptAt, now) : 'due now'
  const own: NextAttempt = { text: ownText, short: ownText, held: false }
  if (ep && ep.breaker.state === 'open') {
    const at = probeAt(ep)
    if (at !== null && r.nextAttemptAt > at) return own // its own retry delay ends after the probe anyway
    if (at !== null && at > now) return held(`breaker open, probe ${age(at, now)}`, `breaker ${age(at, now).replace(/^in /, '')}`)
    return held('breaker open, probe due', 'breaker due')
  }
  if (ep && ep.breaker.state === 'half-open' && r.nextAttemptAt <= now) return held('breaker probing', 'probing')
  return own
}
