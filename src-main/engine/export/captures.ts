// Export of the inbox's captures as one JSON document, format "hooklab.captures/v1"
// (resources/schema/hooklab.captures.v1.schema.json): each request as received, byte for byte
// (UTF-8 text or base64), with what was answered, the signature verdict and the forward's
// outcome. Keyset pages in rowid order (bounded by count and by bytes), written capture by capture
// with backpressure, as the attempt export does.
// An inbox's verification secrets are never written (a capture carries only its verdict).
import type { Writable } from 'node:stream'
import type { Clock } from '../clock'
import type { Receiver } from '../receiver/receiver'
import type { CaptureDetail, CaptureExportFilter } from '../receiver/types'
import { encodeBody, iso, pieceWriter } from './json-stream'

export const CAPTURES_FORMAT = 'hooklab.captures/v1'
const PAGE = 100

export function createCaptureExporter(deps: { receiver: Pick<Receiver, 'capturesAfter' | 'inboxes'>; clock: Clock }) {
  async function exportCaptures(filter: CaptureExportFilter, out: Writable): Promise<{ captures: number }> {
    // An unknown inbox is an error (E_NOT_FOUND), not an empty file.
    const inbox = filter.inboxId === undefined ? null : deps.receiver.inboxes.get(filter.inboxId)
    const doc = pieceWriter(out)
    const filters = {
      inboxId: inbox?.id ?? null,
      inboxSlug: inbox?.slug ?? null,
      since: iso(filter.since ?? null),
      until: iso(filter.until ?? null),
    }
    await doc.add(`{"format":${JSON.stringify(CAPTURES_FORMAT)},"exportedAt":${JSON.stringify(iso(deps.clock.now()))},"filters":${JSON.stringify(filters)},"captures":[`)
    let after = 0
    let count = 0
    for (;;) {
      // A page is also cut by its bodies' bytes (capture-repo's exportPage), so a short page is not
      // the last one: only an empty one is.
      const page = deps.receiver.capturesAfter(filter, after, PAGE)
      if (page.length === 0) break
      // Capture by capture: a page joined into one string failed with "Invalid string length" once
      // it held about 40 captures near the 10 MB limit.
      for (const c of page) await doc.add((count++ === 0 ? '' : ',') + JSON.stringify(captureDoc(c)))
      after = (page[page.length - 1] as CaptureDetail).seq
    }
    await doc.end(']}\n')
    return { captures: count }
  }

  return { exportCaptures }
}

function captureDoc(c: CaptureDetail): unknown {
  return {
    id: c.id,
    inbox: { id: c.inboxId, slug: c.inboxSlug },
    receivedAt: iso(c.receivedAt),
    remoteAddress: c.remoteAddress,
    event: c.event,
    eventFrom: c.eventFrom,
    request: {
      method: c.method,
      path: c.path,
      query: c.query,
      headers: c.headers,
      contentType: c.contentType,
      size: c.size,
      oversize: c.oversize,
      ...encodeBody(c.body),
    },
    response: c.response
      ? { status: c.response.status, headers: c.response.headers, ...encodeBody(c.response.body), relayed: c.relayed, unanswered: c.response.unanswered }
      : null,
    verification: c.verification,
    duplicateOf: c.duplicateOf,
    forward: c.forward
      ? {
          url: c.forward.url,
          status: c.forward.status,
          durationMs: c.forward.durationMs === null ? null : Math.round(c.forward.durationMs * 10) / 10,
          error: c.forward.error,
          response: c.forward.body === null ? null : encodeBody(c.forward.body),
        }
      : null,
  }
}
