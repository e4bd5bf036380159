// Requests the receiver answered without capturing them: a slug with no inbox, a client not on the
// allow-list, malformed HTTP, a header block too large, a TLS handshake the sender gave up on. A sender
// whose webhook never shows up in an inbox usually hit one of these; the last few are kept in memory
// (never on disk) so the Inbox and `hooklab listen` can say so.

import { storageError } from '../db/open'
import { isHooklabError } from '../errors'

export interface Refusal {
  /** 1, 2, 3 … since the receiver started: counts refusals past the ones kept. */
  seq: number
  at: number
  /** What the sender was answered; null when the connection ended before any answer (TLS). */
  status: number | null
  method: string | null
  /** The request target as sent (cut at 300 characters), when it was read. */
  path: string | null
  remote: string | null
  reason: string
}

const KEPT = 50
const PATH_CAP = 300

export function createRefusals(onRefused: (r: Refusal) => void) {
  const recent: Refusal[] = []
  let seq = 0
  return {
    add(r: Omit<Refusal, 'path' | 'seq'> & { path: string | null }): void {
      const refusal = { ...r, seq: ++seq, path: r.path && r.path.length > PATH_CAP ? `${r.path.slice(0, PATH_CAP)}…` : r.path }
      recent.push(refusal)
      if (recent.length > KEPT) recent.shift()
      onRefused(refusal)
    },
    /** Newest first. */
    list(): Refusal[] {
      return [...recent].reverse()
    },
  }
}

/** What Node's HTTP parser says about bytes it refused (a clientError). */
export interface ParserError {
  code?: string | undefined
  /** llhttp's own words, e.g. "Duplicate Content-Length". */
  reason?: string | undefined
  /** The bytes it could not parse, when it has them. */
  rawPacket?: Buffer | undefined
}

/** A TLS record starts with 0x16 (handshake) and version 3.x: an https:// client's ClientHello. */
const isTlsHello = (b: Buffer | undefined): boolean => !!b && b.length >= 3 && b[0] === 0x16 && b[1] === 0x03

/** Why Node's HTTP parser refused a connection's bytes, in words. */
export function parserReason(err: ParserError, status: number): string {
  const code = err.code ?? ''
  if (status === 431) return 'header block larger than 16 KB'
  if (status === 408) return 'the request was not sent in time'
  if (code === 'HPE_PAUSED_H2_UPGRADE') return 'not HTTP/1.1 (HTTP/2 without TLS: the receiver speaks HTTP/1.1 only)'
  if (isTlsHello(err.rawPacket)) return 'a TLS handshake: https:// sent to the http port? (use http://, or the https port)'
  if (code === 'HPE_INVALID_METHOD' || code === 'HPE_INVALID_CONSTANT') return 'not HTTP/1.1 (another protocol?)'
  // llhttp: a duplicate Content-Length is HPE_UNEXPECTED_CONTENT_LENGTH; both headers at once is
  // HPE_INVALID_CONTENT_LENGTH or HPE_INVALID_TRANSFER_ENCODING (by which came second), which also
  // cover a bad value of either: its reason tells them apart.
  if (code === 'HPE_UNEXPECTED_CONTENT_LENGTH') return 'two Content-Length headers'
  if (/can't be present with/i.test(err.reason ?? '')) return 'both Content-Length and Transfer-Encoding (they contradict each other)'
  return err.reason ? `malformed HTTP: ${err.reason} (${code || 'parse error'})` : `malformed HTTP (${code || 'parse error'})`
}

/** Why a TLS handshake on the https port failed, in words (no raw OpenSSL line). */
export function tlsReason(err: NodeJS.ErrnoException & { reason?: string }): string {
  if (err.code === 'ERR_SSL_HTTP_REQUEST') return 'plain http:// sent to the https port (use https://, or the http port)'
  const why = err.reason ?? err.message.split('\n')[0]!.replace(/^[0-9A-F]+:error:[0-9A-F]+:[^:]*:[^:]*:([^:]*):.*$/, '$1')
  // The sender ended the handshake itself: with an alert (e.g. "unknown ca"), or by hanging up.
  const byClient = /ALERT/.test(err.code ?? '') || err.code === 'ECONNRESET'
  return byClient
    ? `TLS handshake failed (${why}): does the sender trust the receiver's certificate (its file is in Settings → Receiver)?`
    : `TLS handshake failed (${why})`
}

/** Seconds a sender is asked to wait (Retry-After) when the database refused a capture. */
export const STORE_RETRY_AFTER_S = 10

/**
 * A capture the database would not take, for its refusal and its answer. A full disk, a read-only or
 * damaged file are the user's to fix, not the sender's: 503 with Retry-After, so a provider retries
 * (most treat 5xx alike, some retry only 503 or honour Retry-After). Anything else is Hooklab's own
 * fault: 500. `error` is the typed error naming the file, for the log.
 */
export function storeFailure(err: unknown, file: string): { status: 500 | 503; reason: string; error: unknown } {
  const typed = storageError(err, file)
  const code = isHooklabError(typed) ? typed.code : null
  const why =
    code === 'E_DB_FULL' ? 'the disk is full'
    : code === 'E_DB_READONLY' ? 'the database file is read-only'
    : code === 'E_DB_CORRUPT' ? 'the database file is damaged'
    : null
  if (why) return { status: 503, reason: `could not store: ${why}`, error: typed }
  // A write the disk refused (EIO, or a file made immutable or a file system remounted read-only
  // while Hooklab has it open): the disk's trouble too, and it may pass.
  if (String((err as { code?: unknown } | null)?.code ?? '').startsWith('SQLITE_IOERR'))
    return { status: 503, reason: `could not store: the disk refused the write (${err instanceof Error ? err.message : String(err)})`, error: typed }
  return { status: 500, reason: `could not store: ${err instanceof Error ? err.message : String(err)}`, error: typed }
}
