// Scripted answers: how a user tests their sender's retry logic against the inbox.
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
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

  it('rejects a bad script with the step named, keeping the old rule', async () => {
    h = await startReceiver()
    const def = h.receiver.inboxes.getBySlug('default')!
    expect(() => h.receiver.inboxes.update(def.id, { responseScript: '500, abc' })).toThrow(/step 2 "abc"/)
    expect(h.receiver.inboxes.get(def.id).responseScript).toBe('200')
  })
})
