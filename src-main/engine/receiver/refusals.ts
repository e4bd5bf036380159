// Requests the receiver answered without capturing them: a slug with no inbox, a client not on the
// allow-list, malformed HTTP, a header block too large, a TLS handshake the sender gave up on. A sender
// whose webhook never shows up in an inbox usually hit one of these; the last few are kept in memory
// (never on disk) so the Inbox and `hooklab listen` can say so.

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

/** Why Node's HTTP parser refused a connection's bytes, in words. */
export function parserReason(code: string, status: number): string {
  if (status === 431) return 'header block larger than 16 KB'
  if (status === 408) return 'the request was not sent in time'
  if (code === 'HPE_INVALID_METHOD' || code === 'HPE_INVALID_CONSTANT') return 'not HTTP/1.1 (HTTP/2 without TLS, or another protocol?)'
  if (code === 'HPE_UNEXPECTED_CONTENT_LENGTH' || code === 'HPE_INVALID_TRANSFER_ENCODING') return 'Content-Length and Transfer-Encoding that contradict each other'
  return `malformed HTTP (${code || 'parse error'})`
}
