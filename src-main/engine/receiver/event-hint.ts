// Which event a captured webhook carries, read the way each provider says it: GitHub's X-GitHub-Event
// (with the body's "action"), Shopify's X-Shopify-Topic, a generic X-Event-Type / X-Webhook-Event, or a
// JSON body's top-level "type" (Stripe, Standard Webhooks, Slack, Svix …). Computed in main only: list
// rows, live rows, the detail (from its decoded body, api/views.ts) and `hooklab listen` take it from
// here; the UI only displays it. A body sent compressed is decoded for it (content-encoding.ts).
import { decodeContent } from './content-encoding'

export interface EventHint {
  type: string
  /** Where it was read: a header name, or "body.type". */
  from: string
}

const HEADERS = ['x-github-event', 'x-shopify-topic', 'x-event-type', 'x-webhook-event', 'x-gitlab-event']
/** Bodies past this are not parsed for a hint (the inbox list reads the same fields in SQL, up to the same size). */
export const EVENT_BODY_MAX = 64 * 1024

/** The body's top-level "type" and "action", when it is a JSON object of at most EVENT_BODY_MAX bytes. */
export interface BodyFields {
  type?: unknown
  action?: unknown
}

export function bodyFields(body: Uint8Array, contentType: string | null): BodyFields | null {
  if (body.length === 0 || body.length > EVENT_BODY_MAX) return null
  let json = new TextDecoder().decode(body)
  // GitHub's form content type and Slack's interactivity post the JSON as a form field: payload=<json>.
  if (contentType && /x-www-form-urlencoded/i.test(contentType)) {
    const payload = new URLSearchParams(json).get('payload')
    if (payload === null) return null
    json = payload
  } else if (contentType && !/json/i.test(contentType)) return null
  try {
    const v: unknown = JSON.parse(json)
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as BodyFields) : null
  } catch {
    return null
  }
}

const short = (s: string) => (s.length > 100 ? `${s.slice(0, 100)}…` : s)

export function eventFromFields(headers: ReadonlyArray<readonly [string, string]>, fields: BodyFields | null): EventHint | null {
  for (const name of HEADERS) {
    const h = headers.find(([k]) => k.toLowerCase() === name)
    if (!h || !h[1].trim()) continue
    // GitHub names the event in the header and the action in the body: "pull_request.opened".
    const action = name === 'x-github-event' ? fields?.action : undefined
    return { type: short(typeof action === 'string' ? `${h[1].trim()}.${action}` : h[1].trim()), from: h[0] }
  }
  const type = fields?.type
  return typeof type === 'string' && type.trim() ? { type: short(type.trim()), from: 'body.type' } : null
}

export function eventHint(headers: ReadonlyArray<readonly [string, string]>, body: Uint8Array, contentType: string | null): EventHint | null {
  return eventFromFields(headers, bodyFields(decodedForEvent(headers, body), contentType))
}

/** A body sent compressed (Content-Encoding), decoded as far as an event is read from one; else as it is. */
export function decodedForEvent(headers: ReadonlyArray<readonly [string, string]>, body: Uint8Array): Uint8Array {
  if (!headers.some(([n]) => n.toLowerCase() === 'content-encoding')) return body
  const decoded = decodeContent(headers as Array<[string, string]>, Buffer.from(body.buffer, body.byteOffset, body.byteLength), EVENT_BODY_MAX + 1)
  return decoded?.body ?? body
}
