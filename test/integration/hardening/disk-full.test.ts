// A full disk at enqueue (B1) and while attempt results are written (B4): nothing lost, no crash,
// no re-sends beyond what was in flight.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { isHooklabError } from '../../../src-main/engine/errors'
import { startRecordingSink, tmpDir, until } from './helpers'

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

describe('disk faults: full database', () => {
  it('a full database refuses new work with E_DB_FULL, keeps earlier rows, keeps running, and recovers when space returns', async () => {
    const { dir, cleanup } = tmpDir()
    cleanups.push(cleanup)
    const sink = await startRecordingSink()
    cleanups.push(() => sink.close())
    const engine = createEngine({ dbFile: join(dir, 'hooklab.db'), pollMs: 20 })
    cleanups.push(() => engine.stop({ graceMs: 0 }))
    const early = engine.delivery.enqueue({ url: sink.url, body: Buffer.from('{"early":1}'), contentType: 'application/json' })
    engine.delivery.flush()
    // SQLite's page cap stands in for a full disk: every write that needs a new page fails.
    const pages = engine.db.pragma('page_count', { simple: true }) as number
    engine.db.pragma(`max_page_count = ${pages + 2}`)
    const big = Buffer.alloc(64 * 1024, 0x61)
    const full = codeOf(() => {
      for (let i = 0; i < 20; i++) engine.delivery.enqueue({ url: sink.url, body: big, contentType: 'application/octet-stream' })
      engine.delivery.flush()
    })
    expect(full.code).toBe('E_DB_FULL')
    expect(full.message).toMatch(/full/i)
    expect(engine.delivery.getDelivery(early.deliveryId).body.toString()).toBe('{"early":1}')

    engine.db.pragma('max_page_count = 1073741823')
    engine.start()
    const after = engine.delivery.enqueue({ url: sink.url, body: Buffer.from('{"after":1}'), contentType: 'application/json' })
    expect((await engine.delivery.waitFor(after.deliveryId)).status).toBe('delivered')
    expect((await engine.delivery.waitFor(early.deliveryId)).status).toBe('delivered')
  })


  it('an enqueue whose batched commit hits a full disk does not crash the process', async () => {
    const { dir, cleanup } = tmpDir()
    cleanups.push(cleanup)
    const engine = createEngine({ dbFile: join(dir, 'hooklab.db') })
    cleanups.push(() => engine.stop({ graceMs: 0 }))
    const pages = engine.db.pragma('page_count', { simple: true }) as number
    engine.db.pragma(`max_page_count = ${pages + 1}`)
    // No explicit flush: the commit runs from setImmediate, where a throw would kill the app.
    for (let i = 0; i < 10; i++) engine.delivery.enqueue({ url: 'http://127.0.0.1:9/x', body: Buffer.alloc(64 * 1024), contentType: 'x' })
    await new Promise((r) => setTimeout(r, 50))
    engine.db.pragma('max_page_count = 1073741823')
    const ok = engine.delivery.enqueue({ url: 'http://127.0.0.1:9/x', body: Buffer.from('{}'), contentType: 'application/json' })
    expect(engine.delivery.getDelivery(ok.deliveryId).status).toBe('pending')
  })

  it('while attempt results cannot be written, the engine stops sending: re-sends stay within what was in flight', async () => {
    const { dir, cleanup } = tmpDir()
    cleanups.push(cleanup)
    const sink = await startRecordingSink(5)
    cleanups.push(() => sink.close())
    const IN_FLIGHT = 16
    const engine = createEngine({ dbFile: join(dir, 'hooklab.db'), pollMs: 20, maxInFlight: IN_FLIGHT })
    cleanups.push(() => engine.stop({ graceMs: 0 }))
    const ids = Array.from({ length: 300 }, (_, i) =>
      engine.delivery.enqueue({ url: sink.url, body: Buffer.from(`{"i":${i}}`), contentType: 'application/json', timeoutMs: 500 }).deliveryId,
    )
    engine.delivery.flush()
    engine.start()
    await until(() => sink.ids.length >= 60, 10_000, 'some deliveries')
    const pages = engine.db.pragma('page_count', { simple: true }) as number
    engine.db.pragma(`max_page_count = ${pages}`)
    await new Promise((r) => setTimeout(r, 300))
    engine.db.pragma('max_page_count = 1073741823')
    const finals = await Promise.all(ids.map((id) => engine.delivery.waitFor(id)))
    expect(finals.every((f) => f.status === 'delivered')).toBe(true)
    expect(sink.ids.length - 300).toBeLessThanOrEqual(IN_FLIGHT)
  }, 30_000)
})
