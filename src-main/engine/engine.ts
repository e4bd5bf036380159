// The composition root: builds every engine part from its config and hands each its deps.
// No module-level state: every test or process builds its own engine on its own data dir.
import { randomBytes } from 'node:crypto'
import type { Clock } from './clock'
import { systemClock } from './clock'
import { openDb, storageError } from './db/open'
import { startCheckpointer } from './db/checkpointer'
import { guardStorageErrors } from './db/storage-guard'
import type { Db } from './db/open'
import { toErrorPayload } from './errors'
import { EventBus } from './events'
import type { Logger } from './logger'
import { silentLogger } from './logger'
import { dbFile, defaultHome } from './paths'
import { plainSecretBox } from './secrets'
import type { SecretBox } from './secrets'
import { signRequest } from './signing/registry'
import { createEndpointRepo } from './endpoints/repo'
import { createEndpointService } from './endpoints/service'
import type { EndpointService } from './endpoints/service'
import { createQueue } from './delivery/queue'
import { createHeartbeatRepo } from './delivery/heartbeat'
import { createSender } from './delivery/sender'
import { createDispatcher } from './delivery/dispatcher'
import { createInlineWriter, createThreadWriter } from './delivery/writer'
import type { SignFn } from './delivery/dispatcher'
import { createDeliveryService } from './delivery/service'
import { createDeliveryPruner, startDeliveryRetention } from './delivery/retention'
import type { RetentionTimerOptions } from './delivery/retention'
import type { DeliveryService } from './delivery/service'
import { createExporter } from './export/attempts'
import type { Exporter } from './export/attempts'
import { createCaptureExporter } from './export/captures'
import { createReceiver } from './receiver'
import { createSearcher } from './search/searcher'
import { endpointStats } from './endpoints/stats'
import type { Searcher } from './search/searcher'
import type { Receiver, ReceiverOptions } from './receiver'

export interface EngineConfig {
  /** Data dir (default: the desktop app's, or HOOKLAB_HOME). */
  home?: string
  /** SQLite file; default <home>/hooklab.db. ':memory:' for unit tests. */
  dbFile?: string
  clock?: Clock
  logger?: Logger
  /** How endpoint secrets are sealed at rest (Electron passes a safeStorage box). Default: plain. */
  secretBox?: SecretBox
  /** better-sqlite3 native build to load (the Electron variant lives elsewhere). */
  nativeBinding?: string
  /** Lease owner id; unique per process by default. */
  ownerId?: string
  /** Poll interval for rows written by other processes, ms (default 250). */
  pollMs?: number
  /** Global cap on attempts in flight (default 64). */
  maxInFlight?: number
  /** Jitter source (tests pass a fixed one). */
  random?: () => number
  /** Overrides the signing function (default: signing/registry signRequest). */
  sign?: SignFn
  /** Dispatch only these delivery ids (add to the set after enqueue); no heartbeat. For `send --wait`. */
  dispatchOnly?: Set<string>
  /** The local receiver's options (bind address, port, limits, retention). */
  receiver?: ReceiverOptions
  /** Attempt retention: finished deliveries older than maxAgeMs (default 30 days) are pruned on a timer once started. */
  retention?: Partial<RetentionTimerOptions>
  /**
   * Write attempt results (settle + claim) on a worker thread once this many went through on the
   * main thread (0: from the first batch); false (default): always on the main thread.
   */
  writerThreadAfter?: number | false
  /** Accept certificates Node does not know from https://localhost, 127.x and ::1 (dev servers); default true. */
  trustLocalTls?: boolean
}

export interface Engine {
  readonly db: Db
  readonly bus: EventBus
  readonly endpoints: EndpointService
  readonly delivery: DeliveryService
  readonly export: Exporter & ReturnType<typeof createCaptureExporter>
  /** Deliveries' and the Inbox's list reads and endpoint stats; those that walk many rows run on the search thread. */
  readonly search: Searcher
  /** Inboxes and captures are always available; the HTTP listener runs only after startReceiver(). */
  readonly receiver: Receiver
  readonly ownerId: string
  readonly home: string
  /** Start dispatching (claims due deliveries, beats the heartbeat). */
  start(): void
  /** Start the local receiver's HTTP listener (127.0.0.1 by default). */
  startReceiver(): Promise<{ url: string; port: number }>
  /** Stop claiming, let in-flight attempts finish up to graceMs, give back the rest's leases, close the DB. */
  stop(options?: { graceMs?: number }): Promise<void>
  /** Other engines on this data dir that beat within the last few seconds. */
  liveEngines(): Array<{ owner: string; pid: number; beat_at: number }>
  /** Changes attempt retention (e.g. the maxAttemptAgeDays setting); takes effect at the next run. */
  setRetention(options: Partial<RetentionTimerOptions>): void
  /** The trustLocalTls setting, from the next attempt on. */
  setTrustLocalTls(trust: boolean): void
}

