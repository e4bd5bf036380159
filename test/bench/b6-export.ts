// B6 export: a home seeded with N attempts is exported by a fresh process through the engine's
// streaming exporter; we report MB/s and the exporter's RSS growth, then parse the file and
// check that every attempt is in it.
import { mkdtempSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startChild } from './lib/proc'
import { seedHistory } from './lib/seed'
import { round } from './lib/stats'
import type { Bench } from './lib/types'

export const b6Export: Bench = async (ctx) => {
  const attempts = ctx.quick ? 20_000 : 100_000
  const home = mkdtempSync(join(ctx.tmpRoot, 'b6-'))
  const t0 = Date.now()
  const seeded = await seedHistory(home, attempts)
  ctx.log(`  B6 seeded ${seeded.attempts} attempts in ${Date.now() - t0} ms`)
  const out = join(home, 'export.json')
  const r = await startChild('b6-export', { home, out }, { execArgv: ['--expose-gc'], timeoutMs: 300_000 }).result
  const doc = JSON.parse(readFileSync(out, 'utf8')) as { format: string; deliveries: Array<{ attempts: unknown[] }> }
  const exported = doc.deliveries.reduce((n, d) => n + d.attempts.length, 0)
  const growth = r.growthMb as number
  ctx.log(`  B6 exported ${exported} attempts, ${round((r.bytes as number) / 2 ** 20, 1)} MB in ${Math.round(r.ms as number)} ms, RSS +${round(growth, 1)} MB`)
  return {
    rows: [
      { id: 'B6', what: `export ${attempts.toLocaleString('en-US')} attempts, streamed to a file`, figure: round(r.mbPerS as number, 1), unit: 'MB/s', reference: null, ratio: null, goal: '', met: null },
      { id: 'B6/rss', what: 'export: RSS growth of the exporting process', figure: round(growth, 1), unit: 'MB', reference: null, ratio: null, goal: '< 150 MB', met: growth < 150 },
    ],
    dataLoss: exported !== seeded.attempts ? `export holds ${exported} of ${seeded.attempts} attempts` : undefined,
    details: { seeded, exported, format: doc.format, ...r },
  }
}
