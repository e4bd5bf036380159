// Review 4, the receiver on the wire: every header of a big header block is kept, an upload answered
// early (413) reaches the sender as that answer, and a request queued behind an answer that never
// went out is recorded as unanswered, not as answered.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { request } from 'undici'
import { afterEach, expect, it } from 'vitest'
import { firstAnswer, rawExchange, startReceiver, until } from './helpers'
import type { Harness } from './helpers'

const ROOT = resolve(__dirname, '../../..')
let h: Harness
afterEach(async () => {
  await h?.close()
})

it('keeps every header of a header block under the size cap, the last ones (a signature, Content-Length) too', async () => {
  h = await startReceiver()
  let block = ''
  for (let i = 0; i < 1200; i++) block += `h${i}:${i % 10}\r\n`
  const reply = await rawExchange(
    h.port,
    `POST /many HTTP/1.1\r\nHost: x\r\n${block}X-Last: yes\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbody`,
  )
  expect(reply).toMatch(/^HTTP\/1\.1 200 /)
  const c = h.receiver.getCapture(h.receiver.listCaptures().items[0]!.id)
  expect(c.headers).toHaveLength(1204)
  expect(c.headers.slice(-3)).toEqual([
    ['X-Last', 'yes'],
    ['Content-Length', '4'],
    ['Connection', 'close'],
  ])
  expect(c.body.toString()).toBe('body')
})

it('a sender still uploading an over-limit body reads the 413, not a broken pipe', async () => {
  // The receiver in its own process, as `listen` runs (in this one the race with the upload hardly shows).
  const dir = mkdtempSync(join(tmpdir(), 'hooklab-r4-'))
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'test/fixtures/hardening/receiver-child.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        HOOKLAB_RECEIVER_CHILD: JSON.stringify({ dbFile: join(dir, 'hooklab.db') }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  try {
    const url = await new Promise<string>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        const m = /listening (\S+)/.exec(d.toString())
        if (m?.[1]) resolve(m[1])
      })
    })
    const seen: Record<string, number> = {}
    for (const size of [12_000_000, 100_000_000]) {
      const body = Buffer.alloc(size, 0x78) // over the default 10 MB limit
      for (let i = 0; i < 10; i++) {
        let k: string
        try {
          const r = await request(`${url}/huge`, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json' },
          })
          await r.body.text()
          k = String(r.statusCode)
        } catch (err) {
          k = (err as { code?: string }).code ?? String(err)
        }
        seen[k] = (seen[k] ?? 0) + 1
      }
    }
    expect(seen).toEqual({ '413': 20 })
  } finally {
    child.kill()
    await new Promise((r) => child.once('exit', r))
    rmSync(dir, { recursive: true, force: true })
  }
}, 120_000)

it('a request pipelined behind a hang is recorded as unanswered when the connection closes: its answer never went out', async () => {
  h = await startReceiver()
  firstAnswer(h, { status: null }) // hang, then 200
  const warnings: Error[] = []
  const onWarning = (w: Error): number => warnings.push(w)
  process.on('warning', onWarning)
  // /one hangs; /two … /12 wait behind it on the same connection.
  let pipelined = ''
  for (let i = 1; i <= 12; i++)
    pipelined += `POST /${i === 1 ? 'one' : i === 2 ? 'two' : i} HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n${i % 10}`
  const reply = await rawExchange(h.port, pipelined, { waitMs: 500 })
  process.off('warning', onWarning)
  expect(reply).toBe('') // the sender got nothing at all
  await until(
    () =>
      h.receiver.listCaptures().items.length === 12 &&
      h.receiver
        .listCaptures()
        .items.every((c) => h.receiver.getCapture(c.id).response?.unanswered != null),
  )
  const by = h.receiver
    .listCaptures()
    .items.map((c) => [c.path, h.receiver.getCapture(c.id).response?.unanswered?.by])
  expect(by).toContainEqual(['/one', 'sender'])
  expect(by).toContainEqual(['/two', 'sender'])
  expect(by.every(([, who]) => who === 'sender')).toBe(true)
  expect(warnings).toEqual([])
})

it('a request pipelined behind a delayed answer that does go out is answered, not unanswered', async () => {
  h = await startReceiver()
  firstAnswer(h, { status: 202, delayMs: 150 })
  const reply = await rawExchange(
    h.port,
    'POST /one HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n1POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nConnection: close\r\n\r\n2',
  )
  expect(reply.match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 202', 'HTTP/1.1 200'])
  await new Promise((r) => setTimeout(r, 100))
  for (const c of h.receiver.listCaptures().items)
    expect(h.receiver.getCapture(c.id).response?.unanswered).toBeNull()
})
