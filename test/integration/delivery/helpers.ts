// Shared fixtures for delivery integration tests: a temp data dir, a scriptable loopback sink.
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { onTestFinished } from 'vitest'
import { createEngine, type Engine, type EngineConfig } from '../../../src-main/engine/engine'

export function tmpHome(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hooklab-dlv-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** An engine on a fresh temp home, stopped and its home removed when the test finishes. */
export function tmpEngine(opts: Omit<EngineConfig, 'home'> = {}): Engine {
  const home = tmpHome()
  const engine = createEngine({ home: home.dir, ...opts })
  onTestFinished(async () => {
    await engine.stop()
    home.cleanup()
  })
  return engine
}

/** A slow consumer with a small buffer, so the exporter must wait for 'drain'. */
export function slowSink(): { stream: Writable; chunks: string[] } {
  const chunks: string[] = []
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString())
      setImmediate(cb)
    },
  })
  return { stream, chunks }
}

export interface Captured {
  method: string
  url: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  at: number
}

export type Step =
  | { status: number; headers?: Record<string, string>; body?: string | Buffer; delayMs?: number }
  | 'hang'

export interface Sink {
  url: string
  port: number
  requests: Captured[]
  server: Server
  close(): Promise<void>
}

/** Answers the n-th request with script[n] (the last step repeats); default 200. */
export async function startSink(script: Step[] | ((req: Captured, n: number) => Step) = []): Promise<Sink> {
  const requests: Captured[] = []
  const hanging: ServerResponse[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const cap: Captured = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), at: Date.now() }
      const n = requests.length
      requests.push(cap)
      const step = typeof script === 'function' ? script(cap, n) : (script[Math.min(n, script.length - 1)] ?? { status: 200 })
      if (step === 'hang') {
        hanging.push(res)
        return
      }
      const send = (): void => {
        res.writeHead(step.status, step.headers ?? { 'content-type': 'text/plain' })
        res.end(step.body ?? 'ok')
      }
      if (step.delayMs) setTimeout(send, step.delayMs)
      else send()
    })
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    server,
    async close() {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}

/** A port nothing listens on. */
export async function deadPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as AddressInfo).port
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

export const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v))
