// The local receiver: catches every request byte for byte into an inbox, answers the way
// the inbox is scripted, verifies signatures, forwards, and prunes old captures.
// Routing: /in/<slug>/... -> inbox <slug>; every other path -> the default inbox. An unknown
// slug gets 404 with a JSON message and is not captured (like webhook.site's unknown token):
// a typo in a sender's URL should show up as an error, not quietly create an inbox.
import { createServer, STATUS_CODES } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { Agent } from 'undici'
import type { Dispatcher } from 'undici'
import { createLocalTls } from '../local-tls'
import { listenOn } from '../listen'
import { SIGNING_HEADERS } from '../../../src-preload/header-sets'
import { REPLAY_MANY_MAX } from '../../../src-preload/limits'
import type { Clock } from '../clock'
import type { Db } from '../db/open'
import type { EnqueueRequest, EnqueueResult } from '../delivery/types'
import { HooklabError } from '../errors'
import type { EventBus } from '../events'
import { newId } from '../ids'
import type { Logger } from '../logger'
import type { SecretBox } from '../secrets'
import { plainSecretBox } from '../secrets'
import type { HeaderPairs } from '../signing/types'
import { checkSecret, DELIVERY_ID_HEADERS } from '../signing/registry'
import { createCaptureRepo } from './capture-repo'
import { createCaptureImporter, type ImportedCapture } from './capture-import'
import type { CaptureRecord } from './capture-repo'
import { createRefusals, parserReason, STORE_RETRY_AFTER_S, storeFailure, tlsReason } from './refusals'
import type { ParserError, Refusal } from './refusals'
import { pageOfCaptures, toCaptureDetail } from './capture-view'
import { answerFor } from './answer'
import type { Answer } from './answer'
import { isLoopbackHost } from '../local-tls'
import { FORWARD_BODY_CAP, forwardCapture, forwardableHeaders, pointsAtReceiver, refused, SELF_FORWARD } from './forward'
import { RELAY_BODY_CAP, relayedAnswer, type RelayedAnswer } from './relay'
import { GroupCommit } from './group-commit'
import { createInboxRepo } from './inbox-repo'
import { checkHttpUrl, createInboxService, DEFAULT_INBOX_SLUG } from './inboxes'
import type { InboxRuntime, InboxService } from './inboxes'
import { ResponseCursor } from './response-rules'
import type { ResponseRule, ResponseStep } from './response-rules'
import type {
  CaptureDetail,
  CaptureExportFilter,
  CaptureFilter,
  CapturePage,
  CaptureRow,
  ReplayCaptureOptions,
  VerificationSettings,
} from './types'
import { deliveryKey, verifyCapture } from './verification'

/** Most captures one bulk replay sends. */
export { REPLAY_MANY_MAX }

export interface RetentionOptions {
  /** Oldest captures beyond this count are pruned per inbox (default 10,000). */
  maxCapturesPerInbox?: number
  /** Captures older than this are pruned (default 30 days). */
  maxAgeMs?: number
  /** How often the pruner runs (default 10 s). */
  intervalMs?: number
  /** Rows deleted per statement, so pruning never holds the database for long (default 500). */
  batchSize?: number
}

export interface ReceiverOptions {
  /** Default 127.0.0.1. Anything else is explicit, logged as a warning, and allowList applies. */
  host?: string
  /** 0 = ephemeral. */
  port?: number
  /** Default 10 MB. Larger bodies get 413 and a capture marked oversize (headers only). */
  bodyLimitBytes?: number
  /**
   * Request bodies held in memory at once, across connections (default 256 MB): past it a request gets
   * 503 with Retry-After and a headers-only capture, so many large uploads at once cannot exhaust memory.
   */
  bodyBudgetBytes?: number
  /** Client addresses allowed to send; others get 403 and are not captured. */
  allowList?: string[]
  /** Default 16 KB; larger header blocks get 431. */
  maxHeaderSize?: number
  /** Slow clients: whole header block within this (default 10 s) ... */
  headersTimeoutMs?: number
  /** ... and the whole request within this (default 30 s). */
  requestTimeoutMs?: number
  /** How often Node checks the two timeouts above (default 1 s). */
  connectionsCheckingIntervalMs?: number
  /** How long a `hang` step holds a connection at most (default 5 min). */
  hangMs?: number
  forwardTimeoutMs?: number
  /** Inbox for paths not under /in/<slug>/ (default `default`). */
  defaultInboxSlug?: string
  retention?: RetentionOptions
  groupCommit?: { maxBatch?: number; windowMs?: number }
  /** Also over https on this port (0 = ephemeral), with this certificate (tls-cert.ts). */
  https?: { port: number; key: string; cert: string } | undefined
}

export interface ReceiverDeps {
  db: Db
  bus: EventBus
  clock: Clock
  logger: Logger
  /** The delivery engine's enqueue; capture replay goes through it (attempts, retries, log). */
  enqueue?: ((req: EnqueueRequest) => EnqueueResult) | undefined
  secretBox?: SecretBox | undefined
  /** For the random failure rate; injectable so tests are deterministic. */
  random?: (() => number) | undefined
  /** For forwarding; the receiver makes (and closes) its own when not given. */
  dispatcher?: Dispatcher | undefined
  /** Forwarding to https on this machine accepts a dev server's own certificate while this says so. */
  trustLocalTls?: (() => boolean) | undefined
  options?: ReceiverOptions
}

/** Settings applied in memory only, on top of what is stored (used by `hooklab listen` flags). */
export interface InboxOverride {
  response?: ResponseRule
  verification?: VerificationSettings | null
  forwardTo?: string | null
}

/** Where the receiver listens: http always, https when asked for. */
export interface ReceiverAddress {
  url: string
  port: number
  httpsUrl?: string
  httpsPort?: number
}

