// Endpoint shapes. Secrets go in through EndpointInput and never come out: Endpoint has hasSecret.
import type { BreakerState } from '../delivery/breaker'
import type { RetryPolicy } from '../delivery/types'
import type { HeaderPairs, HmacOptions, SchemeId } from '../signing/types'

export interface EndpointSigning {
  scheme: SchemeId
  hmac?: HmacOptions | undefined
}

export interface Endpoint {
  id: string
  name: string
  url: string
  method: string
  headers: HeaderPairs
  /** null: every event type. */
  eventTypes: string[] | null
  signing: EndpointSigning | null
  hasSecret: boolean
  /** Set while a rotated-out secret still signs alongside the new one. */
  previousSecretUntil: number | null
  retry: RetryPolicy | null
  timeoutMs: number
  maxConcurrency: number
  rateLimitPerSec: number | null
  breaker: { threshold: number; cooldownMs: number; state: BreakerState; openedAt: number | null; consecutiveFailures: number }
  /** Disable after this many consecutive failed attempts (null: never). */
  autoDisableAfter: number | null
  enabled: boolean
  disabledReason: string | null
  createdAt: number
  updatedAt: number
}

export interface EndpointInput {
  name?: string
  url: string
  method?: string
  headers?: HeaderPairs
  eventTypes?: string[] | null
  /** secret: omitted on update keeps the stored one. */
  signing?: (EndpointSigning & { secret?: string }) | null
  retry?: RetryPolicy | null
  timeoutMs?: number
  maxConcurrency?: number
  rateLimitPerSec?: number | null
  breakerThreshold?: number
  breakerCooldownMs?: number
  autoDisableAfter?: number | null
  enabled?: boolean
}

export type EndpointPatch = Partial<EndpointInput> & {
  /** When the secret changes, how long the old one keeps signing too (default 24 h; 0 = not at all). */
  rotationOverlapMs?: number
}

export interface EndpointHealth {
  endpointId: string
  /** Over the last `sample` attempts. */
  sample: number
  successRate: number | null
  p50Ms: number | null
  p95Ms: number | null
  /** The newest attempt in the sample, whatever its outcome. */
  lastAttempt: { at: number; outcome: string; status: number | null; failed: boolean } | null
  /** The newest attempt in the sample that failed (neither delivered nor cancelled); it may be older than lastAttempt. */
  lastError: { code: string; message: string; at: number } | null
  breakerState: BreakerState
  enabled: boolean
  disabledReason: string | null
}
