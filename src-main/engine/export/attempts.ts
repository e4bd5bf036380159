// Export of the attempt log as one JSON document, format "hooklab.attempts/v1"
// (resources/schema/hooklab.attempts.v1.schema.json). Deliveries are read in keyset pages and
// written with backpressure, so memory holds one page whatever the size of the log. Keyset pages,
// not one long stmt.iterate(): the engine shares this connection and keeps writing while we await
// 'drain', and better-sqlite3 refuses other statements while an iterator is open. No secret is
// ever written (endpoints carry hasSecret only).
import type { Writable } from 'node:stream'
import type { Clock } from '../clock'
import type { Queue, AttemptRow, DeliveryRow } from '../delivery/queue'
import type { DeliveryStatus } from '../delivery/types'
import type { EndpointService } from '../endpoints/service'
import { toEndpoint } from '../endpoints/service'
import type { Endpoint } from '../endpoints/types'
import { encodeBody, iso, pieceWriter } from './json-stream'

export const EXPORT_FORMAT = 'hooklab.attempts/v1'
const PAGE = 200
/** A page also ends once its documents pass this many characters (a page of 200 big messages held GBs). */
const PAGE_BYTES = 16 * 1024 * 1024

export interface ExportFilter {
  endpointId?: string
  status?: DeliveryStatus
  /** ms since epoch, inclusive (delivery creation time) */
  since?: number
  /** ms since epoch, exclusive */
  until?: number
}

export type Exporter = ReturnType<typeof createExporter>

export function createExporter(deps: {
  queue: Queue
  endpoints: EndpointService
  clock: Clock
  flush: () => void
  /**
   * Runs `fn` (synchronous reads only) in one read transaction: `(fn) => db.transaction(fn)()`. Each page's
   * deliveries, attempts and messages are read inside one, so a delivery agrees with its attempts while the
   * writer thread keeps settling others. Without it each read sees the database as of its own statement.
   */
  readTransaction?: <T>(fn: () => T) => T
}) {
  const readTransaction = deps.readTransaction ?? (<T>(fn: () => T): T => fn())
  async function exportAttempts(filter: ExportFilter, out: Writable): Promise<{ deliveries: number; attempts: number }> {
    deps.flush()
    const doc = pieceWriter(out)
    const filters = {
      endpointId: filter.endpointId ?? null,
      status: filter.status ?? null,
      since: iso(filter.since ?? null),
      until: iso(filter.until ?? null),
    }
    await doc.add(`{"format":${JSON.stringify(EXPORT_FORMAT)},"exportedAt":${JSON.stringify(iso(deps.clock.now()))},"filters":${JSON.stringify(filters)},"deliveries":[`)
    const endpointCache = new Map<string, Endpoint | null>()
    const endpointOf = (id: string | null): Endpoint | null => {
      if (!id) return null
      if (!endpointCache.has(id)) {
        const row = deps.endpoints.row(id)
        endpointCache.set(id, row ? toEndpoint(row) : null)
      }
      return endpointCache.get(id) ?? null
    }
    let cursor: { at: number; id: string } | null = null
    let count = 0
    let attempts = 0
    for (;;) {
      // One page, read in one transaction (no await inside), then written out delivery by delivery:
      // joined into one string, a page of big messages passed V8's largest string (~512 MB). The page
      // ends early once its documents pass PAGE_BYTES, so memory holds about that much, not 200 bodies.
      const { pieces, last } = readTransaction(() => {
        const pieces: string[] = []
        let bytes = 0
        let last: DeliveryRow | undefined
        for (const row of deps.queue.list(filter, PAGE, cursor, 'asc')) {
          if (bytes >= PAGE_BYTES) break
          const list = deps.queue.attemptsOf(row.id)
          attempts += list.length
          const piece = (count++ === 0 ? '' : ',') + JSON.stringify(deliveryDoc(row, endpointOf(row.endpoint_id), list))
          pieces.push(piece)
          bytes += piece.length
          last = row
        }
        return { pieces, last }
      })
      if (!last) break
      for (const piece of pieces) await doc.add(piece)
      cursor = { at: last.created_at, id: last.id }
    }
    await doc.end(']}\n')
    return { deliveries: count, attempts }
  }

  function deliveryDoc(row: DeliveryRow, endpoint: Endpoint | null, list: AttemptRow[]): unknown {
    const message = deps.queue.getMessage(row.message_id)
    const body = row.body ?? message?.body ?? Buffer.alloc(0)
    return {
      id: row.id,
      status: row.status,
      url: row.url,
      attemptCount: row.attempts,
      createdAt: iso(row.created_at),
      completedAt: iso(row.completed_at),
      nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
      lastError: lastErrorOf(row),
      replayOf: row.replay_of,
      endpoint: endpoint ? { ...endpoint, createdAt: iso(endpoint.createdAt), updatedAt: iso(endpoint.updatedAt) } : null,
      message: {
        id: row.message_id,
        eventType: message?.event_type ?? row.event_type,
        contentType: message?.content_type ?? 'application/octet-stream',
        createdAt: iso(message?.created_at ?? row.created_at),
        ...encodeBody(body),
      },
      attempts: list.map((a) => ({
        number: a.number,
        startedAt: iso(a.started_at),
        request: { url: a.request_url, method: a.request_method, headers: JSON.parse(a.request_headers_json) as unknown },
        response:
          a.response_status === null
            ? null
            : {
                status: a.response_status,
                headers: JSON.parse(a.response_headers_json ?? '[]') as unknown,
                truncated: a.response_truncated === 1,
                ...encodeBody(a.response_body ?? Buffer.alloc(0)),
              },
        error: a.error_code ? { code: a.error_code, message: a.error_message ?? '' } : null,
        timings: { connectMs: a.connect_ms, firstByteMs: a.first_byte_ms, totalMs: a.total_ms },
        outcome: a.outcome,
      })),
    }
  }

  return { exportAttempts }
}

/**
 * The delivery's last error as the Deliveries list shows it ("HTTP 500", "connection refused",
 * "cancelled: …"), with a code: the network error's, E_HTTP_STATUS for a failing answer (which has
 * none of its own), E_CANCELLED for a cancellation. Keyed on the code alone, every HTTP failure was null.
 */
function lastErrorOf(row: DeliveryRow): { code: string; message: string } | null {
  if (row.last_error === null && row.last_error_code === null) return null
  const message = row.last_error ?? ''
  const code = message.startsWith('cancelled:') ? 'E_CANCELLED' : (row.last_error_code ?? 'E_HTTP_STATUS')
  return { code, message }
}
