// What the receiver's per-request shortcuts must not change: bodies split over many packets or
// absent are stored whole, the content type is read whatever its case, duplicates are still found
// for ids in headers and in a Stripe body, and the answer's bytes match its stored copy.
import { request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { startReceiver } from './helpers'
import type { Harness } from './helpers'

let h: Harness
afterEach(async () => {
  await h?.close()
})

function send(url: string, parts: Buffer[], headers: Record<string, string>): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }))
    })
    req.on('error', reject)
    let i = 0
    const next = (): void => {
      if (i >= parts.length) return void req.end()
      req.write(parts[i++]!)
      setTimeout(next, 5) // separate packets: the receiver sees several data events
    }
    next()
  })
}

describe('receiver hot path', () => {
  it('stores a body sent in many pieces, and an empty one, byte for byte', async () => {
    h = await startReceiver()
    const parts = [Buffer.from('{"a":'), Buffer.from([0xff, 0x00, 0xfe]), Buffer.from('"x".repeat(3)}'), Buffer.alloc(70_000, 7)]
    const whole = Buffer.concat(parts)
    const r1 = await send(`${h.url}/pieces`, parts, { 'Transfer-Encoding': 'chunked' })
    const r2 = await send(`${h.url}/empty`, [], { 'Content-Length': '0' })
    expect([r1.status, r2.status]).toEqual([200, 200])
    const [empty, pieces] = h.receiver.listCaptures().items
    expect(h.receiver.getCapture(pieces!.id).body.equals(whole)).toBe(true)
    expect(pieces!.size).toBe(whole.length)
    expect(h.receiver.getCapture(empty!.id).body.length).toBe(0)
  })

  it('reads the content type whatever its case and answers exactly what it stored', async () => {
    h = await startReceiver()
    const r = await send(`${h.url}/ct`, [Buffer.from('<x/>')], { 'CONTENT-TYPE': 'application/xml', 'Content-Length': '4' })
    const c = h.receiver.getCapture(JSON.parse(r.body).captureId as string)
    expect(c.contentType).toBe('application/xml')
    expect(c.response?.body.toString()).toBe(r.body)
    expect(c.response?.headers).toEqual([['Content-Type', 'application/json'], ['Content-Length', String(Buffer.byteLength(r.body))]])
    expect(r.headers['content-length']).toBe(String(Buffer.byteLength(r.body)))
  })

  it('marks duplicates by header id and by the id in a Stripe body, not plain requests', async () => {
    h = await startReceiver()
    const json = { 'content-type': 'application/json' }
    await send(`${h.url}/a`, [Buffer.from('{}')], { ...json, 'webhook-id': 'msg_1' })
    await send(`${h.url}/a`, [Buffer.from('{}')], { ...json, 'webhook-id': 'msg_1' })
    await send(`${h.url}/s`, [Buffer.from('{"id":"evt_9"}')], { ...json, 'Stripe-Signature': 't=1,v1=00' })
    await send(`${h.url}/s`, [Buffer.from('{"id":"evt_9"}')], { ...json, 'Stripe-Signature': 't=1,v1=00' })
    await send(`${h.url}/p`, [Buffer.from('{"id":"evt_9"}')], { ...json, 'User-Agent': 'curl' })
    await send(`${h.url}/p`, [Buffer.from('{"id":"evt_9"}')], { ...json, 'User-Agent': 'curl' })
    const items = h.receiver.listCaptures().items.reverse()
    expect(items.map((c) => c.duplicateOf)).toEqual([null, items[0]!.id, null, items[2]!.id, null, null])
  })
})
