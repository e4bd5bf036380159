// Reference (b), what a Node developer would build instead: BullMQ on a local redis-server,
// producer and Worker (concurrency N) in one process, the worker posting with undici.
// End to end: from the first add to the last completed job. Completed jobs are kept
// (BullMQ's default), the closest thing it has to an attempt log.
import { Pool } from 'undici'
import { childParams, cpuMsSince, runOnce } from '../lib/child-side'
import { makeBody, signStandard } from '../lib/payload'
import { requirePeer } from '../lib/peers'

// The slice of BullMQ's API used here (it lives outside node_modules' types: see lib/peers.ts).
interface BullJob<T> {
  data: T
}
interface BullQueue<T> {
  addBulk(jobs: Array<{ name: string; data: T }>): Promise<unknown>
  obliterate(opts: { force: boolean }): Promise<void>
  close(): Promise<void>
}
interface BullWorker {
  on(event: 'completed' | 'failed', cb: () => void): void
  waitUntilReady(): Promise<unknown>
  close(): Promise<void>
}
interface BullMQ {
  Queue: new <T>(name: string, opts: { connection: { host: string; port: number } }) => BullQueue<T>
  Worker: new <T>(
    name: string,
    fn: (job: BullJob<T>) => Promise<void>,
    opts: { connection: { host: string; port: number }; concurrency: number },
  ) => BullWorker
}
const { Queue, Worker } = requirePeer('bullmq') as BullMQ

interface Params {
  url: string
  count: number
  concurrency: number
  redisPort: number
}

interface JobData {
  id: string
  body: string
}

runOnce(async () => {
  const p = childParams<Params>()
  const url = new URL(p.url)
  const connection = { host: '127.0.0.1', port: p.redisPort }
  const name = `bench-${process.pid}-${Date.now()}`
  const queue = new Queue<JobData>(name, { connection })
  const pool = new Pool(url.origin, { connections: p.concurrency })
  let completed = 0
  let failed = 0
  let finish!: () => void
  const allDone = new Promise<void>((ok) => (finish = ok))
  const worker = new Worker<JobData>(
    name,
    async (job) => {
      const body = Buffer.from(job.data.body)
      const headers = { 'content-type': 'application/json', ...signStandard(job.data.id, Math.floor(Date.now() / 1000), body) }
      const res = await pool.request({ path: url.pathname, method: 'POST', headers, body })
      await res.body.dump()
      if (res.statusCode < 200 || res.statusCode > 299) throw new Error(`status ${res.statusCode}`)
    },
    { connection, concurrency: p.concurrency },
  )
  const settle = (): void => {
    if (completed + failed >= p.count) finish()
  }
  worker.on('completed', () => {
    completed++
    settle()
  })
  worker.on('failed', () => {
    failed++
    settle()
  })
  await worker.waitUntilReady()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const CHUNK = 500
  for (let start = 0; start < p.count; start += CHUNK) {
    const jobs = []
    for (let i = start; i < Math.min(p.count, start + CHUNK); i++)
      jobs.push({ name: 'hook', data: { id: `msg_bq${i}`, body: makeBody(i).toString() } })
    await queue.addBulk(jobs)
  }
  await allDone
  const ms = performance.now() - t0
  const cpuMs = cpuMsSince(cpu0)
  await worker.close()
  await queue.obliterate({ force: true }).catch(() => {})
  await queue.close()
  await pool.close()
  return { count: p.count, completed, errors: failed, ms, cpuMs, rate: (completed / ms) * 1000 }
})
