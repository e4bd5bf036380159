// The receiver's promise "answered 200 = on disk" under kill -9: a process running the receiver
// takes a stream of requests and is SIGKILLed at random points; every capture id it acknowledged
// is in the database afterwards, byte for byte.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDb } from '../../../src-main/engine/db/open'
import { prng, tmpDir } from './helpers'

const ROOT = resolve(__dirname, '../../..')
const KILLS = 10
const SEED = 0xc4f7
const CLIENTS = 8

const children: ChildProcess[] = []
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  for (const c of cleanups.splice(0).reverse()) await c()
})

function post(url: string, body: string): Promise<{ status: number; captureId: string | null }> {
  return new Promise((resolvePost) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', () => resolvePost({ status: 0, captureId: null }))
      res.on('end', () => {
        let captureId: string | null = null
        try {
          captureId = (JSON.parse(Buffer.concat(chunks).toString()) as { captureId?: string }).captureId ?? null
        } catch {
          captureId = null
        }
        resolvePost({ status: res.statusCode ?? 0, captureId })
      })
    })
    req.on('error', () => resolvePost({ status: 0, captureId: null }))
    req.end(body)
  })
}

describe('capture crash loop', () => {
  it(`every acknowledged capture survives ${KILLS} SIGKILLs of the receiver process`, async () => {
    const { dir, cleanup } = tmpDir()
    cleanups.push(cleanup)
    const dbFile = join(dir, 'hooklab.db')
    const random = prng(SEED)
    const acked = new Map<string, string>() // captureId -> body
    let sent = 0
    let refused = 0

    for (let k = 0; k < KILLS; k++) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/hardening/receiver-child.ts')], {
        cwd: ROOT,
        env: { ...process.env, HOOKLAB_RECEIVER_CHILD: JSON.stringify({ dbFile }) },
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      children.push(child)
      const exited = new Promise<void>((r) => child.once('exit', () => r()))
      const url = await new Promise<string>((resolveUrl, reject) => {
        const timer = setTimeout(() => reject(new Error('receiver child did not listen in 20 s')), 20_000)
        child.stdout?.on('data', (d: Buffer) => {
          const m = /listening (\S+)/.exec(d.toString())
          if (m?.[1]) {
            clearTimeout(timer)
            resolveUrl(m[1])
          }
        })
      })
      let alive = true
      const clients = Array.from({ length: CLIENTS }, async (_, c) => {
        for (let n = 0; alive; n++) {
          const body = `k${k}-c${c}-n${n}-${'x'.repeat(Math.floor(random() * 2000))}`
          sent++
          const r = await post(`${url}/crash/${k}/${c}/${n}`, body)
          if (r.status === 200 && r.captureId) acked.set(r.captureId, body)
          else refused++
        }
      })
      await new Promise((r) => setTimeout(r, 100 + Math.floor(random() * 400)))
      child.kill('SIGKILL')
      await exited
      alive = false
      await Promise.all(clients)
    }

    const db = openDb({ file: dbFile })
    cleanups.push(() => db.close())
    const get = db.prepare('SELECT body FROM capture WHERE id = ?')
    const lost: string[] = []
    for (const [id, body] of acked) {
      const row = get.get(id) as { body: Buffer } | undefined
      if (!row || row.body.toString() !== body) lost.push(id)
    }
    const stored = (db.prepare('SELECT COUNT(*) AS n FROM capture').get() as { n: number }).n
    expect(acked.size).toBeGreaterThan(KILLS * 10) // the loop really captured between kills
    expect(lost).toEqual([])
    mkdirSync(join(ROOT, 'test-results'), { recursive: true })
    writeFileSync(
      join(ROOT, 'test-results', 'capture-crash.json'),
      `${JSON.stringify({ seed: SEED, kills: KILLS, clients: CLIENTS, sent, acknowledged: acked.size, notAnswered: refused, stored, lost: lost.length }, null, 2)}\n`,
    )
  }, 90_000)
})
