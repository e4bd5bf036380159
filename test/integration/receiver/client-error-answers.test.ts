// Malformed bytes after complete requests on one keep-alive connection: the requests already read are
// captured and answered as recorded, then the bad bytes get their 400 and the connection closes. A
// capture must show what its sender was answered (it said 200 while the sender read a 400).
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startReceiver } from './helpers'
import type { Harness } from './helpers'

let h: Harness
afterEach(async () => {
  await h?.close()
})

/** Writes `data` on a fresh connection and resolves with everything read until the receiver closes it. */
function raw(port: number, data: Buffer | string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const got: Buffer[] = []
    const timer = setTimeout(() => socket.destroy(), 3000)
    socket.on('data', (d: Buffer) => got.push(d))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(Buffer.concat(got).toString('latin1'))
    })
    socket.on('connect', () => socket.write(data))
  })
}

const statusesOf = (reply: string) => [...reply.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]))
const oldestFirst = () => h.receiver.listCaptures().items.slice().reverse()

describe('a malformed request after complete ones on the same connection', () => {
  it('a Content-Length one byte short (characters counted, not bytes): the sender reads the recorded 200, then a 400', async () => {
    h = await startReceiver()
    const body = Buffer.from('{"name":"café"}') // 16 bytes, 15 characters
    const reply = await raw(h.port, Buffer.concat([Buffer.from('POST /in/default HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n'), body]))
    expect(statusesOf(reply)).toEqual([200, 400])
    const [c] = oldestFirst()
    expect(c?.responseStatus).toBe(200)
    const detail = h.receiver.getCapture(c!.id)
    expect(detail.body.equals(body.subarray(0, 15))).toBe(true)
    // The 200 the sender read is the one recorded with this capture.
    expect(reply).toContain(c!.id)
  })

  it('pipelined requests followed by garbage: each is answered as recorded, in order, then 400', async () => {
    h = await startReceiver()
    const def = h.receiver.inboxes.getBySlug('default')!
    h.receiver.inboxes.update(def.id, { responseScript: '201, 503' })
    const req = (path: string, body: string) => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
    const reply = await raw(h.port, `${req('/a', 'one')}${req('/b', 'two')}NOT HTTP\r\n\r\n`)
    const captures = oldestFirst()
    expect(captures.map((c) => [c.path, c.responseStatus])).toEqual([['/a', 201], ['/b', 503]])
    expect(statusesOf(reply)).toEqual([201, 503, 400])
  })

  it('an answer scripted with a delay still goes out before the 400', async () => {
    h = await startReceiver()
    const def = h.receiver.inboxes.getBySlug('default')!
    h.receiver.inboxes.update(def.id, { response: { steps: [{ status: 202, headers: [], body: 'later', delayMs: 150 }], failRate: 0 } })
    const reply = await raw(h.port, 'POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nokGARBAGE\r\n\r\n')
    expect(statusesOf(reply)).toEqual([202, 400])
    expect(oldestFirst().map((c) => c.responseStatus)).toEqual([202])
  })

  it('a request cut by the malformed bytes is not captured and gets the 400 alone', async () => {
    h = await startReceiver()
    const reply = await raw(h.port, 'POST /cut HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')
    expect(statusesOf(reply)).toEqual([400])
    expect(h.receiver.listCaptures().items).toHaveLength(0)
  })
})
