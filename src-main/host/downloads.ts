// Browser mode's export: `export.attempts` / `export.captures` register the job under a random
// one-time id and return its URL; the browser then downloads it, streamed straight from the database.
import { randomBytes } from 'node:crypto'
import type { Writable } from 'node:stream'
import type { ExportJob } from '../api/export-stream'

export interface ExportDownloads {
  /** Returns the relative URL (`/download/<id>`), valid once, for `ttlMs`. */
  register(job: ExportJob): string
  /** Takes (and forgets) a pending download; null when unknown, used or expired. */
  take(id: string): ExportJob | null
  run(job: ExportJob, out: Writable): Promise<unknown>
}

export const DOWNLOAD_PREFIX = '/download/'

export function createExportDownloads(
  run: (job: ExportJob, out: Writable) => Promise<unknown>,
  options: { ttlMs?: number; now?: () => number } = {},
): ExportDownloads {
  const ttlMs = options.ttlMs ?? 5 * 60_000
  const now = options.now ?? Date.now
  const pending = new Map<string, { job: ExportJob; expires: number }>()
  return {
    register(job) {
      for (const [id, entry] of pending) if (entry.expires < now()) pending.delete(id)
      const id = randomBytes(24).toString('base64url')
      pending.set(id, { job, expires: now() + ttlMs })
      return DOWNLOAD_PREFIX + id
    },
    take(id) {
      const entry = pending.get(id)
      pending.delete(id)
      if (!entry || entry.expires < now()) return null
      return entry.job
    },
    run,
  }
}
