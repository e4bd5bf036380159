// The database on a read-only location, on a full disk, and damaged: a clear typed error that
// names the file, nothing already stored lost, and a way to start fresh (recover.ts).
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { existsSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import type { Engine } from '../../../src-main/engine/engine'
import { checkDb, moveCorruptDbAside } from '../../../src-main/engine/db/recover'
import { isHooklabError } from '../../../src-main/engine/errors'
import { makeReadOnly, recordingLogger, startRecordingSink, tmpDir, until } from './helpers'

const ROOT = resolve(__dirname, '../../..')
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function codeOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn()
  } catch (err) {
    return { code: isHooklabError(err) ? err.code : `raw:${(err as { code?: string }).code ?? ''}`, message: (err as Error).message }
  }
  throw new Error('expected a throw')
}

function seed(dbFile: string, n: number, url = 'http://127.0.0.1:9/never'): Promise<void> {
  const engine = createEngine({ dbFile })
  for (let i = 0; i < n; i++) engine.delivery.enqueue({ url, body: Buffer.from(`{"i":${i}}`), contentType: 'application/json' })
  return engine.stop({ graceMs: 0 })
}

describe('disk faults', () => {
  it('a database in a read-only directory gives E_DB_READONLY naming the file, and loses nothing', async () => {
    const { dir, cleanup } = tmpDir()
    cleanups.push(cleanup)
    const dbFile = join(dir, 'hooklab.db')
    await seed(dbFile, 25)
    const undo = makeReadOnly([dir, dbFile])
    cleanups.push(undo)
    const err = codeOf(() => createEngine({ dbFile }))
    expect(err.code).toBe('E_DB_READONLY')
    expect(err.message).toContain(dbFile)
    undo()
    cleanups.pop()
    const engine = createEngine({ dbFile })
    cleanups.push(() => engine.stop({ graceMs: 0 }))
    expect(engine.delivery.listDeliveries({}, { limit: 100 }).items).toHaveLength(25)
  })

  it('the receiver answers 5xx while the database is full, and captures again once space returns', async () => {
    const { dir, cleanup } = tmpDir()
    cleanups.push(cleanup)
    const engine: Engine = createEngine({ dbFile: join(dir, 'hooklab.db') })
    cleanups.push(() => engine.stop({ graceMs: 0 }))
    const { url } = await engine.startReceiver()
    expect((await fetch(`${url}/before`, { method: 'POST', body: 'one' })).status).toBe(200)
    const pages = engine.db.pragma('page_count', { simple: true }) as number
    engine.db.pragma(`max_page_count = ${pages + 1}`)
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${url}/during`, { method: 'POST', body: randomBytes(200_000) })).status)
    expect(statuses.every((s) => s >= 500)).toBe(true)
    engine.db.pragma('max_page_count = 1073741823')
    expect((await fetch(`${url}/after`, { method: 'POST', body: 'two' })).status).toBe(200)
    expect(engine.receiver.listCaptures().items.map((c) => c.path).sort()).toEqual(['/after', '/before'])
  })

  it('the disk filling up mid-delivery pauses the engine without a crash; nothing is lost and it resumes when space returns', async () => {
    const { dir, cleanup } = tmpDir()
    cleanups.push(cleanup)
    const sink = await startRecordingSink(5)
    cleanups.push(() => sink.close())
    const logger = recordingLogger()
    const IN_FLIGHT = 16
    const engine = createEngine({ dbFile: join(dir, 'hooklab.db'), pollMs: 20, maxInFlight: IN_FLIGHT, logger })
    cleanups.push(() => engine.stop({ graceMs: 0 }))
    const ids = Array.from({ length: 300 }, (_, i) =>
      engine.delivery.enqueue({ url: sink.url, body: Buffer.from(`{"i":${i}}`), contentType: 'application/json', timeoutMs: 500 }).deliveryId,
    )
    engine.delivery.flush()
    engine.start()
    await until(() => sink.ids.length >= 60, 10_000, 'some deliveries')
    const pages = engine.db.pragma('page_count', { simple: true }) as number
    engine.db.pragma(`max_page_count = ${pages}`)
    await new Promise((r) => setTimeout(r, 300)) // the engine keeps ticking against a full file
    const whileFull = sink.ids.length
    expect(logger.lines.some((l) => /full/i.test(l))).toBe(true) // the failure is reported, not swallowed
    engine.db.pragma('max_page_count = 1073741823')
    const finals = await Promise.all(ids.map((id) => engine.delivery.waitFor(id)))
    expect(finals.filter((f) => f.status !== 'delivered')).toEqual([])
    expect(new Set(sink.ids).size).toBe(300) // none lost
    expect(whileFull).toBeLessThan(300)
    // Duplicates here are bounded only by how long the disk stays full: see disk-full.pending.ts (B4).
  }, 30_000)

  it('checkDb calls a database left by a SIGKILLed engine (with its -wal/-shm) healthy, so the app never offers to discard it', async () => {
    const { dir, cleanup } = tmpDir()
    cleanups.push(cleanup)
    const dbFile = join(dir, 'hooklab.db')
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/hardening/crash-child.ts')], {
      cwd: ROOT,
      env: { ...process.env, HOOKLAB_CRASH: JSON.stringify({ dbFile, maxInFlight: 4, enqueue: { url: 'http://127.0.0.1:9/never', n: 200 } }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    cleanups.push(() => child.kill('SIGKILL'))
    await new Promise<void>((r) => child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && r()))
    expect(checkDb(dbFile)).toEqual({ state: 'ok' }) // while another process has it open
    child.kill('SIGKILL')
    await once(child, 'exit')
    expect(existsSync(`${dbFile}-wal`)).toBe(true)
    expect(checkDb(dbFile)).toEqual({ state: 'ok' })
    const engine = createEngine({ dbFile })
    cleanups.push(() => engine.stop({ graceMs: 0 }))
    expect(engine.delivery.stats().byStatus.pending ?? 0).toBeGreaterThan(0)
    expect(Object.values(engine.delivery.stats().byStatus).reduce((a, b) => a + b, 0)).toBe(200)
  }, 30_000)

  it('a file of random bytes gives E_DB_CORRUPT; it is moved aside (with -wal/-shm) and a fresh engine starts', async () => {
    const { dir, cleanup } = tmpDir()
    cleanups.push(cleanup)
    const dbFile = join(dir, 'hooklab.db')
    writeFileSync(dbFile, randomBytes(16 * 1024))
    const err = codeOf(() => createEngine({ dbFile }))
    expect(err.code).toBe('E_DB_CORRUPT')
    expect(err.message).toContain(dbFile)
    expect(checkDb(dbFile)).toMatchObject({ state: 'damaged', code: 'E_DB_CORRUPT' })
    // Side files left by a crash travel with the main file (SQLite removed the ones above on close).
    writeFileSync(`${dbFile}-wal`, randomBytes(1024))
    writeFileSync(`${dbFile}-shm`, randomBytes(1024))

    const moved = moveCorruptDbAside(dbFile, Date.UTC(2026, 10, 23, 12, 0, 0))
    expect(moved.backup).toBe(`${dbFile}.corrupt-2026-11-23T12-00-00-000Z`)
    expect(moved.moved.map((m) => m.to)).toEqual([moved.backup, `${moved.backup}-wal`, `${moved.backup}-shm`])
    expect(existsSync(dbFile)).toBe(false)
    expect(statSync(moved.backup).size).toBe(16 * 1024) // kept, not deleted
    expect(checkDb(dbFile)).toEqual({ state: 'missing' })

    const engine = createEngine({ dbFile })
    cleanups.push(() => engine.stop({ graceMs: 0 }))
    expect(engine.delivery.listDeliveries({}, {}).items).toEqual([])
    expect(checkDb(dbFile)).toEqual({ state: 'ok' })
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toHaveLength(3)
  })

  it('a truncated database gives E_DB_CORRUPT from the engine and from checkDb', async () => {
    const { dir, cleanup } = tmpDir()
    cleanups.push(cleanup)
    const dbFile = join(dir, 'hooklab.db')
    const engine = createEngine({ dbFile })
    for (let i = 0; i < 1500; i++) engine.delivery.enqueue({ url: 'http://127.0.0.1:9/x', body: randomBytes(600), contentType: 'application/octet-stream' })
    await engine.stop({ graceMs: 0 })
    expect(checkDb(dbFile)).toEqual({ state: 'ok' })
    truncateSync(dbFile, Math.floor(statSync(dbFile).size / 2))
    expect(checkDb(dbFile)).toMatchObject({ state: 'damaged', code: 'E_DB_CORRUPT' })
    expect(codeOf(() => createEngine({ dbFile })).code).toBe('E_DB_CORRUPT')
    moveCorruptDbAside(dbFile)
    const fresh = createEngine({ dbFile })
    cleanups.push(() => fresh.stop({ graceMs: 0 }))
    expect(fresh.delivery.listDeliveries({}, {}).items).toEqual([])
  })
})
