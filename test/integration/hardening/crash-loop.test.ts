// kill -9 of the engine process, over and over, at random points of a delivery load: after every
// restart nothing is lost, every delivery ends delivered, and each kill re-sends at most what was
// in flight. The figures go to test-results/crash-loop.json (quoted by RELIABILITY.md).
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { prng, startRecordingSink, tmpDir, until } from './helpers'

const ROOT = resolve(__dirname, '../../..')
const KILLS = 20
const MESSAGES = 600
const MAX_IN_FLIGHT = 8
const SEED = 0x5eed7

const children: ChildProcess[] = []
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  for (const c of cleanups.splice(0).reverse()) await c()
})

function spawnEngine(config: object): { child: ChildProcess; ready: Promise<void>; exited: Promise<void> } {
  // node itself runs the engine (not a tsx wrapper), so SIGKILL hits the engine.
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/hardening/crash-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, HOOKLAB_CRASH: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  // Bounded: a child that dies or hangs before "ready" fails the test instead of stalling it.
  const ready = new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error('engine child not ready in 20 s')), 20_000)
    child.stdout?.on('data', (d: Buffer) => {
      if (!d.toString().includes('ready')) return
      clearTimeout(timer)
      resolveReady()
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      if (signal !== 'SIGKILL') reject(new Error(`engine child exited before ready (${code ?? signal})`))
    })
  })
  ready.catch(() => {}) // observed by whoever awaits it
  return { child, ready, exited }
}

describe('crash loop', () => {
  it(`survives ${KILLS} SIGKILLs during a load: nothing lost, all delivered, re-sends bounded by in-flight`, async () => {
    const { dir, cleanup } = tmpDir()
    cleanups.push(cleanup)
    const sink = await startRecordingSink(40)
    cleanups.push(() => sink.close())
    const times: number[] = [] // receipt time of sink.ids[i]
    const origPush = sink.ids.push.bind(sink.ids)
    sink.ids.push = (...items: string[]): number => {
      for (let i = 0; i < items.length; i++) times.push(Date.now())
      return origPush(...items)
    }
    const dbFile = join(dir, 'hooklab.db')
    const random = prng(SEED)
    const killTimes: number[] = []
    const killedBeforeReady: boolean[] = []
    // In flight at each kill, read from the file once the child is dead: the rows the killed
    // engine had leased. Leases of engines killed earlier may still be there, unexpired; they
    // were counted at their own kill, so only owners not seen before count here.
    const leasedAtKill: number[] = []
    const seenOwners = new Set<string>()
    const countLeased = (): number => {
      const db = new Database(dbFile)
      try {
        const groups = db
          .prepare("SELECT lease_owner AS owner, count(*) AS n FROM delivery WHERE status = 'sending' GROUP BY lease_owner")
          .all() as Array<{ owner: string; n: number }>
        let fresh = 0
        for (const g of groups) {
          expect(g.n, `leases held by one engine (${g.owner})`).toBeLessThanOrEqual(MAX_IN_FLIGHT)
          if (!seenOwners.has(g.owner)) fresh += g.n
          seenOwners.add(g.owner)
        }
        return fresh
      } finally {
        db.close()
      }
    }

    for (let k = 0; k < KILLS; k++) {
      const first = k === 0
      const proc = spawnEngine({ dbFile, maxInFlight: MAX_IN_FLIGHT, ...(first ? { enqueue: { url: sink.url, n: MESSAGES } } : {}) })
      let isReady = false
      void proc.ready.then(() => (isReady = true)).catch(() => {})
      // The first run must commit its enqueues (only acknowledged work counts). Later runs die
      // anywhere: one in four while starting (opening the file, migrating), the rest mid-load.
      const duringStartup = !first && random() < 0.25
      if (!duringStartup) await proc.ready
      await new Promise((r) => setTimeout(r, Math.floor(random() * (duringStartup ? 800 : 400))))
      killTimes.push(Date.now())
      killedBeforeReady.push(!isReady)
      proc.child.kill('SIGKILL')
      await proc.exited
      leasedAtKill.push(countLeased())
    }

    // The last restart runs to the end in this process.
    const engine = createEngine({ dbFile, pollMs: 20, maxInFlight: MAX_IN_FLIGHT })
    cleanups.push(() => engine.stop({ graceMs: 0 }))
    engine.start()
    const all = engine.delivery.listDeliveries({}, { limit: 500 })
    const ids = [...all.items]
    let cursor = all.nextCursor
    while (cursor) {
      const page = engine.delivery.listDeliveries({}, { limit: 500, cursor })
      ids.push(...page.items)
      cursor = page.nextCursor
    }
    expect(ids).toHaveLength(MESSAGES)
    const finals = await Promise.all(ids.map((d) => engine.delivery.waitFor(d.id)))
    expect(finals.filter((f) => f.status !== 'delivered')).toEqual([])
    await until(() => new Set(sink.ids).size >= MESSAGES, 10_000, 'every message received')

    const expected = new Set(ids.map((d) => d.messageId))
    const received = new Set(sink.ids)
    const lost = [...expected].filter((id) => !received.has(id))
    expect(lost).toEqual([])

    // Only a delivery leased at a kill is sent again, so: every engine holds at most maxInFlight
    // leases (checked at each kill above), and all re-sends together are at most the leases the
    // killed engines left behind.
    const duplicates = sink.ids.length - received.size
    expect(duplicates).toBeLessThanOrEqual(leasedAtKill.reduce((a, b) => a + b, 0))
    expect(sink.peakInFlight).toBeLessThanOrEqual(MAX_IN_FLIGHT)
    // For the report: a re-send is put on the first kill after the message's first receipt (the
    // child sent it, then died before writing the outcome down). Receipt times near a kill are
    // approximate, so these per-kill figures are reported, not asserted one by one.
    const firstSeen = new Map<string, number>()
    const dupPerKill = new Array<number>(KILLS).fill(0)
    sink.ids.forEach((id, i) => {
      const t = times[i] ?? 0
      const seen = firstSeen.get(id)
      if (seen === undefined) {
        firstSeen.set(id, t)
        return
      }
      const k = killTimes.findIndex((kt) => kt >= seen)
      if (k >= 0) dupPerKill[k]! += 1
    })

    const figures = {
      test: 'test/integration/hardening/crash-loop.test.ts',
      at: new Date().toISOString(),
      seed: SEED,
      kills: KILLS,
      killsBeforeReady: killedBeforeReady.filter(Boolean).length,
      messages: MESSAGES,
      maxInFlight: MAX_IN_FLIGHT,
      peakInFlightAtSink: sink.peakInFlight,
      received: sink.ids.length,
      lost: lost.length,
      duplicates,
      leasedAtKill,
      duplicatesPerKill: dupPerKill,
      maxDuplicatesAtOneKill: Math.max(...dupPerKill),
      allDelivered: finals.every((f) => f.status === 'delivered'),
    }
    mkdirSync(join(ROOT, 'test-results'), { recursive: true })
    writeFileSync(join(ROOT, 'test-results', 'crash-loop.json'), `${JSON.stringify(figures, null, 2)}\n`)
  }, 120_000)
})
