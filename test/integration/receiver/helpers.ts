// Builds a receiver on its own temp database and ephemeral port, for one test.
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { createServer } from 'node:http'
import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { systemClock } from '../../../src-main/engine/clock'
import { openDb } from '../../../src-main/engine/db/open'
import type { Db } from '../../../src-main/engine/db/open'
import { EventBus } from '../../../src-main/engine/events'
import { silentLogger } from '../../../src-main/engine/logger'
import { createReceiver } from '../../../src-main/engine/receiver'
import type { Receiver, ReceiverDeps } from '../../../src-main/engine/receiver'

export interface Harness {
  receiver: Receiver
  db: Db
  bus: EventBus
  url: string
  port: number
  dir: string
  close(): Promise<void>
}

export async function startReceiver(extra: Partial<ReceiverDeps> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'hooklab-recv-'))
  const db = openDb({ file: join(dir, 'hooklab.db') })
  const bus = new EventBus()
  const receiver = createReceiver({ db, bus, clock: systemClock, logger: silentLogger, ...extra })
  const { url, port } = await receiver.start()
  return {
    receiver,
    db,
    bus,
    url,
    port,
    dir,
    async close() {
      await receiver.stop()
      db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface Sink {
  url: string
  requests: Array<{ method: string; url: string; headers: string[]; body: Buffer }>
  close(): Promise<void>
}

/** A plain node:http server that records what it gets and answers `status`. */
export async function startSink(status = 200, reply = 'sink ok'): Promise<Sink> {
  const requests: Sink['requests'] = []
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.rawHeaders, body: Buffer.concat(chunks) })
      res.writeHead(status, { 'Content-Type': 'text/plain' })
      res.end(reply)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}

/** Resolves when `check` is true, polling briefly (captures commit asynchronously). */
export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

/**
 * Writes `bytes` on a raw connection (then FIN or RST after a moment, when asked) and collects what comes
 * back, as Latin-1, until the connection closes or `waitMs` passes: for requests fetch will not send.
 */
export function rawExchange(port: number, bytes: string | Buffer, opts: { then?: 'fin' | 'rst'; waitMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    let got = ''
    const s = connect(port, '127.0.0.1', () => {
      s.write(bytes)
      if (opts.then === 'fin') setTimeout(() => s.end(), 50)
      if (opts.then === 'rst') setTimeout(() => s.resetAndDestroy(), 50)
    })
    const timer = setTimeout(() => s.destroy(), opts.waitMs ?? 4000)
    s.on('data', (d: Buffer) => (got += d.toString('latin1')))
    s.on('close', () => {
      clearTimeout(timer)
      resolve(got)
    })
    s.on('error', () => {})
  })
}

/** The default inbox answers its first request as `first` (a hang: status null), then 200 for every later one. */
export function firstAnswer(h: Harness, first: { status: number | null; delayMs?: number }): void {
  h.receiver.setOverride('default', {
    response: {
      steps: [
        { status: first.status, headers: [], body: '', delayMs: first.delayMs ?? 0 },
        { status: 200, headers: [], body: '', delayMs: 0 },
      ],
      failRate: 0,
    },
  })
}
