// Finding 5, runtime part (review 5): damage in the middle of hooklab.db passes the open (a full
// quick_check at every start is too slow on a big home) and shows up when a read reaches it. That
// read must come out as E_DB_CORRUPT naming the file with the way out, not "database disk image is
// malformed (E_INTERNAL)"; and the way out must then work: the next start checks the file, refuses it,
// and the usual recovery (the app's dialog, `serve --move-damaged-db`) moves it aside.
// The damage is real: 20 pages in the middle of the file overwritten with (seeded) random bytes.
import { execFileSync } from 'node:child_process'
import { existsSync, openSync, writeSync, closeSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, expect, it } from 'vitest'
import { openWithRecovery } from '../../../src-main/api/open-with-recovery'
import { createEngine } from '../../../src-main/engine/engine'
import type { Engine } from '../../../src-main/engine/engine'
import { isHooklabError } from '../../../src-main/engine/errors'
import { prng, tmpDir } from './helpers'

const ROOT = join(__dirname, '../../..')
const CLI = join(ROOT, 'out/main/cli.js')

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function damagedHome(): Promise<{ home: string; file: string }> {
  const { dir, cleanup } = tmpDir()
  cleanups.push(cleanup)
  const file = join(dir, 'hooklab.db')
  const engine = createEngine({ home: dir })
  const rand = prng(5)
  const items = Array.from({ length: 60 }, (_, i) => ({
    id: `cap_damage_${String(i).padStart(3, '0')}`,
    inboxSlug: 'default',
    receivedAt: Date.now() - i,
    remoteAddress: null,
    method: 'POST',
    path: '/in/default',
    query: '',
    headers: [['content-type', 'application/octet-stream']] as Array<[string, string]>,
    contentType: 'application/octet-stream',
    body: Buffer.from(Array.from({ length: 30_000 }, () => Math.floor(rand() * 256))),
    size: 30_000,
    oversize: false,
    response: null,
    verification: null,
    forward: null,
  }))
  engine.receiver.importCaptures(items)
  await engine.stop()
  const fd = openSync(file, 'r+')
  const junk = Buffer.from(Array.from({ length: 20 * 4096 }, () => Math.floor(rand() * 256)))
  writeSync(fd, junk, 0, junk.length, 200 * 4096)
  closeSync(fd)
  return { home: dir, file }
}

/** Every read a user makes of the Inbox, until one reaches the damage: what it threw. */
async function readEverything(engine: Engine): Promise<unknown> {
  const sink = new Writable({ write: (_c, _e, cb) => cb() })
  const reads: Array<() => unknown> = [
    () => engine.receiver.listCaptures({}, { limit: 500 }),
    () => engine.search.captures({}, { limit: 500 }),
    () => engine.export.exportCaptures({}, sink),
  ]
  for (const read of reads) {
    try {
      await read()
    } catch (err) {
      return err
    }
  }
  return null
}

it('damage met by a read is E_DB_CORRUPT naming the file and the way out, and the next start offers to move it aside', async () => {
  const { home, file } = await damagedHome()
  const engine = createEngine({ home }) // the open itself does not read the damaged pages
  const err = await readEverything(engine)
  await engine.stop()
  expect(err).not.toBeNull()
  expect(isHooklabError(err) && err.code).toBe('E_DB_CORRUPT')
  expect((err as Error).message).toContain(file)
  expect((err as Error).message).toContain('--move-damaged-db')

  // The next start finds it (a quick_check, only because damage was met) and the recovery moves it aside.
  let asked = ''
  const fresh = await openWithRecovery(home, () => createEngine({ home }), {
    confirm: (message) => {
      asked = message
      return true
    },
  })
  cleanups.push(() => fresh.stop())
  expect(asked).toContain(file)
  expect(readdirSync(home).some((f) => f.startsWith('hooklab.db.corrupt-'))).toBe(true)
  expect(existsSync(`${file}-damaged`)).toBe(false)
  expect(fresh.receiver.listCaptures({}, { limit: 10 }).items).toHaveLength(0)
})

it('the CLI says E_DB_CORRUPT with the file and --move-damaged-db, not E_INTERNAL', async () => {
  const { home, file } = await damagedHome()
  let stderr = ''
  try {
    execFileSync(process.execPath, [CLI, 'export', '--captures', '--home', home, '--out', join(home, 'out.json')], { stdio: 'pipe' })
  } catch (e) {
    stderr = String((e as { stderr?: Buffer }).stderr ?? '')
  }
  expect(stderr).toContain('(E_DB_CORRUPT)')
  expect(stderr).toContain(file)
  expect(stderr).toContain('--move-damaged-db')
})
