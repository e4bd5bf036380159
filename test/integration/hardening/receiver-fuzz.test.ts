// A bounded, seeded fuzz loop against the receiver over raw sockets: random bytes, broken chunked
// encoding, wrong Content-Length, header floods, 100 MB bodies, slowloris. Good requests in
// between are all answered and captured, the process stays up, and memory stays bounded.
import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Receiver } from '../../../src-main/engine/receiver'
import { startReceiver } from '../receiver/helpers'
import type { Harness } from '../receiver/helpers'
import { prng } from './helpers'

const ROOT = resolve(__dirname, '../../..')
const CASES = 500
const SEED = 20261123
const MB = 1024 * 1024
const RSS_BOUND_MB = 200
const BODY_LIMIT = 1 * MB

let receiver: Receiver
let port: number
let harness: Harness
let rssStart = 0
let rssPeak = 0
let sampler: NodeJS.Timeout | null = null
const figures = { cases: 0, goodSent: 0, goodCaptured: 0, byKind: {} as Record<string, number>, rssStartMb: 0, rssPeakGrowthMb: 0, rssEndGrowthMb: 0 }

beforeAll(async () => {
  ;({ receiver, port } = harness = await startReceiver({ options: { bodyLimitBytes: BODY_LIMIT, maxHeaderSize: 16 * 1024, headersTimeoutMs: 400, requestTimeoutMs: 1500, connectionsCheckingIntervalMs: 50 } }))
  rssStart = process.memoryUsage().rss
  rssPeak = rssStart
  // Sampled all along, so a body buffered for a moment shows up even if it is freed later.
  sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 10)
})

afterAll(async () => {
  if (sampler) clearInterval(sampler)
  await harness.close()
})

/** Writes the chunks on a fresh connection and resolves with what came back before it closed. */
function raw(chunks: Buffer[], opts: { end?: boolean; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1')
    const got: Buffer[] = []
    const timer = setTimeout(() => socket.destroy(), opts.timeoutMs ?? 400)
    socket.on('data', (d: Buffer) => got.push(d))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(Buffer.concat(got).toString('latin1'))
    })
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c)
      if (opts.end) socket.end()
    })
  })
}

const b = (s: string): Buffer => Buffer.from(s, 'latin1')

function randomBytes(rnd: () => number, n: number): Buffer {
  const out = Buffer.alloc(n)
  for (let i = 0; i < n; i++) out[i] = Math.floor(rnd() * 256)
  return out
}

type Case = { kind: string; chunks: Buffer[]; end: boolean }

