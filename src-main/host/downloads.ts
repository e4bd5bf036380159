// Browser mode's export: `export.attempts` registers the filter under a random one-time id and
// returns its URL; the browser then downloads it, streamed straight from the database.
import { randomBytes } from 'node:crypto'
import type { Writable } from 'node:stream'
import type { z } from 'zod'
import type { ExportFilter } from '../../src-preload/contract'

export type ExportFilterValue = z.output<typeof ExportFilter>

export interface ExportDownloads {
  /** Returns the relative URL (`/download/<id>`), valid once, for `ttlMs`. */
  register(filter: ExportFilterValue): string
  /** Takes (and forgets) a pending download; null when unknown, used or expired. */
  take(id: string): ExportFilterValue | null
  run(filter: ExportFilterValue, out: Writable): Promise<unknown>
}

export const DOWNLOAD_PREFIX = '/download/'

export function createExportDownloads(
  run: (filter: ExportFilterValue, out: Writable) => Promise<unknown>,
  options: { ttlMs?: number; now?: () => number } = {},
): ExportDownloads {
  const ttlMs = options.ttlMs ?? 5 * 60_000
  const now = options.now ?? Date.now
  const pending = new Map<string, { filter: ExportFilterValue; expires: number }>()
  return {
    register(filter) {
      for (const [id, entry] of pending) if (entry.expires < now()) pending.delete(id)
      const id = randomBytes(24).toString('base64url')
      pending.set(id, { filter, expires: now() + ttlMs })
      return DOWNLOAD_PREFIX + id
    },
    take(id) {
      const entry = pending.get(id)
      pending.delete(id)
      if (!entry || entry.expires < now()) return null
      return entry.filter
    },
    run,
  }
}
