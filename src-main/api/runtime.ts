// One running Hooklab for a face (the Electron app or `hooklab serve`): the engine, the
// receiver on the configured port, the stores in the home, the handlers and the live batcher.
import type { EventName, EventPayload, Settings } from '../../src-preload/contract'
import { systemClock } from '../engine/clock'
import { createEngine } from '../engine/engine'
import type { Engine } from '../engine/engine'
import { HooklabError } from '../engine/errors'
import type { Logger } from '../engine/logger'
import { silentLogger } from '../engine/logger'
import { guardStorageErrors } from '../engine/db/storage-guard'
import { dbFile } from '../engine/paths'
import { createReceiver } from '../engine/receiver'
import type { Receiver, ReceiverOptions } from '../engine/receiver'
import type { SecretBox } from '../engine/secrets'
import { receiverCert, type ReceiverCert } from '../engine/receiver/tls-cert'
import type { ExportJob, ExportOutcome } from './export-stream'
import { createHandlers } from './handlers'
import { createLiveBatcher } from './live'
import { engineLiveSource } from './live-source'
import { createSettingsStore } from './settings-store'
import type { SettingsStore } from './settings-store'
import { createTemplateStore } from './templates-store'
import type { Handlers } from './types'

export const APP_VERSION = '0.1.0'

export interface RuntimeOptions {
  home: string
  mode: 'electron' | 'browser'
  version?: string
  /** Overrides settings.json (e.g. `serve --receiver-port 0`). */
  receiverPort?: number
  /** Overrides settings.json's receiverHttpsPort (`serve --receiver-https-port 0`). */
  receiverHttpsPort?: number
  secretBox?: SecretBox
  nativeBinding?: string
  logger?: Logger
  /** Dispatcher poll for other processes' rows, ms. */
  pollMs?: number
  /** How this face saves an export (save dialog, or a download URL). */
  exportFile(job: ExportJob): Promise<ExportOutcome>
  /** Sends an event to this face's UI(s). */
  send<E extends EventName>(event: E, payload: EventPayload<E>): void
  liveIntervalMs?: number
}

export interface Runtime {
  engine: Engine
  readonly receiver: Receiver
  settings: SettingsStore
  handlers: Handlers
  start(): Promise<{ receiverUrl: string }>
  stop(): Promise<void>
}

