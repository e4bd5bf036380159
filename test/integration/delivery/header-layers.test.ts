// What goes out is layered: Hooklab's defaults, the endpoint's headers, the message's, the signature.
// A layer replaces what the layers before it set under the same name, and keeps its own repeats: an
// endpoint given two X-Tag headers sends both (it sent only the last, while showing both).
import { expect, it } from 'vitest'
import { json, startSink, tmpEngine } from './helpers'

it('repeats within a layer all go out; a later layer replaces an earlier one by name, in any case', async () => {
  const sink = await startSink()
  const engine = tmpEngine({ pollMs: 20 })
  const ep = engine.endpoints.create({
    url: `${sink.url}/hooks`,
    headers: [['X-Tag', 'blue'], ['X-Tag', 'green'], ['X-Team', 'billing'], ['User-Agent', 'shop/1.0']],
  })
  engine.start()
  const { deliveryId } = engine.delivery.enqueue({ endpointId: ep.id, body: json({}), contentType: 'application/json', headers: [['x-team', 'payments']] })
  expect((await engine.delivery.waitFor(deliveryId)).status).toBe('delivered')
  const got = sink.requests[0]!.headers
  expect(got['x-tag']).toBe('blue, green') // both of the endpoint's
  expect(got['x-team']).toBe('payments') // the message's replaces the endpoint's
  expect(got['user-agent']).toBe('shop/1.0') // the endpoint's replaces Hooklab's default
  // The attempt records what went out, repeats included.
  const sent = engine.delivery.getDelivery(deliveryId).attemptsList[0]!.request.headers
  expect(sent.filter(([n]) => n === 'X-Tag')).toEqual([['X-Tag', 'blue'], ['X-Tag', 'green']])
  await sink.close()
})
