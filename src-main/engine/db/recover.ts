// Start-up check for the database file and the way out when it is damaged: the shell asks the
// user, then moves the bad file (with its -wal/-shm) aside so a fresh engine can start.
// Nothing is deleted: the moved file stays next to the original for a later rescue.
import { existsSync, renameSync } from 'node:fs'
import Database from 'better-sqlite3'
import { HooklabError } from '../errors'
import type { ErrorCode } from '../errors'
import { classifySqliteError } from './open'

export type DbHealth =
  | { state: 'ok' }
  | { state: 'missing' }
  | { state: 'damaged'; code: ErrorCode; message: string }

export interface MovedAside {
  /** The new name of the main file, `<file>.corrupt-<timestamp>`. */
  backup: string
  /** Every file renamed (main file, then -wal and -shm when present). */
  moved: Array<{ from: string; to: string }>
}

// -damaged: the note that damage was met at runtime (open.ts markDamaged) goes along.
const SIDE_FILES = ['-wal', '-shm', '-damaged']

/**
 * Reads the file without changing it: opens it read-only and runs `PRAGMA quick_check`.
 * 'damaged' carries the same code openDb would throw (E_DB_CORRUPT, E_DB_READONLY, ...).
 */
export function checkDb(file: string, options: { nativeBinding?: string } = {}): DbHealth {
  if (!existsSync(file)) return { state: 'missing' }
  let db: Database.Database | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: options.nativeBinding })
    const rows = db.pragma('quick_check') as Array<Record<string, unknown>>
    const first = rows[0] ? String(Object.values(rows[0])[0]) : 'ok'
    if (rows.length !== 1 || first !== 'ok') {
      return { state: 'damaged', code: 'E_DB_CORRUPT', message: `The database file ${file} is damaged (${first.slice(0, 200)}).` }
    }
    return { state: 'ok' }
  } catch (err) {
    const classified = classifySqliteError(err, file)
    const code = classified instanceof HooklabError ? classified.code : 'E_DB_CORRUPT'
    return { state: 'damaged', code, message: classified.message }
  } finally {
    db?.close()
  }
}

/**
 * Renames `file` and its -wal/-shm to `<name>.corrupt-<timestamp>[-wal|-shm]`.
 * Only for a file the user agreed to give up on; the engine must not have it open.
 */
export function moveCorruptDbAside(file: string, now: number = Date.now()): MovedAside {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-')
  let backup = `${file}.corrupt-${stamp}`
  for (let n = 1; existsSync(backup); n++) backup = `${file}.corrupt-${stamp}-${n}`
  const moved: MovedAside['moved'] = []
  for (const suffix of ['', ...SIDE_FILES]) {
    const from = `${file}${suffix}`
    if (!existsSync(from)) continue
    const to = `${backup}${suffix}`
    try {
      renameSync(from, to)
    } catch (err) {
      throw new HooklabError('E_DB_READONLY', `Cannot move ${from} aside: ${(err as Error).message}.`, { cause: err })
    }
    moved.push({ from, to })
  }
  return { backup, moved }
}
