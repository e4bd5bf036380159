// The dispatcher's group-commit writer: settles attempt results, applies the breaker/auto-disable
// writes they caused and claims the next rows, in one transaction. It runs on a worker thread with
// its own connection (the engine's event loop then only signs and sends), or inline on the engine's
// connection when the thread cannot start. One interface, so the dispatcher does not know which.
import { Worker } from 'node:worker_threads'
import type { BreakerState } from './breaker'
import type { EndpointRepo } from '../endpoints/repo'
import { endWorker, errorFromPayload, errorPayload, threadScript } from '../threads'
import type { Logger } from '../logger'
import type { Db } from '../db/open'
import type { ClaimedRow, ClaimRequest, Queue, Settlement } from './queue'

/** A breaker change (and maybe an auto-disable) an attempt result caused, written with the results. */
export interface EndpointOp {
  id: string
  state: BreakerState
  openedAt: number | null
  consecutiveFailures: number
  /** Set: turn the endpoint off with this reason (no-op when it already is off). */
  disableReason: string | null
}

export interface WriteBatch {
  settlements: Settlement[]
  endpointOps: EndpointOp[]
  /** Rows to claim in the same transaction (null: none). */
  claim: ClaimRequest | null
  now: number
}

export interface WriteResult {
  /** Per settlement: false when the lease fence refused it (someone else holds the delivery now). */
  accepted: boolean[]
  claimed: ClaimedRow[]
  /** Endpoints this commit auto-disabled. */
  disabled: string[]
  /** The claim failed for a non-storage reason and was dropped; the results were written alone. */
  claimError: { code: string; message: string } | null
}

export interface DeliveryWriter {
  /** 'thread' once the worker runs; 'inline' before that or when it cannot. */
  readonly mode: 'thread' | 'inline'
  /** Commits one batch; rejects with an error whose `code` classifies it (SQLITE_FULL, E_DB_FULL …). */
  settleAndClaim(batch: WriteBatch): Promise<WriteResult>
  /** Waits for the batch in progress, then ends the worker (its connection closes). */
  close(): Promise<void>
}

/** Full disk, busy/locked database, I/O or read-only errors: conditions that pass, worth holding results for. */
export function isStorageError(err: unknown): boolean {
  const code = String((err as { code?: unknown } | null)?.code ?? '')
  return (
    /^SQLITE_(FULL|BUSY|LOCKED|IOERR|READONLY)/.test(code) ||
    code === 'E_DB_FULL' ||
    code === 'E_DB_READONLY'
  )
}

/** The transaction itself, on whichever connection `queue` and `repo` were built on. */
export function commitBatch(
  queue: Queue,
  repo: Pick<EndpointRepo, 'setBreaker' | 'autoDisable'>,
  batch: WriteBatch,
): WriteResult {
  const disabled: string[] = []
  const also =
    batch.endpointOps.length === 0
      ? undefined
      : (): void => {
          disabled.length = 0 // a rolled-back try must not report its auto-disables
          for (const op of batch.endpointOps) {
            repo.setBreaker(op.id, op.state, op.openedAt, op.consecutiveFailures, batch.now)
            if (op.disableReason && repo.autoDisable(op.id, op.disableReason, batch.now))
              disabled.push(op.id)
          }
        }
  try {
    const r = queue.settleAndClaim(batch.settlements, also, batch.claim)
    return { accepted: r.accepted, claimed: r.claimed, disabled, claimError: null }
  } catch (err) {
    if (!batch.claim || isStorageError(err)) throw err
    // A claim failing for another reason must not cost the results: write them alone.
    const r = queue.settleAndClaim(batch.settlements, also, null)
    return { accepted: r.accepted, claimed: [], disabled, claimError: errorPayload(err) }
  }
}

export function createInlineWriter(
  queue: Queue,
  repo: Pick<EndpointRepo, 'setBreaker' | 'autoDisable'>,
): DeliveryWriter {
  return {
    mode: 'inline',
    settleAndClaim(batch) {
      try {
        return Promise.resolve(commitBatch(queue, repo, batch))
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)))
      }
    },
    close: () => Promise.resolve(),
  }
}

