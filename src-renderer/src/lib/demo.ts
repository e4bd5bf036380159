// "Send a test webhook": the whole loop in one click for a first run. An endpoint signs with the
// Standard Webhooks scheme and posts to a "demo" inbox that verifies with the same secret and answers
// 500 once, then 200: the user watches a failed attempt, the retry 2 s later, and a verified capture.
import { call } from '../bridge'

export const DEMO_INBOX = 'demo'
export const DEMO_ENDPOINT = 'Demo: Hooklab inbox'

const BODY = `{
  "type": "order.created",
  "id": "{{uuid}}",
  "created_at": "{{now}}",
  "data": { "order": {{counter}}, "amount": 4200, "currency": "eur" }
}`

/** Sets up (or resets) the demo inbox and endpoint, sends one webhook; returns its delivery id and the inbox's. */
export async function sendDemoWebhook(): Promise<{ deliveryId: string; inboxId: string }> {
  const inboxes = await call('inboxes.list', {})
  const inbox = inboxes.find((i) => i.slug === DEMO_INBOX) ?? (await call('inboxes.create', { slug: DEMO_INBOX, name: 'Demo' }))
  const { secret } = await call('endpoints.generateSecret', { scheme: 'standard' })
  // Saving the script starts it over, so every run shows a failure and its retry.
  const ready = await call('inboxes.update', { id: inbox.id, patch: { responseScript: '500, 200', verification: { scheme: 'standard', secret, toleranceSec: 300 } } })
  const fields = {
    url: ready.url,
    signing: { scheme: 'standard' as const, secret },
    retry: { schedule: { kind: 'list' as const, delaysMs: [2000] }, maxAttempts: 3, jitter: false, timeScale: 1 },
  }
  const existing = (await call('endpoints.list', {})).find((e) => e.name === DEMO_ENDPOINT)
  const endpoint = existing
    ? await call('endpoints.update', { id: existing.id, patch: { ...fields, enabled: true } })
    : await call('endpoints.create', { name: DEMO_ENDPOINT, ...fields })
  const sent = await call('compose.send', { endpointIds: [endpoint.id], body: BODY, contentType: 'application/json', eventType: 'order.created', headers: [], count: 1 })
  const first = sent.deliveries[0]
  if (!first) throw new Error('nothing was queued')
  return { deliveryId: first.deliveryId, inboxId: inbox.id }
}
