import type { HeaderPairs } from '../../../src-main/engine/signing/types'

export const NOW_MS = 1_760_000_000_000
export const NOW_SEC = NOW_MS / 1000

export function toRecord(headers: HeaderPairs): Record<string, string> {
  return Object.fromEntries(headers.map(([k, v]) => [k.toLowerCase(), v]))
}

export function withHeader(headers: HeaderPairs, name: string, value: string): HeaderPairs {
  return headers.map(([k, v]) => [k, k.toLowerCase() === name.toLowerCase() ? value : v])
}
