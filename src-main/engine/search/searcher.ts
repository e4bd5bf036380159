// Searches off the engine's event loop. A search text is looked for in every payload body (~2 µs a
// row: ~230 ms for the page and the counts of 50,000 deliveries), and an endpoint's stats read every
// attempt in their range (~110 ms for 100,000); the engine's thread also sends deliveries and answers
// the receiver: those would wait. So those reads run on a worker thread with its own connection (WAL: it
// sees every commit, blocks no writer), started on the first one; a list read without a text stays
// inline (an index walk, well under a millisecond). When the thread cannot start or dies, they run
// inline again, with one warning.
import { Worker } from 'node:worker_threads'
import type { Db } from '../db/open'
import type { Logger } from '../logger'
import { endWorker, errorFromPayload, threadScript } from '../threads'
import type { SearchJobs, SearchKind } from './jobs'

export interface SearcherOptions {
  /** The engine's connection: its file is opened again on the thread. */
  db: Db
  /** The same jobs on the engine's connection (reads without a text, and the fallback). */
  inline: SearchJobs
  logger: Logger
  /** Called before a read goes to the thread: commits what the engine holds (this tick's enqueues). */
  beforeRead?: () => void
  nativeBinding?: string | undefined
  /** The worker script (default: search-thread.js next to this bundle, or the .cjs source shim). */
  script?: string
}

type Async<T> = { [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<R> : never }

export type Searcher = Async<SearchJobs> & {
  /** 'thread' once the worker answers; 'inline' before, and for good when it cannot run. */
  readonly mode: 'thread' | 'inline'
  close(): Promise<void>
}

interface Job {
  kind: SearchKind
  args: unknown[]
  resolve: (v: unknown) => void
  reject: (e: Error) => void
}

export function createSearcher(opts: SearcherOptions): Searcher {
  const { db, inline, logger } = opts
  let failed = db.memory || db.readonly || db.name === '' || db.name === ':memory:'
  let worker: Worker | null = null
  let ready: Promise<boolean> | null = null
  let isReady = false
  let closing = false
  let nextId = 1
  const jobs = new Map<number, Job>()
  const outstanding = new Set<Promise<unknown>>()

  const runInline = (kind: SearchKind, args: unknown[]): unknown => (inline[kind] as (...a: unknown[]) => unknown)(...args)

  const fail = (reason: string): void => {
    if (failed) return
    failed = true
    isReady = false
    const w = worker
    worker = null
    if (!closing) logger.warn('search thread unavailable; searches run on the main thread', { error: reason })
    void w?.terminate().catch(() => undefined)
    for (const [id, job] of [...jobs]) {
      jobs.delete(id)
      try {
        job.resolve(runInline(job.kind, job.args))
      } catch (err) {
        job.reject(err as Error)
      }
    }
  }

  const start = (): Promise<boolean> => {
    const script = opts.script ?? threadScript(__dirname, 'search-thread')
    if (!script) {
      fail('worker script not found')
      return Promise.resolve(false)
    }
    return new Promise<boolean>((settle) => {
      try {
        const w = new Worker(script, {
          workerData: { file: db.name, nativeBinding: opts.nativeBinding },
          // The source shim registers tsx itself (see writer.ts).
          ...(script.endsWith('.cjs') ? { execArgv: [] } : {}),
        })
        w.on('message', (m: { type: string; id?: number; result?: unknown; error?: { code: string; message: string } }) => {
          if (m.type === 'ready') {
            isReady = !failed && !closing
            settle(isReady)
            return
          }
          if (m.type === 'failed') {
            fail(m.error?.message ?? 'unknown')
            settle(false)
            return
          }
          const job = jobs.get(m.id ?? -1)
          if (!job) return
          jobs.delete(m.id ?? -1)
          if (jobs.size === 0) w.unref()
          if (m.type === 'done') job.resolve(m.result)
          else job.reject(errorFromPayload(m.error ?? { code: 'E_INTERNAL', message: 'unknown' }))
        })
        w.on('error', (err) => {
          fail(err.message)
          settle(false)
        })
        w.on('exit', (code) => {
          fail(`worker exited (${code})`)
          settle(false)
        })
        // Never keeps the process alive on its own; ref'd while a job is out.
        w.unref()
        worker = w
      } catch (err) {
        fail(err instanceof Error ? err.message : String(err))
        settle(false)
      }
    })
  }

  async function run(kind: SearchKind, args: unknown[], offThread: boolean): Promise<unknown> {
    if (!offThread || failed || closing) return runInline(kind, args)
    ready ??= start()
    if (!(await ready) || !worker || !isReady) return runInline(kind, args)
    opts.beforeRead?.()
    const w = worker
    const id = nextId++
    const promise = new Promise((resolve, reject) => {
      jobs.set(id, { kind, args, resolve, reject })
      w.ref()
      w.postMessage({ type: 'run', id, kind, args })
    })
    outstanding.add(promise)
    const forget = (): void => void outstanding.delete(promise)
    promise.then(forget, forget)
    return promise
  }

  return {
    get mode() {
      return isReady && !failed ? 'thread' : 'inline'
    },
    deliveries: (filter, page) => run('deliveries', [filter, page], !!filter.text) as ReturnType<Searcher['deliveries']>,
    deliveryCounts: (filter) => run('deliveryCounts', [filter], !!filter.text) as ReturnType<Searcher['deliveryCounts']>,
    captures: (filter, page) => run('captures', [filter, page], !!filter.text) as ReturnType<Searcher['captures']>,
    endpointStats: (endpointId, range) => run('endpointStats', [endpointId, range], true) as ReturnType<Searcher['endpointStats']>,
    async close() {
      closing = true
      const w = worker
      if (!w) return
      // Searches out are answered first.
      await Promise.allSettled([...outstanding])
      worker = null
      isReady = false
      await endWorker(w)
    },
  }
}
