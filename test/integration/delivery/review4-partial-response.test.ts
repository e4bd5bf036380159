// A response broken off after its headers (the body too slow for the timeout, or the connection closed
// mid-body) used to be stored as "no response" with one message for every timeout: status, headers and
// the bytes that did arrive were dropped. "My handler answered 200 but never finished the body" and "my
// handler never answered" are different bugs: the attempt keeps what arrived (the body marked
// truncated) and its error says which it was. It is still a failed attempt (retried, not delivered).
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, it, onTestFinished } from 'vitest'
import { json, tmpEngine } from './helpers'

async function target(): Promise<string> {
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      if (req.url === '/slowbody') {
        res.writeHead(200, { 'content-type': 'text/plain', 'x-handler': 'mine' })
        res.write('start;') // and never the rest
      } else if (req.url === '/midclose') {
        res.writeHead(200, { 'content-length': '1000', 'x-handler': 'mine' })
        res.write('partial')
        setTimeout(() => req.socket.destroy(), 50)
      }
      // /slowheaders: no answer at all
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  onTestFinished(async () => {
    server.closeAllConnections()
    await new Promise<void>((r) => server.close(() => r()))
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const once = { schedule: { kind: 'list' as const, delaysMs: [10] }, maxAttempts: 1 }

it('a body not complete within the timeout keeps the status, headers and partial body, and says the answer started', async () => {
  const url = await target()
  const engine = tmpEngine({ pollMs: 20 })
  engine.start()
  const { deliveryId } = engine.delivery.enqueue({
    url: `${url}/slowbody`,
    body: json({}),
    contentType: 'application/json',
    retry: once,
    timeoutMs: 500,
  })
  expect((await engine.delivery.waitFor(deliveryId)).status).toBe('dead') // a failed attempt, as before
  const [a] = engine.delivery.getDelivery(deliveryId).attemptsList
  expect(a!.error?.code).toBe('E_TIMEOUT')
  expect(a!.error?.message).toMatch(
    /^the answer started \(HTTP 200 after \d+ ms\) but its body was not complete within 500 ms$/,
  )
  expect(a!.response?.status).toBe(200)
  expect(a!.response?.headers).toContainEqual(['x-handler', 'mine'])
  expect(a!.response?.body.toString()).toBe('start;')
  expect(a!.response?.truncated).toBe(true)
  expect(a!.outcome).toBe('dead')
})

it('a connection closed mid-body keeps what arrived and says so', async () => {
  const url = await target()
  const engine = tmpEngine({ pollMs: 20 })
  engine.start()
  const { deliveryId } = engine.delivery.enqueue({
    url: `${url}/midclose`,
    body: json({}),
    contentType: 'application/json',
    retry: once,
    timeoutMs: 5000,
  })
  expect((await engine.delivery.waitFor(deliveryId)).status).toBe('dead')
  const [a] = engine.delivery.getDelivery(deliveryId).attemptsList
  expect(a!.error?.code).toBe('E_RESET')
  expect(a!.error?.message).toMatch(
    /^the answer started \(HTTP 200 after \d+ ms\) but the connection closed mid-body/,
  )
  expect(a!.response).toMatchObject({ status: 200, truncated: true })
  expect(a!.response?.headers).toContainEqual(['x-handler', 'mine'])
  expect(a!.response?.body.toString()).toBe('partial')
})

it('no response headers within the timeout is still "no response", and says it was the headers', async () => {
  const url = await target()
  const engine = tmpEngine({ pollMs: 20 })
  engine.start()
  const { deliveryId } = engine.delivery.enqueue({
    url: `${url}/slowheaders`,
    body: json({}),
    contentType: 'application/json',
    retry: once,
    timeoutMs: 500,
  })
  expect((await engine.delivery.waitFor(deliveryId)).status).toBe('dead')
  const [a] = engine.delivery.getDelivery(deliveryId).attemptsList
  expect(a!.error).toEqual({ code: 'E_TIMEOUT', message: 'no response headers within 500 ms' })
  expect(a!.response).toBeNull()
  expect(a!.timings.firstByteMs).toBeNull()
})
