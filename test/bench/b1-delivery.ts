// B1 durable delivery vs (a) raw undici (the limit) and (b) BullMQ + redis-server, all sending
// the same signed 1 KB JSON to one bare sink in another process. Runs are interleaved and the
// figures are medians; the sink's count and the engine's attempt rows are checked every run.
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { ensurePeers } from './lib/peers'
import { startChild } from './lib/proc'
import { startRedis, type RedisHandle } from './lib/redis'
import { median, round } from './lib/stats'
import { fmt } from './lib/table'
import type { Bench, Row } from './lib/types'

const CONCURRENCY = 64

interface SinkStats {
  count: number
  cpuMs: number
}

type Kind = 'engine' | 'undici' | 'bullmq'

// BullMQ and its Redis client are installed on demand (lib/peers.ts); if that fails the
// reference is reported as not run, with npm's reason.
function bullmqMissing(): string | null {
  try {
    ensurePeers()
    return null
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim()
    return `BullMQ could not be installed for the reference: ${stderr || (err as Error).message}`
  }
}

export const b1Delivery: Bench = async (ctx) => {
  const count = ctx.quick ? 3_000 : 20_000
  const sink = startChild<{ url: string }>('sink', {})
  let redis: RedisHandle | null = null
  const runs: Record<'engine' | 'undici' | 'bullmq', number[]> = {
    engine: [],
    undici: [],
    bullmq: [],
  }
  // CPU per message (µs) of the sending process (every thread) and of the sink, per run: with
  // 2 vCPUs the ratios are decided by CPU, so the table says where each side spends it.
  const cpu: Record<Kind, { sender: number[]; sink: number[]; cores: number[] }> = {
    engine: { sender: [], sink: [], cores: [] },
    undici: { sender: [], sink: [], cores: [] },
    bullmq: { sender: [], sink: [], cores: [] },
  }
  const checks: string[] = []
  let dataLoss: string | undefined
  let bullmqError: string | null = null
  const failures: Partial<Record<'engine' | 'undici' | 'bullmq', string>> = {}
  try {
    const { url } = await sink.ready
    bullmqError = bullmqMissing()
    if (!bullmqError) {
      try {
        redis = await startRedis()
      } catch (err) {
        bullmqError = (err as Error).message
      }
    }
    const order: Array<'engine' | 'undici' | 'bullmq'> = ['engine', 'undici', 'bullmq']
    for (let rep = 0; rep < ctx.reps; rep++) {
      for (const kind of order) {
        if (kind === 'bullmq' && !redis) continue
        await sink.call('reset')
        const timeoutMs = 300_000
        let res: Record<string, unknown>
        if (failures[kind]) continue
        try {
          if (kind === 'engine') {
            const home = mkdtempSync(join(ctx.tmpRoot, 'b1-'))
            res = await startChild(
              'b1-engine',
              { home, url, count, concurrency: CONCURRENCY },
              { timeoutMs },
            ).result
            if (res.attempts !== count || res.deliveredRows !== count)
              dataLoss = `engine run ${rep + 1}: ${String(res.deliveredRows)} delivered rows, ${String(res.attempts)} attempt rows for ${count} messages`
          } else if (kind === 'undici') {
            res = await startChild(
              'ref-undici',
              { url, count, concurrency: CONCURRENCY },
              { timeoutMs },
            ).result
          } else {
            res = await startChild(
              'ref-bullmq',
              { url, count, concurrency: CONCURRENCY, redisPort: redis!.port },
              { timeoutMs },
            ).result
          }
        } catch (err) {
          failures[kind] = (err as Error).message.split('\n')[0]!
          ctx.log(`  B1 ${kind} failed: ${failures[kind]}`)
          continue
        }
        const stats = await sink.call<SinkStats>('stats')
        const seen = stats.count
        const cpuMs = res.cpuMs as number
        cpu[kind].sender.push((cpuMs * 1000) / count)
        cpu[kind].sink.push((stats.cpuMs * 1000) / Math.max(1, seen))
        cpu[kind].cores.push(cpuMs / (res.ms as number))
        if (seen < count) {
          const msg = `${kind} run ${rep + 1}: sink received ${seen} of ${count}`
          if (kind === 'engine') dataLoss = msg
          checks.push(msg)
        }
        runs[kind].push(res.rate as number)
        ctx.log(
          `  B1 ${kind} run ${rep + 1}: ${Math.round(res.rate as number)} msg/s (sink saw ${seen}); CPU ${Math.round((cpuMs * 1000) / count)} µs/msg sender, ${Math.round((stats.cpuMs * 1000) / Math.max(1, seen))} µs/msg sink`,
        )
      }
      order.push(order.shift()!)
    }
  } finally {
    await sink.stop()
    await redis?.stop()
  }
  if (failures.bullmq) bullmqError = failures.bullmq
  const crash = failures.engine ?? failures.undici
  const engine = median(runs.engine)
  const undici = median(runs.undici)
  const bullmq = median(runs.bullmq)
  const rows: Row[] = [
    {
      id: 'R-a',
      what: 'raw undici Pool → sink (the limit), c=64',
      figure: round(undici, 0),
      unit: 'msg/s',
      reference: null,
      ratio: null,
      goal: '',
      met: null,
    },
    bullmqError
      ? {
          id: 'R-b',
          what: 'BullMQ + redis-server, worker c=64',
          figure: null,
          unit: 'jobs/s',
          reference: null,
          ratio: null,
          goal: '',
          met: null,
          note: `not run: ${bullmqError}`,
        }
      : {
          id: 'R-b',
          what: 'BullMQ + redis-server, worker c=64',
          figure: round(bullmq, 0),
          unit: 'jobs/s',
          reference: null,
          ratio: null,
          goal: '',
          met: null,
        },
    {
      id: 'B1',
      what: `durable delivery, ${count.toLocaleString('en-US')} signed 1 KB, every attempt persisted`,
      figure: round(engine, 0),
      unit: 'msg/s',
      reference: `raw undici ${fmt(undici, 'msg/s')}`,
      ratio: round(engine / undici, 3),
      goal: '≥ 0.70×',
      met: engine / undici >= 0.7,
    },
    {
      id: 'B1/b',
      what: 'durable delivery vs BullMQ',
      figure: round(engine, 0),
      unit: 'msg/s',
      reference: bullmqError ? null : `BullMQ ${fmt(bullmq, 'jobs/s')}`,
      ratio: bullmqError ? null : round(engine / bullmq, 3),
      goal: '≥ 2×',
      met: bullmqError ? null : engine / bullmq >= 2,
    },
  ]
  const us = (k: Kind, side: 'sender' | 'sink'): number => round(median(cpu[k][side]), 1)
  rows.push({
    id: 'B1/cpu',
    what: 'CPU per message, sending process (all threads) / sink',
    figure: runs.engine.length ? us('engine', 'sender') : null,
    unit: 'µs',
    reference: runs.undici.length ? `raw undici ${us('undici', 'sender')} µs (sink ${us('undici', 'sink')})` : null,
    ratio: null,
    goal: '',
    met: null,
    note: runs.engine.length ? undefined : 'not run',
  })
  if (crash) {
    for (const r of rows) {
      if (r.id === 'R-b') continue
      if (r.id !== 'R-a' || failures.undici) Object.assign(r, { figure: null, ratio: null, met: null, note: `crashed: ${crash}` })
    }
  }
  return { rows, dataLoss, crash, details: { count, concurrency: CONCURRENCY, runs, cpuMicrosPerMessage: cpu, checks } }
}
