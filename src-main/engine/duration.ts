import { HooklabError } from './errors'

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** '250ms', '5s', '2m', '1h', '3d' -> milliseconds. A bare number uses `bareUnit` (default ms). */
export function parseDuration(text: string, bareUnit: 'ms' | 's' = 'ms'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text)
  if (!match) throw new HooklabError('E_INVALID_INPUT', `"${text}" is not a duration (use e.g. 500ms, 5s, 2m, 1h)`)
  const value = Number(match[1]) * (UNITS[match[2] ?? bareUnit] ?? 1)
  return Math.round(value)
}

/** '1s,5s,30s' -> [1000, 5000, 30000] */
export function parseDurationList(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p.length > 0)
  if (parts.length === 0) throw new HooklabError('E_INVALID_INPUT', `"${text}" is not a list of durations (use e.g. 1s,5s,30s)`)
  return parts.map((p) => parseDuration(p, 'ms'))
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)}s`
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(1)}m`
  return `${+(ms / 3_600_000).toFixed(1)}h`
}
