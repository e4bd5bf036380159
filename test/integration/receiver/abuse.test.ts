// Misbehaving clients over raw sockets: each one ends its own connection only; the receiver
// answers the next good request and earlier captures stay intact.
import { connect } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startReceiver } from './helpers'
import type { Harness } from './helpers'

let h: Harness
let firstId: string

/** Writes `chunks` on a fresh connection and resolves with everything read until it closes. */
function raw(port: number, chunks: Array<string | Buffer>, opts: { endAfterWrite?: boolean; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const got: Buffer[] = []
    const timer = setTimeout(() => socket.destroy(), opts.timeoutMs ?? 3000)
    socket.on('data', (d: Buffer) => got.push(d))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(Buffer.concat(got).toString('latin1'))
    })
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c)
      if (opts.endAfterWrite) socket.end()
    })
  })
}

async function good(): Promise<string> {
  const res = await fetch(`${h.url}/good`, { method: 'POST', body: 'fine' })
  expect(res.status).toBe(200)
  return ((await res.json()) as { captureId: string }).captureId
}

beforeEach(async () => {
  h = await startReceiver({
    options: { bodyLimitBytes: 1024, maxHeaderSize: 4096, headersTimeoutMs: 300, requestTimeoutMs: 600, connectionsCheckingIntervalMs: 50 },
  })
  firstId = await good()
})

afterEach(async () => {
  // Earlier captures are intact whatever happened in between.
  expect(h.receiver.getCapture(firstId).body.toString()).toBe('fine')
  await h.close()
})

describe('abuse over raw sockets', () => {
  it('garbage bytes get 400 and nothing is captured', async () => {
    const reply = await raw(h.port, [Buffer.from([0x00, 0xff, 0x13, 0x37]), '\r\n\r\nNOT HTTP AT ALL\r\n\r\n'])
    expect(reply).toMatch(/^HTTP\/1\.1 400/)
    await good()
    expect(h.receiver.listCaptures().items).toHaveLength(2)
  })

  it('a truncated request (body cut short) stores nothing half-written', async () => {
    await raw(h.port, ['POST /cut HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly-part'], { endAfterWrite: true })
    await good()
    expect(h.receiver.listCaptures().items.map((c) => c.path)).toEqual(['/good', '/good'])
  })

  it('an oversize body gets 413 and a capture marked oversize with headers and no body', async () => {
    const reply = await raw(h.port, [
      `POST /big HTTP/1.1\r\nHost: x\r\nX-Keep: me\r\nContent-Length: 5000\r\n\r\n`,
      Buffer.alloc(5000, 0x61),
    ])
    expect(reply).toMatch(/^HTTP\/1\.1 413/)
    const big = h.receiver.listCaptures().items.find((c) => c.path === '/big')!
    expect(big).toMatchObject({ oversize: true, busy: false })
    const detail = h.receiver.getCapture(big.id)
    expect(detail.body.length).toBe(0)
    expect(detail.headers).toContainEqual(['X-Keep', 'me'])
    expect(detail.responseStatus).toBe(413)
    await good()
  })

  it('an oversize chunked body (no Content-Length) is cut at the limit', async () => {
    const chunk = Buffer.alloc(600, 0x62)
    const hex = chunk.length.toString(16)
    const reply = await raw(
      h.port,
      ['POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', `${hex}\r\n`, chunk, `\r\n${hex}\r\n`, chunk, '\r\n0\r\n\r\n'],
    )
    expect(reply).toMatch(/^HTTP\/1\.1 413/)
    const c = h.receiver.listCaptures().items.find((x) => x.path === '/chunked')!
    expect(c.oversize).toBe(true)
    expect(h.receiver.getCapture(c.id).body.length).toBe(0)
    await good()
  })

  it('huge headers get 431', async () => {
    const reply = await raw(h.port, [`GET /h HTTP/1.1\r\nHost: x\r\nX-Flood: ${'a'.repeat(8000)}\r\n\r\n`])
    expect(reply).toMatch(/^HTTP\/1\.1 431/)
    await good()
    expect(h.receiver.listCaptures().items.some((c) => c.path === '/h')).toBe(false)
  })

  it('a slowloris client is timed out while others are served', async () => {
    const slow = raw(h.port, ['POST /slow HTTP/1.1\r\nHost: x\r\n', 'X-A: 1\r\n'], { timeoutMs: 5000 })
    // Served while the slow client still holds its connection open.
    await good()
    const reply = await slow
    expect(reply).toMatch(/^HTTP\/1\.1 408/)
    await good()
    expect(h.receiver.listCaptures().items.some((c) => c.path === '/slow')).toBe(false)
  })
})
