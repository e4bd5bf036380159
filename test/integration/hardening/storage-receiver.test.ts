// Finding 9 (review 5): a request the receiver could not store (disk full, read-only file) used to
// get a bare 500 and show nowhere but the log. It is now a refusal (what the Inbox and `listen` show
// for "my webhook never arrived") saying why, answered 503 with Retry-After so the sender tries
// again, with the JSON error body. Real faults where allowed (tmpfs filled up, `chattr +i` on the
// file and its WAL); otherwise injected on the engine's connection (storage-faults.ts).
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import type { Refusal } from '../../../src-main/engine/receiver/refusals'
import { tmpDir } from './helpers'
import { fillDisk, immutable, smallDisk } from './storage-faults'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function post(url: string, body: string): Promise<{ status: number; retryAfter: string | null; json: unknown }> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
  return { status: res.status, retryAfter: res.headers.get('retry-after'), json: await res.json() }
}

it('a capture the full disk refuses is a refusal "could not store: the disk is full", answered 503 with Retry-After', async () => {
  const disk = smallDisk(2)
  cleanups.push(disk.cleanup)
  const engine = createEngine({ dbFile: join(disk.dir, 'hooklab.db'), receiver: { port: 0 } })
  cleanups.push(() => engine.stop({ graceMs: 0 }))
  const { url } = await engine.startReceiver()
  const refused: Refusal[] = []
  engine.bus.on('receiver.refused', (r) => refused.push(r))
  const spaceBack = fillDisk(disk, engine.db)
  cleanups.push(spaceBack)

  const r = await post(`${url}/in/default/hook?x=1`, JSON.stringify({ pad: 'z'.repeat(300_000) }))
  expect(r.status).toBe(503)
  expect(r.retryAfter).toMatch(/^\d+$/)
  expect((r.json as { error: string }).error).toMatch(/could not store this request \(the disk is full\)/)
  const listed = engine.receiver.refusals()
  expect(listed[0]).toMatchObject({ status: 503, method: 'POST', path: '/in/default/hook?x=1', reason: 'could not store: the disk is full' })
  expect(refused.map((x) => x.reason)).toContain('could not store: the disk is full')

  // Space back: the next one is stored as usual.
  spaceBack()
  expect((await post(`${url}/in/default/hook`, '{"after":1}')).status).toBe(200)
})

it('a capture a database made read-only under the running receiver refuses says so, answered 503', async () => {
  const { dir, cleanup } = tmpDir()
  cleanups.push(cleanup)
  const file = join(dir, 'hooklab.db')
  const engine = createEngine({ dbFile: file, receiver: { port: 0 } })
  cleanups.push(() => engine.stop({ graceMs: 0 }))
  const { url } = await engine.startReceiver()
  expect((await post(`${url}/in/default/a`, '{"first":1}')).status).toBe(200)
  // On the file system's own disk (ext4 in CI): where chattr is not allowed, query_only injects the error.
  const undo = immutable([file, `${file}-wal`])
  if (undo) cleanups.push(undo)
  else engine.db.pragma('query_only = ON')
  const r = await post(`${url}/in/default/b`, '{"second":1}')
  expect(r.status).toBe(503)
  // An immutable file open for writing fails with EPERM (SQLite: disk I/O error); query_only says read-only.
  expect(engine.receiver.refusals()[0]?.reason).toMatch(/^could not store: (the database file is read-only|the disk refused the write \(disk I\/O error\))$/)
  expect(r.retryAfter).toMatch(/^\d+$/)
})
