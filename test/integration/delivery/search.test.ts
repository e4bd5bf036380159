// The Deliveries search box: a case-insensitive substring of the id, message id, URL, event type,
// last error or endpoint name, or the body's exact bytes (the placeholder's promise; the UI asks
// deliveries.matching which live rows it matches).
import { expect, it } from 'vitest'
import { tmpEngine } from './helpers'


it('matches any case, every field the placeholder names, and % and _ literally', async () => {
  const engine = tmpEngine()
  const ep = engine.endpoints.create({ name: 'Orders Service', url: 'http://127.0.0.1:9/orders' })
  const body = Buffer.from('{}')
  const send = (more: { endpointId?: string; url?: string; eventType?: string }) =>
    engine.delivery.enqueue({ body, contentType: 'application/json', ...(more.endpointId ? {} : { url: 'http://127.0.0.1:9/x' }), ...more }).deliveryId
  const byEndpoint = send({ endpointId: ep.id })
  const invoice = send({ eventType: 'Invoice.Paid' })
  const percent = send({ url: 'http://127.0.0.1:9/a%20b' })
  const underscore = send({ url: 'http://127.0.0.1:9/snake_case' })
  const failed = send({})
  engine.delivery.flush()
  engine.db.prepare("UPDATE delivery SET last_error = 'HTTP 500: Upstream Down' WHERE id = ?").run(failed)
  const ids = (text: string) => engine.delivery.listDeliveries({ text }).items.map((d) => d.id).sort()

  expect(ids('orders SERVICE')).toEqual([byEndpoint]) // the endpoint's name
  expect(ids('invoice.paid')).toEqual([invoice]) // the event type
  expect(ids('upstream down')).toEqual([failed]) // the last error
  expect(ids(failed.toUpperCase())).toEqual([failed]) // the id
  expect(ids('%20')).toEqual([percent]) // % is a character, not a wildcard
  expect(ids('a_e')).toEqual([]) // "snake" would match if _ meant any character
  expect(ids('snake_')).toEqual([underscore])
  expect(ids('%')).toEqual([percent])
  // Counts under the same search agree with the list.
  expect(engine.delivery.countDeliveries({ text: 'ORDERS' })).toMatchObject({ pending: 1 })
})

it('matches the body as sent, byte for byte: the message’s, or an edited replay’s own', async () => {
  const engine = tmpEngine()
  const send = (body: string | Buffer) =>
    engine.delivery.enqueue({ url: 'http://127.0.0.1:9/x', body: Buffer.from(body), contentType: 'application/json' }).deliveryId
  const order = send('{"type":"order.created","data":{"id":"ord_7Q2"}}')
  const other = send('{"type":"order.created","data":{"id":"ord_9Z"}}')
  // "k-y" between NUL and 0xff: a hyphen is in no id (base32) nor URL here, so only the body can match.
  const binary = send(Buffer.from([0x00, 0xff, 0x6b, 0x2d, 0x79, 0x00]))
  engine.delivery.flush()
  const edited = engine.delivery.replay(other, { body: Buffer.from('{"note":"fixed by hand"}') }).deliveryId
  engine.delivery.flush()
  const ids = (text: string) => engine.delivery.listDeliveries({ text }).items.map((d) => d.id).sort()

  expect(ids('ord_7Q2')).toEqual([order])
  expect(ids('order.created')).toEqual([order, other].sort()) // the replay carries its own edited bytes
  expect(ids('fixed by hand')).toEqual([edited])
  expect(ids('k-y')).toEqual([binary])
  expect(ids('ord_nowhere')).toEqual([])
  // The status chips and "Retry/Cancel (N)" count what the list shows.
  expect(engine.delivery.countDeliveries({ text: 'ord_7Q2' })).toMatchObject({ pending: 1 })
  expect(engine.delivery.bulkCancel({ text: 'fixed by hand' }).count).toBe(1)
  expect(engine.delivery.getDelivery(edited).status).toBe('cancelled')
  // Which of some live rows a search matches (what the UI asks while searching), unknown ids matching nothing.
  expect(engine.delivery.matchingDeliveries([other, order, 'dlv_unknown'], { text: 'ord_7q2' }).map((r) => r.id)).toEqual([])
  expect(engine.delivery.matchingDeliveries([other, order, 'dlv_unknown'], { text: 'ord_7Q2' })).toEqual([{ id: order, status: 'pending' }])
})
