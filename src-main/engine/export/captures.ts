// Export of the inbox's captures as one JSON document, format "hooklab.captures/v1"
// (resources/schema/hooklab.captures.v1.schema.json): each request as received, byte for byte
// (UTF-8 text or base64), with what was answered, the signature verdict and the forward's
// outcome. Keyset pages in rowid order, written with backpressure, as the attempt export does.
// An inbox's verification secrets are never written (a capture carries only its verdict).
import type { Writable } from 'node:stream'
import type { Clock } from '../clock'
import type { Receiver } from '../receiver/receiver'
import type { CaptureDetail, CaptureExportFilter } from '../receiver/types'
import { backpressured, encodeBody, iso } from './json-stream'

export const CAPTURES_FORMAT = 'hooklab.captures/v1'
const PAGE = 100

export function createCaptureExporter(deps: { receiver: Pick<Receiver, 'capturesAfter' | 'inboxes'>; clock: Clock }) {
  async function exportCaptures(filter: CaptureExportFilter, out: Writable): Promise<{ captures: number }> {
    // An unknown inbox is an error (E_NOT_FOUND), not an empty file.
    const inbox = filter.inboxId === undefined ? null : deps.receiver.inboxes.get(filter.inboxId)
    const write = backpressured(out)
    const filters = {
      inboxId: inbox?.id ?? null,
      inboxSlug: inbox?.slug ?? null,
      since: iso(filter.since ?? null),
      until: iso(filter.until ?? null),
    }
    await write(`{"format":${JSON.stringify(CAPTURES_FORMAT)},"exportedAt":${JSON.stringify(iso(deps.clock.now()))},"filters":${JSON.stringify(filters)},"captures":[`)
    let after = 0
    let count = 0
    for (;;) {
      const page = deps.receiver.capturesAfter(filter, after, PAGE)
      if (page.length === 0) break
      let chunk = ''
      for (const c of page) chunk += (count++ === 0 ? '' : ',') + JSON.stringify(captureDoc(c))
      await write(chunk)
      after = (page[page.length - 1] as CaptureDetail).seq
      if (page.length < PAGE) break
    }
    await write(']}\n')
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
          durationMs: c.forward.durationMs,
          error: c.forward.error,
          response: c.forward.body === null ? null : encodeBody(c.forward.body),
        }
      : null,
  }
}
