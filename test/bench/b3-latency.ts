// B3 enqueue → first byte at the sink, at idle: the engine and the sink run in two processes on
// one machine and stamp performance.timeOrigin + now() (the same wall clock).
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { startChild } from './lib/proc'
import { percentile, round } from './lib/stats'
import type { Bench } from './lib/types'

export const b3Latency: Bench = async (ctx) => {
  const count = ctx.quick ? 50 : 200
  const sink = startChild<{ url: string }>('sink', { recordIds: true })
  let latencies: number[] = []
  let missing = 0
  try {
    const { url } = await sink.ready
    const home = mkdtempSync(join(ctx.tmpRoot, 'b3-'))
    const res = await startChild('b3-engine', { home, url, count, warmup: 5, gapMs: 20 }, { timeoutMs: 120_000 }).result
    const stamps = new Map(await sink.call<Array<[string, number]>>('stamps'))
    for (const [id, at] of res.sent as Array<[string, number]>) {
      const arrived = stamps.get(id)
      if (arrived === undefined) missing++
      else latencies.push(arrived - at)
    }
  } finally {
    await sink.stop()
  }
  latencies = latencies.sort((a, b) => a - b)
  const p50 = percentile(latencies, 50)
  const p99 = percentile(latencies, 99)
  return {
    rows: [
      { id: 'B3', what: `enqueue → first byte at the sink, idle, p50 of ${count}`, figure: round(p50, 2), unit: 'ms', reference: null, ratio: null, goal: '< 5 ms', met: p50 < 5 },
      { id: 'B3/p99', what: `enqueue → first byte at the sink, idle, p99 of ${count}`, figure: round(p99, 2), unit: 'ms', reference: null, ratio: null, goal: '< 20 ms', met: p99 < 20 },
    ],
    dataLoss: missing ? `${missing} of ${count} messages never reached the sink` : undefined,
    details: { count, missing, maxMs: latencies.at(-1), minMs: latencies[0] },
  }
}
