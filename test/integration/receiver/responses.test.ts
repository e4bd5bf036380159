// Scripted answers: how a user tests their sender's retry logic against the inbox.
import { connect } from 'node:net'
import { request } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { tmpEngine } from '../delivery/helpers'
import { startReceiver } from './helpers'
import type { Harness } from './helpers'

let h: Harness
afterEach(async () => {
  await h?.close()
})

describe('scripted responses', () => {
  it('answers 500, 500, 429 retry-after=2, 200 in order, then repeats the last step', async () => {
    h = await startReceiver()
    const def = h.receiver.inboxes.getBySlug('default')!
    const view = h.receiver.inboxes.update(def.id, { responseScript: '500, 500, 429 retry-after=2, 200' })
    expect(view.responseScript).toBe('500, 500, 429 retry-after=2, 200')
    const seen: Array<[number, string | null]> = []
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${h.url}/x`, { method: 'POST', body: String(i) })
      await res.arrayBuffer()
      seen.push([res.status, res.headers.get('retry-after')])
    }
    expect(seen).toEqual([
      [500, null],
      [500, null],
      [429, '2'],
      [200, null],
      [200, null],
    ])
    // What was answered is recorded with each capture.
    const recorded = h.receiver.listCaptures().items.map((c) => c.responseStatus).reverse()
    expect(recorded).toEqual([500, 500, 429, 200, 200])
    const third = h.receiver.listCaptures().items[2]!
    expect(h.receiver.getCapture(third.id).response?.headers).toContainEqual(['Retry-After', '2'])
  })

  it('starts the script over when the rule changes', async () => {
    h = await startReceiver()
    const def = h.receiver.inboxes.getBySlug('default')!
    h.receiver.inboxes.update(def.id, { responseScript: '503, 200' })
    expect((await fetch(h.url, { method: 'POST' })).status).toBe(503)
    h.receiver.inboxes.update(def.id, { responseScript: '418, 200' })
    expect((await fetch(h.url, { method: 'POST' })).status).toBe(418)
    expect((await fetch(h.url, { method: 'POST' })).status).toBe(200)
  })

  it('serves a static response with headers, body and delay', async () => {
    h = await startReceiver()
    const def = h.receiver.inboxes.getBySlug('default')!
    h.receiver.inboxes.update(def.id, {
      response: { steps: [{ status: 202, headers: [['X-Reply', 'yes'], ['Content-Type', 'text/plain']], body: 'accepted', delayMs: 50 }], failRate: 0 },
    })
    const res = await fetch(h.url, { method: 'POST', body: 'x' })
    expect(res.status).toBe(202)
    expect(res.headers.get('x-reply')).toBe('yes')
    expect(res.headers.get('content-type')).toBe('text/plain')
    expect(await res.text()).toBe('accepted')
  })

  it('hang holds the connection without answering, and the capture is still stored', async () => {
    h = await startReceiver({ options: { hangMs: 300 } })
    const def = h.receiver.inboxes.getBySlug('default')!
    h.receiver.inboxes.update(def.id, { responseScript: 'hang, 200' })
    const reply = await new Promise<string>((resolve) => {
      const s = connect(h.port, '127.0.0.1', () => s.write('POST /hang HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi'))
      const got: Buffer[] = []
      s.on('data', (d: Buffer) => got.push(d))
      s.on('error', () => {})
      s.on('close', () => resolve(Buffer.concat(got).toString()))
    })
    expect(reply).toBe('') // closed after hangMs with no answer at all
    const c = h.receiver.listCaptures().items[0]!
    expect(c.path).toBe('/hang')
    expect(c.responseStatus).toBeNull()
    expect((await fetch(h.url, { method: 'POST' })).status).toBe(200)
  })

  it('fails at the configured random rate using the injected RNG', async () => {
    const rolls = [0.1, 0.9, 0.05, 0.99]
    h = await startReceiver({ random: () => rolls.shift() ?? 1 })
    const def = h.receiver.inboxes.getBySlug('default')!
    h.receiver.inboxes.update(def.id, { response: { steps: [{ status: 200, headers: [], body: '', delayMs: 0 }], failRate: 0.5 } })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await fetch(h.url, { method: 'POST' })).status)
    expect(statuses).toEqual([500, 200, 500, 200])
  })

  it('sends the inbox’s own headers and body with every scripted answer; a step’s own header wins', async () => {
    const rolls = [0.1] // drawn only once a fail rate is set
    h = await startReceiver({ random: () => rolls.shift() ?? 1 })
    const def = h.receiver.inboxes.getBySlug('default')!
    const view = h.receiver.inboxes.update(def.id, {
      responseScript: '500, 429 retry-after=2, 200',
      response: { headers: [['Access-Control-Allow-Origin', '*'], ['Retry-After', '9']], body: 'thanks' },
    })
    expect(view.response).toMatchObject({ headers: [['Access-Control-Allow-Origin', '*'], ['Retry-After', '9']], body: 'thanks' })
    const answer = async () => {
      const res = await fetch(h.url, { method: 'POST', body: '{}' })
      return { status: res.status, cors: res.headers.get('access-control-allow-origin'), retryAfter: res.headers.get('retry-after'), type: res.headers.get('content-type'), body: await res.text() }
    }
    expect(await answer()).toEqual({ status: 500, cors: '*', retryAfter: '9', type: 'text/plain; charset=utf-8', body: 'thanks' })
    expect(await answer()).toEqual({ status: 429, cors: '*', retryAfter: '2', type: 'text/plain; charset=utf-8', body: 'thanks' })
    expect(await answer()).toMatchObject({ status: 200, cors: '*', body: 'thanks' })
    // What was answered is what the capture records.
    const last = h.receiver.getCapture(h.receiver.listCaptures().items[0]!.id)
    expect(last.response?.headers).toContainEqual(['Access-Control-Allow-Origin', '*'])
    expect(last.response?.body.toString()).toBe('thanks')

    // A new script keeps them; a JSON body goes as JSON.
    h.receiver.inboxes.update(def.id, { responseScript: '201', response: { body: '{"received":true}' } })
    expect(await answer()).toMatchObject({ status: 201, cors: '*', type: 'application/json', body: '{"received":true}' })
    // A random failure keeps the headers (a browser still reads it), with its own body.
    h.receiver.inboxes.update(def.id, { response: { failRate: 0.5 } })
    expect(await answer()).toMatchObject({ status: 500, cors: '*', body: '{"error":"random failure (inbox fail rate)"}' })
    // Cleared: the default answer again.
    h.receiver.inboxes.update(def.id, { response: { headers: [], body: '', failRate: 0 } })
    const plain = await answer()
    expect(plain).toMatchObject({ status: 201, cors: null, type: 'application/json' })
    expect(JSON.parse(plain.body)).toMatchObject({ ok: true, captureId: expect.stringMatching(/^cap_/) })
  })

  it('refuses headers an answer cannot carry, naming them, and keeps the old rule', async () => {
    h = await startReceiver()
    const def = h.receiver.inboxes.getBySlug('default')!
    h.receiver.inboxes.update(def.id, { response: { headers: [['X-Kept', 'yes']] } })
    const bad: Array<[[string, string][], RegExp]> = [
      [[['Bad Name', 'v']], /response headers: "Bad Name" is not a valid header name/],
      [[['X-A', 'a\r\nInjected: 1']], /the value of X-A has a line break, which a header cannot carry/],
      [[['Content-Length', '5']], /Content-Length is set by the receiver/],
      [[['transfer-encoding', 'chunked']], /transfer-encoding is set by the receiver/],
    ]
    for (const [headers, message] of bad) expect(() => h.receiver.inboxes.update(def.id, { response: { headers } })).toThrow(message)
    expect(() =>
      h.receiver.inboxes.update(def.id, { response: { steps: [{ status: 200, headers: [['Bad Name', 'v']], body: '', delayMs: 0 }] } }),
    ).toThrow(/response step 1: "Bad Name"/)
    const res = await fetch(h.url, { method: 'POST' })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-kept')).toBe('yes')
  })

  it('a scripted 204 goes without a body or Content-Length, so strict clients (undici) accept it', async () => {
    h = await startReceiver()
    const def = h.receiver.inboxes.getBySlug('default')!
    h.receiver.inboxes.update(def.id, { responseScript: '204', response: { headers: [['X-Handled', 'yes']], body: 'ignored' } })
    const res = await request(h.url, { method: 'POST', body: '{"a":1}' })
    expect(res.statusCode).toBe(204)
    expect(res.headers['content-length']).toBeUndefined()
    expect(res.headers['x-handled']).toBe('yes')
    expect(await res.body.text()).toBe('')
    const answered = h.receiver.getCapture(h.receiver.listCaptures().items[0]!.id).response
    expect(answered).toEqual({ status: 204, headers: [['X-Handled', 'yes']], body: Buffer.alloc(0), unanswered: null })
  })

  it('the engine delivering to an inbox scripted 204 records it delivered (the old 204 carried a Content-Length and no body: every attempt failed)', async () => {
    const engine = tmpEngine({ pollMs: 20 })
    engine.start()
    const { url } = await engine.startReceiver()
    const inbox = engine.receiver.inboxes.create({ slug: 'no-content' })
    engine.receiver.inboxes.update(inbox.id, { responseScript: '204' })
    const { deliveryId } = engine.delivery.enqueue({ url: `${url}/in/no-content/`, body: Buffer.from('{}'), contentType: 'application/json' })
    expect((await engine.delivery.waitFor(deliveryId)).status).toBe('delivered')
    expect(engine.delivery.getDelivery(deliveryId).attemptsList.map((a) => a.outcome)).toEqual(['delivered'])
  })

  it('a CORS preflight is captured and answered 204 with the inbox’s headers, without using up a step or getting a verdict', async () => {
    h = await startReceiver()
    const def = h.receiver.inboxes.getBySlug('default')!
    h.receiver.inboxes.update(def.id, {
      responseScript: '500, 200',
      response: { headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Headers', '*']] },
      verification: { scheme: 'github', secret: 's3cret' },
    })
    const preflight = await request(h.url + '/hook', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    })
    await preflight.body.dump()
    expect(preflight.statusCode).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBe('*')
    expect(preflight.headers['access-control-allow-headers']).toBe('*')
    // The script starts where it was: the real request gets its first step.
    expect((await fetch(h.url + '/hook', { method: 'POST', body: '{}' })).status).toBe(500)
    const [post, options] = h.receiver.listCaptures().items
    expect(options).toMatchObject({ method: 'OPTIONS', responseStatus: 204, verification: null })
    expect(post).toMatchObject({ method: 'POST', responseStatus: 500, verification: { scheme: 'github', valid: false } })
    // A plain OPTIONS (no Access-Control-Request-Method) is an ordinary request.
    expect((await fetch(h.url + '/hook', { method: 'OPTIONS' })).status).toBe(200)
  })

  it('rejects a bad script with the step named, keeping the old rule', async () => {
    h = await startReceiver()
    const def = h.receiver.inboxes.getBySlug('default')!
    expect(() => h.receiver.inboxes.update(def.id, { responseScript: '500, abc' })).toThrow(/step 2 "abc"/)
    expect(h.receiver.inboxes.get(def.id).responseScript).toBe('200')
  })
})
