// "Open in Send": a captured webhook (or a delivery's message) as a draft to send again (edited, signed by whatever target is
// picked). The body as text (decoded when it came compressed; pretty when it is JSON and not large: a large one
// stays as captured, for the plain editor and under Send's size limit), its content
// type and event, and the headers that still mean something: not the hop-by-hop ones, not the old
// signature and id headers (the target signs afresh), not Content-Type/-Encoding (set on their own),
// not Accept-Encoding (what Hooklab accepts back is its own business).
import type { CaptureDetail, DeliveryDetail } from '../../../src-preload/contract'
import { draftHeaders } from '../../../src-preload/header-sets'
import { b64ToBytes, decodeText, prettyJson } from './format'
import { formatHeaderLines } from './header-lines'
import { isLargeBody } from './large-body'

export interface ComposeDraft {
  body: string
  contentType: string
  eventType: string | null
  headers: string
}

/** A request as Send's draft; null when its body cannot be edited as text (binary). */
function draftOf(bytes: Uint8Array, contentType: string, eventType: string | null, headers: ReadonlyArray<readonly [string, string]>): ComposeDraft | null {
  const { text, utf8 } = decodeText(bytes)
  if (!utf8) return null
  return {
    body: (contentType.includes('json') && !isLargeBody(text) && prettyJson(text)) || text,
    contentType,
    eventType,
    headers: formatHeaderLines(draftHeaders(headers)),
  }
}

/** The draft, or null when the body cannot be edited as text (binary, or over the size limit). */
export function composeFromCapture(d: CaptureDetail): ComposeDraft | null {
  if (d.oversize) return null
  return draftOf(b64ToBytes(d.decoded?.bodyBase64 || d.bodyBase64), d.contentType ?? 'application/octet-stream', d.event, d.headers)
}

/** "Open in Send" on a delivery: its message (an edited replay's own bytes) with the headers added to it. */
export function composeFromDelivery(d: DeliveryDetail): ComposeDraft | null {
  return draftOf(b64ToBytes(d.message.bodyBase64), d.message.contentType, d.message.eventType, d.extraHeaders)
}
