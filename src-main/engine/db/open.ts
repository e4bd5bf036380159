import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { HooklabError, storageErrorCode } from '../errors'
import { MIGRATIONS } from './migrations'

export type Db = Database.Database

export interface OpenDbOptions {
  /** Path to the SQLite file; ':memory:' is allowed for unit tests. */
  file: string
  /** Passed to better-sqlite3 (the Electron build of the native module lives elsewhere). */
  nativeBinding?: string
  readonly?: boolean
}

/** Highest schema version this build understands. */
export const SCHEMA_VERSION = MIGRATIONS.length

// Opens (creating if needed) the database, applies pragmas and pending migrations.
// A file written by a newer Hooklab is refused rather than half-understood.
export function openDb(options: OpenDbOptions): Db {
  let db: Db
  try {
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true })
    db = new Database(options.file, {
      nativeBinding: options.nativeBinding,
      readonly: options.readonly ?? false,
    })
  } catch (err) {
    throw classifySqliteError(err, options.file)
  }
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    if (options.file !== ':memory:' && !options.readonly) {
      checkIfFoundDamaged(db, options.file)
      probeWrite(db)
    }
    migrate(db)
  } catch (err) {
    db.close()
    throw classifySqliteError(err, options.file)
  }
  return db
}

/**
 * SQLite opens a file it may not write (mode 0444, chattr +i) read-only without a word, and a
 * current schema needs no migration write: without this the first enqueue or capture is where it
 * fails. A page change rolled back at once writes nothing to the file or its WAL.
 */
function probeWrite(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number
  // Without waiting: another process writing (the app, a listen) holds the lock for a moment, and
  // that says nothing about this file. Opening never waited for a lock before the probe.
  const timeout = db.pragma('busy_timeout', { simple: true }) as number
  db.pragma('busy_timeout = 0')
  try {
    db.exec('BEGIN IMMEDIATE')
    db.pragma(`user_version = ${version}`)
  } catch (err) {
    if (!String((err as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY')) throw err
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK')
    db.pragma(`busy_timeout = ${timeout}`)
  }
}

/** Left next to the database when damage is met at runtime (see markDamaged). */
export function damagedMarker(file: string): string {
  return `${file}-damaged`
}

/**
 * A full quick_check at every start is too slow on a big home; it runs only when an earlier run met
 * damage at runtime (markDamaged), so the next start refuses the file with E_DB_CORRUPT and the
 * usual way out (the app's dialog, `serve --move-damaged-db`) can move it aside.
 */
function checkIfFoundDamaged(db: Db, file: string): void {
  const marker = damagedMarker(file)
  if (!existsSync(marker)) return
  const rows = db.pragma('quick_check') as Array<Record<string, unknown>>
  const first = rows[0] ? String(Object.values(rows[0])[0]) : 'ok'
  if (rows.length !== 1 || first !== 'ok')
    throw new HooklabError('E_DB_CORRUPT', `The database file ${file} is damaged (${first.slice(0, 200)}).`)
  rmSync(marker, { force: true })
}

/** Notes that damage was met in `file` (best-effort: the disk may refuse even this). */
export function markDamaged(file: string): void {
  if (file === '' || file === ':memory:') return
  try {
    const marker = damagedMarker(file)
    if (!existsSync(marker)) writeFileSync(marker, `${new Date().toISOString()}\n`)
  } catch {
    /* the message still says what happened */
  }
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > SCHEMA_VERSION) {
    throw new HooklabError(
      'E_DB_NEWER',
      `The database was written by a newer Hooklab (schema ${current}, this build knows ${SCHEMA_VERSION}). Upgrade Hooklab or choose another data dir.`,
    )
  }
  for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
    const migration = MIGRATIONS[version - 1]
    if (!migration) break
    // IMMEDIATE: two processes opening a fresh file at once must not both migrate.
    db.transaction(() => {
      const now = db.pragma('user_version', { simple: true }) as number
      if (now >= version) return
      migration.up(db)
      db.pragma(`user_version = ${version}`)
    }).immediate()
  }
}

export function classifySqliteError(err: unknown, file: string): Error {
  if (err instanceof HooklabError) return err
  const code = (err as { code?: string }).code ?? ''
  const message = err instanceof Error ? err.message : String(err)
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || /not a database|malformed/i.test(message))
    return new HooklabError('E_DB_CORRUPT', `The database file ${file} is damaged or not a Hooklab database.`, { cause: err })
  if (code === 'EEXIST' || code === 'ENOTDIR')
    return new HooklabError('E_DB_READONLY', `Cannot use ${dirname(file)} as the data dir: it (or a folder above it) is a file, not a directory.`, { cause: err })
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new HooklabError('E_DB_READONLY', `Cannot create the data dir for ${file} (${dirname(file)}): permission denied or read-only file system.`, { cause: err })
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || /readonly|unable to open/i.test(message))
    return new HooklabError('E_DB_READONLY', `Cannot write the database file ${file}: ${message}.`, { cause: err })
  if (code === 'SQLITE_FULL' || /disk is full|database or disk is full/i.test(message))
    return new HooklabError('E_DB_FULL', `The disk holding ${file} is full.`, { cause: err })
  return err instanceof Error ? err : new Error(message)
}

/** Whether SQLite refused for a reason of the file or its disk (full, read-only, damaged), not of the statement. */
export function isStorageFailure(err: unknown): boolean {
  return storageErrorCode(err) !== null
}

/**
 * A storage failure met after open as the typed error naming the file. Damage also gets the way out
 * in its message (the UI shows it as it is) and is noted for the next start (markDamaged).
 */
export function storageError(err: unknown, file: string): unknown {
  if (!isStorageFailure(err)) return err
  const typed = classifySqliteError(err, file)
  if (!(typed instanceof HooklabError) || typed.code !== 'E_DB_CORRUPT') return typed
  markDamaged(file)
  return new HooklabError('E_DB_CORRUPT', damagedMessage(file, err), { cause: err })
}

/** What the user reads when damage shows up while Hooklab runs. */
export function damagedMessage(file: string, err: unknown): string {
  const why = err instanceof Error ? err.message : String(err)
  return `The database file ${file} is damaged (${why}). Quit Hooklab and start it again: it then offers to move the file aside and begin with a fresh one (\`hooklab serve --move-damaged-db\` does it without asking).`
}
