// Shapes shared by the delivery queue, dispatcher and service (and read by api/, receiver, CLI).
import type { HeaderPairs, SigningConfig } from '../signing/types'

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed' | 'dead' | 'cancelled'
export const FINAL_STATUSES: readonly DeliveryStatus[] = ['delivered', 'failed', 'dead', 'cancelled']

export type RetrySchedule =
  | { kind: 'exponential'; baseMs?: number; capMs?: number; jitter?: boolean }
  | { kind: 'list'; delaysMs: number[] }
  | { kind: 'preset'; preset: 'svix' | 'stripe' | 'github' }

export interface RetryPolicy {
  schedule: RetrySchedule
  /** Total attempts including the first; defaults depend on the schedule. */
  maxAttempts?: number
  /** Multiplies every schedule delay (0.001 plays a 3-day schedule in ~4 minutes). */
  timeScale?: number
  /** Upper bound for a server's Retry-After, in ms (default 1 h). */
  retryAfterCapMs?: number
}

/** What an attempt ended as. `retrying` means the delivery went back to pending. */
export type AttemptOutcome = 'delivered' | 'retrying' | 'failed' | 'dead' | 'cancelled'

/** Whether an attempt counts against its endpoint. A cancelled one (stopped in flight by the user) is neither a failure nor a success. */
export const isFailedOutcome = (outcome: string): boolean => outcome !== 'delivered' && outcome !== 'cancelled'

export interface EnqueueRequest {
  endpointId?: string
  url?: string
  method?: string
  headers?: HeaderPairs
  body: Buffer
  contentType: string
  eventType?: string | null
  messageId?: string
  /** null: send `headers` exactly as given (no signature, no webhook-id added). */
  signing?: SigningConfig | null
  retry?: RetryPolicy
  timeoutMs?: number
  replayOf?: string
}

export interface EnqueueResult {
  deliveryId: string
  messageId: string
}

export interface DeliverySummary {
  id: string
  messageId: string
  endpointId: string | null
  eventType: string | null
  url: string
  status: DeliveryStatus
  attempts: number
  nextAttemptAt: number | null
  lastStatus: number | null
  lastErrorCode: string | null
  lastError: string | null
  replayOf: string | null
  /** The name of the endpoint it was sent to, when that endpoint has since been deleted (endpointId is null). */
  deletedEndpointName: string | null
  createdAt: number
  updatedAt: number
  completedAt: number | null
}

export interface AttemptRecord {
  deliveryId: string
  number: number
  endpointId: string | null
  startedAt: number
  request: { url: string; method: string; headers: HeaderPairs }
  response: { status: number; headers: HeaderPairs; body: Buffer; truncated: boolean } | null
  error: { code: string; message: string } | null
  timings: { connectMs: number | null; firstByteMs: number | null; totalMs: number }
  outcome: AttemptOutcome
}

export interface DeliveryDetail extends DeliverySummary {
  method: string
  /** The headers this delivery adds (to its endpoint's, for an endpoint delivery). */
  headers: HeaderPairs
  contentType: string
  body: Buffer
  attemptsList: AttemptRecord[]
}

export interface DeliveryFilter {
  status?: DeliveryStatus
  endpointId?: string
  eventType?: string
  /** Case-insensitive substring of the delivery id, message id, url, event type, last error or endpoint name. */
  text?: string
  since?: number
  until?: number
}

export interface Page {
  limit?: number
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor?: string | null
}

export interface PageResult<T> {
  items: T[]
  nextCursor: string | null
}

/** Sent on every attempt unless the endpoint or the request sets its own. */
export const DEFAULT_USER_AGENT = 'Hooklab/0.1 (+webhooks workbench)'
