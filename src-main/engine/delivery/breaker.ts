// Circuit breaker per endpoint: N consecutive failures open it; after the cool-down it is
// half-open and lets exactly one attempt through; that attempt's success closes it, failure re-opens.
// Pure state transitions; the dispatcher persists the state on the endpoint row.

export type BreakerState = 'closed' | 'open' | 'half_open'

export interface BreakerSnapshot {
  state: BreakerState
  openedAt: number | null
  consecutiveFailures: number
}

export interface BreakerConfig {
  threshold: number
  cooldownMs: number
}

/** May an attempt start now? Moves open -> half_open when the cool-down has passed. */
export function admit(s: BreakerSnapshot, cfg: BreakerConfig, now: number, inFlight: number): { allowed: boolean; next: BreakerSnapshot } {
  if (s.state === 'closed') return { allowed: true, next: s }
  if (s.state === 'open') {
    // Opened "in the future": the wall clock stepped back since; the cool-down is not waited out twice.
    if (s.openedAt !== null && now >= s.openedAt && now - s.openedAt < cfg.cooldownMs) return { allowed: false, next: s }
    return { allowed: inFlight === 0, next: { ...s, state: 'half_open' } }
  }
  // half_open: one probe at a time
  return { allowed: inFlight === 0, next: s }
}

export function onResult(s: BreakerSnapshot, cfg: BreakerConfig, success: boolean, now: number): BreakerSnapshot {
  if (success) return { state: 'closed', openedAt: null, consecutiveFailures: 0 }
  const failures = s.consecutiveFailures + 1
  if (s.state === 'half_open' || (cfg.threshold > 0 && failures >= cfg.threshold)) {
    return { state: 'open', openedAt: now, consecutiveFailures: failures }
  }
  return { ...s, consecutiveFailures: failures }
}

/** When an open breaker will next admit a probe. */
export function reopensAt(s: BreakerSnapshot, cfg: BreakerConfig): number | null {
  return s.state === 'open' && s.openedAt !== null ? s.openedAt + cfg.cooldownMs : null
}
