// Findings 3, 4 and 11 (review 5): a hooklab.db Hooklab may not write. SQLite opens such a file
// read-only without a word; the engine must refuse it at open with E_DB_READONLY naming the file,
// and a database that stops taking writes while the engine runs must not make stop() throw (every
// CLI command stops the engine in a `finally`, so that throw replaced the command's own result).
// The file is made immutable with `chattr +i` (root ignores mode bits); where chattr is not
// allowed, SQLite's query_only on the engine's connection injects the same SQLITE_READONLY.
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { openDb } from '../../../src-main/engine/db/open'
import { createEngine } from '../../../src-main/engine/engine'
import { isHooklabError } from '../../../src-main/engine/errors'
import { recordingLogger, tmpDir } from './helpers'
import { skipBecause } from '../../fixtures/skip-because'
import { fillDisk, immutable, smallDisk } from './storage-faults'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  throw new Error('expected a throw')
}

it('a hooklab.db that cannot be written is refused at open with E_DB_READONLY naming it; read-only on purpose still opens', async (ctx) => {
  const { dir, cleanup } = tmpDir()
  cleanups.push(cleanup)
  const file = join(dir, 'hooklab.db')
  const first = createEngine({ dbFile: file })
  first.delivery.enqueue({ url: 'http://127.0.0.1:9/x', body: Buffer.from('{}'), contentType: 'application/json' })
  await first.stop()
  const undo = immutable([file])
  if (!undo) return skipBecause(ctx, 'chattr is not allowed here (it needs root): a file SQLite can only open read-only cannot be made before open')
  cleanups.push(undo)

  const err = thrown(() => createEngine({ dbFile: file }))
  expect(isHooklabError(err) && err.code).toBe('E_DB_READONLY')
  expect((err as Error).message).toContain(file)

  const ro = openDb({ file, readonly: true })
  expect(ro.prepare('SELECT count(*) FROM delivery').pluck().get()).toBe(1)
  ro.close()
})

it('stop() is best-effort when the database stopped taking writes: it resolves, logs, and closes the file', async () => {
  const { dir, cleanup } = tmpDir()
  cleanups.push(cleanup)
  const file = join(dir, 'hooklab.db')
  const logger = recordingLogger()
  const engine = createEngine({ dbFile: file, logger, pollMs: 20 })
  engine.start() // beats the heartbeat: stop removes that row, a write
  await new Promise((r) => setTimeout(r, 50))
  engine.delivery.enqueue({ url: 'http://127.0.0.1:9/x', body: Buffer.from('{"held":1}'), contentType: 'application/json' })
  const undo = immutable([file, `${file}-wal`])
  if (undo) cleanups.push(undo)
  else engine.db.pragma('query_only = ON') // injected: chattr is not allowed here
  await expect(engine.stop({ graceMs: 0 })).resolves.toBeUndefined()
  expect(engine.db.open).toBe(false)
  expect(logger.lines.some((l) => /^error queued deliveries could not be written/.test(l))).toBe(true)
})

it('importing captures onto a full disk gives E_DB_FULL naming the file, not E_INTERNAL', async () => {
  const disk = smallDisk(2)
  cleanups.push(disk.cleanup)
  const file = join(disk.dir, 'hooklab.db')
  const engine = createEngine({ dbFile: file })
  cleanups.push(() => engine.stop())
  const spaceBack = fillDisk(disk, engine.db)
  cleanups.push(spaceBack)
  const items = Array.from({ length: 3 }, (_, i) => ({
    id: `cap_import_${i}`,
    inboxSlug: 'copy',
    receivedAt: Date.now(),
    remoteAddress: null,
    method: 'POST',
    path: '/in/copy',
    query: '',
    headers: [['content-type', 'application/json']] as Array<[string, string]>,
    contentType: 'application/json',
    body: Buffer.alloc(300_000, 0x61),
    size: 300_000,
    oversize: false,
    response: null,
    verification: null,
    forward: null,
  }))
  const err = thrown(() => engine.receiver.importCaptures(items))
  expect(isHooklabError(err) && err.code).toBe('E_DB_FULL')
  expect((err as Error).message).toContain(file)
})

it("the open's write probe does not wait for another process's write lock (it failed after 5 s with SQLITE_BUSY)", () => {
  const home = tmpDir('hooklab-locked-')
  const file = join(home.dir, 'hooklab.db')
  openDb({ file }).close()
  // Another process (the app, a listen) in the middle of a write.
  const other = openDb({ file })
  other.exec('BEGIN IMMEDIATE')
  try {
    // Opened (it threw SQLITE_BUSY after busy_timeout), and usable for reading while the other write goes on.
    const db = openDb({ file })
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThan(0)
    db.close()
  } finally {
    other.exec('ROLLBACK')
    other.close()
    home.cleanup()
  }
})
