import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startCheckpointer } from '../../../src-main/engine/db/checkpointer'
import { openDb } from '../../../src-main/engine/db/open'
import type { Db } from '../../../src-main/engine/db/open'
import type { Logger } from '../../../src-main/engine/logger'
import { silentLogger } from '../../../src-main/engine/logger'

const ROOT = resolve(__dirname, '../../..')
const dirs: string[] = []
function tempDb(): { db: Db; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hooklab-ckpt-'))
  dirs.push(dir)
  const file = join(dir, 'hooklab.db')
  return { db: openDb({ file }), file }
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

function writeMegabytes(db: Db, mb: number): void {
  db.exec('CREATE TABLE IF NOT EXISTS blob_rows (id INTEGER PRIMARY KEY, b BLOB)')
  const ins = db.prepare('INSERT INTO blob_rows (b) VALUES (?)')
  const body = Buffer.alloc(1024, 7)
  const tx = db.transaction(() => {
    for (let i = 0; i < 64; i++) ins.run(body)
  })
  for (let i = 0; i < mb * 16; i++) tx()
}

describe('background WAL checkpointer', () => {
  it('copies committed pages into the database file while the writing connection never checkpoints', async () => {
    const { db, file } = tempDb()
    const cp = startCheckpointer(db, { logger: silentLogger, everyMs: 20 })
    expect(cp.background).toBe(true)
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    const before = statSync(file).size
    writeMegabytes(db, 4)
    // Only the worker can have moved these pages out of the WAL.
    await until(() => statSync(file).size > before + 3 * 1024 * 1024)
    await cp.stop()
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    expect((db.prepare('SELECT count(*) AS n FROM blob_rows').get() as { n: number }).n).toBe(4 * 16 * 64)
    db.close()
  })

  it('keeps the WAL from growing without bound under steady writes', async () => {
    const { db, file } = tempDb()
    const cp = startCheckpointer(db, { logger: silentLogger, everyMs: 10, walBytes: 1024 * 1024 })
    expect(await cp.ready).toBe(true)
    // 32 MB in 64 KB transactions, pausing between them as a busy engine's loop would.
    for (let i = 0; i < 32 * 16; i++) {
      writeMegabytes(db, 1 / 16)
      await new Promise((r) => setTimeout(r, 2))
    }
    // Without the WAL starting over, it would hold all 32 MB (52 MB measured) and keep growing. The
    // writes go on while we look, so a worker slowed by a busy machine still gets to catch up.
    let more = 0
    await until(() => {
      writeMegabytes(db, 1 / 16)
      more++
      return statSync(`${file}-wal`).size < 16 * 1024 * 1024
    })
    await cp.stop()
    expect((db.prepare('SELECT count(*) AS n FROM blob_rows').get() as { n: number }).n).toBe((32 * 16 + more) * 64)
    db.close()
  })

  it('falls back to SQLite auto-checkpoints (and says so) when the worker cannot open the database', async () => {
    const { db } = tempDb()
    const warnings: string[] = []
    const logger: Logger = { ...silentLogger, warn: (msg) => void warnings.push(msg) }
    const cp = startCheckpointer(db, { logger, nativeBinding: '/nonexistent/better_sqlite3.node' })
    expect(await cp.ready).toBe(false)
    expect(cp.background).toBe(false)
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    expect(warnings.join('\n')).toMatch(/checkpoint/)
    await cp.stop()
    db.close()
  })

  it('does nothing for an in-memory database', async () => {
    const db = openDb({ file: ':memory:' })
    const cp = startCheckpointer(db, { logger: silentLogger })
    expect(cp.background).toBe(false)
    await cp.stop()
    db.close()
  })

  it('lets a plain Node process finish what it does after engine.stop() (the worker never ends it early)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hooklab-ckpt-'))
    dirs.push(dir)
    const script = join(dir, 'child.ts')
    // Nothing but engine.stop() keeps this process alive: an unref'd wait inside it would end the process there.
    writeFileSync(
      script,
      `import { createEngine } from ${JSON.stringify(join(ROOT, 'src-main/engine/engine'))}
const engine = createEngine({ home: ${JSON.stringify(dir)} })
const ep = engine.endpoints.create({ name: 'nowhere', url: 'http://127.0.0.1:9/' })
for (let i = 0; i < 3000; i++) engine.delivery.enqueue({ endpointId: ep.id, body: Buffer.alloc(2048, 120), contentType: 'text/plain' })
engine.delivery.flush()
setTimeout(async () => {
  await engine.stop()
  console.log('stopped cleanly')
}, 300)
`,
    )
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 })
    expect(child.stderr).not.toMatch(/Error/)
    expect(child.stdout).toContain('stopped cleanly')
    expect(child.status).toBe(0)
  })
})
