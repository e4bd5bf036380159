// Migration 003 (no status index moving on every claim and settle): a file written at schema 2
// keeps its rows and gets the new indexes, and every query the UI, CLI, export and retention run
// is still answered from an index (EXPLAIN QUERY PLAN), with the same results as before.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDb } from '../../../src-main/engine/db/open'
import type { Db } from '../../../src-main/engine/db/open'
import { migration001Delivery } from '../../../src-main/engine/db/migrations/001_delivery'
import { migration002Receiver } from '../../../src-main/engine/db/migrations/002_receiver'
import { createQueue } from '../../../src-main/engine/delivery/queue'
import { createDeliveryPruner } from '../../../src-main/engine/delivery/retention'
import { createEndpointRepo } from '../../../src-main/engine/endpoints/repo'
import type { DeliveryStatus } from '../../../src-main/engine/delivery/types'
import { tmpHome } from './helpers'

const cleanups: Array<() => void> = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

const T0 = 1_700_000_000_000
// 2 pending, 1 sending, 6 delivered, 2 failed, 1 dead, 2 cancelled (one still leased: in flight).
const ROWS: Array<{ status: DeliveryStatus; lease?: string }> = [
  { status: 'delivered' },
  { status: 'failed' },
  { status: 'delivered' },
  { status: 'pending' },
  { status: 'dead' },
  { status: 'delivered' },
  { status: 'cancelled' },
  { status: 'delivered' },
  { status: 'sending', lease: 'engine-a' },
  { status: 'failed' },
  { status: 'delivered' },
  { status: 'cancelled', lease: 'engine-a' },
  { status: 'pending' },
  { status: 'delivered' },
]

