// What Compare (views/CaptureDetail.tsx) offers to compare a capture with, and how each option reads.
import type { CaptureRow } from '../../../src-preload/contract'
import { bidiVisible } from '../components/CapturedText'
import { bytes, clockDateTime } from './format'

/** Most captures Compare offers: the loaded rows around the one compared (its neighbours are the usual pick). */
const COMPARE_OPTIONS = 500

/** Up to COMPARE_OPTIONS loaded rows other than `id`, centred on it; the newest ones when it is not loaded. */
export function nearCaptures<T extends { id: string }>(rows: readonly T[], id: string, max = COMPARE_OPTIONS): T[] {
  const at = rows.findIndex((r) => r.id === id)
  const others = rows.filter((r) => r.id !== id)
  const from = Math.max(0, Math.min(others.length - max, at - Math.floor(max / 2)))
  return others.slice(from, from + max)
}

/**
 * A capture as Compare's options show it: what tells same-path captures apart (date when not today,
 * query, event, size) before the id.
 */
export function compareOptionLabel(r: CaptureRow, now = Date.now()): string {
  const target = bidiVisible(r.query ? `${r.path}?${r.query}` : r.path)
  const event = r.event ? ` · ${bidiVisible(r.event)}` : ''
  return `${clockDateTime(r.receivedAt, now)} ${r.method} ${target}${event} · ${bytes(r.size)} (${r.id})`
}
