// What each scheme signs, shown under a failed verdict when the engine could not pin the exact
// mistake: enough for a developer to check their own signing code against.
const SIGNED: Record<string, string> = {
  standard:
    'Standard Webhooks signs "webhook-id.webhook-timestamp.body" with HMAC-SHA256; the key is the base64 after "whsec_". The webhook-signature header holds "v1,<base64>" (space-separated when rotating).',
  stripe: 'Stripe signs "t.body" with HMAC-SHA256 using the whsec_… secret as UTF-8 text; Stripe-Signature holds "t=<unix>,v1=<hex>".',
  github: 'GitHub signs the raw body with HMAC-SHA256 using the secret as UTF-8 text; X-Hub-Signature-256 holds "sha256=<hex>".',
  shopify: 'Shopify signs the raw body with HMAC-SHA256 using the app secret; X-Shopify-Hmac-Sha256 holds the base64 digest.',
  slack: 'Slack signs "v0:timestamp:body" with HMAC-SHA256 using the signing secret; X-Slack-Signature holds "v0=<hex>".',
  hmac: 'A custom HMAC over the raw body, with the header, algorithm, encoding and prefix configured on the inbox.',
}

export function verdictHelp(scheme: string, reason: string): string {
  const what = SIGNED[scheme] ?? ''
  const why = /mismatch/i.test(reason)
    ? 'A mismatch means the secret differs from the sender’s, or the body changed in transit (re-serialised JSON, whitespace, character encoding): the signature is over the exact bytes.'
    : /^malformed/i.test(reason)
      ? 'The header is not in the form this scheme writes (below): a timestamp in milliseconds where seconds are expected, or a part missing or added.'
      : /missing/i.test(reason)
        ? 'The header this scheme needs is not in the request: check the sender uses the same scheme.'
        : /^timestamp \d+ s (old|in the future)/i.test(reason)
          ? 'The timestamp is outside the tolerance: the request was delayed or replayed, or a clock is off.'
          : ''
  return [why, what].filter(Boolean).join(' ')
}
