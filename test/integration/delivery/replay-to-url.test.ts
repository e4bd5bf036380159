// A delivery of an endpoint replayed to another URL ("Send to", `hooklab replay --to`) goes as the
// endpoint would have sent it: its headers and the message's own (edited ones too), signed, with the
// endpoint's retry schedule and timeout. It used to drop one header layer and fall back to the default
// schedule (8 attempts over hours for an endpoint set to 1). And a replay to the endpoint itself is
// listed with the URL it goes to now, not the one of the original.
import { expect, it } from 'vitest'
import { json, startSink, tmpEngine } from './helpers'

it('a replay to another URL keeps the endpoint’s headers, the message’s own, its signing, retries and timeout', async () => {
  const ok = await startSink()
  const failing = await startSink([{ status: 500 }])
  const engine = tmpEngine({ pollMs: 20 })
  engine.start()
  const ep = engine.endpoints.create({
    name: 'orders',
    url: `${ok.url}/ep`,
    headers: [['X-Ep', 'ep']],
    signing: { scheme: 'github', secret: 's3cret' },
    timeoutMs: 1000,
    retry: { schedule: { kind: 'list', delaysMs: [100] }, maxAttempts: 1, timeScale: 1 },
  })
  const orig = engine.delivery.enqueue({ endpointId: ep.id, body: json({ type: 't.to' }), contentType: 'application/json', headers: [['X-Msg', 'msg']] }).deliveryId
  expect((await engine.delivery.waitFor(orig)).status).toBe('delivered')

  const plain = engine.delivery.replay(orig, { to: `${ok.url}/to-plain` }).deliveryId
  const edited = engine.delivery.replay(orig, { to: `${ok.url}/to-edited`, headers: [['X-Msg', 'msg2']] }).deliveryId
  for (const id of [plain, edited]) expect((await engine.delivery.waitFor(id)).status).toBe('delivered')
  const at = (path: string) => ok.requests.find((r) => r.url === path)!.headers
  expect(at('/to-plain')).toMatchObject({ 'x-ep': 'ep', 'x-msg': 'msg' })
  expect(at('/to-plain')['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/)
  expect(at('/to-edited')).toMatchObject({ 'x-ep': 'ep', 'x-msg': 'msg2' })

  // The endpoint allows one attempt: so does its replay to a failing URL.
  const fails = engine.delivery.replay(orig, { to: `${failing.url}/to-fail` }).deliveryId
  const done = await engine.delivery.waitFor(fails)
  expect(done.status).toBe('dead')
  expect(engine.delivery.getDelivery(fails).attemptsList).toHaveLength(1)
  expect(failing.requests).toHaveLength(1)
  await ok.close()
  await failing.close()
})

it('a replay to its endpoint is listed with the URL it goes to now', async () => {
  const sink = await startSink()
  const engine = tmpEngine({ pollMs: 20 })
  engine.start()
  const ep = engine.endpoints.create({ name: 'moved', url: `${sink.url}/old` })
  const orig = engine.delivery.enqueue({ endpointId: ep.id, body: json({ n: 1 }), contentType: 'application/json' }).deliveryId
  expect((await engine.delivery.waitFor(orig)).status).toBe('delivered')
  engine.endpoints.update(ep.id, { url: `${sink.url}/new` })
  const again = engine.delivery.replay(orig).deliveryId
  expect((await engine.delivery.waitFor(again)).status).toBe('delivered')
  expect(sink.requests.map((r) => r.url)).toEqual(['/old', '/new'])
  expect(engine.delivery.getDelivery(again).url).toBe(`${sink.url}/new`)
  expect(engine.delivery.listDeliveries({}).items.find((d) => d.id === again)!.url).toBe(`${sink.url}/new`)
  await sink.close()
})