export function createEngine(config: EngineConfig = {}): Engine {
  const home = config.home ?? defaultHome()
  const clock = config.clock ?? systemClock
  const logger = config.logger ?? silentLogger
  const secretBox = config.secretBox ?? plainSecretBox
  const openBoxes = secretBox.id === plainSecretBox.id ? [secretBox] : [secretBox, plainSecretBox]
  const ownerId = config.ownerId ?? `eng_${process.pid}_${randomBytes(4).toString('hex')}`
  const file = config.dbFile ?? dbFile(home)
  const db = openDb({ file, nativeBinding: config.nativeBinding })
  // Enqueues, attempt writes and captures share this connection: keep checkpoints off its thread.
  const checkpointer = startCheckpointer(db, { logger, nativeBinding: config.nativeBinding })
  const bus = new EventBus()

  const queue = createQueue(db)
  const heartbeat = createHeartbeatRepo(db)
  const endpointRepo = createEndpointRepo(db)
  const endpoints = createEndpointService({ repo: endpointRepo, bus, clock, secretBox, openBoxes })
  // Settle + claim off the event loop (writer.ts); the inline writer until then, or if it cannot run.
  const inlineWriter = createInlineWriter(queue, endpointRepo)
  // Off unless asked for: on the 2-vCPU bench box the thread's own cost (message passing, a second
  // heap, its start) outweighs what it takes off the event loop (B1 0.39x -> 0.37x; BENCHMARKS.md).
  const writerAfter = config.writerThreadAfter ?? false
  const writer =
    writerAfter === false
      ? inlineWriter
      : createThreadWriter({
          db,
          inline: inlineWriter,
          logger,
          nativeBinding: config.nativeBinding,
          noAutoCheckpoint: () => checkpointer.background,
          startAfter: writerAfter,
        })
  let trustLocalTls = config.trustLocalTls ?? true
  const sender = createSender({ connections: Math.max(16, config.maxInFlight ?? 64), trustLocalTls: () => trustLocalTls })
  const dispatcher = createDispatcher({
    queue,
    endpoints,
    heartbeat,
    sender,
    sign: config.sign ?? signRequest,
    bus,
    clock,
    logger,
    openBoxes,
    owner: ownerId,
    maxInFlight: config.maxInFlight,
    pollMs: config.pollMs,
    random: config.random,
    only: config.dispatchOnly,
    writer,
  })
  const pruner = createDeliveryPruner(db, bus)
  const delivery = createDeliveryService({ queue, endpoints, dispatcher, bus, clock, secretBox, logger, dbFile: file, pruner })
  const retentionOf = (r: Partial<RetentionTimerOptions> = {}): RetentionTimerOptions => ({ ...r, maxAgeMs: r.maxAgeMs ?? 30 * 86_400_000 })
  let retention = retentionOf(config.retention)
  let retentionTimer: ReturnType<typeof startDeliveryRetention> | null = null
  const receiver = createReceiver({
    db,
    bus,
    clock,
    logger,
    secretBox,
    enqueue: (req) => delivery.enqueue(req),
    options: config.receiver,
    trustLocalTls: () => trustLocalTls,
  })
  // Searches walk every body: on a thread of their own, so sending and receiving do not wait for them.
  const search = createSearcher({
    db,
    inline: {
      deliveries: delivery.listDeliveries,
      deliveryCounts: delivery.countDeliveries,
      captures: receiver.listCaptures,
      endpointStats: (endpointId, range) => endpointStats(endpointRepo.attemptsSince(endpointId, range.since), range),
    },
    logger,
    beforeRead: () => void delivery.flushQuietly(),
    nativeBinding: config.nativeBinding,
  })
  const exporter = { ...createExporter({ queue, endpoints, clock, flush: delivery.flush, readTransaction: (fn) => db.transaction(fn)() }), ...createCaptureExporter({ receiver, clock }) }

  /**
   * Each step of stop on its own: a write that fails there (disk full, read-only, damaged) is logged
   * and the next step still runs, so the database is always closed and stop never throws over the
   * result of the command that called it.
   */
  async function stopStep(what: string, step: () => unknown): Promise<void> {
    try {
      await step()
    } catch (err) {
      logger.error(`while stopping: ${what} failed`, { error: toErrorPayload(storageError(err, file)).message })
    }
  }

  let stopped = false
  return {
    db,
    bus,
    // What callers (the UI's handlers, the CLI) use: SQLite's storage errors come out typed, naming the file.
    endpoints: guardStorageErrors(endpoints, file),
    delivery: guardStorageErrors(delivery, file),
    export: guardStorageErrors(exporter, file),
    receiver: guardStorageErrors(receiver, file),
    search: guardStorageErrors(search, file),
    ownerId,
    home,
    start() {
      dispatcher.start()
      retentionTimer ??= startDeliveryRetention({ pruner, clock, logger, options: retention })
    },
    startReceiver: () => receiver.start(),
    async stop(options = {}) {
      if (stopped) return
      stopped = true
      await stopStep('stopping the receiver', () => receiver.stop())
      // A last commit of this tick's enqueues; if the disk is full they are lost, and the log says so.
      try {
        delivery.flush()
      } catch (err) {
        logger.error('queued deliveries could not be written before stopping', { error: toErrorPayload(err).message })
      }
      delivery.close()
      retentionTimer?.stop()
      await stopStep('ending the attempts in flight', () => dispatcher.stop(options.graceMs ?? 5000))
      await sender.close().catch(() => undefined)
      await stopStep('ending the writer thread', () => writer.close())
      await stopStep('ending the search thread', () => search.close())
      await stopStep('ending the checkpoint thread', () => checkpointer.stop())
      db.close()
    },
    liveEngines: () => {
      try {
        return heartbeat.liveOthers(ownerId, clock.now())
      } catch (err) {
        throw storageError(err, file)
      }
    },
    setRetention(options) {
      retention = retentionOf(options)
      retentionTimer?.set(retention)
    },
    setTrustLocalTls(trust) {
      trustLocalTls = trust
    },
  }
}
