import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SCHEMA_VERSION, openDb } from '../../../src-main/engine/db/open'
import { tmpHome } from './helpers'

const cleanups: Array<() => void> = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

describe('migrations', () => {
  it('creates the delivery tables on a fresh file, keeps data on re-open, refuses a newer schema', () => {
    const home = tmpHome()
    cleanups.push(home.cleanup)
    const file = join(home.dir, 'hooklab.db')
    const db = openDb({ file })
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name)
    expect(tables).toEqual(expect.arrayContaining(['endpoint', 'message', 'delivery', 'attempt']))
    db.prepare("INSERT INTO message (id, body, content_type, created_at) VALUES ('msg_1', x'00ff', 'application/octet-stream', 1)").run()
    db.close()

    const again = openDb({ file })
    const row = again.prepare("SELECT body FROM message WHERE id = 'msg_1'").get() as { body: Buffer }
    expect([...row.body]).toEqual([0, 255])
    again.close()

    const raw = new Database(file)
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    raw.close()
    expect(() => openDb({ file })).toThrow(expect.objectContaining({ code: 'E_DB_NEWER' }))
  })
})
