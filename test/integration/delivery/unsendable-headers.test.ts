// Headers a webhook request cannot carry (undici refuses them, or they contradict the body) are refused
// where they are entered, naming the header; one that reaches the wire anyway (a row written before
// this check) fails its delivery once, as final, instead of being retried to dead as a network error
// that also counted against the endpoint's breaker.
import { expect, it } from 'vitest'
import { startSink, tmpEngine } from './helpers'

const body = Buffer.from('{"a":1}')

it('refuses Content-Length, Transfer-Encoding, Expect, Upgrade, Keep-Alive and line breaks where headers are entered', () => {
  const engine = tmpEngine()
  const create = (headers: Array<[string, string]>) => () => engine.endpoints.create({ name: 'x', url: 'http://127.0.0.1:9/x', headers })
  expect(create([['Content-Length', '3']])).toThrow(/Headers: Content-Length is set from the body/)
  expect(create([['transfer-encoding', 'chunked']])).toThrow(/transfer-encoding is set from the body/)
  expect(create([['Expect', '100-continue']])).toThrow(/Headers: Expect cannot be sent/)
  expect(create([['Upgrade', 'websocket']])).toThrow(/Upgrade cannot be sent/)
  expect(create([['Keep-Alive', 'timeout=5']])).toThrow(/Keep-Alive cannot be sent/)
  expect(create([['X-Bad', 'a\r\nInjected: 1']])).toThrow(/the value of X-Bad has a line break, which a header cannot carry/)
  expect(create([['X-Check', '✓ ok']])).toThrow('Headers: the value of X-Check has "✓" (headers carry single bytes: only Latin-1 text), which a header cannot carry')
  expect(create([['Bad Name', 'v']])).toThrow(/"Bad Name" is not a valid header name/)
  // What undici sends as given stays allowed.
  expect(create([['Connection', 'close'], ['Host', 'example.test'], ['X-Utf8', 'héllo']])()).toMatchObject({ name: 'x' })

  const ep = engine.endpoints.create({ name: 'y', url: 'http://127.0.0.1:9/y' })
  expect(() => engine.endpoints.update(ep.id, { headers: [['Expect', '100-continue']] })).toThrow(/Expect cannot be sent/)
  expect(() => engine.delivery.enqueue({ url: 'http://127.0.0.1:9/x', body, contentType: 'application/json', headers: [['Content-Length', '999']] })).toThrow(/Content-Length is set from the body/)
  expect(() => engine.delivery.enqueue({ url: 'http://127.0.0.1:9/x', body, contentType: 'application/json\r\nX-Injected: 1' })).toThrow(/Content-Type: the value of Content-Type has a line break, which a header cannot carry/)
  const sent = engine.delivery.enqueue({ url: 'http://127.0.0.1:9/x', body, contentType: 'application/json' })
  engine.delivery.flush()
  expect(() => engine.delivery.replay(sent.deliveryId, { asNew: true, headers: [['Transfer-Encoding', 'chunked']] })).toThrow(/Transfer-Encoding is set from the body/)
})

it('a request undici refuses to build fails once, final, without counting against the endpoint', async () => {
  const sink = await startSink()
  const engine = tmpEngine({ pollMs: 20 })
  const ep = engine.endpoints.create({ name: 'shop', url: `${sink.url}/hooks`, breakerThreshold: 1, retry: { schedule: { kind: 'list', delaysMs: [10] }, maxAttempts: 3 } })
  const { deliveryId } = engine.delivery.enqueue({ endpointId: ep.id, body, contentType: 'application/json' })
  engine.delivery.flush()
  // Written before headers were checked (an older Hooklab): undici refuses it on the wire.
  engine.db.prepare(`UPDATE delivery SET headers_json = '[["Expect","100-continue"]]' WHERE id = ?`).run(deliveryId)
  engine.start()
  const done = await engine.delivery.waitFor(deliveryId)
  expect(done.status).toBe('failed')
  const attempts = engine.delivery.getDelivery(deliveryId).attemptsList
  expect(attempts).toHaveLength(1)
  expect(attempts[0]!.error).toMatchObject({ code: 'E_INVALID_INPUT', message: expect.stringMatching(/cannot be sent as built: expect header not supported/) })
  expect(sink.requests).toHaveLength(0)
  expect(engine.endpoints.get(ep.id).breaker.state).toBe('closed') // with a threshold of 1, a counted failure would open it
  await sink.close()
})