export interface ThreadWriterOptions {
  /** The engine's connection: its file is opened again on the worker; its page cap is mirrored there. */
  db: Db
  /** Used until the worker is ready, and for good when it cannot run. */
  inline: DeliveryWriter
  logger: Logger
  /** better-sqlite3 native build for the worker's connection (the Electron variant). */
  nativeBinding?: string | undefined
  /** Leave checkpoints to the background checkpointer (wal_autocheckpoint = 0 on the worker too). */
  noAutoCheckpoint?: () => boolean
  /** Start the worker once this many results went through inline (default 256; 0: at once). */
  startAfter?: number
  /** The worker script (default: writer-thread.js next to this bundle, or the .cjs source shim). */
  script?: string
}

interface Pending {
  resolve: (r: WriteResult) => void
  reject: (e: Error) => void
  batch: WriteBatch
}

/**
 * Runs batches inline until `startAfter` results went through, then on a worker thread. A worker
 * that fails to start or dies hands its unanswered batches (and all later ones) to the inline
 * writer, with one warning. Batches are expected one at a time (the dispatcher awaits each).
 */
export function createThreadWriter(opts: ThreadWriterOptions): DeliveryWriter {
  const { db, inline, logger } = opts
  const usable = !(db.memory || db.readonly || db.name === '' || db.name === ':memory:')
  let worker: Worker | null = null
  let ready = false
  let failed = !usable
  let closing = false
  let seen = 0
  let nextId = 1
  const pending = new Map<number, Pending>()
  const outstanding = new Set<Promise<unknown>>()
  let pageCap = -1
  const pageCapStmt = db.prepare('PRAGMA max_page_count').pluck()

  const settle = (id: number, f: (p: Pending) => void): void => {
    const p = pending.get(id)
    if (!p) return
    pending.delete(id)
    if (pending.size === 0) worker?.unref()
    f(p)
  }

  const fail = (reason: string): void => {
    if (failed) return
    failed = true
    ready = false
    const w = worker
    worker = null
    if (!closing)
      logger.warn(
        'delivery writer thread unavailable; attempt results are written on the main thread',
        { error: reason },
      )
    void w?.terminate().catch(() => undefined)
    // Unanswered batches go inline. One that the worker committed before dying is settled again:
    // its fence refuses the second write (accepted = false), the claim takes rows afresh.
    for (const id of [...pending.keys()])
      settle(id, (p) => void inline.settleAndClaim(p.batch).then(p.resolve, p.reject))
  }

  const start = (): void => {
    const script = opts.script ?? threadScript(__dirname, 'writer-thread')
    if (!script) {
      fail('worker script not found')
      return
    }
    try {
      const w = new Worker(script, {
        workerData: {
          file: db.name,
          nativeBinding: opts.nativeBinding,
          noAutoCheckpoint: opts.noAutoCheckpoint?.() ?? false,
        },
        // The source shim registers tsx itself: an inherited `--import tsx` would add a loader thread
        // and ~90 ms of CPU to the worker's start.
        ...(script.endsWith('.cjs') ? { execArgv: [] } : {}),
      })
      w.on(
        'message',
        (m: {
          type: string
          id?: number
          result?: EncodedResult
          error?: { code: string; message: string }
        }) => {
          if (m.type === 'ready') {
            ready = !failed && !closing
            logger.debug('delivery writer thread ready')
          } else if (m.type === 'failed') fail(m.error?.message ?? 'unknown')
          else if (m.type === 'done' || m.type === 'error') {
            settle(m.id ?? -1, (p) =>
              m.type === 'done'
                ? p.resolve(decodeResult(m.result!))
                : p.reject(errorFromPayload(m.error ?? { code: 'E_INTERNAL', message: 'unknown' })),
            )
          }
        },
      )
      w.on('error', (err) => fail(err.message))
      w.on('exit', (code) => fail(`worker exited (${code})`))
      // Never keeps the process alive: the dispatcher's own handles decide that.
      w.unref()
      worker = w
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err))
    }
  }

  return {
    get mode() {
      return ready ? 'thread' : 'inline'
    },
    settleAndClaim(batch) {
      if (!ready || !worker) {
        seen += batch.settlements.length
        if (!worker && !failed && !closing && seen >= (opts.startAfter ?? 256)) start()
        return inline.settleAndClaim(batch)
      }
      // A page cap set on the engine's connection (a size limit; tests stand in a full disk with
      // it) holds for the writer's connection too.
      const cap = Number(pageCapStmt.get())
      const id = nextId++
      const w = worker
      const promise = new Promise<WriteResult>((resolve, reject) => {
        pending.set(id, { resolve, reject, batch })
        // Ref'd while a batch is out: the worker is unref'd, and a stop() awaiting this reply must
        // not see the process end under it.
        w.ref()
        w.postMessage({
          type: 'batch',
          id,
          batch: encodeBatch(batch),
          pageCap: cap === pageCap ? undefined : cap,
        })
        pageCap = cap
      })
      outstanding.add(promise)
      const forget = (): void => void outstanding.delete(promise)
      promise.then(forget, forget)
      return promise
    },
    async close() {
      closing = true
      const w = worker
      if (!w) return
      await Promise.allSettled([...outstanding])
      worker = null
      ready = false
      await endWorker(w)
    },
  }
}