function makeCase(rnd: () => number, i: number): Case {
  const pick = Math.floor(rnd() * 7)
  const path = `/fuzz/${i}`
  switch (pick) {
    case 0:
      return { kind: 'random-bytes', chunks: [randomBytes(rnd, 1 + Math.floor(rnd() * 2048))], end: rnd() < 0.5 }
    case 1: {
      // A request line and headers, then garbage where the header block continues.
      return { kind: 'random-after-request-line', chunks: [b(`POST ${path} HTTP/1.1\r\nHost: x\r\n`), randomBytes(rnd, 1 + Math.floor(rnd() * 512)), b('\r\n\r\n')], end: true }
    }
    case 2: {
      const bad = [
        'zz\r\nhello\r\n0\r\n\r\n', // size not hex
        '5\r\nhelloEXTRA\r\n0\r\n\r\n', // chunk longer than its size
        '5\r\nhel', // cut mid-chunk
        'ffffffffffffffffff\r\nx\r\n', // size overflow
        '5;ext=' + 'a'.repeat(20_000) + '\r\nhello\r\n0\r\n\r\n', // huge chunk extension
        '5\nhello\n0\n\n', // bare LF
        '-1\r\nx\r\n0\r\n\r\n',
      ][Math.floor(rnd() * 7)]!
      return { kind: 'broken-chunked', chunks: [b(`POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${bad}`)], end: rnd() < 0.5 }
    }
    case 3: {
      const body = 'x'.repeat(10 + Math.floor(rnd() * 200))
      const shorter = rnd() < 0.5
      const declared = shorter ? Math.floor(body.length / 2) : body.length + 1 + Math.floor(rnd() * 1000)
      // Shorter: the rest is read as a (garbage) next request. Longer: the client stops early.
      return { kind: shorter ? 'content-length-short' : 'content-length-long', chunks: [b(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: ${declared}\r\n\r\n${body}`)], end: rnd() < 0.5 }
    }
    case 4: {
      const variants = [
        () => Array.from({ length: 3000 }, (_, k) => `X-F${k}: ${k}\r\n`).join(''), // many headers
        () => `X-Big: ${'a'.repeat(64 * 1024)}\r\n`, // one huge header
        () => `Content-Length: 5\r\nContent-Length: 7\r\n`, // conflicting lengths
        () => `Content-Length: 5\r\nTransfer-Encoding: chunked\r\n`, // smuggling shape
        () => `Bad Header Name: x\r\n\u0000: y\r\n`,
      ]
      const v = variants[Math.floor(rnd() * variants.length)]!()
      return { kind: 'header-flood', chunks: [b(`POST ${path} HTTP/1.1\r\nHost: x\r\n${v}\r\nhello`)], end: true }
    }
    case 5: {
      const lines = [`GET ${path} HTTP/9.9\r\n\r\n`, `${'A'.repeat(100)} / HTTP/1.1\r\n\r\n`, `POST ${'/'.repeat(20_000)} HTTP/1.1\r\n\r\n`, `\r\n\r\n\r\n`, `POST ${path}\r\n\r\n`]
      return { kind: 'bad-request-line', chunks: [b(lines[Math.floor(rnd() * lines.length)]!)], end: rnd() < 0.5 }
    }
    default: {
      // Pipelined: a good request followed by garbage on the same connection.
      return { kind: 'pipelined-garbage', chunks: [b(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok`), randomBytes(rnd, 64)], end: true }
    }
  }
}

