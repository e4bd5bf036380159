// Migration 004 drops capture_received (one index entry fewer per capture). What must not follow:
// a capture query that now scans the table or sorts in a temp B-tree, a database at version 3
// that loses captures when it opens, or age pruning that misses an old capture.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openDb } from '../../../src-main/engine/db/open'
import type { Db } from '../../../src-main/engine/db/open'
import { MIGRATIONS } from '../../../src-main/engine/db/migrations'
import { CAPTURE_SQL, createCaptureRepo, listSql } from '../../../src-main/engine/receiver/capture-repo'
import type { CaptureRecord } from '../../../src-main/engine/receiver/capture-repo'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'hooklab-capidx-'))
  dirs.push(d)
  return d
}

function capture(id: string, inboxId: string, receivedAt: number, extra: Partial<CaptureRecord> = {}): CaptureRecord {
  return {
    id, inbox_id: inboxId, received_at: receivedAt, method: 'POST', path: '/x', query: '', headers_json: '[]', content_type: null,
    body: Buffer.from('{}'), size: 2, oversize: 0, remote_address: '127.0.0.1', response_status: 200, response_headers_json: '[]',
    response_body: null, verify_scheme: null, verify_valid: null, verify_reason: null, verify_explanation: null, delivery_key: null,
    duplicate_of: null, forward_url: null, forward_status: null, forward_body: null, forward_ms: null, forward_error: null, relayed: 0, ...extra,
  }
}

function addInbox(db: Database.Database, id: string, slug: string): void {
  db.prepare(`INSERT INTO inbox (id, slug, name, response_json, created_at, updated_at) VALUES (?, ?, ?, '{}', 0, 0)`).run(id, slug, slug)
}

function plan(db: Db, sql: string): string {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 1)) as Array<{ detail: string }>
  return rows.map((r) => r.detail).join(' | ')
}

