// A GitHub-signed webhook carries X-GitHub-Event (its receivers route on it; Octokit's middleware refuses
// a request without it), a Shopify one X-Shopify-Topic: filled from the event type, for ad-hoc sends,
// endpoint deliveries and the Send preview alike. A header the user set keeps its value.
import { afterEach, expect, it } from 'vitest'
import { dispatch } from '../../../src-main/api/dispatch'
import { createRuntime, type Runtime } from '../../../src-main/api/runtime'
import { tmpDir } from '../hardening/helpers'
import { startSink, tmpEngine } from './helpers'

const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v))

it('an event type goes on the wire as the provider’s event header', async () => {
  const engine = tmpEngine()
  engine.start()
  const sink = await startSink()
  try {
    const send = async (req: Parameters<typeof engine.delivery.enqueue>[0]) => engine.delivery.waitFor(engine.delivery.enqueue(req).deliveryId)
    const base = { url: `${sink.url}/gh`, body: json({ ref: 'x' }), contentType: 'application/json' }
    await send({ ...base, eventType: 'push', signing: { scheme: 'github', secret: 's3cret' } })
    await send({ ...base, eventType: 'pull_request.opened', signing: { scheme: 'github', secret: 's3cret' } })
    await send({ ...base, eventType: 'push', headers: [['X-GitHub-Event', 'ping']], signing: { scheme: 'github', secret: 's3cret' } })
    await send({ ...base, eventType: 'orders/create', signing: { scheme: 'shopify', secret: 'shp' } })
    await send({ ...base, eventType: 'push', signing: { scheme: 'standard', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } })
    // An event type no header can carry is left off the wire rather than failing every attempt.
    const odd = await send({ ...base, eventType: '注文.作成', signing: { scheme: 'github', secret: 's3cret' } })
    expect(odd.status).toBe('delivered')
    const ep = engine.endpoints.create({ url: `${sink.url}/ep`, signing: { scheme: 'github', secret: 's3cret' } })
    const fanned = engine.delivery.send({ eventType: 'issues.opened', body: json({}), endpointIds: [ep.id] })
    await engine.delivery.waitFor(fanned.deliveryIds[0]!)

    const got = sink.requests.map((r) => [r.headers['x-github-event'] ?? null, r.headers['x-shopify-topic'] ?? null])
    expect(got).toEqual([
      ['push', null],
      ['pull_request', null],
      ['ping', null], // the user's own
      [null, 'orders/create'],
      [null, null], // Standard Webhooks has no event header (the type is in the body)
      [null, null], // 注文.作成
      ['issues', null],
    ])
  } finally {
    await sink.close()
  }
})

let rt: Runtime | undefined
let cleanup: (() => void) | undefined
afterEach(async () => {
  await rt?.stop()
  cleanup?.()
})

it('the Send preview shows the event header that goes out', async () => {
  const home = tmpDir('hooklab-event-header-')
  cleanup = home.cleanup
  rt = createRuntime({ home: home.dir, mode: 'browser', receiverPort: 0, pollMs: 20, exportFile: async () => ({ kind: 'cancelled' }), send: () => {} })
  await rt.start()
  const r = await dispatch(rt.handlers, 'compose.preview', { url: 'http://127.0.0.1:9/gh', eventType: 'push', signing: { scheme: 'github', secret: 's3cret' }, body: '{}' })
  if (!r.ok) throw new Error(r.error.message)
  const { targets } = r.result as { targets: Array<{ headers: Array<[string, string]> }> }
  expect(targets[0]!.headers).toContainEqual(['X-GitHub-Event', 'push'])
})
