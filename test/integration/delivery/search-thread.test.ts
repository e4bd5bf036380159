// Searches run on a thread of their own (engine/search): a search text walks every payload body (and an
// endpoint's stats every attempt), and the engine's thread, which sends deliveries and answers the
// receiver, must not wait for it. The
// thread finds what the engine's own connection finds (fresh enqueues and captures included), pages
// the same way, reports bad input the same way, and a thread that cannot start or dies answers inline.
import { join } from 'node:path'
import { expect, it, vi } from 'vitest'
import type { Logger } from '../../../src-main/engine/logger'
import { createSearcher } from '../../../src-main/engine/search/searcher'
import type { SearchJobs } from '../../../src-main/engine/search/jobs'
import { startSink, tmpEngine } from './helpers'

function logs(): Logger & { lines: string[] } {
  const lines: string[] = []
  const rec = (level: string) => (msg: string) => void lines.push(`${level} ${msg}`)
  return { lines, debug: rec('debug'), info: rec('info'), warn: rec('warn'), error: rec('error') }
}

function seeded() {
  const engine = tmpEngine()
  const send = (body: string) =>
    engine.delivery.enqueue({ url: 'http://127.0.0.1:9/x', body: Buffer.from(body), contentType: 'application/json' }).deliveryId
  const ids = ['ord_1-a', 'ord_2-a', 'ord_3-b', 'ord_4-a'].map((o) => send(`{"type":"order.created","data":{"id":"${o}"}}`))
  engine.delivery.flush()
  return { engine, send, ids }
}

it('a search runs on the search thread and lists, pages and counts what the engine itself finds', async () => {
  const { engine, ids } = seeded()
  const inline = (text: string, cursor: string | null = null) => engine.delivery.listDeliveries({ text }, { limit: 2, cursor })

  const first = await engine.search.deliveries({ text: '-a"' }, { limit: 2 })
  expect(engine.search.mode).toBe('thread')
  expect(first).toEqual(inline('-a"'))
  expect(first.items.map((d) => d.id)).toEqual([ids[3], ids[1]])
  const second = await engine.search.deliveries({ text: '-a"' }, { limit: 2, cursor: first.nextCursor })
  expect(second).toEqual(inline('-a"', first.nextCursor))
  expect(second.items.map((d) => d.id)).toEqual([ids[0]])
  expect(second.nextCursor).toBeNull()
  expect(await engine.search.deliveryCounts({ text: 'ord_3-b' })).toEqual(engine.delivery.countDeliveries({ text: 'ord_3-b' }))
  expect(await engine.search.deliveryCounts({ text: 'ord_3-b' })).toMatchObject({ pending: 1, delivered: 0 })
  // Bad input crosses the thread as the same error.
  await expect(engine.search.deliveries({ text: 'x-y' }, { cursor: 'nonsense' })).rejects.toMatchObject({ code: 'E_INVALID_INPUT', message: 'Bad page cursor.' })
})

it('a search sees what was enqueued a moment ago, not yet committed when it was asked', async () => {
  const { engine, send } = seeded()
  await engine.search.deliveries({ text: 'warm-up' }, {})
  const fresh = send('{"note":"just-now"}') // held for this tick's batch, not yet written
  const page = await engine.search.deliveries({ text: 'just-now' }, {})
  expect(page.items.map((d) => d.id)).toEqual([fresh])
})

it('an Inbox search on the thread finds captures by their body, as the receiver lists them', async () => {
  const { engine } = seeded()
  await engine.startReceiver()
  const inbox = engine.receiver.inboxes.create({ slug: 'shop' })
  const base = `http://127.0.0.1:${engine.receiver.address()!.port}/in/${inbox.slug}`
  for (const id of ['in_1-x', 'in_2-y', 'in_3-x']) {
    const res = await fetch(base, { method: 'POST', body: `{"id":"${id}"}`, headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(200)
  }
  const page = await engine.search.captures({ inboxId: inbox.id, text: '-x"' }, { limit: 50 })
  expect(engine.search.mode).toBe('thread')
  expect(page.items).toHaveLength(2)
  expect(page).toEqual(engine.receiver.listCaptures({ inboxId: inbox.id, text: '-x"' }, { limit: 50 }))
})

function fakeJobs(): SearchJobs & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    deliveries: (f) => (calls.push(`deliveries ${f.text ?? ''}`), { items: [], nextCursor: null }),
    deliveryCounts: (f) => (calls.push(`counts ${f.text ?? ''}`), { pending: 0, sending: 0, delivered: 0, failed: 0, dead: 0, cancelled: 0 }),
    captures: (f) => (calls.push(`captures ${f.text ?? ''}`), { items: [], nextCursor: null }),
    endpointStats: (id) => (calls.push(`stats ${id}`), { buckets: [], latency: [], countedSince: null }),
  }
}

