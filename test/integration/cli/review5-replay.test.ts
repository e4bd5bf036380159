// The built CLI on "fixed my handler, send it again" (review 5): a capture replays to its inbox's forward
// target and re-signs with the inbox's own secret without retyping either; a stale signature sent as
// captured is warned about; replaying a pending delivery says the original still goes; and `wait --event`
// takes GitHub's header value (pull_request) for the Inbox's pull_request.assigned.
import { createHmac } from 'node:crypto'
import { afterEach, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { startSink } from '../receiver/helpers'
import type { Sink } from '../receiver/helpers'
import { run, tempHome } from './helpers'

let sink: Sink | undefined
afterEach(async () => {
  await sink?.close()
  sink = undefined
})

const header = (raw: string[], name: string): string | undefined => raw[raw.findIndex((h) => h.toLowerCase() === name) + 1]

/** A Stripe inbox holding one capture signed `ageSec` ago; it forwards to `forwardTo` and verifies with whsec_test123. */
async function stripeInbox(home: string, forwardTo: string | null, ageSec: number): Promise<string> {
  const engine = createEngine({ home })
  const { url } = await engine.startReceiver()
  const inbox = engine.receiver.inboxes.create({ slug: 'stripe' })
  const t = Math.floor(Date.now() / 1000) - ageSec
  const body = JSON.stringify({ type: 'invoice.paid' })
  const v1 = createHmac('sha256', 'whsec_test123').update(`${t}.${body}`).digest('hex')
  await (await fetch(`${url}/in/stripe/`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${v1}` } })).arrayBuffer()
  await expect.poll(() => engine.receiver.listCaptures({ inboxId: inbox.id }, { limit: 1 }).items.length).toBe(1)
  // Set after the capture, so the capture itself was not forwarded.
  engine.receiver.inboxes.update(inbox.id, { forwardTo, verification: { scheme: 'stripe', secret: 'whsec_test123', toleranceSec: 300 } })
  const id = engine.receiver.listCaptures({ inboxId: inbox.id }, { limit: 1 }).items[0]!.id
  await engine.stop()
  return id
}

it('replay cap_… without --to goes to the inbox’s forward target, and warns that a 12-minute-old signature will be refused', async () => {
  const home = tempHome()
  sink = await startSink()
  const id = await stripeInbox(home, null, 12 * 60)
  const nowhere = await run(['replay', id, '--home', home])
  expect(nowhere.code).toBe(2)
  expect(nowhere.stderr).toContain('replaying a capture needs --to URL (inbox "stripe" forwards nowhere to default to)')

  const home2 = tempHome()
  const id2 = await stripeInbox(home2, `${sink.url}/webhooks`, 12 * 60)
  const out = await run(['replay', id2, '--wait', '--home', home2])
  expect(out.code).toBe(0)
  expect(out.stderr).toContain(`to ${sink.url}/webhooks, inbox "stripe"'s forward target (--to sends elsewhere)`)
  expect(out.stderr).toContain('its signature is 12 min old: a receiver checking freshness will refuse it — re-sign instead (--resign)')
  expect(sink.requests.map((r) => r.url)).toEqual(['/webhooks'])

  // A fresh signature: no warning.
  const home3 = tempHome()
  const id3 = await stripeInbox(home3, `${sink.url}/fresh`, 10)
  const fresh = await run(['replay', id3, '--wait', '--home', home3])
  expect(fresh.code).toBe(0)
  expect(fresh.stderr).not.toContain('old:')
})

it('--resign (or --scheme alone) re-signs with the inbox’s stored secret and a fresh timestamp', async () => {
  const home = tempHome()
  sink = await startSink()
  const id = await stripeInbox(home, `${sink.url}/webhooks`, 12 * 60)
  for (const flags of [['--resign'], ['--scheme', 'stripe']]) {
    const out = await run(['replay', id, ...flags, '--wait', '--home', home])
    expect(out.code, `${flags.join(' ')}: ${out.stderr}`).toBe(0)
    expect(out.stderr).not.toContain('old:')
  }
  expect(sink.requests).toHaveLength(2)
  for (const req of sink.requests) {
    const sig = header(req.headers, 'stripe-signature')!
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig)!
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60)
    expect(v1).toBe(createHmac('sha256', 'whsec_test123').update(`${t}.${req.body.toString()}`).digest('hex'))
  }
  // Another scheme than the inbox verifies: no secret to take.
  const other = await run(['replay', id, '--scheme', 'slack', '--home', home])
  expect(other.code).toBe(2)
  expect(other.stderr).toContain('re-signing with slack needs --secret: inbox "stripe" verifies stripe, so it has no slack secret to use')
})

it('replaying a delivery still pending says the original is still queued and how to cancel it', async () => {
  const home = tempHome()
  const engine = createEngine({ home })
  const { deliveryId } = engine.delivery.enqueue({ url: 'http://127.0.0.1:9/hook', body: Buffer.from('{}'), contentType: 'application/json' })
  engine.delivery.flush()
  await engine.stop()
  const out = await run(['replay', deliveryId, '--home', home])
  expect(out.code).toBe(0)
  expect(out.stderr).toContain(`the original ${deliveryId} is still queued and will be attempted again`)
  expect(out.stderr).toContain(`cancel it (\`hooklab cancel ${deliveryId} --home ${home}\`), or use Retry now in the app`)
})

it('wait --event pull_request matches GitHub’s pull_request.assigned; "others arrived" counts only what came during the wait', async () => {
  const home = tempHome()
  const engine = createEngine({ home })
  const { url } = await engine.startReceiver()
  const send = async (event: string, body: object) =>
    (await fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-github-event': event } })).arrayBuffer()
  await send('pull_request', { action: 'assigned', number: 7 })
  await send('issues', { action: 'edited' })
  await send('ping', { zen: 'hi' })
  await expect.poll(() => engine.receiver.listCaptures({}, { limit: 10 }).items.map((r) => r.event).sort()).toEqual(['issues.edited', 'ping', 'pull_request.assigned'])
  const pr = engine.receiver.listCaptures({}, { limit: 10 }).items.find((r) => r.event === 'pull_request.assigned')!.id
  await engine.stop()

  const hit = await run(['wait', '--event', 'pull_request', '--since', '10m', '--timeout', '1s', '--json', '--home', home])
  expect(hit.code, hit.stderr).toBe(0)
  expect(JSON.parse(hit.stdout)).toMatchObject({ id: pr })
  expect((await run(['wait', '--event', 'pull_request.assigned', '--since', '10m', '--timeout', '1s', '--home', home])).code).toBe(0)

  // A prefix that is not a whole name does not match; nothing arrived while waiting.
  const miss = await run(['wait', '--event', 'pull', '--since', '10m', '--timeout', '500ms', '--home', home])
  expect(miss.code).toBe(1)
  expect(miss.stderr).toContain('no matching capture (event pull) within 500ms; 0 others arrived')
})
