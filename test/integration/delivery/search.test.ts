// The Deliveries search box: a case-insensitive substring of the id, message id, URL, event type,
// last error or endpoint name (the placeholder's promise, and what the UI matches live rows by).
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
