// Started engines beat every second into engine_heartbeat, so the CLI can say whether a running
// Hooklab on the same home will pick up what it enqueues.
import { processExists } from '../process-exists'
import type { Db } from '../db/open'

export const HEARTBEAT_STALE_MS = 5000

export type Heartbeat = ReturnType<typeof createHeartbeatRepo>

export function createHeartbeatRepo(db: Db) {
  const beat = db.prepare(
    'INSERT INTO engine_heartbeat (owner, pid, started_at, beat_at) VALUES (@owner, @pid, @now, @now) ON CONFLICT(owner) DO UPDATE SET beat_at = @now',
  )
  const remove = db.prepare('DELETE FROM engine_heartbeat WHERE owner = ?')
  const live = db.prepare('SELECT owner, pid, beat_at FROM engine_heartbeat WHERE beat_at > ? AND owner != ?')
  const prune = db.prepare('DELETE FROM engine_heartbeat WHERE beat_at <= ?')
  // Tidying only: a database that refuses writes (full, read-only) must not fail the read it comes with.
  const pruneQuietly = (before: number): void => {
    try {
      prune.run(before)
    } catch {
      /* old rows are skipped by the read anyway */
    }
  }
  return {
    beat: (owner: string, pid: number, now: number): void => void beat.run({ owner, pid, now }),
    remove: (owner: string): void => void remove.run(owner),
    /** Other engines that beat within the last few seconds and whose process still exists (one killed a second ago has a fresh beat). */
    liveOthers(owner: string, now: number): Array<{ owner: string; pid: number; beat_at: number }> {
      pruneQuietly(now - 60_000)
      return (live.all(now - HEARTBEAT_STALE_MS, owner) as Array<{ owner: string; pid: number; beat_at: number }>).filter((e) => processExists(e.pid))
    },
  }
}

/**
 * Whether the engine holding a lease still runs: a lease owner id is `eng_<pid>_<random>` (engine.ts), and
 * that process must exist. An id of another shape (a test's own) counts as running.
 */
export function leaseHolderRuns(owner: string): boolean {
  const pid = /^eng_(\d+)_/.exec(owner)?.[1]
  return pid === undefined || processExists(Number(pid))
}
