// The delivery writer (settle + breaker writes + claim in one transaction) on its worker thread and
// inline: the same results either way, a worker that cannot start falls back, a full disk crosses
// the thread as a storage error (the dispatcher holds results on it), and an engine writing on the
// thread still delivers each webhook once, also with two engines on one file, and drains at stop.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { Logger } from '../../../src-main/engine/logger'
import { openDb } from '../../../src-main/engine/db/open'
import type { Db } from '../../../src-main/engine/db/open'
import { createEndpointRepo } from '../../../src-main/engine/endpoints/repo'
import { createEngine } from '../../../src-main/engine/engine'
import { createQueue } from '../../../src-main/engine/delivery/queue'
import type { ClaimRequest, NewDelivery, Settlement } from '../../../src-main/engine/delivery/queue'
import {
  createInlineWriter,
  createThreadWriter,
  isStorageError,
} from '../../../src-main/engine/delivery/writer'
import type { DeliveryWriter, WriteBatch } from '../../../src-main/engine/delivery/writer'
import { startSink, tmpHome } from './helpers'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const T0 = 1_700_000_000_000
const OWNER = 'eng_test'

function logs(): Logger & { lines: string[] } {
  const lines: string[] = []
  const rec = (level: string) => (msg: string) => void lines.push(`${level} ${msg}`)
  return { lines, debug: rec('debug'), info: rec('info'), warn: rec('warn'), error: rec('error') }
}

function seed(n: number): { db: Db; endpointId: string } {
  const { dir, cleanup } = tmpHome()
  cleanups.push(cleanup)
  const db = openDb({ file: join(dir, 'hooklab.db') })
  cleanups.push(() => db.open && db.close())
  db.prepare(
    `INSERT INTO endpoint (id, name, url, method, headers_json, enabled, max_concurrency, breaker_threshold, breaker_cooldown_ms,
       breaker_state, consecutive_failures, created_at, updated_at) VALUES ('ep_1', 'one', 'http://127.0.0.1:9/x', 'POST', '[]', 1, 8, 5, 1000, 'closed', 0, ?, ?)`,
  ).run(T0, T0)
  const items: NewDelivery[] = Array.from({ length: n }, (_, i) => ({
    message: {
      id: `msg_${i}`,
      event_type: 'e',
      body: Buffer.from(`{"i":${i}}`),
      content_type: 'application/json',
      created_at: T0 + i,
    },
    delivery: {
      id: `dlv_${i}`,
      message_id: `msg_${i}`,
      endpoint_id: 'ep_1',
      event_type: 'e',
      url: 'http://127.0.0.1:9/x',
      method: null,
      headers_json: '[]',
      headers_as_is: 0,
      signing_json: null,
      secret: null,
      retry_json: null,
      timeout_ms: 1000,
      body: null,
      replay_of: null,
      created_at: T0 + i,
      next_attempt_at: T0 + i,
    },
  }))
  createQueue(db).enqueueBatch(items)
  return { db, endpointId: 'ep_1' }
}

const claim = (total: number, now = T0 + 1000): ClaimRequest => ({
  owner: OWNER,
  now,
  total,
  endpoints: [{ endpointId: 'ep_1', limit: total }],
  blocked: [],
  only: null,
})

function settlement(id: string, now: number, body: Buffer = Buffer.from('ok')): Settlement {
  return {
    owner: OWNER,
    now,
    status: 'delivered',
    nextAttemptAt: null,
    attempt: {
      delivery_id: id,
      number: 1,
      endpoint_id: 'ep_1',
      owner: OWNER,
      started_at: now - 5,
      request_url: 'http://127.0.0.1:9/x',
      request_method: 'POST',
      request_headers_json: '[["webhook-id","x"]]',
      response_status: 200,
      response_headers_json: '[]',
      response_body: body,
      response_truncated: 0,
      error_code: null,
      error_message: null,
      connect_ms: 1,
      first_byte_ms: 2,
      total_ms: 3,
      outcome: 'delivered',
    },
  }
}

/** A batch that only claims `n` rows (nothing to settle), as the dispatcher's first tick does. */
function claimOnly(w: DeliveryWriter, n: number) {
  return w.settleAndClaim({ settlements: [], endpointOps: [], claim: claim(n), now: T0 + 1000 })
}

