// B2 capture rate: autocannon (50 connections, 1 KB POST) against the engine's receiver
// (every request persisted before its 200) and against a bare node:http sink that keeps
// nothing, interleaved. After each receiver run, every acknowledged request must be a row.
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { postLoad } from './lib/load'
import { startChild } from './lib/proc'
import { median, round } from './lib/stats'
import { fmt } from './lib/table'
import type { Bench, Row } from './lib/types'

export const b2Capture: Bench = async (ctx) => {
  const durationS = ctx.quick ? 3 : 10
  const runs: Record<'receiver' | 'sink', number[]> = { receiver: [], sink: [] }
  // CPU per request (µs): the server's process (every thread) and autocannon's (this process).
  // With 2 vCPUs both are busy, so the ratio is decided by the server's CPU per request.
  const cpu: Record<'receiver' | 'sink' | 'autocannon', number[]> = { receiver: [], sink: [], autocannon: [] }
  const checks: Array<Record<string, unknown>> = []
  let dataLoss: string | undefined
  const order: Array<'receiver' | 'sink'> = ['receiver', 'sink']
  for (let rep = 0; rep < ctx.reps; rep++) {
    for (const kind of order) {
      if (kind === 'sink') {
        const sink = startChild<{ url: string }>('sink', {})
        try {
          const { url } = await sink.ready
          await sink.call('reset')
          const c0 = process.cpuUsage()
          const r = await postLoad(url, durationS)
          const loadCpu = process.cpuUsage(c0)
          const served = await sink.call<{ count: number; cpuMs: number }>('stats')
          runs.sink.push(r.rate)
          cpu.sink.push((served.cpuMs * 1000) / Math.max(1, served.count))
          cpu.autocannon.push((loadCpu.user + loadCpu.system) / Math.max(1, served.count))
          ctx.log(`  B2 bare sink run ${rep + 1}: ${Math.round(r.rate)} req/s; CPU ${Math.round((served.cpuMs * 1000) / Math.max(1, served.count))} µs/req`)
        } finally {
          await sink.stop()
        }
      } else {
        const home = mkdtempSync(join(ctx.tmpRoot, 'b2-'))
        const rx = startChild<{ url: string }>('receiver', { home })
        try {
          const { url } = await rx.ready
          const r = await postLoad(`${url}/in/default/bench`, durationS)
          const rxCpuMs = await rx.call<number>('cpuMs')
          const rows = await rx.call<number>('count')
          cpu.receiver.push((rxCpuMs * 1000) / Math.max(1, rows))
          await rx.call('stop')
          await Promise.race([rx.exited, new Promise((r) => setTimeout(r, 3000))])
          checks.push({ run: rep + 1, acknowledged: r.ok, captured: rows, non2xx: r.non2xx, errors: r.errors, p99Ms: r.p99Ms })
          if (rows < r.ok) dataLoss = `receiver acknowledged ${r.ok} requests but ${rows} captures are in the table`
          runs.receiver.push(r.rate)
          ctx.log(`  B2 receiver run ${rep + 1}: ${Math.round(r.rate)} req/s, ${r.ok} acknowledged, ${rows} captured, p99 ${r.p99Ms} ms; CPU ${Math.round((rxCpuMs * 1000) / Math.max(1, rows))} µs/req`)
        } finally {
          await rx.stop()
        }
      }
    }
    order.reverse()
  }
  const receiver = median(runs.receiver)
  const sink = median(runs.sink)
  const rows: Row[] = [
    { id: 'R-c', what: 'bare node:http sink under autocannon, 50 conns, 1 KB POST', figure: round(sink, 0), unit: 'req/s', reference: null, ratio: null, goal: '', met: null },
    {
      id: 'B2',
      what: 'receiver capture, every acknowledged request committed',
      figure: round(receiver, 0),
      unit: 'req/s',
      reference: `bare sink ${fmt(sink, 'req/s')}`,
      ratio: round(receiver / sink, 3),
      goal: '≥ 0.85×, 0 lost',
      met: receiver / sink >= 0.85 && !dataLoss,
    },
  ]
  const us = (k: keyof typeof cpu): number => round(median(cpu[k]), 1)
  rows.push({
    id: 'B2/cpu',
    what: 'CPU per request, server process (all threads)',
    figure: cpu.receiver.length ? us('receiver') : null,
    unit: 'µs',
    reference: cpu.sink.length ? `bare sink ${us('sink')} µs (autocannon ${us('autocannon')})` : null,
    ratio: null,
    goal: '',
    met: null,
    note: cpu.receiver.length ? undefined : 'not run',
  })
  return { rows, dataLoss, details: { durationS, runs, cpuMicrosPerRequest: cpu, checks } }
}
