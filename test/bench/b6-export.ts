// B6 export: a home seeded with N attempts (and another with N captures) is exported by a fresh
// process through the engine's streaming exporter; we report MB/s and the exporter's RSS growth,
// then parse the file and check that every attempt (capture) is in it.
import { mkdtempSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startChild } from './lib/proc'
import { seedCaptures, seedHistory } from './lib/seed'
import { round } from './lib/stats'
import type { Bench, BenchContext, Row } from './lib/types'

type Kind = 'attempts' | 'captures'

/** Exports `kind` from `home` in a child; returns the child's figures and the parsed file's count. */
async function exportIn(ctx: BenchContext, home: string, kind: Kind): Promise<{ r: Record<string, unknown>; exported: number }> {
  const out = join(home, 'export.json')
  const r = await startChild('b6-export', { home, out, kind }, { execArgv: ['--expose-gc'], timeoutMs: 300_000 }).result
  const doc = JSON.parse(readFileSync(out, 'utf8')) as { deliveries?: Array<{ attempts: unknown[] }>; captures?: unknown[] }
  const exported = kind === 'attempts' ? (doc.deliveries ?? []).reduce((n, d) => n + d.attempts.length, 0) : (doc.captures ?? []).length
  ctx.log(`  B6 exported ${exported} ${kind}, ${round((r.bytes as number) / 2 ** 20, 1)} MB in ${Math.round(r.ms as number)} ms, RSS +${round(r.growthMb as number, 1)} MB`)
  return { r, exported }
}

function rows(id: string, n: number, kind: Kind, r: Record<string, unknown>): Row[] {
  const growth = r.growthMb as number
  return [
    { id, what: `export ${n.toLocaleString('en-US')} ${kind}, streamed to a file`, figure: round(r.mbPerS as number, 1), unit: 'MB/s', reference: null, ratio: null, goal: '', met: null },
    { id: `${id}/rss`, what: `export of ${kind}: RSS growth of the exporting process`, figure: round(growth, 1), unit: 'MB', reference: null, ratio: null, goal: '< 150 MB', met: growth < 150 },
  ]
}

export const b6Export: Bench = async (ctx) => {
  const n = ctx.quick ? 20_000 : 100_000
  const home = mkdtempSync(join(ctx.tmpRoot, 'b6-'))
  const t0 = Date.now()
  const seeded = await seedHistory(home, n)
  ctx.log(`  B6 seeded ${seeded.attempts} attempts in ${Date.now() - t0} ms`)
  const attempts = await exportIn(ctx, home, 'attempts')

  // The same for the inbox's captures (hooklab.captures/v1): 1 KB signed JSON bodies, as captured.
  const capHome = mkdtempSync(join(ctx.tmpRoot, 'b6c-'))
  const t1 = Date.now()
  const capSeeded = await seedCaptures(capHome, n)
  ctx.log(`  B6 seeded ${capSeeded.captures} captures in ${Date.now() - t1} ms`)
  const captures = await exportIn(ctx, capHome, 'captures')

  const lost = [
    attempts.exported !== seeded.attempts ? `export holds ${attempts.exported} of ${seeded.attempts} attempts` : '',
    captures.exported !== capSeeded.captures ? `export holds ${captures.exported} of ${capSeeded.captures} captures` : '',
  ].filter(Boolean)
  return {
    rows: [...rows('B6', seeded.attempts, 'attempts', attempts.r), ...rows('B6c', capSeeded.captures, 'captures', captures.r)],
    dataLoss: lost.length > 0 ? lost.join('; ') : undefined,
    details: { seeded, exported: attempts.exported, ...attempts.r, captures: { seeded: capSeeded, exported: captures.exported, ...captures.r } },
  }
}
