// Engine shapes -> contract views. Bodies become base64, secrets never appear (the engine
// gives hasSecret only), and every optional engine field gets the value the UI expects.
import type {
  AttemptView,
  CaptureDetail as CaptureDetailView,
  CaptureRow as CaptureRowView,
  DeliveryRow,
  EndpointView,
  RetryPolicy as RetryPolicyView,
} from '../../src-preload/contract'
import { maxAttemptsOf } from '../engine/delivery/retry'
import type { AttemptRecord, DeliverySummary, RetryPolicy } from '../engine/delivery/types'
import type { Endpoint, EndpointHealth } from '../engine/endpoints/types'
import type { CaptureDetail, CaptureRow } from '../engine/receiver/types'
import { decodeContent } from '../engine/receiver/content-encoding'

const DEFAULT_BASE_MS = 1000
const DEFAULT_CAP_MS = 3_600_000

/** The engine leaves unset retry fields to its defaults; the UI always sees them filled in. */
export function retryView(policy: RetryPolicy | null): RetryPolicyView {
  const schedule = policy?.schedule ?? { kind: 'exponential' as const }
  const base = { maxAttempts: maxAttemptsOf({ ...policy, schedule }), timeScale: policy?.timeScale ?? 1 }
  if (schedule.kind === 'exponential') {
    return {
      schedule: { kind: 'exponential', baseMs: schedule.baseMs ?? DEFAULT_BASE_MS, capMs: schedule.capMs ?? DEFAULT_CAP_MS },
      jitter: schedule.jitter ?? true,
      ...base,
    }
  }
  if (schedule.kind === 'list') return { schedule: { kind: 'list', delaysMs: schedule.delaysMs }, jitter: false, ...base }
  return { schedule: { kind: 'preset', preset: schedule.preset }, jitter: false, ...base }
}

/** The engine's policy for a view; without maxAttempts the schedule's own count applies (a preset's full length). */
export function retryFromView(view: Omit<RetryPolicyView, 'maxAttempts'> & { maxAttempts?: number | undefined }): RetryPolicy {
  const s = view.schedule
  const schedule: RetryPolicy['schedule'] =
    s.kind === 'exponential' ? { kind: 'exponential', baseMs: s.baseMs, capMs: s.capMs, jitter: view.jitter } : s
  return { schedule, ...(view.maxAttempts !== undefined ? { maxAttempts: view.maxAttempts } : {}), timeScale: view.timeScale }
}

export function endpointView(e: Endpoint, health: EndpointHealth): EndpointView {
  return {
    id: e.id,
    name: e.name,
    url: e.url,
    method: e.method,
    headers: e.headers,
    eventTypes: e.eventTypes ?? [],
    signing: {
      scheme: e.signing?.scheme ?? 'none',
      ...(e.signing?.hmac ? { hmac: e.signing.hmac } : {}),
      hasSecret: e.hasSecret,
      previousSecretUntil: e.previousSecretUntil,
    },
    retry: retryView(e.retry),
    timeoutMs: e.timeoutMs,
    rateLimitPerSec: e.rateLimitPerSec,
    maxConcurrency: e.maxConcurrency,
    breaker: {
      state: e.breaker.state === 'half_open' ? 'half-open' : e.breaker.state,
      consecutiveFailures: e.breaker.consecutiveFailures,
      openedAt: e.breaker.openedAt,
      threshold: e.breaker.threshold,
      cooldownMs: e.breaker.cooldownMs,
    },
    autoDisableAfter: e.autoDisableAfter,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    health: {
      attempts: health.sample,
      successRate: health.successRate,
      p50Ms: health.p50Ms,
      p95Ms: health.p95Ms,
      lastAttempt: health.lastAttempt,
      lastError: health.lastError ? errorText(health.lastError) : null,
      lastErrorAt: health.lastError?.at ?? null,
    },
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  }
}

/** An HTTP failure reads "HTTP 500" (its code HTTP_500 says nothing more); other errors keep their code. */
function errorText(err: { code: string; message: string }): string {
  return /^HTTP_\d+$/.test(err.code) ? err.message : `${err.code}: ${err.message}`
}

export function deliveryRow(d: DeliverySummary, endpointName: string | null): DeliveryRow {
  return {
    id: d.id,
    messageId: d.messageId,
    endpointId: d.endpointId,
    endpointName,
    url: d.url,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    lastStatus: d.lastStatus,
    lastError: d.lastError ?? d.lastErrorCode,
    replayOf: d.replayOf,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  }
}

export function attemptView(a: AttemptRecord): AttemptView {
  return {
    deliveryId: a.deliveryId,
    number: a.number,
    startedAt: a.startedAt,
    request: a.request,
    response: a.response
      ? { status: a.response.status, headers: a.response.headers, bodyBase64: a.response.body.toString('base64'), truncated: a.response.truncated }
      : null,
    error: a.error,
    timings: a.timings,
    outcome: a.outcome,
  }
}

export function captureRowView(c: CaptureRow): CaptureRowView {
  return {
    id: c.id,
    inboxId: c.inboxId,
    inboxSlug: c.inboxSlug,
    receivedAt: c.receivedAt,
    method: c.method,
    path: c.path,
    query: c.query,
    contentType: c.contentType,
    size: c.size,
    responseStatus: c.responseStatus,
    verification: c.verification,
    duplicateOf: c.duplicateOf,
    oversize: c.oversize,
    busy: c.busy,
    relayed: c.relayed,
    forwarded: c.forwarded,
    forwardStatus: c.forwardStatus,
    forwardError: c.forwardError,
    event: c.event,
    cursor: String(c.seq),
  }
}

export function captureDetailView(c: CaptureDetail): CaptureDetailView {
  // Decoded for display; its event the engine already read from the decoded body (event-hint.ts).
  const d = decodeContent(c.headers, c.body)
  return {
    ...captureRowView(c),
    eventFrom: c.eventFrom,
    query: c.query,
    headers: c.headers,
    bodyBase64: c.body.toString('base64'),
    decoded: d && { encoding: d.encoding, bodyBase64: d.body ? d.body.toString('base64') : null, error: d.error },
    remoteAddress: c.remoteAddress,
    response: c.response
      ? { status: c.response.status, headers: c.response.headers, body: c.response.body.toString('utf8'), unanswered: c.response.unanswered }
      : null,
    forward: c.forward
      ? {
          url: c.forward.url,
          status: c.forward.status,
          bodyBase64: c.forward.body ? c.forward.body.toString('base64') : null,
          durationMs: c.forward.durationMs,
          error: c.forward.error,
        }
      : null,
  }
}
