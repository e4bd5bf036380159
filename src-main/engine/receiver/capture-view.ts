// Capture rows as the API returns them, and one page of the list.
import type { SchemeId, HeaderPairs } from '../signing/types'
import { bodyFields, decodedForEvent, eventFromFields, eventHint } from './event-hint'
import { HooklabError } from '../errors'
import type { CaptureListRecord, CaptureRecord, CaptureRepo } from './capture-repo'
import type { CaptureDetail, CaptureFilter, CapturePage, CaptureRow, CaptureVerdict } from './types'

function verdictOf(r: Pick<CaptureRecord, 'verify_scheme' | 'verify_valid' | 'verify_reason' | 'verify_explanation'>): CaptureVerdict | null {
  if (r.verify_scheme === null) return null
  return {
    scheme: r.verify_scheme as SchemeId,
    valid: r.verify_valid === 1,
    reason: r.verify_reason ?? '',
    explanation: r.verify_explanation,
  }
}

type DetailRecord = CaptureRecord & { seq: number; inbox_slug: string }

function rowOf(r: CaptureListRecord | DetailRecord, event: string | null): CaptureRow {
  return {
    id: r.id,
    seq: r.seq,
    inboxId: r.inbox_id,
    inboxSlug: r.inbox_slug,
    receivedAt: r.received_at,
    method: r.method,
    path: r.path,
    query: r.query,
    contentType: r.content_type,
    size: r.size,
    responseStatus: r.response_status,
    verification: verdictOf(r),
    duplicateOf: r.duplicate_of,
    oversize: r.oversize === 1,
    // The only body-less capture answered 503 is one refused for memory (receiver.ts capture(), busy).
    busy: r.oversize === 1 && r.response_status === 503,
    relayed: r.relayed === 1,
    // The list carries the forward's outcome (its columns are in the list query already): a row says how your server answered.
    forwarded: r.forward_url !== null,
    forwardStatus: r.forward_status,
    forwardError: r.forward_error,
    event,
  }
}

/** A list row: its event from the headers and the body's type/action that the list query read in SQL. */
export function toCaptureRow(r: CaptureListRecord): CaptureRow {
  const headers = JSON.parse(r.headers_json) as HeaderPairs
  const fields = r.encoded_body ? bodyFields(decodedForEvent(headers, r.encoded_body), r.content_type) : { type: r.body_type, action: r.body_action }
  return rowOf(r, eventFromFields(headers, fields)?.type ?? null)
}

export function toCaptureDetail(r: DetailRecord): CaptureDetail {
  const headers = JSON.parse(r.headers_json) as HeaderPairs
  const body = r.body ?? Buffer.alloc(0)
  const hint = eventHint(headers, body, r.content_type)
  return {
    ...rowOf(r, hint?.type ?? null),
    eventFrom: hint?.from ?? null,
    headers,
    body,
    remoteAddress: r.remote_address,
    // A relayed capture has no answer of its own until the dev server's goes out; one whose sender's
    // connection closed first still says so (unanswered).
    response:
      r.response_headers_json === null && r.unanswered_ms == null
        ? null
        : {
            status: r.response_status,
            headers: r.response_headers_json === null ? [] : (JSON.parse(r.response_headers_json) as HeaderPairs),
            body: r.response_body ?? Buffer.alloc(0),
            unanswered: r.unanswered_ms != null && r.unanswered_by ? { afterMs: r.unanswered_ms, by: r.unanswered_by } : null,
          },
    forward:
      r.forward_url === null
        ? null
        : {
            url: r.forward_url,
            status: r.forward_status,
            body: r.forward_body,
            durationMs: r.forward_ms,
            error: r.forward_error,
          },
  }
}

/** One page of the list, newest first (on the engine's connection or the search thread's). */
export function pageOfCaptures(repo: CaptureRepo, filter: CaptureFilter = {}, page: CapturePage = {}): { items: CaptureRow[]; nextCursor: string | null } {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 500)
  let beforeSeq: number | undefined
  if (page.cursor) {
    beforeSeq = Number(page.cursor)
    if (!Number.isInteger(beforeSeq)) throw new HooklabError('E_INVALID_INPUT', 'invalid capture page cursor')
  }
  const rows = repo.list({
    inboxId: filter.inboxId,
    text: filter.text || undefined,
    method: filter.method ? filter.method.toUpperCase() : undefined,
    beforeSeq,
    fromSeq: filter.fromSeq,
    limit: limit + 1,
  })
  const more = rows.length > limit
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return { items: items.map(toCaptureRow), nextCursor: more && last ? String(last.seq) : null }
}