// Review 4, what an answer carries: a request header echoed back comes back as the bytes it came in as,
// a compressed body is read decoded by {{body.x}}, a HEAD capture records no body it never sent, and
// `listen --respond-body @FILE` answers with a binary file's own bytes.
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, expect, it } from 'vitest'
import { start, tempHome } from '../cli/helpers'
import { startReceiver, until } from './helpers'
import type { Harness } from './helpers'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

/** Sends `bytes` and resolves with the raw reply once the server closes the connection. */
function raw(port: number, bytes: Buffer | string): Promise<Buffer> {
  return new Promise((resolve) => {
    const got: Buffer[] = []
    const s = connect(port, '127.0.0.1', () => s.write(bytes))
    s.on('data', (d: Buffer) => got.push(d))
    s.on('close', () => resolve(Buffer.concat(got)))
    s.on('error', () => {})
  })
}

const answer = (
  steps: Array<{ status: number; headers?: Array<[string, string]>; body?: string }>,
) => ({
  response: { steps: steps.map((s) => ({ headers: [], body: '', delayMs: 0, ...s })), failRate: 0 },
})

it('echoes a UTF-8 request header back as the bytes it came in as, into a header and into the body', async () => {
  h = await startReceiver()
  h.receiver.setOverride(
    'default',
    answer([
      {
        status: 200,
        headers: [['X-Echo', '{{header.X-Name}}']],
        body: '{{header.X-Name}}|{{body.name}}',
      },
    ]),
  )
  const cafe = Buffer.from('café', 'utf8') // 63 61 66 c3 a9
  const reqBody = Buffer.from('{"name":"café"}', 'utf8')
  const reply = await raw(
    h.port,
    Buffer.concat([
      Buffer.from('POST /t HTTP/1.1\r\nHost: x\r\nX-Name: '),
      cafe,
      Buffer.from(
        `\r\nContent-Type: application/json\r\nContent-Length: ${reqBody.length}\r\nConnection: close\r\n\r\n`,
      ),
      reqBody,
    ]),
  )
  const head = reply.subarray(0, reply.indexOf('\r\n\r\n'))
  const body = reply.subarray(reply.indexOf('\r\n\r\n') + 4)
  expect(head.includes(Buffer.concat([Buffer.from('X-Echo: '), cafe, Buffer.from('\r\n')]))).toBe(
    true,
  )
  expect(body.toString('utf8')).toBe('café|café')
  const c = h.receiver.getCapture(h.receiver.listCaptures().items[0]!.id)
  // Stored as request headers are: one char per byte, the bytes that went out.
  expect(c.response?.headers).toContainEqual(['X-Echo', cafe.toString('latin1')])
  expect(c.response?.body.equals(body)).toBe(true)
})

it('{{body.x}} reads a body sent with Content-Encoding decoded', async () => {
  h = await startReceiver()
  h.receiver.setOverride(
    'default',
    answer([{ status: 200, body: '{"challenge":"{{body.challenge}}"}' }]),
  )
  const plain = '{"type":"url_verification","challenge":"abc123"}'
  const res = await fetch(`${h.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: gzipSync(plain),
  })
  expect(await res.text()).toBe('{"challenge":"abc123"}')
})

it('a HEAD capture records the headers it answered and no body (none went out)', async () => {
  h = await startReceiver()
  const res = await fetch(`${h.url}/head`, { method: 'HEAD' })
  expect(res.status).toBe(200)
  expect(Number(res.headers.get('content-length'))).toBeGreaterThan(0)
  const c = h.receiver.getCapture(h.receiver.listCaptures().items[0]!.id)
  expect(c.response?.headers).toContainEqual(['Content-Length', res.headers.get('content-length')])
  expect(c.response?.body.length).toBe(0)
})

it('listen --respond-body @FILE answers with a binary file byte for byte', async () => {
  const home = tempHome()
  const file = join(home, 'pixel.jpg')
  const bytes = Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x80,
  ])
  writeFileSync(file, bytes)
  const { child, next, exited } = start([
    'listen',
    '--port',
    '0',
    '--home',
    home,
    '--respond-body',
    `@${file}`,
  ])
  const url = (await next()).slice('listening on '.length)
  const res = await fetch(`${url}/img`, { method: 'POST', body: '{}' })
  expect(res.status).toBe(200)
  expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true)
  expect(res.headers.get('content-type')).toBe('application/octet-stream')
  child.kill('SIGINT')
  expect(await exited).toBe(0)
})

it("a relayed HEAD answer carries the dev server's Content-Length, and records no body", async () => {
  const dev = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '11' })
    res.end(req.method === 'HEAD' ? undefined : 'hello world')
  })
  await new Promise<void>((r) => dev.listen(0, '127.0.0.1', r))
  try {
    h = await startReceiver()
    const forwardTo = `http://127.0.0.1:${(dev.address() as AddressInfo).port}`
    h.receiver.setOverride('default', {
      response: {
        steps: [{ status: 200, headers: [], body: '', delayMs: 0 }],
        failRate: 0,
        relay: true,
      },
      forwardTo,
    })
    const res = await fetch(`${h.url}/page`, { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe('11')
    await until(
      () =>
        h!.receiver.getCapture(h!.receiver.listCaptures().items[0]!.id).response?.status === 200,
    )
    const c = h.receiver.getCapture(h.receiver.listCaptures().items[0]!.id)
    expect(c.response?.headers).toContainEqual(['Content-Length', '11'])
    expect(c.response?.body.length).toBe(0)
  } finally {
    dev.closeAllConnections()
    await new Promise((r) => dev.close(r))
  }
})
