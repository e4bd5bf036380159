// Capture rows as the API returns them.
import type { SchemeId, HeaderPairs } from '../signing/types'
import { bodyFields, eventFromFields } from '../../../src-preload/event-hint'
import type { CaptureListRecord, CaptureRecord } from './capture-repo'
import type { CaptureDetail, CaptureRow, CaptureVerdict } from './types'

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

/** The event a capture carries, from its headers and its body's type/action (read in SQL for a list row). */
function eventOf(r: CaptureListRecord | DetailRecord): string | null {
  const headers = JSON.parse(r.headers_json) as HeaderPairs
  const fields = 'body_type' in r ? { type: r.body_type, action: r.body_action } : bodyFields(r.body ?? Buffer.alloc(0), r.content_type)
  return eventFromFields(headers, fields)?.type ?? null
}

export function toCaptureRow(r: CaptureListRecord | DetailRecord): CaptureRow {
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
    event: eventOf(r),
  }
}

export function toCaptureDetail(r: DetailRecord): CaptureDetail {
  return {
    ...toCaptureRow(r),
    headers: JSON.parse(r.headers_json) as HeaderPairs,
    body: r.body ?? Buffer.alloc(0),
    remoteAddress: r.remote_address,
    response:
      r.response_headers_json === null
        ? null
        : {
            status: r.response_status,
            headers: JSON.parse(r.response_headers_json) as HeaderPairs,
            body: r.response_body ?? Buffer.alloc(0),
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