async function threadWriter(db: Db, logger = logs(), script?: string): Promise<DeliveryWriter> {
  const w = createThreadWriter({
    db,
    inline: createInlineWriter(createQueue(db), createEndpointRepo(db)),
    logger,
    startAfter: 0,
    ...(script ? { script } : {}),
  })
  cleanups.push(() => w.close())
  await w.settleAndClaim({ settlements: [], endpointOps: [], claim: null, now: T0 }) // starts the worker
  // Until it is ready, or it said it cannot run.
  for (
    let i = 0;
    i < 200 && w.mode !== 'thread' && !logger.lines.some((l) => l.startsWith('warn'));
    i++
  )
    await new Promise((r) => setTimeout(r, 25))
  return w
}

/** Claims 3, settles 2 of them with a breaker change and an auto-disable, claiming 2 more. */
async function scenario(w: DeliveryWriter, db: Db) {
  const first = await claimOnly(w, 3)
  const batch: WriteBatch = {
    settlements: [
      settlement(first.claimed[0]!.id, T0 + 2000),
      settlement(first.claimed[1]!.id, T0 + 2000),
      settlement('dlv_not_leased', T0 + 2000),
    ],
    endpointOps: [
      {
        id: 'ep_1',
        state: 'open',
        openedAt: T0 + 2000,
        consecutiveFailures: 5,
        disableReason: 'auto-disabled after 5 consecutive failed attempts',
      },
    ],
    claim: claim(2, T0 + 2000),
    now: T0 + 2000,
  }
  const second = await w.settleAndClaim(batch)
  const rows = db
    .prepare('SELECT id, status, attempts, lease_owner FROM delivery ORDER BY id')
    .all()
  const ep = db
    .prepare('SELECT enabled, breaker_state, consecutive_failures, disabled_reason FROM endpoint')
    .get()
  const attempts = db
    .prepare('SELECT delivery_id, response_body FROM attempt ORDER BY delivery_id')
    .all() as Array<{ delivery_id: string; response_body: Buffer }>
  return {
    firstClaimed: first.claimed.map((c) => [
      c.id,
      Buffer.isBuffer(c.message_body),
      c.message_body?.toString(),
      c.content_type,
    ]),
    accepted: second.accepted,
    claimed: second.claimed.map((c) => c.id),
    disabled: second.disabled,
    rows,
    ep,
    attempts: attempts.map((a) => [
      a.delivery_id,
      Buffer.isBuffer(a.response_body) ? a.response_body.toString() : a.response_body,
    ]),
  }
}

describe('delivery writer', () => {
  it('commits the same batch the same way on its thread as inline: claims with their bodies, fenced settles, breaker and auto-disable', async () => {
    const a = seed(6)
    const viaThread = await threadWriter(a.db)
    expect(viaThread.mode).toBe('thread')
    const b = seed(6)
    const inline = createInlineWriter(createQueue(b.db), createEndpointRepo(b.db))
    const thread = await scenario(viaThread, a.db)
    const direct = await scenario(inline, b.db)
    expect(thread).toEqual(direct)
    expect(thread.firstClaimed[0]).toEqual(['dlv_0', true, '{"i":0}', 'application/json'])
    expect(thread.accepted).toEqual([true, true, false]) // the one it does not hold is refused
    expect(thread.claimed).toEqual(['dlv_3', 'dlv_4'])
    expect(thread.disabled).toEqual(['ep_1'])
    expect(thread.ep).toEqual({
      enabled: 0,
      breaker_state: 'open',
      consecutive_failures: 5,
      disabled_reason: 'auto-disabled after 5 consecutive failed attempts',
    })
    expect(thread.attempts).toEqual([
      ['dlv_0', 'ok'],
      ['dlv_1', 'ok'],
    ])
  })

  it('a worker that cannot start hands its batches to the inline writer and warns once', async () => {
    const { db } = seed(4)
    const { dir, cleanup } = tmpHome()
    cleanups.push(cleanup)
    const broken = join(dir, 'broken.cjs')
    writeFileSync(broken, "throw new Error('cannot load')\n")
    const logger = logs()
    const w = await threadWriter(db, logger, broken)
    expect(w.mode).toBe('inline')
    const r = await claimOnly(w, 2)
    const s = await w.settleAndClaim({
      settlements: r.claimed.map((c) => settlement(c.id, T0 + 2000)),
      endpointOps: [],
      claim: null,
      now: T0 + 2000,
    })
    expect(s.accepted).toEqual([true, true])
    expect(
      db.prepare("SELECT count(*) AS n FROM delivery WHERE status = 'delivered'").get(),
    ).toEqual({ n: 2 })
    expect(
      logger.lines.filter((l) => l.startsWith('warn') && /writer thread unavailable/.test(l)),
    ).toHaveLength(1)
  })

  it('a full database fails the batch on the thread with a storage error, and the same batch commits once space returns', async () => {
    const { db } = seed(4)
    const w = await threadWriter(db)
    expect(w.mode).toBe('thread')
    const r = await claimOnly(w, 2)
    // The page cap set on the engine's connection (a full disk's stand-in) holds on the writer's too.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
    const batch: WriteBatch = {
      settlements: r.claimed.map((c) => settlement(c.id, T0 + 2000, Buffer.alloc(256 * 1024, 1))),
      endpointOps: [],
      claim: claim(2, T0 + 2000),
      now: T0 + 2000,
    }
    const err = (await w.settleAndClaim(batch).then(
      () => null,
      (e: unknown) => e,
    )) as { code?: string; message?: string } | null
    expect(err?.code).toMatch(/^SQLITE_FULL/)
    expect(isStorageError(err)).toBe(true)
    expect(db.prepare("SELECT count(*) AS n FROM delivery WHERE status = 'sending'").get()).toEqual(
      { n: 2 },
    ) // nothing of it kept
    db.pragma('max_page_count = 1073741823')
    const ok = await w.settleAndClaim(batch)
    expect(ok.accepted).toEqual([true, true])
    expect(ok.claimed.map((c) => c.id)).toEqual(['dlv_2', 'dlv_3'])
  })
})

