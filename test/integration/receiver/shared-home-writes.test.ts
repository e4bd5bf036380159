// Two processes writing one home (the app and `hooklab listen`, two listens, serve delivering while
// listen catches): a capture whose duplicate check reads before it inserts must wait for the other
// writer, not fail at once with SQLITE_BUSY and answer the sender 500 (a sender that does not retry,
// like GitHub, lost the webhook).
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startReceiver } from './helpers'
import type { Harness } from './helpers'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

/** Another process committing small write transactions on the same database file, back to back, until killed. */
function otherWriter(file: string): { stop: () => Promise<void>; ready: Promise<void> } {
  const script = `
    const Database = require('better-sqlite3')
    const db = new Database(process.argv[1])
    db.pragma('busy_timeout = 5000')
    db.exec('CREATE TABLE IF NOT EXISTS other_writer (n INTEGER)')
    const ins = db.prepare('INSERT INTO other_writer (n) VALUES (?)')
    let n = 0
    console.log('ready')
    for (;;) ins.run(n++)
  `
  const child = spawn(process.execPath, ['-e', script, file], {
    cwd: join(__dirname, '../../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    ready,
    stop: async () => {
      child.kill('SIGKILL')
      await exited
    },
  }
}

describe('captures while another process writes the same home', () => {
  it('every signed request (a webhook-id, so the duplicate check reads first) is stored and answered 200', async () => {
    h = await startReceiver()
    const other = otherWriter(join(h.dir, 'hooklab.db'))
    try {
      await other.ready
      const statuses: number[] = []
      // 16 senders at once, 25 requests each, every one with its own webhook-id.
      await Promise.all(
        Array.from({ length: 16 }, async (_, s) => {
          for (let i = 0; i < 25; i++) {
            const res = await fetch(`${h!.url}/hooks`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'webhook-id': `msg_${s}_${i}` },
              body: '{}',
            })
            await res.arrayBuffer()
            statuses.push(res.status)
          }
        }),
      )
      const counts = statuses.reduce<Record<number, number>>(
        (acc, st) => ({ ...acc, [st]: (acc[st] ?? 0) + 1 }),
        {},
      )
      expect(counts).toEqual({ 200: 400 })
      expect((h.db.prepare('SELECT COUNT(*) AS n FROM capture').get() as { n: number }).n).toBe(400)
    } finally {
      await other.stop()
    }
  })
})
