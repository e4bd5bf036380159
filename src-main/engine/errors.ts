// Typed errors with stable codes: the UI, the CLI and the export speak the same words.
// A code never changes meaning once shipped; messages are for people and never hold secrets.

export const ERROR_CODES = [
  'E_INVALID_INPUT',
  'E_NOT_FOUND',
  'E_CONFLICT',
  'E_DB_NEWER',
  'E_DB_CORRUPT',
  'E_DB_READONLY',
  'E_DB_FULL',
  'E_TIMEOUT',
  'E_CONN_REFUSED',
  'E_DNS',
  'E_RESET',
  'E_TLS',
  'E_NETWORK',
  'E_BODY_TOO_LARGE',
  'E_SIGNATURE_MISMATCH',
  'E_SIGNATURE_MISSING',
  'E_TIMESTAMP_STALE',
  'E_UNKNOWN_SCHEME',
  'E_BREAKER_OPEN',
  'E_ENDPOINT_DISABLED',
  'E_CANCELLED',
  'E_STOPPED',
  'E_SECRET_UNAVAILABLE',
  'E_UNAUTHORIZED',
  'E_FORBIDDEN',
  'E_INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export class HooklabError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'HooklabError'
    this.code = code
  }

  /** What crosses a process boundary: a code and a message, never a stack. */
  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message }
  }
}

export function isHooklabError(err: unknown): err is HooklabError {
  return err instanceof HooklabError
}

/** Any thrown value as `{code, message}`; unknown errors keep their message but not their stack. */
export function toErrorPayload(err: unknown): { code: ErrorCode; message: string } {
  if (err instanceof HooklabError) return err.toJSON()
  const storage = storageErrorCode(err)
  // The engine's services name the file (db/storage-guard.ts); this is for a path around them.
  if (storage && err instanceof Error) return { code: storage, message: `The Hooklab database could not be used: ${err.message}.` }
  if (err instanceof Error) return { code: 'E_INTERNAL', message: err.message }
  return { code: 'E_INTERNAL', message: String(err) }
}

/** The typed code of a raw SQLite error about the file or its disk (full, read-only, damaged); null for others. */
export function storageErrorCode(err: unknown): ErrorCode | null {
  const code = String((err as { code?: unknown } | null)?.code ?? '')
  if (code.startsWith('SQLITE_FULL')) return 'E_DB_FULL'
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) return 'E_DB_READONLY'
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'E_DB_CORRUPT'
  return null
}
