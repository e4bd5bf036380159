// An inbox that relays answers each sender with what its forward target answered: a proxy in front of
// a dev server, so a failing handler makes the sender retry. The capture is stored before the forward
// and says what the sender got.
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { startReceiver, until } from './helpers'
import type { Harness } from './helpers'

let h: Harness
let dev: Server | undefined
afterEach(async () => {
  await h?.close()
  await new Promise((r) => (dev ? dev.close(r) : r(null)))
  dev = undefined
})

/** A dev server whose answer the test scripts per request. */
async function devServer(answer: (req: { method: string; url: string; body: string }, res: ServerResponse) => void): Promise<string> {
  dev = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => answer({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString() }, res))
  })
  await new Promise<void>((r) => dev!.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(dev.address() as AddressInfo).port}/webhooks`
}

async function relayingInbox(forwardTo: string, extra: { script?: string } = {}): Promise<string> {
  const inbox = h.receiver.inboxes.create({ slug: 'dev' })
  const v = h.receiver.inboxes.update(inbox.id, { forwardTo, response: { relay: true }, ...(extra.script ? { responseScript: extra.script } : {}) })
  expect(v.response.relay).toBe(true)
  return `${h.url}/in/dev/hook`
}

it('the sender gets the dev server’s status, headers and body; the capture records that answer', async () => {
  h = await startReceiver()
  let n = 0
  const target = await devServer((req, res) => {
    n++
    if (n === 1) {
      res.writeHead(500, { 'Content-Type': 'text/plain', 'X-Handler': 'orders' })
      res.end(`boom on ${req.body}`)
    } else {
      res.writeHead(204, { 'X-Handler': 'orders' })
      res.end()
    }
  })
  // A scripted 200 is not what answers while relaying.
  const url = await relayingInbox(target, { script: '200' })
  const updated: string[] = []
  h.bus.on('capture.updated', (e) => updated.push(e.captureId))

  const first = await fetch(url, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } })
  expect(first.status).toBe(500)
  expect(first.headers.get('x-handler')).toBe('orders')
  expect(first.headers.get('content-type')).toBe('text/plain')
  expect(await first.text()).toBe('boom on {"n":1}')
  const second = await fetch(url, { method: 'POST', body: '{"n":2}' })
  expect(second.status).toBe(204)
  expect(await second.text()).toBe('')

  await until(() => updated.length === 2)
  const [c2, c1] = h.receiver.listCaptures({}, { limit: 10 }).items.map((r) => h.receiver.getCapture(r.id))
  expect(c1!.relayed).toBe(true)
  expect(c1!.responseStatus).toBe(500)
  expect(c1!.response?.body.toString()).toBe('boom on {"n":1}')
  expect(c1!.response?.headers).toContainEqual(['x-handler', 'orders'])
  expect(c1!.forward).toMatchObject({ url: target, status: 500, error: null })
  expect(c2!.responseStatus).toBe(204)
})

it('a browser page of another site (DNS rebinding) gets no relayed answer: 403, captured, not forwarded', async () => {
  h = await startReceiver()
  let reached = 0
  const target = await devServer((_req, res) => {
    reached++
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    res.end('SECRET dev data')
  })
  const url = await relayingInbox(target)
  // evil.example resolved to 127.0.0.1: the page's request names its own host, and the browser adds Origin.
  const { request } = await import('node:http')
  const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { Host: `evil.example:${h.port}`, Origin: `http://evil.example:${h.port}`, 'Sec-Fetch-Site': 'same-origin' } }, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end('{}')
  })
  expect(status.status).toBe(403)
  expect(status.body).not.toContain('SECRET')
  expect(status.body).toMatch(/not to a web page served as evil\.example/)
  const [row] = h.receiver.listCaptures().items
  expect(h.receiver.getCapture(row!.id)).toMatchObject({ responseStatus: 403, forward: null })
  // A sender on this machine, or a server (no Origin, no Sec-Fetch-Site), still gets the answer relayed.
  const own = await fetch(url, { method: 'POST', body: '{}', headers: { Origin: 'http://localhost:5173' } })
  expect(await own.text()).toBe('SECRET dev data')
  expect(reached).toBe(1)
})

it('an unreachable dev server gives the sender a 502 that names the capture, and a slow one a 504', async () => {
  h = await startReceiver({ options: { forwardTimeoutMs: 300 } })
  const down = await devServer(() => undefined)
  await new Promise((r) => dev!.close(r))
  dev = undefined
  const url = await relayingInbox(down)
  const res = await fetch(url, { method: 'POST', body: 'x' })
  expect(res.status).toBe(502)
  const body = (await res.json()) as { error: string; captureId: string }
  expect(body.error).toMatch(/could not get an answer from .*ECONNREFUSED/)
  await until(() => h.receiver.getCapture(body.captureId).responseStatus === 502)
  expect(h.receiver.getCapture(body.captureId).body.toString()).toBe('x')

  const slow = await devServer(() => undefined) // never answers
  const inbox = h.receiver.inboxes.getBySlug('dev')!
  h.receiver.inboxes.update(inbox.id, { forwardTo: slow })
  const late = await fetch(url, { method: 'POST', body: 'y' })
  expect(late.status).toBe(504)
})

