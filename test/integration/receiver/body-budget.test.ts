// Request bodies held in memory at once are bounded across connections (bodyBudgetBytes): many large
// uploads at once (each under the per-request limit) used to be held whole, ~2 GB RSS for 60 × 10 MB.
// Past the budget a request gets 503 with Retry-After and a headers-only capture saying so; bodies that
// finish or are abandoned give their room back.
import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { humanLine } from '../../../src-main/cli/capture-lines'
import { startReceiver, until } from './helpers'
import type { Harness } from './helpers'

let h: Harness
afterEach(async () => {
  await h?.close()
})

/** Opens a POST declaring `total` bytes and sends `sent` of them; resolves with the socket and what it is answered. */
async function upload(port: number, total: number, sent: number): Promise<{ socket: Socket; answer: Promise<string> }> {
  const socket = connect(port, '127.0.0.1')
  await new Promise((r) => socket.once('connect', r))
  let text = ''
  const answer = new Promise<string>((resolve) => {
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')))
    socket.on('close', () => resolve(text))
    socket.on('error', () => undefined)
  })
  socket.write(`POST /in/default/up HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${total}\r\n\r\n`)
  socket.write(Buffer.alloc(sent, 0x61))
  return { socket, answer }
}

it('past the budget a request is answered 503 with Retry-After and captured without its body; one let in finishes; the room comes back', async () => {
  h = await startReceiver({ options: { port: 0, bodyBudgetBytes: 200_000 } })
  // Two uploads declare 90 KB each and send 60 KB: 180 KB of room taken.
  const a = await upload(h.port, 90_000, 60_000)
  const b = await upload(h.port, 90_000, 60_000)
  await new Promise((r) => setTimeout(r, 100))
  // A third declaring 50 KB would pass 200 KB: refused at once, while the first two go on.
  const c = await upload(h.port, 50_000, 50_000)
  const refused = await c.answer
  expect(refused).toMatch(/^HTTP\/1\.1 503 /)
  expect(refused).toMatch(/\r\nRetry-After: 1\r\n/i)
  expect(refused).toMatch(/request bodies at once; headers captured, send again/)
  await until(() => h.receiver.listCaptures().items.length === 1)
  const busy = h.receiver.getCapture(h.receiver.listCaptures().items[0]!.id)
  expect(busy).toMatchObject({ oversize: true, busy: true, size: 50_000, response: { status: 503 } })
  // `listen` says why the body is missing: the receiver was busy, not the body too large.
  expect(humanLine(busy)).toMatch(/receiver busy, body not read$/)

  // The first, let in, finishes; the second is abandoned mid-body. Both give their room back.
  a.socket.write(Buffer.alloc(30_000, 0x62))
  await until(() => h.receiver.listCaptures().items.length === 2)
  expect(h.receiver.listCaptures().items[0]).toMatchObject({ size: 90_000, responseStatus: 200, oversize: false })
  b.socket.destroy()
  await new Promise((r) => setTimeout(r, 50))
  const d = await upload(h.port, 190_000, 190_000)
  await until(() => h.receiver.listCaptures().items.length === 3)
  expect(h.receiver.listCaptures().items[0]).toMatchObject({ size: 190_000, responseStatus: 200 })
  a.socket.destroy()
  d.socket.destroy()
})

it('a chunked body counts as it arrives', async () => {
  h = await startReceiver({ options: { port: 0, bodyBudgetBytes: 100_000 } })
  const socket = connect(h.port, '127.0.0.1')
  await new Promise((r) => socket.once('connect', r))
  let text = ''
  const answered = new Promise<void>((r) => socket.on('data', (d: Buffer) => ((text += d.toString('latin1')), r())))
  socket.write('POST /in/default/chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n')
  for (let i = 0; i < 3; i++) socket.write(`${(60_000).toString(16)}\r\n${'c'.repeat(60_000)}\r\n`)
  await answered
  expect(text).toMatch(/^HTTP\/1\.1 503 /)
  socket.destroy()
})
