import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { HooklabError } from '../errors'
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
    migrate(db)
  } catch (err) {
    db.close()
    throw classifySqliteError(err, options.file)
  }
  return db
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