it('while the dev server takes its time, the capture is already listed, waiting for that answer', async () => {
  h = await startReceiver()
  let release: (() => void) | null = null
  const target = await devServer((_req, res) => {
    release = () => {
      res.writeHead(202, { 'content-type': 'application/json' })
      res.end('{"queued":true}')
    }
  })
  const url = await relayingInbox(target)
  const pending = fetch(url, { method: 'POST', body: 'z' })
  await until(() => h.receiver.listCaptures({}, { limit: 1 }).items.length === 1 && release !== null)
  const row = h.receiver.listCaptures({}, { limit: 1 }).items[0]!
  expect(row).toMatchObject({ relayed: true, responseStatus: null })
  expect(h.receiver.getCapture(row.id).response).toBeNull()
  release!()
  const res = await pending
  expect(res.status).toBe(202)
  expect(await res.json()).toEqual({ queued: true })
})

it('without a forward-to URL, relay is inert: the inbox answers by its rule', async () => {
  h = await startReceiver()
  const inbox = h.receiver.inboxes.create({ slug: 'dev' })
  h.receiver.inboxes.update(inbox.id, { response: { relay: true }, responseScript: '418' })
  const res = await fetch(`${h.url}/in/dev/`, { method: 'POST', body: 'a' })
  expect(res.status).toBe(418)
  const { captureId } = (await res.json()) as { captureId: string }
  expect(h.receiver.getCapture(captureId).relayed).toBe(false)
})

it('a forward-to that is this receiver itself is refused when saved, and never followed when set for one run', async () => {
  h = await startReceiver()
  const inbox = h.receiver.inboxes.create({ slug: 'dev' })
  for (const self of [`${h.url}/in/dev/`, `http://localhost:${h.port}/x`]) {
    expect(() => h.receiver.inboxes.update(inbox.id, { forwardTo: self })).toThrow(/this receiver itself/)
  }
  // `hooklab listen --forward-to` sets it for the run only, unchecked: the loop is cut at the first forward.
  h.receiver.setOverride('dev', { forwardTo: `${h.url}/in/dev/`, response: { steps: [{ status: 200, headers: [], body: '', delayMs: 0 }], failRate: 0, relay: true } })
  const res = await fetch(`${h.url}/in/dev/`, { method: 'POST', body: 'once' })
  expect(res.status).toBe(502)
  expect(((await res.json()) as { error: string }).error).toMatch(/this receiver itself/)
  expect(h.receiver.listCaptures().items).toHaveLength(1)
})

it('a sender that gave up before the dev server answered is recorded unanswered, not as answered with what came later', async () => {
  h = await startReceiver()
  const target = await devServer((_req, res) => setTimeout(() => res.writeHead(201).end('late'), 600))
  const url = await relayingInbox(target)
  const ac = new AbortController()
  const sent = fetch(url, { method: 'POST', body: '{}', signal: ac.signal }).catch((e: Error) => e)
  await until(() => h.receiver.listCaptures().items.length === 1)
  ac.abort()
  await sent
  const id = h.receiver.listCaptures().items[0]!.id
  await until(() => h.receiver.getCapture(id).forward?.durationMs != null, 5000)
  const c = h.receiver.getCapture(id)
  expect(c.forward).toMatchObject({ status: 201 })
  expect(c.responseStatus).toBeNull()
  expect(c.response?.unanswered).toMatchObject({ by: 'sender' })
})

it('a relay cut by the receiver stopping says so, and records no answer the sender never got', async () => {
  h = await startReceiver()
  const target = await devServer((_req, res) => setTimeout(() => res.writeHead(200).end('late'), 15_000))
  const url = await relayingInbox(target)
  const sent = fetch(url, { method: 'POST', body: '{}' }).catch((e: Error) => e)
  await until(() => h.receiver.listCaptures().items.length === 1)
  const id = h.receiver.listCaptures().items[0]!.id
  await h.receiver.stop()
  await sent
  const c = h.receiver.getCapture(id)
  expect(c.responseStatus).toBeNull()
  expect(c.response?.unanswered).toMatchObject({ by: 'hooklab' })
  expect(c.forward).toMatchObject({ status: null, error: 'Hooklab stopped while forwarding' })
})

it('the request’s query goes to the dev server with the forward URL’s own (a URL-verification token must reach it)', async () => {
  h = await startReceiver()
  const seen: string[] = []
  const target = await devServer((req, res) => {
    seen.push(req.url)
    const token = new URL(req.url, 'http://x').searchParams.get('validationToken')
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end(token ?? 'no token')
  })
  const url = await relayingInbox(`${target}?x=1`)
  const res = await fetch(`${url}?validationToken=abc%20123`, { method: 'POST', body: '' })
  expect(await res.text()).toBe('abc 123')
  await fetch(url, { method: 'POST', body: '{}' })
  expect(seen).toEqual(['/webhooks?x=1&validationToken=abc%20123', '/webhooks?x=1'])
})