function allCaptures(): ReturnType<Receiver['listCaptures']>['items'] {
  const out: ReturnType<Receiver['listCaptures']>['items'] = []
  let cursor: string | null = null
  do {
    const page = receiver.listCaptures({}, { limit: 500, cursor })
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return out
}

const allPaths = (): string[] => allCaptures().map((c) => c.path)

async function goodRequest(n: number): Promise<boolean> {
  const body = `good-${n}`
  const reply = await raw([b(`POST /good/${n} HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`)], { timeoutMs: 5000 })
  figures.goodSent++
  return reply.startsWith('HTTP/1.1 200')
}

describe('receiver fuzzing over raw sockets', () => {
  it(`${CASES} seeded malformed cases with good requests in between: every good one answered and captured`, async () => {
    const rnd = prng(SEED)
    const goodOk: boolean[] = []
    const BATCH = 20
    for (let i = 0; i < CASES; i += BATCH) {
      const batch: Array<Promise<unknown>> = []
      for (let j = i; j < Math.min(CASES, i + BATCH); j++) {
        const c = makeCase(rnd, j)
        figures.byKind[c.kind] = (figures.byKind[c.kind] ?? 0) + 1
        batch.push(raw(c.chunks, { end: c.end }))
      }
      batch.push(goodRequest(i).then((ok) => goodOk.push(ok)))
      await Promise.all(batch)
      figures.cases = Math.min(CASES, i + BATCH)
    }
    expect(goodOk.filter((ok) => !ok)).toEqual([])
    const captured = new Set(allPaths().filter((p) => p.startsWith('/good/')))
    figures.goodCaptured = captured.size
    expect(captured.size).toBe(figures.goodSent)
  }, 60_000)

  it('a 100 MB body (declared or chunked) gets 413 before the upload is done, and is not buffered', async () => {
    const block = Buffer.alloc(MB, 0x7a)
    for (const chunked of [false, true]) {
      const result = await new Promise<{ reply: string; sentMb: number }>((resolve) => {
        const socket = connect(port, '127.0.0.1')
        const got: Buffer[] = []
        let sentMb = 0
        let answered = -1
        socket.on('error', () => {})
        socket.on('data', (d: Buffer) => {
          got.push(d)
          if (answered < 0) answered = sentMb
        })
        socket.on('close', () => resolve({ reply: Buffer.concat(got).toString('latin1'), sentMb: answered < 0 ? sentMb : answered }))
        socket.on('connect', () => {
          socket.write(
            chunked
              ? `POST /huge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`
              : `POST /huge HTTP/1.1\r\nHost: x\r\nContent-Length: ${100 * MB}\r\n\r\n`,
          )
          const pump = (): void => {
            while (sentMb < 100 && answered < 0 && !socket.destroyed) {
              if (chunked) socket.write(`${MB.toString(16)}\r\n`)
              const ok = socket.write(block) && (!chunked || socket.write('\r\n'))
              sentMb++
              if (!ok) return void socket.once('drain', pump)
            }
            if (chunked) socket.end('0\r\n\r\n')
            else socket.end()
          }
          pump()
        })
      })
      expect(result.reply).toMatch(/^HTTP\/1\.1 413/)
      expect(result.sentMb).toBeLessThan(100) // answered mid-upload, not after reading it all
    }
    const rows = allCaptures().filter((c) => c.path === '/huge')
    expect(rows.length).toBe(2)
    expect(rows.every((r) => r.oversize)).toBe(true)
    expect(await goodRequest(-1)).toBe(true)
  }, 60_000)

  it('slowloris connections get 408 from the header timeout while good requests keep being answered', async () => {
    const sockets: Socket[] = []
    const answered: Array<Promise<string>> = []
    for (let i = 0; i < 50; i++) {
      const s = connect(port, '127.0.0.1')
      s.on('error', () => {})
      sockets.push(s)
      answered.push(new Promise((r) => s.once('data', (d: Buffer) => r(d.toString('latin1')))))
      s.on('connect', () => s.write(`POST /slow/${i} HTTP/1.1\r\nHost: x\r\n`))
    }
    const drip = setInterval(() => {
      for (const s of sockets) if (!s.destroyed) s.write('X-Drip: 1\r\n')
    }, 100)
    try {
      expect(await goodRequest(-2)).toBe(true)
      const replies = await Promise.all(answered)
      expect(replies.filter((r) => !r.startsWith('HTTP/1.1 408'))).toEqual([])
    } finally {
      clearInterval(drip)
      for (const s of sockets) s.destroy()
    }
    expect(allPaths().some((p) => p.startsWith('/slow/'))).toBe(false)
    expect(await goodRequest(-3)).toBe(true)
  }, 30_000)

  it(`memory stays bounded: peak RSS growth over the whole run under ${RSS_BOUND_MB} MB`, () => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss)
    figures.rssStartMb = Math.round(rssStart / MB)
    figures.rssPeakGrowthMb = Math.round(((rssPeak - rssStart) / MB) * 10) / 10
    figures.rssEndGrowthMb = Math.round(((process.memoryUsage().rss - rssStart) / MB) * 10) / 10
    expect(rssPeak - rssStart).toBeLessThan(RSS_BOUND_MB * MB)
    figures.goodCaptured = allPaths().filter((p) => p.startsWith('/good/')).length
    expect(figures.goodCaptured).toBe(figures.goodSent) // the slowloris and 100 MB rounds' good requests too
    mkdirSync(join(ROOT, 'test-results'), { recursive: true })
    writeFileSync(join(ROOT, 'test-results', 'receiver-fuzz.json'), `${JSON.stringify({ seed: SEED, rssBoundMb: RSS_BOUND_MB, bodyLimitBytes: BODY_LIMIT, ...figures }, null, 2)}\n`)
  })
})
