// Endpoint CRUD, validation and health. Secrets are sealed on the way in and never returned.
import { timingSafeEqual } from 'node:crypto'
import { ATTEMPT_TIMEOUT_MS } from '../../../src-preload/limits'
import type { Clock } from '../clock'
import { checkHeaderPairs, REQUEST_RESERVED } from '../header-pairs'
import { HooklabError } from '../errors'
import { checkSecret, rotatesSecrets } from '../signing/registry'
import type { EventBus } from '../events'
import { newId } from '../ids'
import { openSecret, sealSecret } from '../secrets'
import type { SecretBox } from '../secrets'
import { SCHEME_IDS } from '../signing/types'
import type { HeaderPairs, SigningConfig } from '../signing/types'
import { isFailedOutcome, type RetryPolicy } from '../delivery/types'
import type { EndpointRepo, EndpointRow } from './repo'
import type { Endpoint, EndpointHealth, EndpointInput, EndpointPatch, EndpointSigning } from './types'

const DEFAULT_OVERLAP_MS = 24 * 3_600_000
const HEALTH_SAMPLE = 200

export type EndpointService = ReturnType<typeof createEndpointService>

export function createEndpointService(deps: { repo: EndpointRepo; bus: EventBus; clock: Clock; secretBox: SecretBox; openBoxes: readonly SecretBox[] }) {
  const { repo, bus, clock } = deps

  function mustGet(id: string): EndpointRow {
    const row = repo.get(id)
    if (!row) throw new HooklabError('E_NOT_FOUND', `No endpoint ${id}.`)
    return row
  }

  /**
   * `secretLater`: a signed endpoint may come without its secret (a config file never holds one); it is
   * then made disabled, saying why, and cannot be enabled until the secret is set.
   */
  function create(input: EndpointInput, opts: { secretLater?: boolean; disabledReason?: string } = {}): Endpoint {
    validate(input, !opts.secretLater)
    const now = clock.now()
    const row: EndpointRow = {
      id: newId('ep', now),
      name: input.name?.trim() || new URL(input.url).host,
      url: input.url,
      method: (input.method ?? 'POST').toUpperCase(),
      headers_json: JSON.stringify(input.headers ?? []),
      event_types_json: input.eventTypes ? JSON.stringify(input.eventTypes) : null,
      signing_json: input.signing ? JSON.stringify(signingShape(input.signing)) : null,
      secret: input.signing?.secret ? sealSecret(deps.secretBox, input.signing.secret) : null,
      previous_secret: null,
      previous_secret_until: null,
      retry_json: input.retry ? JSON.stringify(input.retry) : null,
      timeout_ms: input.timeoutMs ?? 15_000,
      max_concurrency: input.maxConcurrency ?? 16,
      rate_limit_per_sec: input.rateLimitPerSec ?? null,
      breaker_threshold: input.breakerThreshold ?? 10,
      breaker_cooldown_ms: input.breakerCooldownMs ?? 30_000,
      breaker_state: 'closed',
      breaker_opened_at: null,
      consecutive_failures: 0,
      auto_disable_after: input.autoDisableAfter ?? null,
      enabled: input.enabled === false ? 0 : 1,
      disabled_reason: null,
      created_at: now,
      updated_at: now,
    }
    if (needsSecret(row)) Object.assign(row, { enabled: 0, disabled_reason: 'no secret yet: set it, then enable the endpoint' })
    // Made disabled for a reason of the caller's (an imported endpoint whose credentials stayed out of the file).
    if (opts.disabledReason) Object.assign(row, { enabled: 0, disabled_reason: row.disabled_reason ? `${row.disabled_reason}; ${opts.disabledReason}` : opts.disabledReason })
    repo.insert(row)
    bus.emit('endpoint.updated', { endpointId: row.id })
    return toEndpoint(row)
  }

  function sameSecret(sealed: Buffer | null, secret: string): boolean {
    if (!sealed) return false
    let current: string
    try {
      current = openSecret(deps.openBoxes, sealed)
    } catch {
      return false // cannot read the stored one here: treat the new one as a change
    }
    const a = Buffer.from(current, 'utf8')
    const b = Buffer.from(secret, 'utf8')
    return a.length === b.length && timingSafeEqual(a, b)
  }

  function update(id: string, patch: EndpointPatch): Endpoint {
    const row = mustGet(id)
    validate({ ...patch, url: patch.url ?? row.url }, false)
    const now = clock.now()
    const next: EndpointRow = { ...row, updated_at: now }
    if (patch.name !== undefined) next.name = patch.name.trim() || row.name
    if (patch.url !== undefined) next.url = patch.url
    if (patch.method !== undefined) next.method = patch.method.toUpperCase()
    if (patch.headers !== undefined) next.headers_json = JSON.stringify(patch.headers)
    if (patch.eventTypes !== undefined) next.event_types_json = patch.eventTypes ? JSON.stringify(patch.eventTypes) : null
    if (patch.signing !== undefined) {
      if (patch.signing === null) {
        Object.assign(next, { signing_json: null, secret: null, previous_secret: null, previous_secret_until: null })
      } else {
        next.signing_json = JSON.stringify(signingShape(patch.signing))
        const sameScheme = row.signing_json !== null && (JSON.parse(row.signing_json) as { scheme: string }).scheme === patch.signing.scheme
        // The secret it already has is no rotation (both would sign alike: every request signed twice).
        if (patch.signing.secret !== undefined && !sameSecret(row.secret, patch.signing.secret)) {
          // Rotation: the old secret keeps signing alongside the new one for the overlap window, where the
          // scheme's header carries two signatures (Standard, Stripe) and the scheme stays: a GitHub header
          // holds one, and another scheme's secret never signed this way.
          const overlap = sameScheme && rotatesSecrets(patch.signing.scheme) ? (patch.rotationOverlapMs ?? DEFAULT_OVERLAP_MS) : 0
          next.previous_secret = row.secret && overlap > 0 ? row.secret : null
          next.previous_secret_until = row.secret && overlap > 0 ? now + overlap : null
          next.secret = sealSecret(deps.secretBox, patch.signing.secret)
        } else if (!sameScheme) Object.assign(next, { previous_secret: null, previous_secret_until: null })
      }
    }
    if (patch.retry !== undefined) next.retry_json = patch.retry ? JSON.stringify(patch.retry) : null
    if (patch.timeoutMs !== undefined) next.timeout_ms = patch.timeoutMs
    if (patch.maxConcurrency !== undefined) next.max_concurrency = patch.maxConcurrency
    if (patch.rateLimitPerSec !== undefined) next.rate_limit_per_sec = patch.rateLimitPerSec
    if (patch.breakerThreshold !== undefined) next.breaker_threshold = patch.breakerThreshold
    if (patch.breakerCooldownMs !== undefined) next.breaker_cooldown_ms = patch.breakerCooldownMs
    if (patch.autoDisableAfter !== undefined) next.auto_disable_after = patch.autoDisableAfter
    if (patch.enabled !== undefined) {
      next.enabled = patch.enabled ? 1 : 0
      if (patch.enabled) {
        // Re-enabling is the user's "try again": clear the reason, the streak and the breaker.
        Object.assign(next, { disabled_reason: null, consecutive_failures: 0, breaker_state: 'closed', breaker_opened_at: null })
      } else if (row.enabled) next.disabled_reason = 'disabled by user'
    }
    // A signed endpoint never sends without its secret (it would go out unsigned).
    if (next.enabled && needsSecret(next)) {
      const scheme = (JSON.parse(next.signing_json!) as EndpointSigning).scheme
      throw new HooklabError('E_INVALID_INPUT', `Signing scheme ${scheme} needs a secret${row.enabled ? '' : ' before the endpoint is enabled'}.`)
    }
    repo.update(next)
    bus.emit('endpoint.updated', { endpointId: id })
    return toEndpoint(next)
  }

  /** Deletes the endpoint; its pending deliveries (and one on the wire) are cancelled. Returns how many. */
  function remove(id: string): { cancelled: number } {
    const cancelled = repo.delete(id, clock.now())
    if (!cancelled) throw new HooklabError('E_NOT_FOUND', `No endpoint ${id}.`)
    for (const d of cancelled) bus.emit('delivery.updated', { deliveryId: d.id, status: 'cancelled', attempts: d.attempts, nextAttemptAt: null })
    bus.emit('endpoint.updated', { endpointId: id })
    return { cancelled: cancelled.length }
  }

  function health(id: string): EndpointHealth {
    const row = mustGet(id)
    const recent = repo.recentAttempts(id, HEALTH_SAMPLE)
    const totals = recent.map((a) => a.total_ms).sort((a, b) => a - b)
    const pct = (p: number): number | null => (totals.length ? (totals[Math.min(totals.length - 1, Math.floor(p * totals.length))] ?? null) : null)
    const failed = recent.filter((a) => isFailedOutcome(a.outcome)).length
    const delivered = recent.filter((a) => a.outcome === 'delivered').length
    const lastFail = recent.find((a) => isFailedOutcome(a.outcome))
    const last = recent[0]
    return {
      endpointId: id,
      sample: recent.length,
      successRate: delivered + failed ? delivered / (delivered + failed) : null,
      p50Ms: pct(0.5),
      p95Ms: pct(0.95),
      lastAttempt: last ? { at: last.started_at, outcome: last.outcome, status: last.response_status, failed: isFailedOutcome(last.outcome) } : null,
      lastError: lastFail
        ? {
            code: lastFail.error_code ?? `HTTP_${lastFail.response_status ?? 0}`,
            message: lastFail.error_message ?? `HTTP ${lastFail.response_status ?? '?'}`,
            at: lastFail.started_at,
          }
        : null,
      breakerState: row.breaker_state,
      enabled: row.enabled === 1,
      disabledReason: row.disabled_reason,
    }
  }

  // Opened configs per row object (rows are replaced, never mutated, on change): no JSON.parse and
  // secret opening per attempt. Valid until the previous secret's overlap window ends.
  const signingCache = new WeakMap<EndpointRow, { config: SigningConfig; until: number }>()

  /** The signing config to send with, secrets opened (previous one only inside its overlap window). */
  function signingFor(row: EndpointRow, now: number): SigningConfig | null {
    if (!row.signing_json || !row.secret) return null
    const cached = signingCache.get(row)
    if (cached && now < cached.until) return cached.config
    const shape = JSON.parse(row.signing_json) as EndpointSigning
    const withPrevious = row.previous_secret !== null && (row.previous_secret_until ?? 0) > now
    const previous = withPrevious && row.previous_secret ? openSecret(deps.openBoxes, row.previous_secret) : undefined
    const config: SigningConfig = { scheme: shape.scheme, hmac: shape.hmac, secret: openSecret(deps.openBoxes, row.secret), previousSecret: previous }
    signingCache.set(row, { config, until: withPrevious ? (row.previous_secret_until ?? 0) : Infinity })
    return config
  }

  return {
    create,
    update,
    delete: remove,
    get: (id: string): Endpoint => toEndpoint(mustGet(id)),
    list: (): Endpoint[] => repo.list().map(toEndpoint),
    health,
    /** Engine-internal: raw row (with sealed secrets) for the dispatcher. */
    row: (id: string): EndpointRow | undefined => repo.get(id),
    rows: (): EndpointRow[] => repo.list(),
    signingFor,
    repo,
  }
}