// ---- what crosses the thread ----
// Flat arrays, not objects: structured clone writes every property name of every object (about
// twice the cost per row). A Buffer view is cloned with its whole backing store (an 8 KB pool
// slab for small ones), so small bodies cross as exact copies.

export interface EncodedBatch {
  s: unknown[][]
  e: EndpointOp[]
  c: ClaimRequest | null
  now: number
}

export interface EncodedResult {
  accepted: boolean[]
  claimed: unknown[][]
  disabled: string[]
  claimError: { code: string; message: string } | null
}

function exact(b: Uint8Array | null): Uint8Array | null {
  if (b === null || b.byteLength === b.buffer.byteLength) return b
  return new Uint8Array(b) // a copy with its own, exact backing store
}

export function encodeBatch(b: WriteBatch): EncodedBatch {
  const s = b.settlements.map((x) => {
    const a = x.attempt
    return [
      x.owner,
      x.now,
      x.status,
      x.nextAttemptAt,
      a.delivery_id,
      a.number,
      a.endpoint_id,
      a.owner,
      a.started_at,
      a.request_url,
      a.request_method,
      a.request_headers_json,
      a.response_status,
      a.response_headers_json,
      exact(a.response_body),
      a.response_truncated,
      a.error_code,
      a.error_message,
      a.connect_ms,
      a.first_byte_ms,
      a.total_ms,
      a.outcome,
    ]
  })
  return { s, e: b.endpointOps, c: b.claim, now: b.now }
}

export function decodeBatch(b: EncodedBatch): WriteBatch {
  const settlements = b.s.map(
    (x) =>
      ({
        owner: x[0],
        now: x[1],
        status: x[2],
        nextAttemptAt: x[3],
        attempt: {
          delivery_id: x[4],
          number: x[5],
          endpoint_id: x[6],
          owner: x[7],
          started_at: x[8],
          request_url: x[9],
          request_method: x[10],
          request_headers_json: x[11],
          response_status: x[12],
          response_headers_json: x[13],
          response_body: x[14],
          response_truncated: x[15],
          error_code: x[16],
          error_message: x[17],
          connect_ms: x[18],
          first_byte_ms: x[19],
          total_ms: x[20],
          outcome: x[21],
        },
      }) as Settlement,
  )
  return { settlements, endpointOps: b.e, claim: b.c, now: b.now }
}

export function encodeResult(r: WriteResult): EncodedResult {
  const claimed = r.claimed.map((c) => [
    c.id,
    c.message_id,
    c.endpoint_id,
    c.url,
    c.method,
    c.headers_json,
    c.headers_as_is,
    c.signing_json,
    exact(c.secret),
    c.retry_json,
    c.timeout_ms,
    exact(c.body),
    c.attempts,
    exact(c.message_body),
    c.content_type,
  ])
  return { accepted: r.accepted, claimed, disabled: r.disabled, claimError: r.claimError }
}

/** Structured clone turns Buffers into plain Uint8Arrays: the dispatcher gets Buffers again (no copy). */
export function decodeResult(r: EncodedResult): WriteResult {
  const claimed = r.claimed.map(
    (x) =>
      ({
        id: x[0],
        message_id: x[1],
        endpoint_id: x[2],
        url: x[3],
        method: x[4],
        headers_json: x[5],
        headers_as_is: x[6],
        signing_json: x[7],
        secret: asBuffer(x[8] as Uint8Array | null),
        retry_json: x[9],
        timeout_ms: x[10],
        body: asBuffer(x[11] as Uint8Array | null),
        attempts: x[12],
        message_body: asBuffer(x[13] as Uint8Array | null),
        content_type: x[14],
      }) as ClaimedRow,
  )
  return { accepted: r.accepted, claimed, disabled: r.disabled, claimError: r.claimError }
}

function asBuffer(u: Uint8Array | null): Buffer | null {
  return u === null || Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength)
}