describe('capture indexes (migration 004)', () => {
  it('keeps every capture query on an index or the rowid order: no full scan, no temp B-tree', () => {
    const db = openDb({ file: join(tmp(), 'h.db') })
    createCaptureRepo(db) // registers the SQL function the list's search text calls
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'capture'").all() as Array<{ name: string }>).map((r) => r.name)
    expect(names.sort()).toEqual(['capture_dupe', 'capture_inbox', 'sqlite_autoindex_capture_1'])

    const expectations: Array<[string, string, RegExp]> = [
      ['duplicate lookup', CAPTURE_SQL.firstWithKey, /USING INDEX capture_dupe/],
      ['capture by id', CAPTURE_SQL.byId, /USING INDEX sqlite_autoindex_capture_1/],
      ['clear an inbox', CAPTURE_SQL.clearInbox, /USING (COVERING )?INDEX capture_inbox/],
      ['counts per inbox', CAPTURE_SQL.countsByInbox, /USING COVERING INDEX capture_inbox/],
      ['count of one inbox', CAPTURE_SQL.countOf, /USING COVERING INDEX capture_inbox/],
      ['prune oldest of an inbox', CAPTURE_SQL.pruneOldestOfInbox, /USING (COVERING )?INDEX capture_inbox/],
      ['age window', CAPTURE_SQL.ageWindow, /USING INTEGER PRIMARY KEY \(rowid>\?\)/],
      ['age delete', CAPTURE_SQL.pruneAgedInRange, /USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/],
      ['list, an inbox', listSql({ inboxId: 'x' }), /USING INDEX capture_inbox/],
      ['list, an inbox, next page', listSql({ inboxId: 'x', beforeSeq: 1 }), /USING INDEX capture_inbox \(inbox_id=\? AND rowid<\?\)/],
      ['list, an inbox by method and text', listSql({ inboxId: 'x', method: 'POST', text: 'a' }), /USING INDEX capture_inbox/],
      ['list, all inboxes, next page', listSql({ beforeSeq: 1 }), /USING INTEGER PRIMARY KEY \(rowid<\?\)/],
      ['list, an inbox, from a position (live rows in a search)', listSql({ inboxId: 'x', text: 'a', fromSeq: 1 }), /USING INDEX capture_inbox \(inbox_id=\? AND rowid>\?\)/],
      ['export page, all inboxes', CAPTURE_SQL.exportPage, /USING INTEGER PRIMARY KEY \(rowid>\?\)/],
      ['export page, one inbox', CAPTURE_SQL.exportPageOfInbox, /USING INDEX capture_inbox \(inbox_id=\? AND rowid>\?\)/],
    ]
    for (const [what, sql, want] of expectations) {
      const p = plan(db, sql.replace(/@\w+/g, '?'))
      expect(p, what).toMatch(want)
      expect(p, what).not.toMatch(/TEMP B-TREE/)
      // A bare "SCAN capture"/"SCAN c" walks every row; only the unfiltered newest-first list may
      // (it stops at the page limit, in rowid order).
      expect(p, what).not.toMatch(/SCAN (capture|c)( |$)(?!USING)/)
    }
    const all = plan(db, listSql({}).replace(/@\w+/g, '?'))
    expect(all).toMatch(/SCAN c/)
    expect(all).not.toMatch(/TEMP B-TREE/)
    db.close()
  })

  it('opens a version 3 database with captures in it: index gone, every capture kept and found', () => {
    const file = join(tmp(), 'h.db')
    const old = new Database(file)
    old.pragma('journal_mode = WAL')
    for (const m of MIGRATIONS.slice(0, 3)) m.up(old)
    old.pragma('user_version = 3')
    addInbox(old, 'inb_a', 'a')
    const t0 = Date.now()
    const insert = old.prepare(`INSERT INTO capture (id, inbox_id, received_at, method, path, query, headers_json, size, body)
      VALUES (?, 'inb_a', ?, 'POST', ?, '', '[]', 2, x'7b7d')`)
    for (let i = 0; i < 50; i++) insert.run(`cap_old${String(i).padStart(3, '0')}`, t0 - (50 - i) * 1000, `/p${i}`)
    expect((old.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'capture_received'").get() as { n: number }).n).toBe(1)
    old.close()

    const db = openDb({ file })
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
    expect((db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'capture_received'").get() as { n: number }).n).toBe(0)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const repo = createCaptureRepo(db)
    expect(repo.list({ inboxId: 'inb_a', limit: 100 }).map((r) => r.path)).toEqual(Array.from({ length: 50 }, (_, i) => `/p${49 - i}`))
    expect(repo.get('cap_old007')?.path).toBe('/p7')
    // Age pruning still finds exactly the captures older than the cutoff (the oldest 20 here).
    let deleted = 0
    let after = 0
    for (let pass = 0; pass < 20; pass++) {
      const r = repo.pruneAgedAfter(after, t0 - 30_500, 16, 4)
      deleted += r.deleted
      after = r.last ?? 0
    }
    expect(deleted).toBe(20)
    expect(repo.list({ limit: 100 }).length).toBe(30)
    db.close()
  })

  it('prunes by age in bounded passes, including old captures stored behind younger ones', () => {
    const db = openDb({ file: join(tmp(), 'h.db') })
    addInbox(db, 'inb_a', 'a')
    const repo = createCaptureRepo(db)
    const now = 10_000_000
    // Out of order on purpose: every third capture is young, the rest old (a clock set back, slow uploads).
    const rows = Array.from({ length: 300 }, (_, i) => capture(`cap_${String(i).padStart(4, '0')}`, 'inb_a', i % 3 === 0 ? now : now - 100_000 - i))
    repo.insertBatch(rows)
    const passes: number[] = []
    let after = 0
    for (let pass = 0; pass < 100 && repo.list({ limit: 500 }).length > 100; pass++) {
      const r = repo.pruneAgedAfter(after, now - 50_000, 40, 10)
      passes.push(r.deleted)
      after = r.last ?? 0
    }
    expect(Math.max(...passes)).toBeLessThanOrEqual(10) // one batch per pass
    const left = repo.list({ limit: 500 })
    expect(left.length).toBe(100)
    expect(left.every((r) => r.received_at === now)).toBe(true)
    // Nothing left to prune: a full sweep deletes nothing more.
    for (let pass = 0; pass < 10; pass++) {
      const r = repo.pruneAgedAfter(after, now - 50_000, 40, 10)
      expect(r.deleted).toBe(0)
      after = r.last ?? 0
    }
    db.close()
  })
})