/** A file as Hooklab wrote it at schema 2 (migrations 001 and 002 only), with deliveries of every status. */
function schema2File(): { file: string; ids: string[] } {
  const home = tmpHome()
  cleanups.push(home.cleanup)
  const file = join(home.dir, 'hooklab.db')
  const raw = new Database(file)
  raw.pragma('journal_mode = WAL')
  migration001Delivery.up(raw)
  migration002Receiver.up(raw)
  raw.pragma('user_version = 2')
  raw.prepare("INSERT INTO endpoint (id, name, url, created_at, updated_at) VALUES ('ep_1', 'e', 'http://127.0.0.1:9/', ?, ?)").run(T0, T0)
  const ids: string[] = []
  ROWS.forEach((r, i) => {
    const at = T0 + i * 1000
    const id = `dlv_${String(i).padStart(4, '0')}`
    ids.push(id)
    raw.prepare("INSERT INTO message (id, body, content_type, created_at) VALUES (?, x'7b7d', 'application/json', ?)").run(`msg_${i}`, at)
    raw
      .prepare(
        `INSERT INTO delivery (id, message_id, endpoint_id, url, status, attempts, next_attempt_at, lease_owner, lease_expires_at, created_at, updated_at, completed_at)
         VALUES (?, ?, 'ep_1', 'http://127.0.0.1:9/', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        `msg_${i}`,
        r.status,
        r.status === 'pending' ? 0 : 1,
        r.status === 'pending' ? at : null,
        r.lease ?? null,
        r.lease ? at + 60_000 : null,
        at,
        at,
        r.status === 'pending' || r.status === 'sending' ? null : at,
      )
    if (r.status !== 'pending' && r.status !== 'sending')
      raw
        .prepare(
          `INSERT INTO attempt (delivery_id, number, endpoint_id, owner, started_at, request_url, request_method, request_headers_json, total_ms, outcome)
           VALUES (?, 1, 'ep_1', 'engine-a', ?, 'http://127.0.0.1:9/', 'POST', '[]', 1, ?)`,
        )
        .run(id, at, r.status)
  })
  raw.close()
  return { file, ids }
}

function open(file: string): Db {
  const db = openDb({ file })
  cleanups.push(() => db.close())
  return db
}

const idsWith = (ids: string[], status: DeliveryStatus): string[] => ids.filter((_, i) => ROWS[i]?.status === status)

describe('migration 003_delivery_indexes', () => {
  it('upgrades a schema-2 file in place: rows kept, delivery_status replaced by the partial delivery_problem', () => {
    const { file, ids } = schema2File()
    const db = open(file)
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(3)
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'delivery'").all() as Array<{ name: string }>).map((r) => r.name)
    expect(indexes).toContain('delivery_problem')
    expect(indexes).not.toContain('delivery_status')
    expect(indexes).toEqual(expect.arrayContaining(['delivery_due', 'delivery_lease', 'delivery_created', 'delivery_endpoint', 'delivery_message']))
    expect((db.prepare('SELECT COUNT(*) AS n FROM delivery').get() as { n: number }).n).toBe(ids.length)
    expect((db.prepare('SELECT COUNT(*) AS n FROM attempt').get() as { n: number }).n).toBe(11)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('counts, lists (each status, paged both ways), bulk-retries and prunes the old rows as before', () => {
    const { file, ids } = schema2File()
    const db = open(file)
    const queue = createQueue(db)
    expect(queue.statusCounts()).toEqual({ cancelled: 2, dead: 1, delivered: 6, failed: 2, pending: 2, sending: 1 })

    const newestFirst = [...ids].reverse()
    for (const status of ['pending', 'sending', 'delivered', 'failed', 'dead', 'cancelled'] as const) {
      expect(queue.list({ status }, 100, null).map((r) => r.id)).toEqual(newestFirst.filter((id) => idsWith(ids, status).includes(id)))
      expect(queue.list({ status }, 100, null, 'asc').map((r) => r.id)).toEqual(idsWith(ids, status))
    }
    // Keyset paging through a rare status, one row per page, and its other filters still apply.
    const pages: string[] = []
    let cursor: { at: number; id: string } | null = null
    for (;;) {
      const page = queue.list({ status: 'cancelled' }, 1, cursor)
      const row = page[0]
      if (!row) break
      pages.push(row.id)
      cursor = { at: row.created_at, id: row.id }
    }
    expect(pages).toEqual(newestFirst.filter((id) => idsWith(ids, 'cancelled').includes(id)))
    expect(queue.list({ status: 'failed', text: ids[9] }, 10, null).map((r) => r.id)).toEqual([ids[9]])
    expect(queue.list({ status: 'failed', endpointId: 'ep_other' }, 10, null)).toEqual([])
    expect(queue.list({ status: 'failed', since: T0 + 5000 }, 10, null).map((r) => r.id)).toEqual([ids[9]])

    const retried = queue.bulkRetry({}, T0 + 100_000)
    expect(retried.sort()).toEqual([...idsWith(ids, 'failed'), ...idsWith(ids, 'dead')].sort())
    expect(queue.statusCounts()).toEqual({ cancelled: 2, delivered: 6, pending: 5, sending: 1 })

    // Count cap 3: 8 finished and not leased (6 delivered + 1 cancelled idle... + none failed now) → the oldest go.
    const pruner = createDeliveryPruner(db)
    const finishedIdle = ids.filter((_, i) => ['delivered', 'cancelled'].includes(ROWS[i]!.status) && !ROWS[i]!.lease)
    expect(pruner.prune({ maxAgeMs: 1e12, maxDeliveries: 3 }, T0 + 100_000)).toBe(finishedIdle.length - 3)
    const left = (db.prepare('SELECT id FROM delivery ORDER BY id').all() as Array<{ id: string }>).map((r) => r.id)
    expect(left).toEqual(expect.arrayContaining(finishedIdle.slice(-3)))
    expect(left).not.toEqual(expect.arrayContaining([finishedIdle[0]]))
    // Pending, sending and the cancelled row still in flight are never pruned.
    expect(left).toEqual(expect.arrayContaining([ids[3], ids[8], ids[11], ids[12]]))
    // Age: everything finished before the cutoff goes, except what is still leased. The cutoff counts
    // back from the newest delivery (never past it), so that one, delivered, stays.
    while (pruner.prune({ maxAgeMs: 1 }, T0 + 100_000) > 0);
    expect(queue.statusCounts()).toEqual({ cancelled: 1, delivered: 1, pending: 5, sending: 1 })
  })
})

describe('query plans after 003', () => {
  /** Every statement the delivery repositories prepare, with its EXPLAIN QUERY PLAN lines. */
  function plans(db: Db): Array<{ sql: string; plan: string[] }> {
    const seen: string[] = []
    const prepare = db.prepare.bind(db)
    db.prepare = ((sql: string) => {
      seen.push(sql)
      return prepare(sql)
    }) as typeof db.prepare
    createQueue(db)
    createDeliveryPruner(db)
    createEndpointRepo(db)
    db.prepare = prepare
    return seen
      .filter((sql) => /^\s*(SELECT|UPDATE|DELETE)/i.test(sql))
      .map((sql) => {
        const named = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1] as string))]
        const stmt = db.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        const rows = (named.length ? stmt.all(Object.fromEntries(named.map((k) => [k, null]))) : stmt.all(...Array<null>((sql.match(/\?/g) ?? []).length).fill(null))) as Array<{
          detail: string
        }>
        return { sql: sql.replace(/\s+/g, ' ').trim(), plan: rows.map((r) => r.detail) }
      })
  }

  it('no statement on delivery, attempt or message scans a whole table or sorts in a temp B-tree', () => {
    const { file } = schema2File()
    const all = plans(open(file)).filter((p) => /\b(delivery|attempt|message)\b/.test(p.sql))
    expect(all.length).toBeGreaterThan(20)
    for (const p of all) {
      for (const line of p.plan) {
        // "SCAN t" alone is a full table scan; "SCAN t USING [COVERING] INDEX i" walks an index in order (with LIMIT).
        expect({ sql: p.sql, line }).not.toEqual({ sql: p.sql, line: expect.stringMatching(/^SCAN (delivery|attempt|message|d|m)$/) })
        expect({ sql: p.sql, line }).not.toEqual({ sql: p.sql, line: expect.stringContaining('TEMP B-TREE') })
      }
    }
  })

  it('status filters and counts use indexes that a claim or a settle does not move', () => {
    const { file } = schema2File()
    const all = plans(open(file))
    const planOf = (fragment: string): string => {
      const found = all.filter((p) => p.sql.includes(fragment))
      expect(found.length, fragment).toBeGreaterThan(0)
      return found.map((p) => p.plan.join(' | ')).join(' || ')
    }
    expect(planOf("WHERE status = @status AND status IN ('failed','dead','cancelled')")).toMatch(/USING INDEX delivery_problem \(status=\?\)/)
    expect(planOf('SELECT * FROM delivery WHERE (@status IS NULL')).toMatch(/USING INDEX delivery_created/)
    const counts = planOf("SELECT 'total' AS status")
    expect(counts).toMatch(/COVERING INDEX delivery_due/)
    expect(counts).toMatch(/COVERING INDEX delivery_lease/)
    expect(counts).toMatch(/COVERING INDEX delivery_problem/)
    expect(planOf("AND status IN ('failed','dead')")).toMatch(/delivery_problem/)
    expect(planOf('COALESCE(completed_at, updated_at) <')).toMatch(/USING INDEX delivery_created \(created_at<\?\)/)
    expect(all.map((p) => p.plan.join(' ')).join('\n')).not.toContain('delivery_status')
  })
})
