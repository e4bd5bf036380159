// B4 kill -9: an engine in a child process works through N queued messages against a slow-ish
// sink; it is SIGKILLed a third of the way in, and a new engine on the same file finishes. The
// sink records every webhook-id: none may be missing, and a duplicate is only allowed for a
// delivery that was in flight (leased, status 'sending') at the kill.
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { startChild } from './lib/proc'
import type { Bench } from './lib/types'

interface SinkStats {
  count: number
  inFlight: number
}

export const b4Kill: Bench = async (ctx) => {
  const count = ctx.quick ? 2_000 : 10_000
  const home = mkdtempSync(join(ctx.tmpRoot, 'b4-'))
  const dbFile = join(home, 'hooklab.db')
  const sink = startChild<{ url: string }>('sink', { delayMs: 20, recordIds: true })
  const timeoutMs = 1000
  try {
    const { url } = await sink.ready
    const first = startChild('b4-engine', { home, url, count, phase: 'first', timeoutMs, deadlineMs: 0 })
    await first.ready
    const killAt = Math.floor(count / 3)
    const t0 = Date.now()
    let atKill: SinkStats
    for (;;) {
      atKill = await sink.call<SinkStats>('stats')
      if (atKill.count >= killAt) break
      if (Date.now() - t0 > 60_000) throw new Error(`the first engine sent only ${atKill.count} in 60 s`)
      await new Promise((r) => setTimeout(r, 10))
    }
    first.proc.kill('SIGKILL')
    await first.exited
    const seenAtKill = (await sink.call<SinkStats>('stats')).count

    const db = new Database(dbFile, { readonly: true })
    const byStatus = Object.fromEntries(
      (db.prepare('SELECT status, count(*) AS n FROM delivery GROUP BY status').all() as Array<{ status: string; n: number }>).map((r) => [r.status, r.n]),
    ) as Record<string, number>
    db.close()
    const inFlight = byStatus.sending ?? 0
    ctx.log(`  B4 killed after the sink saw ${seenAtKill}; in the DB: ${JSON.stringify(byStatus)}`)

    const restart = await startChild('b4-engine', { home, url, count, phase: 'restart', timeoutMs, deadlineMs: 120_000 }, { timeoutMs: 150_000 }).result

    const db2 = new Database(dbFile, { readonly: true })
    const ids = (db2.prepare('SELECT id FROM message').all() as Array<{ id: string }>).map((r) => r.id)
    const finalStatus = Object.fromEntries(
      (db2.prepare('SELECT status, count(*) AS n FROM delivery GROUP BY status').all() as Array<{ status: string; n: number }>).map((r) => [r.status, r.n]),
    )
    db2.close()
    const seen = new Map(await sink.call<Array<[string, number]>>('ids'))
    let lost = 0
    let duplicates = 0
    for (const id of ids) {
      const n = seen.get(id) ?? 0
      if (n === 0) lost++
      else duplicates += n - 1
    }
    if (ids.length !== count) lost += count - ids.length
    ctx.log(`  B4 restart finished in ${String(restart.ms)} ms: lost ${lost}, duplicates ${duplicates}, in flight at kill ${inFlight}`)
    return {
      rows: [
        { id: 'B4', what: `kill -9 mid-run, ${count.toLocaleString('en-US')} queued, restart: lost`, figure: lost, unit: 'msgs', reference: null, ratio: null, goal: '0', met: lost === 0 },
        {
          id: 'B4/dup',
          what: 'kill -9: duplicates (vs in flight at the kill)',
          figure: duplicates,
          unit: 'msgs',
          reference: `${inFlight} in flight`,
          ratio: null,
          goal: '≤ in flight',
          met: duplicates <= inFlight,
        },
      ],
      dataLoss: lost ? `${lost} of ${count} messages never reached the sink after the restart` : undefined,
      details: { count, seenAtKill, statusAtKill: byStatus, finalStatus, lost, duplicates, inFlight, restartMs: restart.ms },
    }
  } finally {
    await sink.stop()
  }
}
