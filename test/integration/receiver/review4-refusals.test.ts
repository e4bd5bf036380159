// Review 4: refusals say what happened, with the method and path when they were read. A CONNECT (a
// client using the receiver as its proxy) and an Expect it does not understand are said, not silent;
// a body cut short or sent too slowly is said as such, for its request; each llhttp error is named
// for what it is; https sent to the http port and http sent to the https port are named as that.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'undici'
import { afterEach, expect, it } from 'vitest'
import { receiverCert } from '../../../src-main/engine/receiver/tls-cert'
import { firstAnswer, rawExchange, startReceiver, until } from './helpers'
import type { Harness } from './helpers'

let h: Harness
afterEach(async () => {
  await h?.close()
})

const latest = () => h.receiver.refusals()[0]!

it('says a CONNECT and an Expect it does not understand, after answering the requests before them', async () => {
  h = await startReceiver()
  const reply = await rawExchange(
    h.port,
    'POST /beforeconnect HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n1CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
  )
  expect(reply.match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 405'])
  await until(() => h.receiver.refusals().length === 1)
  expect(latest()).toMatchObject({
    status: 405,
    method: 'CONNECT',
    path: 'example.com:443',
    reason: expect.stringMatching(/not a proxy/),
  })
  const c = h.receiver.listCaptures().items[0]!
  expect([c.path, h.receiver.getCapture(c.id).response?.unanswered]).toEqual([
    '/beforeconnect',
    null,
  ])

  expect(
    await rawExchange(
      h.port,
      'POST /exp HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\nContent-Length: 2\r\n\r\n{}',
    ),
  ).toMatch(/^HTTP\/1\.1 417 /)
  await until(() => h.receiver.refusals().length === 2)
  expect(latest()).toMatchObject({
    status: 417,
    method: 'POST',
    path: '/exp',
    reason: expect.stringMatching(/^Expect: something-else/),
  })
  expect(h.receiver.listCaptures().items).toHaveLength(1)
})

it('says a body cut short (FIN or RST) or sent too slowly, with its method and path', async () => {
  h = await startReceiver({
    options: { headersTimeoutMs: 500, requestTimeoutMs: 600, connectionsCheckingIntervalMs: 100 },
  })
  const head = (p: string) => `POST ${p} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabcd`
  expect(await rawExchange(h.port, head('/fin'), { then: 'fin' })).toMatch(/^HTTP\/1\.1 400 /)
  await until(() => h.receiver.refusals().length === 1)
  expect(latest()).toMatchObject({
    status: 400,
    method: 'POST',
    path: '/fin',
    reason: 'the sender closed the connection before the whole body arrived',
  })
  await rawExchange(h.port, head('/rst'), { then: 'rst' })
  await until(() => h.receiver.refusals().length === 2)
  expect(latest()).toMatchObject({
    status: null,
    method: 'POST',
    path: '/rst',
    reason: 'the connection was reset before the whole body arrived',
  })
  expect(await rawExchange(h.port, head('/slow'))).toMatch(/^HTTP\/1\.1 408 /)
  await until(() => h.receiver.refusals().length === 3)
  expect(latest()).toMatchObject({
    status: 408,
    method: 'POST',
    path: '/slow',
    reason: 'the body was not sent in time',
  })
  expect(h.receiver.listCaptures().items).toHaveLength(0)
})

it('names what the parser refused: two Content-Lengths, Content-Length with Transfer-Encoding, HTTP/2, TLS on the http port', async () => {
  h = await startReceiver()
  const cases: Array<[string | Buffer, RegExp]> = [
    [
      'POST /dup HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc',
      /^two Content-Length headers$/,
    ],
    [
      'POST /te HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n',
      /^both Content-Length and Transfer-Encoding/,
    ],
    [
      'POST /cl HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n',
      /^both Content-Length and Transfer-Encoding/,
    ],
    ['PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', /HTTP\/2 without TLS/],
    // The start of a TLS ClientHello: what an https:// URL sends.
    [Buffer.from('16030100c4010000c00303', 'hex'), /https:\/\/ sent to the http port/],
  ]
  for (const [bytes, want] of cases) {
    const n = h.receiver.refusals().length
    expect(await rawExchange(h.port, bytes)).toMatch(/^HTTP\/1\.1 400 /)
    await until(() => h.receiver.refusals().length === n + 1)
    expect(latest().reason).toMatch(want)
  }
})

it('names plain http sent to the https port as that, in one line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hooklab-tls-'))
  try {
    const cert = await receiverCert(dir)
    h = await startReceiver({ options: { https: { port: 0, key: cert.key, cert: cert.cert } } })
    await rawExchange(
      h.receiver.address()!.httpsPort!,
      'POST /in HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n',
    )
    await until(() => h.receiver.refusals().length === 1)
    expect(latest().reason).toBe(
      'plain http:// sent to the https port (use https://, or the http port)',
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

it('a CONNECT behind a held answer, then reset by the sender, leaves the receiver serving', async () => {
  h = await startReceiver()
  firstAnswer(h, { status: null }) // hang, then 200
  await rawExchange(
    h.port,
    'POST /held HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n1CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n',
    { then: 'rst' },
  )
  await until(() => h.receiver.refusals().length === 1)
  await new Promise((r) => setTimeout(r, 100))
  expect((await fetch(`${h.url}/after`, { method: 'POST', body: '{}' })).status).toBe(200)
  await until(() => h.receiver.listCaptures().items.length === 2)
  const held = h.receiver.listCaptures().items.find((c) => c.path === '/held')!
  await until(() => h.receiver.getCapture(held.id).response?.unanswered != null)
})

it('an upload answered 413 before its body was read is a capture, not also a refusal when the sender then stops', async () => {
  h = await startReceiver({ options: { bodyLimitBytes: 1024 } })
  const big = 'x'.repeat(64 * 1024)
  // The sender stops after the 413 (FIN), or resets, with most of its body unsent.
  expect(await rawExchange(h.port, `POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n${big}`, { then: 'fin' })).toMatch(/^HTTP\/1\.1 413 /)
  expect(await rawExchange(h.port, `POST /big2 HTTP/1.1\r\nHost: x\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n${big}`, { then: 'rst' })).toMatch(/^HTTP\/1\.1 413 /)
  const chunked = await request(`${h.url}/big3`, { method: 'POST', body: Buffer.alloc(2 * 1024 * 1024) }).then((r) => r.statusCode, (e: Error) => e.message)
  expect(chunked).toBe(413)
  await until(() => h.receiver.listCaptures().items.length === 3)
  await new Promise((r) => setTimeout(r, 200))
  expect(h.receiver.refusals()).toEqual([])
})

it('a CONNECT behind a held answer does not hold the receiver’s stop while its client stays connected', async () => {
  h = await startReceiver()
  firstAnswer(h, { status: null }) // hang, then 200
  const client = rawExchange(h.port, 'POST /held HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n1CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n', { waitMs: 20_000 })
  await until(() => h.receiver.refusals().length === 1)
  const stopped = await Promise.race([h.receiver.stop().then(() => 'stopped'), new Promise((r) => setTimeout(() => r('still running after 3 s'), 3000))])
  expect(stopped).toBe('stopped')
  await client
})

it('one connection cannot queue requests without bound behind a held answer: past 100 it is closed, and said', async () => {
  h = await startReceiver()
  firstAnswer(h, { status: null }) // hang, then 200
  let pipelined = ''
  for (let i = 0; i < 1100; i++) pipelined += `POST /p${i} HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n1`
  await rawExchange(h.port, pipelined, { waitMs: 1500 })
  const stored = () => (h.db.prepare('SELECT COUNT(*) AS n FROM capture').get() as { n: number }).n
  expect(stored()).toBe(101) // the held one and the 100 behind it
  expect(h.receiver.refusals().map((r) => r.reason)).toContain('more than 100 requests pipelined behind an answer not yet sent: connection closed')
  // A keep-alive sender answered in turn is not limited.
  firstAnswer(h, { status: 200 })
  for (let i = 0; i < 300; i++) expect((await fetch(`${h.url}/k${i}`, { method: 'POST', body: '{}' })).status).toBe(200)
})
