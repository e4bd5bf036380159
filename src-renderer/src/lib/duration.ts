// Durations typed by people: "500ms", "5s", "2m", "1h"; a bare number is milliseconds.
export function parseDurationMs(s: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(s)
  if (!m) return null
  const n = Number(m[1])
  const unit = m[2] ?? 'ms'
  return Math.round(n * (unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : unit === 's' ? 1000 : 1))
}

export function parseDurationList(s: string): number[] | null {
  const parts = s.split(',').map((p) => p.trim()).filter(Boolean)
  if (parts.length === 0) return null
  const out: number[] = []
  for (const p of parts) {
    const v = parseDurationMs(p)
    if (v == null) return null
    out.push(v)
  }
  return out
}

/** Retry delays as typed ("1s, 5s, 30s"), or what is wrong with each part that is not one, in words. */
export function parseDelayList(s: string): { delays: number[]; problems: string[] } {
  const parts = s.split(',').map((p) => p.trim()).filter(Boolean)
  if (parts.length === 0) return { delays: [], problems: ['enter at least one delay, e.g. 1s, 5s, 30s'] }
  const delays: number[] = []
  const problems: string[] = []
  for (const p of parts) {
    const v = parseDurationMs(p)
    if (v != null) delays.push(v)
    else if (/^-\s*\d/.test(p) && parseDurationMs(p.replace(/^-\s*/, '')) != null) problems.push(`"${p}" is negative (a delay is 0ms or more)`)
    else problems.push(`"${p}" is not a duration (e.g. 500ms, 5s, 2m)`)
  }
  return { delays, problems }
}

export function formatDuration(msv: number): string {
  if (msv % 3_600_000 === 0 && msv >= 3_600_000) return `${msv / 3_600_000}h`
  if (msv % 60_000 === 0 && msv >= 60_000) return `${msv / 60_000}m`
  if (msv % 1000 === 0 && msv >= 1000) return `${msv / 1000}s`
  return `${msv}ms`
}

// One wording of a span for the app and the CLI.
export { humanSpan } from '../../../src-preload/human-span'
