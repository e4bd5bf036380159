// Moves WAL checkpoints off the event loop. SQLite's auto-checkpoint copies pages back into the
// database file and fsyncs inside whichever COMMIT crosses 1000 WAL pages: a 5–100 ms stall on
// the engine's thread every few MB written (the slow tail of captures and enqueues). Here the
// given connection never checkpoints; a worker thread with its own connection runs PASSIVE
// checkpoints (they never block our readers or writers) every few hundred ms while the WAL grows.
// If the worker cannot run or dies, the connection goes back to SQLite's auto-checkpoint.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Logger } from '../logger'
import type { Db } from './open'

// CommonJS source run with `eval`: no second bundle entry to ship. It only ever checkpoints.
// A failed pass (disk full, read-only for a while) is reported once ('paused': the parent falls
// back to inline checkpoints) and tried again with a growing pause, up to a minute; the first pass
// that works again is reported ('resumed'). Only a connection it cannot open ends the thread.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
let db = null
let timer = null
let wait = workerData.everyMs
let lastLog = -1
let paused = false
let retryWait = 0
function close() {
  if (timer) clearTimeout(timer)
  timer = null
  try { if (db) db.close() } catch {}
  db = null
  parentPort.close()
}
function tick() {
  timer = null
  try {
    const r = db.pragma('wal_checkpoint(PASSIVE)')[0] || {}
    // Nothing written since the last pass: back off (an idle app should not wake 5 times a second).
    const idle = r.checkpointed >= r.log && r.log === lastLog
    wait = idle ? Math.min(wait * 2, workerData.idleMs) : workerData.everyMs
    lastLog = r.log
    if (paused) { paused = false; retryWait = 0; parentPort.postMessage({ type: 'resumed' }) }
    if (r.log > 0) parentPort.postMessage({ type: 'pass', log: r.log, checkpointed: r.checkpointed })
  } catch (err) {
    // SQLITE_BUSY (another process checkpointing) is harmless: try again next time.
    if (!(err && err.code === 'SQLITE_BUSY')) {
      if (!paused) { paused = true; parentPort.postMessage({ type: 'paused', error: String(err && err.message || err) }) }
      retryWait = Math.min(Math.max(retryWait * 2, workerData.retryMs), workerData.retryMaxMs)
      timer = setTimeout(tick, retryWait)
      return
    }
  }
  timer = setTimeout(tick, wait)
}
parentPort.on('message', (m) => { if (m === 'close') close() })
try {
  const Database = require(workerData.module)
  db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {})
  db.pragma('busy_timeout = 100')
  parentPort.postMessage({ type: 'ready' })
  timer = setTimeout(tick, wait)
} catch (err) {
  parentPort.postMessage({ type: 'failed', error: String(err && err.message || err) })
  close()
}
`

export interface Checkpointer {
  /** True while checkpoints run in the background (false: SQLite's inline auto-checkpoint). */
  readonly background: boolean
  /** Settles once the worker has its connection (true) or could not run (false). */
  readonly ready: Promise<boolean>
  /** Ends the worker (its connection closes); the caller's connection gets auto-checkpoint back. */
  stop(): Promise<void>
}

export interface CheckpointerOptions {
  logger: Logger
  /** better-sqlite3 native build for the worker's connection (the Electron variant). */
  nativeBinding?: string | undefined
  /** Pause between checkpoints while the WAL grows, ms (default 50). */
  everyMs?: number
  /** Longest pause when nothing is written, ms (default 2000). */
  idleMs?: number
  /** First pause before trying again after a failed pass, ms (default 1000; doubles up to retryMaxMs). */
  retryMs?: number
  /** Longest pause between tries while passes fail, ms (default 60000). */
  retryMaxMs?: number
  /** WAL size past which this connection helps start the WAL over (default 16 MB). */
  walBytes?: number
  /** How far the worker may lag for that help to be cheap (default 512 KB). */
  catchUpBytes?: number
}

export function startCheckpointer(db: Db, opts: CheckpointerOptions): Checkpointer {
  const file = db.name
  if (db.memory || db.readonly || file === '' || file === ':memory:')
    return { background: false, ready: Promise.resolve(false), stop: async () => undefined }
  let markReady: (ok: boolean) => void = () => undefined
  const ready = new Promise<boolean>((resolve) => (markReady = resolve))
  let worker: Worker | null = null
  let background = false
  let stopping = false

  const fallBack = (reason: string, paused = false): void => {
    markReady(false)
    if (!background) return
    background = false
    if (!stopping)
      opts.logger.warn(
        paused
          ? 'background WAL checkpoints paused after a write error; SQLite checkpoints inline until they work again'
          : 'background WAL checkpoints stopped; SQLite checkpoints inline again',
        { error: reason },
      )
    try {
      if (db.open) db.pragma('wal_autocheckpoint = 1000')
    } catch {
      /* the connection is closing */
    }
  }

  // The worker's passes work again (space came back): checkpoints leave this thread once more.
  const resume = (): void => {
    if (background || stopping || !worker || !db.open) return
    try {
      db.pragma('wal_autocheckpoint = 0')
      background = true
      opts.logger.info('background WAL checkpoints resumed')
    } catch {
      /* the connection is closing */
    }
  }

  // SQLite restarts the WAL from its beginning only when a write begins with every frame copied
  // back. Under steady writes the worker always lags a little, so the WAL would grow for as long
  // as the load lasts. Once it is past walBytes and the worker has nearly caught up, this
  // connection copies the small rest itself (between two of its own transactions; a few ms, once
  // per walBytes written), and its next write starts the WAL over; past 8× walBytes whatever the lag.
  const pageSize = Number(db.pragma('page_size', { simple: true })) || 4096
  const restartFrames = Math.ceil((opts.walBytes ?? 16 * 1024 * 1024) / pageSize)
  const catchUpFrames = Math.ceil((opts.catchUpBytes ?? 512 * 1024) / pageSize)
  let restartQueued = false
  const afterPass = (log: number, checkpointed: number): void => {
    if (!background || restartQueued || log < restartFrames) return
    if (log - checkpointed > catchUpFrames && log < 8 * restartFrames) return
    restartQueued = true
    setImmediate(() => {
      restartQueued = false
      if (!background || !db.open || db.inTransaction) return
      try {
        db.pragma('wal_checkpoint(PASSIVE)')
      } catch {
        /* busy (an iterator is open, or another checkpoint runs): the next pass tries again */
      }
    })
  }

  try {
    const module = createRequire(__filename).resolve('better-sqlite3')
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        module,
        file,
        nativeBinding: opts.nativeBinding,
        everyMs: opts.everyMs ?? 50,
        idleMs: opts.idleMs ?? 2000,
        retryMs: opts.retryMs ?? 1000,
        retryMaxMs: opts.retryMaxMs ?? 60_000,
      },
    })
    w.on('message', (m: { type?: string; error?: string; log?: number; checkpointed?: number }) => {
      if (m?.type === 'ready') markReady(true)
      else if (m?.type === 'failed') fallBack(m.error ?? 'unknown')
      else if (m?.type === 'paused') fallBack(m.error ?? 'unknown', true)
      else if (m?.type === 'resumed') resume()
      else if (m?.type === 'pass') afterPass(m.log ?? 0, m.checkpointed ?? 0)
    })
    w.on('error', (err) => fallBack(err.message))
    w.on('exit', (code) => fallBack(`worker exited (${code})`))
    // Never keep the process alive for checkpoints: the engine's own handles decide that.
    w.unref()
    worker = w
    db.pragma('wal_autocheckpoint = 0')
    // When the WAL does start over, give back the disk a long burst made it take.
    db.pragma(`journal_size_limit = ${Math.max(16 * 1024 * 1024, 2 * restartFrames * pageSize)}`)
    background = true
  } catch (err) {
    markReady(false)
    opts.logger.warn('background WAL checkpoints unavailable; SQLite checkpoints inline', {
      error: err instanceof Error ? err.message : String(err),
    })
  }

  return {
    get background() {
      return background
    },
    ready,
    async stop() {
      stopping = true
      fallBack('stopped')
      const w = worker
      worker = null
      if (!w) return
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()))
      w.postMessage('close')
      // A ref'd timer on purpose: the worker is unref'd, so waiting only on it (or on an unref'd
      // timer) lets Node end a CLI or bench process right here, inside engine.stop(), with code 0.
      let timer: NodeJS.Timeout | undefined
      await Promise.race([exited, new Promise<void>((r) => (timer = setTimeout(r, 2000)))])
      clearTimeout(timer)
      await w.terminate().catch(() => undefined)
    },
  }
}