export interface Receiver {
  start(): Promise<ReceiverAddress>
  stop(): Promise<void>
  address(): ReceiverAddress | null
  /** The last requests answered without a capture (no such inbox, malformed HTTP, …), newest first. */
  refusals(): Refusal[]
  /** Applies a new allow-list and retention to the running receiver: no restart, no connection dropped. */
  reconfigure(options: Pick<ReceiverOptions, 'allowList' | 'retention'>): void
  inboxes: Pick<InboxService, 'create' | 'update' | 'delete' | 'clear' | 'list' | 'get' | 'getBySlug' | 'runtimeBySlug'>
  setOverride(slug: string, override: InboxOverride | null): void
  listCaptures(filter?: CaptureFilter, page?: CapturePage): { items: CaptureRow[]; nextCursor: string | null }
  getCapture(id: string): CaptureDetail
  /** The export's pages: whole captures oldest first, after `afterSeq` (pending ones committed first). */
  capturesAfter(filter: CaptureExportFilter, afterSeq: number, limit: number): CaptureDetail[]
  /** Deletes one capture (E_NOT_FOUND when there is none); open lists drop it through capture.pruned. */
  deleteCapture(id: string): void
  replayCapture(id: string, options: ReplayCaptureOptions): EnqueueResult
  /**
   * Replays every capture matching the filter (at most REPLAY_MANY_MAX), oldest first, as captured or
   * re-signed. Oversize captures (body not kept whole) are skipped; too many matches enqueue nothing.
   */
  replayCaptures(filter: CaptureFilter, options: Omit<ReplayCaptureOptions, 'body'>): { enqueued: number; skippedOversize: number; deliveryIds: string[] }
  /** One pruning pass (small batches); returns the number of captures deleted. */
  prune(): number
  /** Captures from a hooklab.captures/v1 document: by their inbox's slug, or all into `inboxId`; ids already here are skipped. */
  importCaptures(items: readonly ImportedCapture[], opts?: { inboxId?: string }): { imported: number; skipped: number; inboxes: string[] }
}

const MB = 1024 * 1024
/** How long, and how many bytes, an upload answered early (413, busy 503) is still read and dropped. */
const LINGER_MS = 2_000
const LINGER_BYTES = 64 * MB
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])
/** Requests one connection may have waiting behind an answer not yet sent (pipelined behind a hang or a delay). */
const MAX_QUEUED_PER_CONNECTION = 100

