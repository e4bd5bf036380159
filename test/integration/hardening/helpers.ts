// Shared pieces for the hardening tests: temp dirs, a recording sink, a recording logger,
// a seeded PRNG, read-only directories, and a content hash of every table.
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Db } from '../../../src-main/engine/db/open'
import type { Logger } from '../../../src-main/engine/logger'

export function tmpDir(prefix = 'hooklab-hard-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export interface RecordingSink {
  url: string
  port: number
  /** webhook-id of every request received, in order (duplicates included). */
  ids: string[]
  bodies: Buffer[]
  /** Most requests open at the sink at once (what the engine really had in flight). */
  readonly peakInFlight: number
  close(): Promise<void>
}

export async function startRecordingSink(delayMs = 0): Promise<RecordingSink> {
  const ids: string[] = []
  const bodies: Buffer[] = []
  let open = 0
  let peak = 0
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    open++
    peak = Math.max(peak, open)
    // Counted out once the answer is handed to the socket (before the client can reuse its slot).
    let counted = true
    const done = (): void => {
      if (counted) open--
      counted = false
    }
    res.once('finish', done)
    res.once('close', done)
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      ids.push(String(req.headers['webhook-id'] ?? ''))
      bodies.push(Buffer.concat(chunks))
      const send = (): void => {
        res.writeHead(200, { 'content-type': 'text/plain' })
        res.end('ok')
      }
      if (delayMs > 0) setTimeout(send, delayMs)
      else send()
    })
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    ids,
    bodies,
    get peakInFlight() {
      return peak
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}

// Buffers reach a replacer already turned into {type:'Buffer', data}; show them as text so a grep finds secrets in them.
function bytesAsText(_key: string, v: unknown): unknown {
  const b = v as { type?: unknown; data?: unknown } | null
  if (b && typeof b === 'object' && b.type === 'Buffer' && Array.isArray(b.data)) return Buffer.from(b.data as number[]).toString('latin1')
  return v
}

export interface RecordingLogger extends Logger {
  lines: string[]
}

/** Keeps every line as the console logger would print it, fields included unredacted by us. */
export function recordingLogger(): RecordingLogger {
  const lines: string[] = []
  const rec =
    (level: string) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      lines.push(`${level} ${msg} ${fields ? JSON.stringify(fields, bytesAsText) : ''}`)
    }
  return { lines, debug: rec('debug'), info: rec('info'), warn: rec('warn'), error: rec('error') }
}

/** mulberry32: a small seeded PRNG so every fuzz run is the same run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Makes `paths` unwritable. As root, permission bits do not stop writes, so the immutable
 * attribute is used (or, where the file system has none, e.g. tmpfs, a read-only bind mount of
 * the first path, a directory); returns the undo.
 */
export function makeReadOnly(paths: string[]): () => void {
  if (process.getuid?.() !== 0) {
    for (const p of paths) chmodSync(p, 0o555)
    return () => {
      for (const p of paths) chmodSync(p, 0o755)
    }
  }
  try {
    execFileSync('chattr', ['+i', ...paths], { stdio: 'ignore' })
    return () => execFileSync('chattr', ['-i', ...paths], { stdio: 'ignore' })
  } catch {
    const dir = paths[0]!
    execFileSync('mount', ['--bind', dir, dir], { stdio: 'ignore' })
    execFileSync('mount', ['-o', 'remount,ro,bind', dir], { stdio: 'ignore' })
    return () => execFileSync('umount', [dir], { stdio: 'ignore' })
  }
}

/** sha256 over every row of every table (sorted), so "nothing changed" is one comparison. */
export function dbHash(db: Db): string {
  const h = createHash('sha256')
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>
  for (const { name } of tables) {
    if (name === 'engine_heartbeat') continue // beats every second by design
    h.update(`#${name}\n`)
    const rows = db.prepare(`SELECT * FROM "${name}"`).raw().all() as unknown[][]
    const lines = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? String(v) : v)))
    for (const line of lines.sort()) h.update(`${line}\n`)
  }
  return h.digest('hex')
}

export async function until(cond: () => boolean, timeoutMs: number, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error(`${what} not met in ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
