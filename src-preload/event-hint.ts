// Which event a captured webhook carries, read the way each provider says it: GitHub's X-GitHub-Event
// (with the body's "action"), Shopify's X-Shopify-Topic, a generic X-Event-Type / X-Webhook-Event, or a
// JSON body's top-level "type" (Stripe, Standard Webhooks, Slack, Svix …). Pure, for main and renderer.

export interface EventHint {
  type: string
  /** Where it was read: a header name, or "body.type". */
  from: string
}

const HEADERS = ['x-github-event', 'x-shopify-topic', 'x-event-type', 'x-webhook-event', 'x-gitlab-event']
/** Bodies past this are not parsed for a hint. */
const MAX_BODY = 1024 * 1024

function topLevel(body: Uint8Array, contentType: string | null): Record<string, unknown> | null {
  if (body.length === 0 || body.length > MAX_BODY) return null
  if (contentType && !/json/i.test(contentType)) return null
  try {
    const v: unknown = JSON.parse(new TextDecoder().decode(body))
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
  } catch {
    return null
  }
}

const short = (s: string) => (s.length > 100 ? `${s.slice(0, 100)}…` : s)

export function eventHint(headers: ReadonlyArray<readonly [string, string]>, body: Uint8Array, contentType: string | null): EventHint | null {
  for (const name of HEADERS) {
    const h = headers.find(([k]) => k.toLowerCase() === name)
    if (!h || !h[1].trim()) continue
    // GitHub names the event in the header and the action in the body: "pull_request.opened".
    const action = name === 'x-github-event' ? topLevel(body, contentType)?.action : undefined
    return { type: short(typeof action === 'string' ? `${h[1].trim()}.${action}` : h[1].trim()), from: h[0] }
  }
  const type = topLevel(body, contentType)?.type
  return typeof type === 'string' && type.trim() ? { type: short(type.trim()), from: 'body.type' } : null
}