export function createReceiver(deps: ReceiverDeps): Receiver {
  const { db, bus, clock, logger } = deps
  const opts = deps.options ?? {}
  const host = opts.host ?? '127.0.0.1'
  const bodyLimit = opts.bodyLimitBytes ?? 10 * MB
  const bodyBudget = opts.bodyBudgetBytes ?? 256 * MB
  /** Bytes of request bodies being read now (not yet handed to capture), across connections. */
  let bodiesHeld = 0
  let busyLogged = false
  const hangMs = opts.hangMs ?? 5 * 60_000
  const forwardTimeoutMs = opts.forwardTimeoutMs ?? 15_000
  const defaultSlug = opts.defaultInboxSlug ?? DEFAULT_INBOX_SLUG
  const allowSet = (list: readonly string[] | undefined): Set<string> | null => (list && list.length > 0 ? new Set(list.map(normalizeAddress)) : null)
  let allow = allowSet(opts.allowList)
  const retention = {
    maxCapturesPerInbox: opts.retention?.maxCapturesPerInbox ?? 10_000,
    maxAgeMs: opts.retention?.maxAgeMs ?? 30 * 86_400_000,
    intervalMs: opts.retention?.intervalMs ?? 10_000,
    batchSize: opts.retention?.batchSize ?? 500,
  }

  const inboxRepo = createInboxRepo(db)
  const captureRepo = createCaptureRepo(db)
  const cursor = new ResponseCursor(deps.random ?? Math.random)
  let baseUrl = ''
  let httpsBaseUrl = ''
  const inboxes = createInboxService({
    db,
    bus,
    clock,
    inboxes: inboxRepo,
    captures: captureRepo,
    secretBox: deps.secretBox ?? plainSecretBox,
    onRuleChanged: (id) => cursor.reset(id),
    baseUrl: () => baseUrl,
    httpsBaseUrl: () => httpsBaseUrl,
  })
  inboxes.ensureDefault()
  const importer = createCaptureImporter({ captures: captureRepo, inboxes, bus, clock, transaction: (fn) => db.transaction(fn).immediate() })
  if (defaultSlug !== DEFAULT_INBOX_SLUG && !inboxes.getBySlug(defaultSlug)) inboxes.create({ slug: defaultSlug })

  // The count cap only needs checking where captures arrived since the last pass (or stayed over
  // the cap): counting every inbox walks every capture. A full count still runs on the first pass
  // and every FULL_COUNT_EVERY passes, for captures another process (a CLI `listen`) stored.
  const grownInboxes = new Set<string>()
  const FULL_COUNT_EVERY = 30
  let passesToFullCount = 0
  const overrides = new Map<string, InboxOverride>()
  const groupCommit = new GroupCommit<CaptureRecord>(
    (rows) => {
      captureRepo.insertBatch(rows)
      for (const r of rows) grownInboxes.add(r.inbox_id)
    },
    opts.groupCommit?.maxBatch ?? 256,
    opts.groupCommit?.windowMs ?? 0,
  )
  const ownDispatcher = deps.dispatcher ? null : new Agent({ keepAliveTimeout: 4_000 })
  const localTls = createLocalTls(deps.dispatcher ?? ownDispatcher!, { keepAliveTimeout: 4_000 }, deps.trustLocalTls ?? (() => false))
  const timers = new Set<NodeJS.Timeout>()
  const forwards = new Set<Promise<void>>()
  const refusals = createRefusals((r) => bus.emit('receiver.refused', r))
  /** Connections whose malformed bytes are being answered (clientError). */
  const failing = new WeakSet<Socket>()
  let servers: Server[] = []
  let pruneTimer: NodeJS.Timeout | null = null
  let bound: ReceiverAddress | null = null
  // Where the age pruner's walk over the table (rowid order) continues; 0 = from the oldest.
  let ageWalkAfter = 0

  function runtime(slug: string): InboxRuntime | null {
    const base = inboxes.runtimeBySlug(slug)
    if (!base) return null
    const o = overrides.get(slug)
    if (!o) return base
    return {
      ...base,
      response: o.response ?? base.response,
      verification: o.verification !== undefined ? o.verification : base.verification,
      forwardTo: o.forwardTo !== undefined ? o.forwardTo : base.forwardTo,
    }
  }

  /** Connections Hooklab itself closed before answering (a hang's limit): every answer queued on them too. */
  const closingByUs = new WeakSet<Socket>()
  /** Requests waiting on each connection behind an answer not yet sent. */
  const queuedOn = new WeakMap<Socket, number>()
  /** Connections Node handed over (CONNECT): no longer the server's to close. */
  const handedOver = new Set<Socket>()
  /** Connections whose request was answered before its body was read (413, busy 503). */
  const answeredEarly = new WeakSet<Socket>()
  /** Per connection, what records each answer still waiting on it as unanswered when it closes. */
  const waitingOn = new WeakMap<Socket, Set<() => void>>()
  /** Answers not yet sent, each with what records it as unanswered (stop() does, before the database may close). */
  const unansweredWatch = new Map<ServerResponse, () => void>()
  let stopping = false

  function later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      timers.delete(t)
      fn()
    }, ms)
    timers.add(t)
  }

  function sendJson(res: ServerResponse, status: number, obj: unknown, extra: HeaderPairs = []): void {
    const body = Buffer.from(JSON.stringify(obj))
    const flat = ['Content-Type', 'application/json', 'Content-Length', String(body.length)]
    for (const [n, v] of extra) flat.push(n, v)
    res.writeHead(status, flat)
    res.end(body)
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const receivedAt = clock.now()
    const remote = normalizeAddress(req.socket.remoteAddress ?? '')
    req.on('error', ignore) // a client that goes away mid-body: nothing is captured
    // Pipelined behind an answer still held (a hang, a delay): Node queues it, and each holds its capture
    // and buffers in memory. Past MAX_QUEUED_PER_CONNECTION the connection is closed (one client sending
    // 200,000 of them took listen past 1 GB). A request answered in turn never gets here.
    if (res.socket === null && !admitQueued(req, res, remote, receivedAt)) return
    if (allow && !allow.has(remote)) {
      req.resume()
      sendJson(res, 403, { error: `client ${remote} is not on the receiver's allow-list` })
      refusals.add({ at: receivedAt, status: 403, method: req.method ?? null, path: req.url ?? null, remote, reason: `${remote} is not on the receiver's allow-list` })
      return
    }
    // A request target in absolute form (RFC 9112 §3.2.2, what a client configured to use a proxy sends)
    // is routed and captured by its path and query.
    const rawUrl = absolutePath(req.url ?? '/')
    const q = rawUrl.indexOf('?')
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q)
    const query = q < 0 ? '' : rawUrl.slice(q + 1)
    const match = /^\/in\/([^/?#]+)(?:\/|$)/.exec(path)
    const slug = match?.[1] ?? defaultSlug
    let inbox: InboxRuntime | null
    try {
      inbox = runtime(slug)
    } catch (err) {
      logger.error('receiver: cannot read inbox settings', { slug, error: String(err) })
      req.resume()
      sendJson(res, 500, { error: 'Hooklab could not read this inbox settings' })
      return
    }
    if (!inbox) {
      req.resume()
      sendJson(res, 404, {
        error: `no inbox "${slug}" in Hooklab`,
        hint: 'create it first, or send to a path outside /in/ to reach the default inbox',
      })
      refusals.add({ at: receivedAt, status: 404, method: req.method ?? null, path: req.url ?? null, remote, reason: `no inbox "${slug}"` })
      return
    }
    const target = inbox
    const base = readHead(req, receivedAt, path, query, remote)
    if (base.declaredLength > bodyLimit) {
      drainThenClose(req, res)
      capture(target, base, null, base.declaredLength, res)
      return
    }
    // Room for the body among those held at once: its declared length up front (a request let in can
    // finish), or as it arrives when chunked.
    const declared = Number.isFinite(base.declaredLength) && base.declaredLength > 0 ? base.declaredLength : 0
    if (bodiesHeld + declared > bodyBudget) {
      drainThenClose(req, res)
      refuseBusy(target, base, declared, res)
      return
    }
    let size = 0
    let held = declared
    bodiesHeld += declared
    let over = false
    let first: Buffer | null = null
    let chunks: Buffer[] | null = null
    const release = (): void => {
      bodiesHeld -= held
      held = 0
    }
    req.on('data', (chunk: Buffer) => {
      if (over) return
      size += chunk.length
      if (declared === 0) {
        held += chunk.length
        bodiesHeld += chunk.length
      }
      if (size > bodyLimit || bodiesHeld > bodyBudget) {
        over = true
        first = null
        chunks = null
        release()
        drainThenClose(req, res)
        if (size > bodyLimit) capture(target, base, null, size, res)
        else refuseBusy(target, base, size, res)
      } else if (first === null) first = chunk
      else (chunks ??= [first]).push(chunk)
    })
    req.on('end', () => {
      release()
      // A body that came in one chunk (most webhooks) is kept as it is, without a copy.
      if (!over) capture(target, base, chunks ? Buffer.concat(chunks, size) : (first ?? EMPTY), size, res)
    })
    // A sender that goes away mid-body leaves nothing held.
    req.on('close', release)
  }

  /** Counts a request queued on its connection; false (and the connection closed) past the bound. */
  function admitQueued(req: IncomingMessage, res: ServerResponse, remote: string, at: number): boolean {
    const conn = req.socket
    const n = (queuedOn.get(conn) ?? 0) + 1
    if (n > MAX_QUEUED_PER_CONNECTION) {
      if (n === MAX_QUEUED_PER_CONNECTION + 1) {
        queuedOn.set(conn, n)
        refusals.add({ at, status: null, method: req.method ?? null, path: req.url ?? null, remote, reason: `more than ${MAX_QUEUED_PER_CONNECTION} requests pipelined behind an answer not yet sent: connection closed` })
      }
      conn.destroy()
      return false
    }
    queuedOn.set(conn, n)
    res.once('close', () => queuedOn.set(conn, Math.max(0, (queuedOn.get(conn) ?? 1) - 1)))
    return true
  }

  /**
   * An answer given before the body was read (413, busy 503; it says Connection: close): the rest is read
   * and dropped, so a sender still uploading reads that answer instead of a reset. Node would destroy the
   * socket once the answer is written (destroySoon), and closing a socket with unread bytes sends RST: the
   * sender's next write fails with EPIPE before it reads the answer. So the close is a lingering one: FIN,
   * then reading for LINGER_MS or LINGER_BYTES at most, so a sender that never stops cannot hold it.
   */
  function drainThenClose(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket
    answeredEarly.add(socket) // its body is left unread on purpose: no refusal when the sender then stops
    let after = 0
    req.on('data', (chunk: Buffer) => {
      if (res.writableFinished && (after += chunk.length) > LINGER_BYTES) socket.destroy()
    })
    socket.destroySoon = () => {
      socket.end()
      later(LINGER_MS, () => socket.destroy())
    }
  }

  /** Past bodyBudgetBytes: 503 with Retry-After and a headers-only capture (warned about once). */
  function refuseBusy(inbox: InboxRuntime, base: RequestHead, size: number, res: ServerResponse): void {
    if (!busyLogged) {
      busyLogged = true
      logger.warn('receiver: too many request bodies in memory at once; answering 503 until some are stored', { budgetBytes: bodyBudget })
    }
    capture(inbox, base, null, size, res, true)
  }

  function capture(
    inbox: InboxRuntime,
    base: RequestHead,
    body: Buffer | null,
    size: number,
    res: ServerResponse,
    /** Refused for memory (bodyBudgetBytes), not for its own size: 503, try again. */
    busy = false,
  ): void {
    const id = newId('cap', base.receivedAt)
    const oversize = body === null
    // A browser's CORS preflight is protocol, not a webhook: it is captured, answered 204 with the
    // inbox's headers, and neither uses up a scripted step nor gets a signature verdict.
    const preflight = base.method === 'OPTIONS' && base.headers.some(([n]) => n.toLowerCase() === 'access-control-request-method')
    // Relaying: the answer is the forward target's, known once it has answered (no scripted step is used).
    const relaying = body !== null && !preflight && inbox.forwardTo !== null && inbox.response.relay === true
    // Not to a browser page of another site (DNS rebinding: evil.example resolved to 127.0.0.1): the
    // forward drops Host, so the dev server's own check would not see it, and the page would read its answer.
    const foreignPage = relaying && pageFromElsewhere(base.headers)
    const relay = relaying && !foreignPage
    const step: ResponseStep = relay
      ? RELAY_PENDING
      : foreignPage
      ? { status: 403, headers: [], body: JSON.stringify({ error: `Hooklab relays your server's answers to senders, not to a web page served as ${foreignPage}; captured, not forwarded`, captureId: id }), delayMs: 0 }
      : busy
      ? { status: 503, headers: [['Retry-After', '1'], ['Connection', 'close']], body: JSON.stringify({ error: `Hooklab is holding ${Math.round(bodyBudget / MB)} MB of request bodies at once; headers captured, send again`, captureId: id }), delayMs: 0 }
      : oversize
      ? { status: 413, headers: [['Connection', 'close']], body: JSON.stringify({ error: `body larger than the ${bodyLimit} byte limit; headers captured`, captureId: id }), delayMs: 0 }
      : preflight
        ? { status: 204, headers: inbox.response.headers ?? [], body: '', delayMs: 0 }
        : cursor.next(inbox.id, inbox.response)
    const verdict = !inbox.verification || preflight
      ? null
      : oversize
        ? { scheme: inbox.verification.scheme, valid: false, reason: busy ? 'body not read (the receiver was busy), not verified' : 'body over the size limit, not verified', explanation: null }
        : verifyCapture(inbox.verification, base.headers, body, clock.now())
    const response = answerFor(step, id, base, body)
    const record: CaptureRecord = {
      id,
      inbox_id: inbox.id,
      received_at: base.receivedAt,
      method: base.method,
      path: base.path,
      query: base.query,
      headers_json: JSON.stringify(base.headers),
      content_type: base.contentType,
      body,
      size,
      oversize: oversize ? 1 : 0,
      remote_address: base.remote,
      response_status: relay ? null : step.status,
      response_headers_json: relay ? null : response.headersJson,
      // Node sends a HEAD answer's headers only (its Content-Length still says how long the body would be).
      response_body: relay ? null : base.method === 'HEAD' ? EMPTY : response.body,
      verify_scheme: verdict?.scheme ?? null,
      verify_valid: verdict ? (verdict.valid ? 1 : 0) : null,
      verify_reason: verdict?.reason ?? null,
      verify_explanation: verdict?.explanation ?? null,
      delivery_key: body && base.mayCarryId ? deliveryKey(base.headers, body) : null,
      duplicate_of: null,
      forward_url: inbox.forwardTo && !oversize && !foreignPage ? withRequestQuery(inbox.forwardTo, base.query) : null,
      forward_status: null,
      forward_body: null,
      forward_ms: null,
      forward_error: null,
      relayed: relay ? 1 : 0,
    }
    groupCommit.add(record, (err) => {
      if (err) {
        // Shown where a missing webhook is looked for (the Inbox, `listen`), not only in the log.
        const failed = storeFailure(err, db.name)
        logger.error('receiver: could not store a capture', { error: String(failed.error) })
        refusals.add({ at: base.receivedAt, status: failed.status, method: base.method, path: base.query ? `${base.path}?${base.query}` : base.path, remote: base.remote, reason: failed.reason })
        const retry: HeaderPairs = failed.status === 503 ? [['Retry-After', String(STORE_RETRY_AFTER_S)]] : []
        if (!res.headersSent) sendJson(res, failed.status, { error: `Hooklab could not store this request (${failed.reason.replace(/^could not store: /, '')})` }, retry)
        return
      }
      // Callbacks of one batch run in a loop: an exception here must not skip the answers to the
      // rest, and a failing listener must not cost the sender its answer (the capture is stored).
      try {
        // res.socket is null while an earlier request on the connection is still unanswered (pipelining):
        // Node holds this answer until that one is out, and drops it when the connection closes first.
        if (step.status === null || step.delayMs > 0 || relay || res.socket === null) watchUnanswered(res, id, inbox.id, base.receivedAt)
        if (relay && record.forward_url && body) startForward(record.forward_url, id, inbox.id, base, body, res)
        else {
          answer(res, step, response)
          if (record.forward_url && body) startForward(record.forward_url, id, inbox.id, base, body)
        }
        bus.emit('capture.received', { captureId: id, inboxId: inbox.id })
      } catch (cbErr) {
        logger.error('receiver: after storing a capture', { error: String(cbErr) })
        if (!res.headersSent) res.destroy()
      }
    })
  }

  /**
   * An answer that does not go out at once (hang, a delay, a relay waiting for the dev server, one queued
   * behind such an answer on its connection): when the connection closes before it went out, the capture
   * records after how long and whether the sender gave up or Hooklab closed it (a hang's limit, the
   * receiver stopping). Testing a sender's timeout reads this.
   */
  function watchUnanswered(res: ServerResponse, id: string, inboxId: string, receivedAt: number): void {
    // The connection, not the response: a queued response gets no 'close' of its own when it is dropped.
    // One listener per connection, however many answers are queued on it.
    const conn = res.req.socket
    let waiting = waitingOn.get(conn)
    const done = (): void => {
      waiting?.delete(record)
      unansweredWatch.delete(res)
    }
    const record = (): void => {
      done()
      res.off('finish', done)
      // 'finish' = handed to the connection; a queued answer has headersSent (buffered) without that.
      if (res.writableFinished) return
      try {
        captureRepo.setUnanswered(id, Math.max(0, clock.now() - receivedAt), closingByUs.has(conn) || stopping ? 'hooklab' : 'sender')
        bus.emit('capture.updated', { captureId: id, inboxId, change: 'unanswered' })
      } catch (err) {
        logger.warn('receiver: could not record an unanswered request', { error: String(err) })
      }
    }
    if (conn.destroyed) return record()
    if (!waiting) {
      const set = new Set<() => void>()
      waitingOn.set(conn, set)
      conn.once('close', () => {
        for (const r of [...set]) r()
      })
      waiting = set
    }
    waiting.add(record)
    res.once('finish', done)
    unansweredWatch.set(res, record)
  }

  function answer(res: ServerResponse, step: ResponseStep, response: Answer): void {
    if (step.status === null) {
      // hang: hold the connection until the client gives up or hangMs passes.
      const socket = res.req.socket // the connection, also while this answer waits behind an earlier one
      later(hangMs, () => {
        closingByUs.add(socket)
        socket.destroy()
      })
      return
    }
    const status = step.status
    if (step.delayMs > 0) later(step.delayMs, () => send(res, status, response))
    else send(res, status, response)
  }

  /** Forwards a stored capture and records what came back; `relayTo` gets that answer too (relay.ts). */
  function startForward(
    url: string,
    captureId: string,
    inboxId: string,
    base: { method: string; headers: HeaderPairs },
    body: Buffer,
    relayTo?: ServerResponse,
  ): void {
    const sent = pointsAtReceiver(url, bound?.port ?? null) || pointsAtReceiver(url, bound?.httpsPort ?? null)
      ? Promise.resolve(refused(url, SELF_FORWARD))
      : forwardCapture(localTls, url, { method: base.method, headers: base.headers, body }, forwardTimeoutMs, relayTo ? RELAY_BODY_CAP : FORWARD_BODY_CAP)
    const p = sent
      .then((result) => {
        const forward = {
          forward_url: result.url,
          forward_status: result.status,
          forward_body: result.body && result.body.length > FORWARD_BODY_CAP ? result.body.subarray(0, FORWARD_BODY_CAP) : result.body,
          forward_ms: result.durationMs,
          // Cut by the receiver stopping: said so, not as undici's "The client is destroyed".
          forward_error: result.error !== null && stopping ? 'Hooklab stopped while forwarding' : result.error,
        }
        // The sender's connection already closed (it gave up, or Hooklab stopped): no answer goes out, so
        // none is recorded; the capture says it went unanswered.
        const relayed = relayTo && !relayTo.destroyed && !stopping ? relayedAnswer(result, captureId, base.method === 'HEAD') : null
        if (relayTo && relayed) {
          try {
            sendRelayed(relayTo, relayed)
          } catch (err) {
            // A header Node will not write (it came from the dev server): the sender's connection ends unanswered.
            logger.warn('receiver: could not relay an answer', { error: String(err) })
            relayTo.destroy()
          }
        }
        try {
          if (relayed) {
            captureRepo.setRelayed(captureId, {
              ...forward,
              response_status: relayed.status,
              response_headers_json: JSON.stringify(relayed.headers),
              response_body: relayed.body,
            })
          } else captureRepo.setForward(captureId, forward)
          bus.emit('capture.updated', { captureId, inboxId, change: 'forward' })
        } catch (err) {
          logger.warn('receiver: could not record a forward result', { error: String(err) })
        }
      })
      .finally(() => forwards.delete(p))
    forwards.add(p)
  }

  function prune(): number {
    const removed: string[] = []
    const touched = new Set<string>()
    let counts: Array<{ inbox_id: string; n: number }>
    if (passesToFullCount-- <= 0) {
      passesToFullCount = FULL_COUNT_EVERY - 1
      counts = captureRepo.countsByInbox()
    } else counts = [...grownInboxes].map((inbox_id) => ({ inbox_id, n: captureRepo.countOf(inbox_id) }))
    grownInboxes.clear()
    for (const { inbox_id, n } of counts) {
      const excess = n - retention.maxCapturesPerInbox
      if (excess > 0) {
        removed.push(...captureRepo.pruneOldest(inbox_id, Math.min(excess, retention.batchSize)))
        touched.add(inbox_id)
        // Still over after one batch: look again next pass.
        if (excess > retention.batchSize) grownInboxes.add(inbox_id)
      }
    }
    // Reads a window of 8 batches (rowid and time only), deletes at most one batch of it.
    // Age counts back from now, but never from past the newest capture: a clock set months ahead (a VM
    // or board booted before NTP) would otherwise find every capture aged and delete them all.
    const reference = Math.min(clock.now(), captureRepo.newestStamp() ?? 0)
    const walk = captureRepo.pruneAgedAfter(ageWalkAfter, reference - retention.maxAgeMs, 8 * retention.batchSize, retention.batchSize)
    ageWalkAfter = walk.last ?? 0
    const aged = walk.deleted
    removed.push(...walk.ids)
    const deleted = removed.length
    // One event per pass, so open lists drop the rows instead of offering ones that are gone.
    if (deleted > 0) bus.emit('capture.pruned', { captureIds: removed })
    for (const id of touched) bus.emit('inbox.updated', { inboxId: id })
    if (aged > 0 && touched.size === 0) for (const i of inboxRepo.list()) bus.emit('inbox.updated', { inboxId: i.id })
    return deleted
  }

  /** The HTTP server (or HTTPS with `tls`) every request of the receiver goes through. */
  function makeServer(tls?: { key: string; cert: string }): Server {
    const options = {
      maxHeaderSize: opts.maxHeaderSize ?? 16 * 1024,
      headersTimeout: opts.headersTimeoutMs ?? 10_000,
      requestTimeout: opts.requestTimeoutMs ?? 30_000,
      connectionsCheckingInterval: opts.connectionsCheckingIntervalMs ?? 1_000,
      keepAliveTimeout: 5_000,
      requireHostHeader: false,
    }
    const srv: Server = tls ? createHttpsServer({ ...options, key: tls.key, cert: tls.cert }) : createServer(options)
    // Every header within maxHeaderSize is kept: Node's default (2,000 entries, names and values) would
    // drop the ones past the 1,000th, a signature or Content-Length among them, without a word.
    srv.maxHeadersCount = 0
    srv.on('request', handle)
    // Answer 413 before the client sends a body we would refuse anyway.
    srv.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
      const declared = Number(req.headers['content-length'] ?? NaN)
      if (!(Number.isFinite(declared) && declared > bodyLimit)) res.writeContinue()
      handle(req, res)
    })
    // Malformed HTTP, header floods and slow clients end that connection only.
    srv.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
      // A request answered before its body was read (413, busy 503) is captured; the rest of its upload is
      // dropped on purpose, so a sender that then stops or resets is no refusal.
      if (answeredEarly.has(socket)) {
        socket.destroy()
        return
      }
      const code = err.code ?? ''
      const remote = normalizeAddress(socket.remoteAddress ?? '')
      // A request whose head was read but not all of its body (Node's parser still holds it): it is said
      // with its method and path, as the sender's mistake or its connection's, not as malformed HTTP.
      const incoming = (socket as Socket & { parser?: { incoming?: IncomingMessage | null } | null }).parser?.incoming
      const cut = incoming && !incoming.complete ? incoming : null
      if (code === 'ECONNRESET' || !socket.writable) {
        if (cut && !failing.has(socket)) {
          failing.add(socket)
          refusals.add({ at: clock.now(), status: null, method: cut.method ?? null, path: cut.url ?? null, remote, reason: 'the connection was reset before the whole body arrived' })
        }
        socket.destroy()
        return
      }
      // Node reports each later read on this socket again; the first report is being answered.
      if (failing.has(socket)) return
      failing.add(socket)
      const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400
      const reason = !cut
        ? parserReason(err as ParserError, status)
        : code === 'HPE_INVALID_EOF_STATE'
          ? 'the sender closed the connection before the whole body arrived'
          : status === 408
            ? 'the body was not sent in time'
            : `the body is malformed: ${parserReason(err as ParserError, status)}`
      refusals.add({ at: clock.now(), status, method: cut?.method ?? null, path: cut?.url ?? null, remote, reason })
      const fail = (): void => {
        const inFlight = inFlightOn(socket)
        // Requests read whole before the bad bytes (pipelined, or a Content-Length short by a byte) are
        // captured and get their recorded answer first: Node sends answers in order, and hands the
        // socket to the next one before 'finish' listeners added here run.
        if (inFlight?.req.complete) {
          inFlight.once('finish', fail)
          return
        }
        if (!socket.writable || inFlight?.headersSent) {
          socket.destroy()
          return
        }
        // end() alone only half-closes: a client that keeps dripping bytes would hold the socket.
        socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy())
      }
      fail()
    })
    // A TLS handshake that fails (a client that does not trust the certificate) ends that connection only.
    if (tls)
      srv.on('tlsClientError', (err: NodeJS.ErrnoException, socket: Socket) => {
        const remote = normalizeAddress(socket.remoteAddress ?? '')
        socket.destroy()
        refusals.add({ at: clock.now(), status: null, method: null, path: null, remote, reason: tlsReason(err) })
      })
    // The receiver is not a proxy: a client with HTTPS_PROXY pointed at it sends CONNECT. Node hands over
    // the socket; it gets 405 once the answers to requests before it on the connection are out.
    srv.on('connect', (req: IncomingMessage, socket: Socket) => {
      socket.on('error', ignore) // handed over: Node no longer listens for its errors
      // Node's closeAllConnections no longer knows it either: stop() ends it (it could hold a stop for ever).
      handedOver.add(socket)
      socket.once('close', () => handedOver.delete(socket))
      const remote = normalizeAddress(socket.remoteAddress ?? '')
      refusals.add({ at: clock.now(), status: 405, method: req.method ?? null, path: req.url ?? null, remote, reason: 'CONNECT: the receiver is not a proxy (HTTPS_PROXY or HTTP_PROXY set to it?)' })
      const refuse = (): void => {
        socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n', () => socket.destroy())
      }
      const inFlight = inFlightOn(socket)
      if (inFlight && !inFlight.writableFinished) inFlight.once('finish', refuse)
      else refuse()
    })
    // Expect: anything but 100-continue (Node would answer 417 without a word).
    srv.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
      const remote = normalizeAddress(req.socket.remoteAddress ?? '')
      const expect = String(req.headers.expect).slice(0, 100)
      req.resume()
      sendJson(res, 417, { error: `Expect: ${expect} is not supported (only 100-continue)` }, [['Connection', 'close']])
      refusals.add({ at: clock.now(), status: 417, method: req.method ?? null, path: req.url ?? null, remote, reason: `Expect: ${expect} (only 100-continue is understood)` })
    })
    return srv
  }

  async function start(): Promise<ReceiverAddress> {
    if (bound) return bound
    stopping = false
    if (!LOOPBACK.has(host))
      logger.warn(`receiver: listening on ${host}, reachable from other machines${allow ? ' on the allow-list' : ''}`)
    const srv = makeServer()
    await listenOn(srv, opts.port ?? 0, host, 'the receiver')
    const started = [srv]
    const port = (srv.address() as AddressInfo).port
    const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
    baseUrl = `http://${shown}:${port}`
    bound = { url: baseUrl, port }
    if (opts.https) {
      const tlsSrv = makeServer(opts.https)
      try {
        await listenOn(tlsSrv, opts.https.port, host, 'the receiver (https)')
      } catch (err) {
        srv.close()
        bound = null
        baseUrl = ''
        throw err
      }
      started.push(tlsSrv)
      const httpsPort = (tlsSrv.address() as AddressInfo).port
      httpsBaseUrl = `https://${shown === '127.0.0.1' ? 'localhost' : shown}:${httpsPort}`
      bound = { ...bound, httpsUrl: httpsBaseUrl, httpsPort }
    }
    servers = started
    pruneTimer = setInterval(() => {
      try {
        prune()
      } catch (err) {
        logger.warn('receiver: pruning failed', { error: String(err) })
      }
    }, retention.intervalMs)
    pruneTimer.unref()
    logger.info('receiver listening', { url: baseUrl, ...(bound.httpsUrl ? { httpsUrl: bound.httpsUrl } : {}) })
    return bound
  }

  async function stop(): Promise<void> {
    stopping = true
    for (const record of [...unansweredWatch.values()]) record()
    if (pruneTimer) clearInterval(pruneTimer)
    pruneTimer = null
    for (const t of timers) clearTimeout(t)
    timers.clear()
    groupCommit.flush()
    const open = servers
    servers = []
    bound = null
    httpsBaseUrl = ''
    await Promise.all(
      open.map((srv) => {
        const closed = new Promise<void>((resolve) => srv.close(() => resolve()))
        srv.closeAllConnections()
        return closed
      }).concat(
        [...handedOver].map((socket) => {
          const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
          socket.destroy()
          return closed
        }),
      ),
    )
    if (ownDispatcher) await ownDispatcher.destroy()
    await localTls.close()
    await Promise.allSettled([...forwards])
  }

  function listCaptures(filter: CaptureFilter = {}, page: CapturePage = {}): { items: CaptureRow[]; nextCursor: string | null } {
    return pageOfCaptures(captureRepo, filter, page)
  }


  function getCapture(id: string): CaptureDetail {
    const r = captureRepo.get(id)
    if (!r) throw new HooklabError('E_NOT_FOUND', `no capture with id ${id}`)
    return toCaptureDetail(r)
  }

  function capturesAfter(filter: CaptureExportFilter, afterSeq: number, limit: number): CaptureDetail[] {
    groupCommit.flush()
    return captureRepo
      .exportPage({ inboxId: filter.inboxId, afterSeq, since: filter.since ?? 0, until: filter.until ?? Number.MAX_SAFE_INTEGER, limit })
      .map(toCaptureDetail)
  }

  function replayCaptures(filter: CaptureFilter, options: Omit<ReplayCaptureOptions, 'body'>): { enqueued: number; skippedOversize: number; deliveryIds: string[] } {
    checkHttpUrl(options.to, 'replay target')
    if (options.mode === 're-sign' && !options.signing) throw new HooklabError('E_INVALID_INPUT', 're-sign needs a signing scheme and secret')
    const rows: CaptureRow[] = []
    let cursor: string | null = null
    do {
      const page = listCaptures(filter, { cursor, limit: 500 })
      rows.push(...page.items)
      cursor = page.nextCursor
      if (rows.length > REPLAY_MANY_MAX)
        throw new HooklabError('E_INVALID_INPUT', `more than ${REPLAY_MANY_MAX} captures match: narrow the search to replay them (nothing was sent)`)
    } while (cursor)
    const deliveryIds: string[] = []
    let skippedOversize = 0
    // Oldest first by when they were received: an imported capture is stored after newer ones.
    rows.sort((a, b) => a.receivedAt - b.receivedAt || a.seq - b.seq)
    for (const row of rows) {
      if (row.oversize) skippedOversize++
      else deliveryIds.push(replayCapture(row.id, options).deliveryId)
    }
    // The ids let a script follow, wait for or cancel what it queued.
    return { enqueued: deliveryIds.length, skippedOversize, deliveryIds }
  }

  function deleteCapture(id: string): void {
    const inboxId = captureRepo.deleteOne(id)
    if (!inboxId) throw new HooklabError('E_NOT_FOUND', `no capture with id ${id}`)
    bus.emit('capture.pruned', { captureIds: [id] })
    bus.emit('inbox.updated', { inboxId })
  }

  function replayCapture(id: string, options: ReplayCaptureOptions): EnqueueResult {
    if (!deps.enqueue) throw new HooklabError('E_INTERNAL', 'replaying a capture needs the delivery engine, which is not running here')
    checkHttpUrl(options.to, 'replay target')
    const c = getCapture(id)
    if (c.oversize && options.body === undefined)
      throw new HooklabError('E_CONFLICT', 'this capture was over the size limit and has no body to replay')
    const body = options.body === undefined ? c.body : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body, 'utf8')
    const kept: HeaderPairs = []
    const flat = forwardableHeaders(c.headers)
    for (let i = 0; i + 1 < flat.length; i += 2) {
      // An edited body is sent as the plain bytes given: the original's Content-Encoding no longer applies.
      if (options.body !== undefined && flat[i]!.toLowerCase() === 'content-encoding') continue
      kept.push([flat[i]!, flat[i + 1]!])
    }
    const contentType = c.contentType ?? 'application/octet-stream'
    // Filed under the capture's event, so the Deliveries event filter and `cancel --event` find the replay.
    const eventType = c.event
    if (options.mode === 're-sign') {
      if (!options.signing) throw new HooklabError('E_INVALID_INPUT', 're-sign needs a signing scheme and secret')
      return deps.enqueue({
        url: options.to,
        method: c.method,
        headers: kept.filter(([n]) => !SIGNING_HEADERS.has(n.toLowerCase())),
        body,
        contentType,
        eventType,
        signing: options.signing,
      })
    }
    return deps.enqueue({ url: options.to, method: c.method, headers: kept, body, contentType, eventType, signing: null })
  }

  return {
    start,
    stop,
    address: () => bound,
    inboxes: {
      create: inboxes.create,
      update: inboxes.update,
      delete: inboxes.delete,
      clear: inboxes.clear,
      list: inboxes.list,
      get: inboxes.get,
      getBySlug: inboxes.getBySlug,
      runtimeBySlug: inboxes.runtimeBySlug,
    },
    refusals: () => refusals.list(),
    reconfigure(next) {
      allow = allowSet(next.allowList)
      if (next.retention?.maxCapturesPerInbox !== undefined) retention.maxCapturesPerInbox = next.retention.maxCapturesPerInbox
      if (next.retention?.maxAgeMs !== undefined) retention.maxAgeMs = next.retention.maxAgeMs
    },
    setOverride(slug, override) {
      const inbox = inboxes.getBySlug(slug)
      if (!inbox) throw new HooklabError('E_NOT_FOUND', `no inbox "${slug}"`)
      const v = override?.verification
      if (v) for (const secret of v.secrets) checkSecret(v.scheme, secret, 'verify')
      if (override) overrides.set(slug, override)
      else overrides.delete(slug)
      cursor.reset(inbox.id)
    },
    listCaptures,
    getCapture,
    capturesAfter,
    importCaptures: (items: readonly ImportedCapture[], o: { inboxId?: string } = {}) => {
      groupCommit.flush() // what is still pending is written first, so its ids are seen
      return importer(items, o)
    },
    replayCaptures,
    deleteCapture,
    replayCapture,
    prune,
  }
}

