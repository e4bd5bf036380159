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
