// Retry policy as DESIGN.md states it, as pure functions (unit-tested without a clock or a server).
// 2xx = success; 4xx final except 408/409/425/429; 3xx is not followed and retries;
// 5xx, timeouts and connection errors retry; 429/503 honour Retry-After (capped).
import type { AttemptOutcome, RetryPolicy, RetrySchedule } from './types'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

export const DEFAULT_RETRY: RetryPolicy = { schedule: { kind: 'exponential' } }
const DEFAULT_BASE_MS = SECOND
const DEFAULT_CAP_MS = HOUR
const DEFAULT_EXPONENTIAL_ATTEMPTS = 8
const DEFAULT_RETRY_AFTER_CAP_MS = HOUR

/** Svix: immediately, then 5s, 5m, 30m, 2h, 5h, 10h, 10h. */
const SVIX = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR]

/** Stripe: exponential back-off from one minute (capped at 12 h per step) for up to three days. */
const STRIPE = ((): number[] => {
  const out: number[] = []
  let total = 0
  for (let delay = MINUTE; ; delay = Math.min(delay * 2, 12 * HOUR)) {
    if (total + delay > 72 * HOUR) return out
    out.push(delay)
    total += delay
  }
})()

/** Delays before attempt 2, 3, ... for fixed schedules; null for exponential. */
export function fixedDelays(schedule: RetrySchedule): number[] | null {
  switch (schedule.kind) {
    case 'list':
      return schedule.delaysMs
    case 'preset':
      return schedule.preset === 'svix' ? SVIX : schedule.preset === 'stripe' ? STRIPE : []
    case 'exponential':
      return null
  }
}

export function maxAttemptsOf(policy: RetryPolicy): number {
  if (policy.maxAttempts !== undefined) return Math.max(1, policy.maxAttempts)
  const fixed = fixedDelays(policy.schedule)
  return fixed ? fixed.length + 1 : DEFAULT_EXPONENTIAL_ATTEMPTS
}

/**
 * Delay before the next attempt after `attemptsMade` attempts, or null when none is left.
 * Exponential uses full jitter: uniform in [0, min(cap, base * 2^(n-1))].
 */
export function nextDelayMs(policy: RetryPolicy, attemptsMade: number, random: () => number = Math.random): number | null {
  if (attemptsMade >= maxAttemptsOf(policy)) return null
  const scale = policy.timeScale ?? 1
  const schedule = policy.schedule
  let delay: number
  if (schedule.kind === 'exponential') {
    const base = schedule.baseMs ?? DEFAULT_BASE_MS
    const cap = schedule.capMs ?? DEFAULT_CAP_MS
    const ceiling = Math.min(cap, base * 2 ** Math.max(0, attemptsMade - 1))
    delay = schedule.jitter === false ? ceiling : random() * ceiling
  } else {
    const fixed = fixedDelays(schedule) ?? []
    // A list shorter than maxAttempts repeats its last step.
    delay = fixed[Math.min(attemptsMade - 1, fixed.length - 1)] ?? 0
  }
  return Math.max(0, Math.round(delay * scale))
}

/**
 * The delays before attempts 2, 3, … up to the policy's last (after a failure each time, Retry-After
 * aside): exact for fixed schedules, the upper bound of each random draw for exponential with jitter.
 */
export function retryPlan(policy: RetryPolicy): { delaysMs: number[]; jittered: boolean } {
  const jittered = policy.schedule.kind === 'exponential' && policy.schedule.jitter !== false
  const delaysMs: number[] = []
  for (let made = 1; ; made++) {
    const d = nextDelayMs(policy, made, () => 1)
    if (d === null) return { delaysMs, jittered }
    delaysMs.push(d)
  }
}

export type ResponseClass = 'success' | 'retryable' | 'final'

const RETRYABLE_4XX = new Set([408, 409, 425, 429])

/** `everyFailure`: any answer but a 2xx is retried (what Svix and Stripe do: their presets mirror it). */
export function classify(status: number | null, everyFailure = false): ResponseClass {
  if (status === null) return 'retryable' // timeout or connection error
  if (status >= 200 && status < 300) return 'success'
  if (status >= 400 && status < 500 && !everyFailure) return RETRYABLE_4XX.has(status) ? 'retryable' : 'final'
  return 'retryable' // 1xx oddities, 3xx (not followed), 5xx
}

/** Svix and Stripe retry any answer that is not a 2xx (a 400 or 404 included); GitHub does not retry at all. */
export function retriesEveryFailure(policy: RetryPolicy): boolean {
  return policy.schedule.kind === 'preset' && (policy.schedule.preset === 'svix' || policy.schedule.preset === 'stripe')
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)'
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)'
/** The three HTTP-date forms (RFC 9110 §5.6.7): IMF-fixdate, obsolete RFC 850, asctime (UTC, no zone). */
const HTTP_DATE = [
  new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$`),
  new RegExp(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-${MONTH}-\\d{2} \\d{2}:\\d{2}:\\d{2} GMT$`),
  new RegExp(`^${DAY} ${MONTH} [ \\d]\\d \\d{2}:\\d{2}:\\d{2} \\d{4}$`),
]

/**
 * Retry-After as seconds or an HTTP date -> ms from now (never negative), or null if absent or not one
 * of those: a lenient date parser would read "soon 2030" as a date years away.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null
  const text = value.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * SECOND)
  const form = HTTP_DATE.findIndex((re) => re.test(text))
  if (form < 0) return null
  const date = Date.parse(form === 2 ? `${text} GMT` : text)
  if (Number.isNaN(date)) return null
  return Math.max(0, date - nowMs)
}

export interface Decision {
  outcome: Exclude<AttemptOutcome, 'cancelled'>
  /** Set when outcome is 'retrying'. */
  nextAttemptAt: number | null
}

/** What happens after attempt number `attemptsMade` ended with `status` (null = network error). */
export function decide(args: {
  policy: RetryPolicy
  attemptsMade: number
  status: number | null
  retryAfter?: string | null
  now: number
  random?: () => number
}): Decision {
  const cls = classify(args.status, retriesEveryFailure(args.policy))
  if (cls === 'success') return { outcome: 'delivered', nextAttemptAt: null }
  if (cls === 'final') return { outcome: 'failed', nextAttemptAt: null }
  let delay = nextDelayMs(args.policy, args.attemptsMade, args.random)
  if (delay === null) return { outcome: 'dead', nextAttemptAt: null }
  if (args.status === 429 || args.status === 503) {
    const asked = parseRetryAfter(args.retryAfter, args.now)
    // The time scale shrinks the server's wait as it shrinks the schedule's (a 1 h Retry-After is not
    // waited in full while a three-day schedule plays in a minute).
    const scale = args.policy.timeScale ?? 1
    if (asked !== null) delay = Math.max(delay, Math.round(Math.min(asked, args.policy.retryAfterCapMs ?? DEFAULT_RETRY_AFTER_CAP_MS) * scale))
  }
  return { outcome: 'retrying', nextAttemptAt: args.now + delay }
}

/** `--schedule` text: a preset name or a duration list. */
export function scheduleFromText(text: string, parseList: (t: string) => number[]): RetrySchedule {
  const t = text.trim().toLowerCase()
  if (t === 'svix' || t === 'stripe' || t === 'github') return { kind: 'preset', preset: t }
  if (t === 'exponential') return { kind: 'exponential' }
  return { kind: 'list', delaysMs: parseList(text) }
}