const EMPTY = Buffer.alloc(0)
/** The step a relaying inbox "takes": none; the answer waits for the forward target (never sent as is). */
/** "http://host:port/in/x?y" -> "/in/x?y"; an origin-form target as it is. */
function absolutePath(target: string): string {
  const m = /^https?:\/\/[^/?#]*/i.exec(target)
  if (!m) return target
  const rest = target.slice(m[0].length)
  return rest.startsWith('/') ? rest : `/${rest}`
}

/**
 * The Host a browser page sent a request under, when it is not this machine: a browser's request carries
 * Origin or Sec-Fetch-Site (a server's webhook does not; Node's fetch sends Sec-Fetch-Mode only), and a
 * page on localhost is the user's own.
 */
function pageFromElsewhere(headers: HeaderPairs): string | null {
  let host: string | null = null
  let page = false
  for (const [n, v] of headers) {
    const name = n.toLowerCase()
    if (name === 'host') host = v
    else if (name === 'origin' || name === 'sec-fetch-site') page = true
  }
  if (!page || host === null) return null
  let hostname: string
  try {
    hostname = new URL(`http://${host}`).hostname
  } catch {
    return host
  }
  return isLoopbackHost(hostname) || hostname === '0.0.0.0' ? null : host
}

const RELAY_PENDING: ResponseStep = Object.freeze({ status: null, headers: [], body: '', delayMs: 0 })

/**
 * The forward URL with the request's query added to its own: URL-verification handshakes carry their
 * token there (Microsoft Graph's ?validationToken=, Dropbox's ?challenge=, Meta's ?hub.challenge=), and a
 * dev server behind a relaying inbox must see it to answer. The path stays the one set.
 */
function withRequestQuery(forwardTo: string, query: string): string {
  if (!query) return forwardTo
  const hash = forwardTo.indexOf('#')
  const url = hash < 0 ? forwardTo : forwardTo.slice(0, hash)
  return `${url}${url.includes('?') ? (url.endsWith('?') || url.endsWith('&') ? '' : '&') : '?'}${query}`
}

function ignore(): void {}

/** The answer a connection is sending or waiting to send now (Node's own slot; later ones queue behind it). */
function inFlightOn(socket: Socket): ServerResponse | null {
  return (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage ?? null
}

interface RequestHead {
  receivedAt: number
  method: string
  path: string
  query: string
  headers: HeaderPairs
  remote: string
  contentType: string | null
  /** Content-Length as sent (first one), -1 when absent or not a number. */
  declaredLength: number
  /** Some header is one a delivery id is read from (without one, the id lookup is skipped). */
  mayCarryId: boolean
}

// One pass over the raw header list instead of building req.headers (a lazy object Node only
// makes when asked) and searching the pairs again for each header we need.
function readHead(req: IncomingMessage, receivedAt: number, path: string, query: string, remote: string): RequestHead {
  const raw = req.rawHeaders
  const headers: HeaderPairs = []
  let contentType: string | null = null
  let lengthText: string | null = null
  let mayCarryId = false
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    const value = raw[i + 1]!
    headers.push([name, value])
    const lower = name.toLowerCase()
    if (lower === 'content-type') contentType ??= value
    else if (lower === 'content-length') lengthText ??= value
    else if (DELIVERY_ID_HEADERS.has(lower)) mayCarryId = true
  }
  const declared = lengthText === null ? NaN : Number(lengthText)
  return {
    receivedAt,
    method: req.method ?? 'GET',
    path,
    query,
    headers,
    remote,
    contentType,
    declaredLength: Number.isFinite(declared) ? declared : -1,
    mayCarryId,
  }
}

function sendRelayed(res: ServerResponse, a: RelayedAnswer): void {
  if (res.destroyed || res.headersSent) return
  const flat: string[] = []
  for (const [n, v] of a.headers) flat.push(n, v)
  res.writeHead(a.status, STATUS_CODES[a.status] ?? 'Status', flat)
  res.end(a.body)
}

function send(res: ServerResponse, status: number, response: Answer): void {
  if (res.destroyed || res.headersSent) return
  res.writeHead(status, STATUS_CODES[status] ?? 'Status', response.flatHeaders as string[])
  // Text, not the Buffer: Node then writes head and body as one string (one write, no writev).
  res.end(response.sendBytes ? response.body : response.bodyText)
}

function normalizeAddress(addr: string): string {
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr
}
