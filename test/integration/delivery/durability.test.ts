// Crash safety and multi-process safety, with real child processes on one SQLite file.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { startSink, tmpHome } from './helpers'

const ROOT = resolve(__dirname, '../../..')
const children: ChildProcess[] = []
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  for (const c of cleanups.splice(0).reverse()) await c()
})

function spawnChild(config: object): Promise<ChildProcess> {
  // node itself (not the tsx wrapper), so SIGKILL hits the process that runs the engine.
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/engine-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, HOOKLAB_CHILD: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  return new Promise((resolveReady, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolveReady(child)
    })
    child.on('exit', (code) => reject(new Error(`child exited early (${code})`)))
  })
}

async function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('durability', () => {
  it('after SIGKILL mid-run, a new engine on the same file delivers every queued message', async () => {
    const home = tmpHome()
    cleanups.push(home.cleanup)
    const sink = await startSink([{ status: 200, delayMs: 250 }])
    cleanups.push(() => sink.close())
    const dbFile = join(home.dir, 'hooklab.db')
    const N = 40
    const IN_FLIGHT = 8
    const child = await spawnChild({ dbFile, ownerId: 'victim', maxInFlight: IN_FLIGHT, enqueue: { url: sink.url, n: N, timeoutMs: 1000 } })
    await until(() => sink.requests.length >= 10, 20_000)
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    const before = sink.requests.length

    const engine = createEngine({ dbFile, pollMs: 50 })
    cleanups.push(() => engine.stop({ graceMs: 500 }))
    engine.start()
    const ids = engine.delivery.listDeliveries({}, { limit: 500 }).items.map((d) => d.id)
    expect(ids).toHaveLength(N)
    const finals = await Promise.all(ids.map((id) => engine.delivery.waitFor(id)))
    expect(finals.every((f) => f.status === 'delivered')).toBe(true)

    const received = sink.requests.map((r) => String(r.headers['webhook-id']))
    expect(new Set(received).size).toBe(N) // none lost
    expect(received.length - N).toBeLessThanOrEqual(IN_FLIGHT) // resent only what was in flight at the kill
    expect(before).toBeLessThan(received.length)
  })

  it('two engines in two processes on one file never send the same attempt twice', async () => {
    const home = tmpHome()
    cleanups.push(home.cleanup)
    const sink = await startSink([{ status: 200, delayMs: 5 }])
    cleanups.push(() => sink.close())
    const dbFile = join(home.dir, 'hooklab.db')
    const N = 300
    const engine = createEngine({ dbFile, pollMs: 20, ownerId: 'parent', maxInFlight: 16 })
    cleanups.push(() => engine.stop({ graceMs: 500 }))
    const ids: string[] = []
    for (let i = 0; i < N; i++) ids.push(engine.delivery.enqueue({ url: sink.url, body: Buffer.from(`{"i":${i}}`), contentType: 'application/json' }).deliveryId)
    engine.delivery.flush()
    await spawnChild({ dbFile, ownerId: 'child', maxInFlight: 16 })
    engine.start()
    await Promise.all(ids.map((id) => engine.delivery.waitFor(id)))

    const received = sink.requests.map((r) => String(r.headers['webhook-id']))
    expect(received).toHaveLength(N)
    expect(new Set(received).size).toBe(N)
    const owners = engine.db.prepare('SELECT owner, COUNT(*) AS n FROM attempt GROUP BY owner').all() as Array<{ owner: string; n: number }>
    expect(owners.reduce((a, o) => a + o.n, 0)).toBe(N)
    expect(owners.map((o) => o.owner).sort()).toEqual(['child', 'parent']) // both really worked
  })
})
