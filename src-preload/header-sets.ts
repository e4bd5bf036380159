// Header names (lower case) that do not carry over when a captured request goes out again: shared by
// the receiver's forward and replay (main) and the UI's "Open in Send" (renderer).

/** Hop-by-hop headers (RFC 9110 §7.6.1) plus the ones the client computes for the new hop. */
export const HOP_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
  'host',
  'content-length',
])

/** Signature and id headers of the schemes Hooklab knows: a re-signed copy gets fresh ones. */
export const SIGNING_HEADERS: ReadonlySet<string> = new Set([
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'svix-id',
  'svix-timestamp',
  'svix-signature',
  'stripe-signature',
  'x-hub-signature',
  'x-hub-signature-256',
  'x-shopify-hmac-sha256',
  'x-slack-signature',
  'x-slack-request-timestamp',
])

/** Not carried into a draft either: Content-Type and -Encoding are set on their own; what Hooklab accepts back is its own business. */
const SET_ON_THEIR_OWN: ReadonlySet<string> = new Set(['content-type', 'content-encoding', 'accept-encoding'])

/** The headers of a request that still mean something in a draft sent again, signed afresh ("Open in Send", "Paste cURL"). */
export function draftHeaders<T extends readonly [string, string]>(headers: readonly T[]): T[] {
  return headers.filter(([n]) => {
    const name = n.toLowerCase()
    return !HOP_HEADERS.has(name) && !SIGNING_HEADERS.has(name) && !SET_ON_THEIR_OWN.has(name)
  })
}

/** The scheme whose signature header a request carries (the first one found), with that header's name. */
export function signedWith(headers: ReadonlyArray<readonly [string, string]>): { scheme: 'standard' | 'stripe' | 'github' | 'shopify' | 'slack'; header: string } | null {
  const schemes: Record<string, 'standard' | 'stripe' | 'github' | 'shopify' | 'slack'> = {
    'webhook-signature': 'standard',
    'svix-signature': 'standard',
    'stripe-signature': 'stripe',
    'x-hub-signature-256': 'github',
    'x-hub-signature': 'github',
    'x-shopify-hmac-sha256': 'shopify',
    'x-slack-signature': 'slack',
  }
  for (const [name] of headers) {
    const scheme = schemes[name.toLowerCase()]
    if (scheme) return { scheme, header: name }
  }
  return null
}
