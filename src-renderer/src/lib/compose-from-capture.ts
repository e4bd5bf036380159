// "Open in Send": a captured webhook as a draft to send again (edited, signed by whatever target is
// picked). The body as text (decoded when it came compressed; pretty when it is JSON), its content
// type and event, and the headers that still mean something: not the hop-by-hop ones, not the old
// signature and id headers (the target signs afresh), not Content-Type/-Encoding (set on their own),
// not Accept-Encoding (what Hooklab accepts back is its own business).
import type { CaptureDetail } from '../../../src-preload/contract'
import { draftHeaders } from '../../../src-preload/header-sets'
import { b64ToBytes, decodeText, prettyJson } from './format'
import { formatHeaderLines } from './header-lines'

export interface CaptureDraft {
  body: string
  contentType: string
  eventType: string | null
  headers: string
}

/** The draft, or null when the body cannot be edited as text (binary, or over the size limit). */
export function composeFromCapture(d: CaptureDetail): CaptureDraft | null {
  if (d.oversize) return null
  const { text, utf8 } = decodeText(b64ToBytes(d.decoded?.bodyBase64 || d.bodyBase64))
  if (!utf8) return null
  const contentType = d.contentType ?? 'application/octet-stream'
  const kept = draftHeaders(d.headers)
  return {
    body: (contentType.includes('json') && prettyJson(text)) || text,
    contentType,
    eventType: d.event,
    headers: formatHeaderLines(kept),
  }
}
