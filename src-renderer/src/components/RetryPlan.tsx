// Under the retry settings: when the attempts would go out, as the engine computes them (so presets,
// caps, max attempts and the time scale are all accounted for), before the endpoint is saved.
import { useEffect, useState } from 'react'
import { RetryPolicy, type MethodOutput } from '../../../src-preload/contract'
import { call } from '../bridge'
import { humanSpan } from '../lib/duration'

type Plan = MethodOutput<'endpoints.retryPlan'>

/** "5s, 5m, …, 10h": at most eight waits, the middle ones elided. */
function waits(delays: number[]): string {
  const shown = delays.length > 8 ? [...delays.slice(0, 6).map(humanSpan), '…', ...delays.slice(-2).map(humanSpan)] : delays.map(humanSpan)
  return shown.join(', ')
}

/** `everyFailure`: a preset that retries a 4xx too (svix, stripe: engine/delivery/retry.ts retriesEveryFailure). */
export function planText(p: Plan, everyFailure = false): string {
  const n = p.delaysMs.length + 1
  if (p.delaysMs.length === 0) return 'One attempt, no retries.'
  const total = humanSpan(p.delaysMs.reduce((a, b) => a + b, 0))
  const when = p.jittered
    ? `${n} attempts: the first at once, then each after a random wait of up to ${waits(p.delaysMs)} (full jitter); the last within ${total} at most.`
    : `${n} attempts: the first at once, then after ${waits(p.delaysMs)}; the last ${total} after the first.`
  return `${when} ${everyFailure ? 'Any answer but a 2xx is retried, a 4xx too, as the provider does.' : 'A 4xx answer ends it (but 408, 409, 425, 429).'}`
}

function retriesEveryFailure(retry: RetryPolicy | undefined): boolean {
  const s = retry?.schedule
  return s?.kind === 'preset' && (s.preset === 'svix' || s.preset === 'stripe')
}

/** `retry` is the dialog's retry input (undefined = the engine's default); nothing is shown while it is invalid. */
export function RetryPlan({ retry }: { retry: unknown }) {
  const [plan, setPlan] = useState<Plan | null>(null)
  const key = JSON.stringify(retry ?? null)
  const parsedRetry = RetryPolicy.optional().safeParse(retry)
  const everyFailure = parsedRetry.success && retriesEveryFailure(parsedRetry.data)
  useEffect(() => {
    const parsed = RetryPolicy.optional().safeParse(retry)
    if (!parsed.success) {
      setPlan(null)
      return
    }
    let live = true
    const t = setTimeout(() => {
      call('endpoints.retryPlan', { retry: parsed.data }, { quiet: true }).then(
        (p) => live && setPlan(p),
        () => live && setPlan(null),
      )
    }, 150)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [key]) // keyed on the policy's value, not its object
  if (!plan) return null
  return (
    <div className="hint" data-testid="retry-plan">
      {planText(plan, everyFailure)}
    </div>
  )
}