/** A home and a sink answering 200 after `delayMs`, for engines that write through the thread. */
async function threadHome(delayMs: number): Promise<{ file: string; sinkUrl: string; requests: () => number; webhookIds: () => string[] }> {
  const { dir, cleanup } = tmpHome()
  cleanups.push(cleanup)
  const sink = await startSink([{ status: 200, delayMs }])
  cleanups.push(() => sink.close())
  return {
    file: join(dir, 'hooklab.db'),
    sinkUrl: sink.url,
    requests: () => sink.requests.length,
    webhookIds: () => sink.requests.map((r) => String(r.headers['webhook-id'])),
  }
}

/** An engine on `file` that writes through the thread from its first batch; stopped after the test. */
function threadEngine(file: string, logger?: Logger): ReturnType<typeof createEngine> {
  const engine = createEngine({ dbFile: file, pollMs: 20, maxInFlight: 8, writerThreadAfter: 0, ...(logger ? { logger } : {}) })
  cleanups.push(() => engine.stop({ graceMs: 0 }))
  return engine
}

function enqueueMany(engine: ReturnType<typeof createEngine>, url: string, n: number): string[] {
  const ids = Array.from({ length: n }, (_, i) => engine.delivery.enqueue({ url, body: Buffer.from(`{"i":${i}}`), contentType: 'application/json' }).deliveryId)
  engine.delivery.flush()
  return ids
}

describe('engine with the writer thread', () => {
  it('two engines on one file, both writing on threads, deliver every webhook-id exactly once', async () => {
    const home = await threadHome(2)
    const logA = logs()
    const a = threadEngine(home.file, logA)
    const b = threadEngine(home.file)
    const ids = enqueueMany(a, home.sinkUrl, 300)
    a.start()
    b.start()
    const finals = await Promise.all(ids.map((id) => a.delivery.waitFor(id)))
    expect(finals.every((f) => f.status === 'delivered')).toBe(true)
    const seen = home.webhookIds()
    expect(seen).toHaveLength(300)
    expect(new Set(seen).size).toBe(300)
    expect(logA.lines).toContain('debug delivery writer thread ready')
  }, 30_000)

  it('stop() lets in-flight attempts finish, writes their results through the thread, and gives every other lease back', async () => {
    const home = await threadHome(60)
    const logger = logs()
    const engine = threadEngine(home.file, logger)
    const ids = enqueueMany(engine, home.sinkUrl, 200)
    engine.start()
    while (home.requests() < 40) await new Promise((r) => setTimeout(r, 10))
    await engine.stop({ graceMs: 5000 })
    expect(logger.lines).toContain('debug delivery writer thread ready')
    const db = new Database(home.file, { readonly: true })
    cleanups.push(() => db.close())
    const counts = db
      .prepare('SELECT status, count(*) AS n FROM delivery GROUP BY status')
      .all() as Array<{ status: string; n: number }>
    const by = Object.fromEntries(counts.map((c) => [c.status, c.n]))
    expect(by.sending).toBeUndefined() // nothing left leased
    // Every request that went out has its result on disk: none would be sent again.
    expect(by.delivered).toBe(home.requests())
    expect((db.prepare('SELECT count(*) AS n FROM attempt').get() as { n: number }).n).toBe(home.requests())
    expect(by.delivered! + (by.pending ?? 0)).toBe(ids.length)
  }, 30_000)
})