/** Signs with a scheme but has no secret to sign with. */
function needsSecret(row: Pick<EndpointRow, 'signing_json' | 'secret'>): boolean {
  return row.signing_json !== null && row.secret === null
}

function signingShape(s: EndpointSigning): EndpointSigning {
  return s.hmac ? { scheme: s.scheme, hmac: s.hmac } : { scheme: s.scheme }
}

export function matchesEventType(row: EndpointRow, eventType: string | null | undefined): boolean {
  if (!row.event_types_json) return true
  const types = JSON.parse(row.event_types_json) as string[]
  if (types.length === 0) return true
  if (!eventType) return false
  return types.some((t) => t === eventType || t === '*' || (t.endsWith('.*') && eventType.startsWith(t.slice(0, -1))))
}

/** Said when an endpoint chosen by hand gets an event its filter would leave out (it still gets it); null otherwise. */
export function outsideFilterNote(row: EndpointRow, eventType: string | null | undefined): string | null {
  if (matchesEventType(row, eventType)) return null
  const types = (JSON.parse(row.event_types_json!) as string[]).join(', ')
  return `${row.name} subscribes to ${types}${eventType ? `, not ${eventType}` : ' (this message has no event type)'}: it gets this because you chose it; sending by event type would leave it out.`
}

export function toEndpoint(r: EndpointRow): Endpoint {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    method: r.method,
    headers: JSON.parse(r.headers_json) as HeaderPairs,
    eventTypes: r.event_types_json ? (JSON.parse(r.event_types_json) as string[]) : null,
    signing: r.signing_json ? (JSON.parse(r.signing_json) as EndpointSigning) : null,
    hasSecret: r.secret !== null,
    previousSecretUntil: r.previous_secret ? r.previous_secret_until : null,
    retry: r.retry_json ? (JSON.parse(r.retry_json) as RetryPolicy) : null,
    timeoutMs: r.timeout_ms,
    maxConcurrency: r.max_concurrency,
    rateLimitPerSec: r.rate_limit_per_sec,
    breaker: {
      threshold: r.breaker_threshold,
      cooldownMs: r.breaker_cooldown_ms,
      state: r.breaker_state,
      openedAt: r.breaker_opened_at,
      consecutiveFailures: r.consecutive_failures,
    },
    autoDisableAfter: r.auto_disable_after,
    enabled: r.enabled === 1,
    disabledReason: r.disabled_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

/** Clear E_INVALID_INPUT messages for what a user can get wrong. */
export function validateUrl(url: string): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new HooklabError('E_INVALID_INPUT', `"${url}" is not a valid URL (expected e.g. http://localhost:3000/webhooks).`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new HooklabError('E_INVALID_INPUT', `"${url}" must use http:// or https://.`)
}

export function validateScheme(scheme: string): void {
  if (!(SCHEME_IDS as readonly string[]).includes(scheme))
    throw new HooklabError('E_INVALID_INPUT', `Unknown signing scheme "${scheme}" (known: ${SCHEME_IDS.join(', ')}).`)
}

function validate(input: Partial<EndpointInput> & { url: string }, creating: boolean): void {
  validateUrl(input.url)
  if (input.method !== undefined && !/^[A-Za-z]+$/.test(input.method)) throw new HooklabError('E_INVALID_INPUT', `"${input.method}" is not an HTTP method.`)
  if (input.signing) {
    validateScheme(input.signing.scheme)
    if (creating && !input.signing.secret) throw new HooklabError('E_INVALID_INPUT', `Signing scheme ${input.signing.scheme} needs a secret.`)
    if (input.signing.secret) checkSecret(input.signing.scheme, input.signing.secret, 'sign')
  }
  const positive = (v: number | null | undefined, what: string): void => {
    if (v !== undefined && v !== null && (!Number.isFinite(v) || v <= 0)) throw new HooklabError('E_INVALID_INPUT', `${what} must be a positive number.`)
  }
  if (input.timeoutMs !== undefined) checkAttemptTimeout(input.timeoutMs)
  positive(input.maxConcurrency, 'maxConcurrency')
  positive(input.rateLimitPerSec, 'rateLimitPerSec')
  positive(input.breakerCooldownMs, 'breakerCooldownMs')
  positive(input.autoDisableAfter, 'autoDisableAfter')
  if (input.breakerThreshold !== undefined && input.breakerThreshold < 0) throw new HooklabError('E_INVALID_INPUT', 'breakerThreshold must be 0 (off) or more.')
  if (input.headers) checkHeaderPairs(input.headers, 'Headers', REQUEST_RESERVED)
}

/** A per-attempt timeout in the app's range (100 ms to 5 min): past it an attempt could hold its slot and lease for hours. */
export function checkAttemptTimeout(ms: number): void {
  if (!Number.isFinite(ms) || ms < ATTEMPT_TIMEOUT_MS.min || ms > ATTEMPT_TIMEOUT_MS.max)
    throw new HooklabError('E_INVALID_INPUT', `timeoutMs must be between ${ATTEMPT_TIMEOUT_MS.min} ms and ${ATTEMPT_TIMEOUT_MS.max / 60_000} minutes (got ${ms}).`)
}