it('only a read with a search text leaves the engine’s thread; the rest stay inline', async () => {
  const { engine } = seeded()
  const inline = fakeJobs()
  const before = vi.fn()
  const searcher = createSearcher({ db: engine.db, inline, logger: logs(), beforeRead: before })
  try {
    await searcher.deliveries({}, {})
    await searcher.deliveryCounts({ eventType: 'x' })
    await searcher.captures({ inboxId: 'ibx_1' }, {})
    expect(inline.calls).toEqual(['deliveries ', 'counts ', 'captures '])
    expect(searcher.mode).toBe('inline') // no thread started for them
    const page = await searcher.deliveries({ text: 'order.created' }, {})
    expect(page.items).toHaveLength(4) // the thread's own connection answered
    expect(inline.calls).toHaveLength(3)
    expect(before).toHaveBeenCalledTimes(1)
    expect(searcher.mode).toBe('thread')
  } finally {
    await searcher.close()
  }
})

it('a thread that cannot start, or dies during a search, leaves the searches to the engine’s thread, with one warning', async () => {
  const { engine } = seeded()
  const missing = logs()
  const inline = fakeJobs()
  const noThread = createSearcher({ db: engine.db, inline, logger: missing, script: join(__dirname, 'no-such-thread.cjs') })
  await noThread.deliveries({ text: 'a' }, {})
  await noThread.deliveries({ text: 'b' }, {})
  expect(inline.calls).toEqual(['deliveries a', 'deliveries b'])
  expect(noThread.mode).toBe('inline')
  expect(missing.lines.filter((l) => l.startsWith('warn'))).toHaveLength(1)
  await noThread.close()

  const dying = logs()
  const inline2 = fakeJobs()
  const script = join(__dirname, '..', '..', 'fixtures', 'threads', 'dies-on-first-job.cjs')
  const crashes = createSearcher({ db: engine.db, inline: inline2, logger: dying, script })
  await expect(crashes.captures({ text: 'x' }, {})).resolves.toEqual({ items: [], nextCursor: null })
  expect(inline2.calls).toEqual(['captures x']) // answered inline after the thread died under it
  expect(crashes.mode).toBe('inline')
  expect(dying.lines).toEqual([expect.stringMatching(/^warn search thread unavailable/)])
  await crashes.close()
})

it('an endpoint’s stats are counted on the thread, as the engine would count them', async () => {
  const sink = await startSink([{ status: 500 }, { status: 200 }])
  const engine = tmpEngine({ pollMs: 20 })
  const ep = engine.endpoints.create({ url: `${sink.url}/s`, retry: { schedule: { kind: 'list', delaysMs: [0] }, maxAttempts: 2 } })
  engine.start()
  const ids = [1, 2, 3].map((n) => engine.delivery.enqueue({ endpointId: ep.id, body: Buffer.from(`{"n":${n}}`), contentType: 'application/json' }).deliveryId)
  for (const id of ids) await engine.delivery.waitFor(id)
  const now = Date.now()
  const range = { since: now - 60_000, now, buckets: 6 }
  const stats = await engine.search.endpointStats(ep.id, range)
  expect(engine.search.mode).toBe('thread') // no search text needed: stats always leave the engine's thread
  const ok = stats.buckets.reduce((n, b) => n + b.ok, 0)
  const failed = stats.buckets.reduce((n, b) => n + b.failed, 0)
  expect([ok, failed]).toEqual([3, 1]) // the first attempt got the 500, each delivery then succeeded
  expect(stats.latency.reduce((n, l) => n + l.count, 0)).toBe(4)
  await sink.close()
})