/** The delivery engine's attempt retention from the settings (the receiver's is in receiverOptions). */
function attemptRetention(s: Settings): { maxAgeMs: number } {
  return { maxAgeMs: s.retention.maxAttemptAgeDays * 86_400_000 }
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const logger = options.logger ?? silentLogger
  const settings = createSettingsStore(options.home, logger)
  const receiverOptions = (s: Settings, port: number, cert?: ReceiverCert): ReceiverOptions => ({
    host: s.receiverHost,
    port,
    allowList: s.receiverAllowList,
    retention: { maxCapturesPerInbox: s.retention.maxCapturesPerInbox, maxAgeMs: s.retention.maxCaptureAgeDays * 86_400_000 },
    ...(cert && s.receiverHttpsPort !== null ? { https: { port: s.receiverHttpsPort, key: cert.key, cert: cert.cert } } : {}),
  })
  /** The receiver's certificate when the settings ask for https (made on first use). */
  const certFor = async (s: Settings): Promise<ReceiverCert | undefined> => (s.receiverHttpsPort === null ? undefined : receiverCert(options.home))
  const engine = createEngine({
    home: options.home,
    logger,
    receiver: receiverOptions(settings.get(), options.receiverPort ?? settings.get().receiverPort),
    retention: attemptRetention(settings.get()),
    trustLocalTls: settings.get().trustLocalTls,
    ...(options.secretBox ? { secretBox: options.secretBox } : {}),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
  })
  // The engine's own receiver serves first; a settings change swaps in a fresh one, its storage errors
  // typed and naming the file as the engine's are.
  const makeReceiver = (s: Settings, port: number, cert?: ReceiverCert): Receiver =>
    guardStorageErrors(createReceiver({
      db: engine.db,
      bus: engine.bus,
      clock: systemClock,
      logger,
      enqueue: (req) => engine.delivery.enqueue(req),
      secretBox: options.secretBox,
      options: receiverOptions(s, port, cert),
      trustLocalTls: () => settings.get().trustLocalTls,
    }), dbFile(options.home))
  let receiver: Receiver = engine.receiver
  let started = false

  /**
   * Applies saved settings to what runs. Retention and the allow-list go to the running receiver as
   * they are (no restart: no connection dropped, scripted responses keep their step); only a move (its
   * port, bind address or https port) builds a new receiver. A port the user did not change stays where
   * it runs (it may come from serve --receiver-port or --receiver-https-port, not from the settings).
   */
  async function applySettings(previous: Settings, next: Settings): Promise<void> {
    engine.setRetention(attemptRetention(next))
    engine.setTrustLocalTls(next.trustLocalTls)
    if (!started) return
    const old = receiver
    const at = old.address()
    const running = at?.port
    const runningHttps = at?.httpsPort ?? null
    // Asking for the port it runs on already is no move (a second listener there would find it taken).
    const port = next.receiverPort === previous.receiverPort || next.receiverPort === running ? (running ?? next.receiverPort) : next.receiverPort
    const httpsPort = next.receiverHttpsPort === previous.receiverHttpsPort ? (runningHttps ?? next.receiverHttpsPort) : next.receiverHttpsPort
    const effective: Settings = { ...next, receiverHttpsPort: httpsPort }
    if (port === running && httpsPort === runningHttps && next.receiverHost === previous.receiverHost) {
      old.reconfigure(receiverOptions(effective, port))
      return
    }
    const samePort = port === running && next.receiverHost === previous.receiverHost
    const cert = await certFor(effective)
    if (samePort) await old.stop()
    const fresh = makeReceiver(effective, port, cert)
    try {
      await fresh.start()
    } catch (err) {
      // A stopped receiver is not restarted (its forwarding client is closed): build it again, as it ran.
      if (samePort) {
        const before: Settings = { ...previous, receiverHttpsPort: runningHttps }
        receiver = makeReceiver(before, port, await certFor(before))
        await receiver.start()
      }
      // A taken or privileged port already says so plainly (engine/listen.ts); anything else is named here.
      const why = err instanceof HooklabError ? err.message : `The receiver cannot listen on ${next.receiverHost}:${port} (${err instanceof Error ? err.message : String(err)}).`
      throw new HooklabError('E_CONFLICT', why)
    }
    receiver = fresh
    if (!samePort) await old.stop()
  }

  const handlers = createHandlers(engine, {
    mode: options.mode,
    version: options.version ?? APP_VERSION,
    get receiver() {
      return receiver
    },
    settings,
    templates: createTemplateStore(options.home),
    exportFile: options.exportFile,
    applySettings,
  })
  const batcher = createLiveBatcher(engine.bus, engineLiveSource(engine, () => receiver), (batch) => options.send('live.batch', batch), {
    intervalMs: options.liveIntervalMs ?? 50,
  })
  let stopped = false

  return {
    engine,
    get receiver() {
      return receiver
    },
    settings,
    handlers,
    async start() {
      // https asked for: the receiver is built again with the certificate (made on first use).
      const s = { ...settings.get(), ...(options.receiverHttpsPort !== undefined ? { receiverHttpsPort: options.receiverHttpsPort } : {}) }
      const cert = await certFor(s)
      if (cert) receiver = makeReceiver(s, options.receiverPort ?? s.receiverPort, cert)
      const { url } = await receiver.start()
      started = true
      engine.start()
      return { receiverUrl: url }
    },
    async stop() {
      if (stopped) return
      stopped = true
      batcher.stop()
      await receiver.stop().catch((err: unknown) => logger.warn('receiver stop failed', { message: String(err) }))
      await engine.stop()
    },
  }
}
