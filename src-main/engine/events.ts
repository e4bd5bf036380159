// Typed engine events. Each part of the engine declares its events in EngineEvents;
// the app and browser mode forward them to the UI batched (see api/).
import { EventEmitter } from 'node:events'

export interface EngineEvents {
  'delivery.queued': { deliveryId: string; messageId: string; endpointId: string | null }
  'delivery.updated': { deliveryId: string; status: string; attempts: number; nextAttemptAt: number | null }
  'attempt.started': { deliveryId: string; attempt: number; startedAt: number }
  'attempt.finished': {
    deliveryId: string
    attempt: number
    status: number | null
    error: string | null
    durationMs: number
    outcome: string
  }
  'endpoint.updated': { endpointId: string }
  'capture.received': { captureId: string; inboxId: string }
  /** What changed after the capture was stored: its forward's result, or its answer never going out. */
  'capture.updated': { captureId: string; inboxId: string; change: 'forward' | 'unanswered' | 'verification' }
  'inbox.updated': { inboxId: string }
  /** Retention removed these deliveries (one event per prune batch, ids of rows actually deleted). */
  'delivery.pruned': { deliveryIds: string[] }
  /** Retention removed these captures (one event per prune pass). */
  'capture.pruned': { captureIds: string[] }
  /** The receiver answered a request without capturing it (receiver/refusals.ts). */
  'receiver.refused': { seq: number; at: number; status: number | null; method: string | null; path: string | null; remote: string | null; reason: string }
}

export type EngineEventName = keyof EngineEvents

export class EventBus {
  private readonly emitter = new EventEmitter()

  constructor() {
    this.emitter.setMaxListeners(0)
  }

  emit<K extends EngineEventName>(name: K, payload: EngineEvents[K]): void {
    this.emitter.emit(name, payload)
  }

  on<K extends EngineEventName>(name: K, listener: (payload: EngineEvents[K]) => void): () => void {
    this.emitter.on(name, listener)
    return () => this.emitter.off(name, listener)
  }

  /** Every event, for forwarding across a bridge. */
  onAny(listener: <K extends EngineEventName>(name: K, payload: EngineEvents[K]) => void): () => void {
    const names = ALL_EVENT_NAMES
    const offs = names.map((n) => this.on(n, (p) => listener(n, p)))
    return () => offs.forEach((off) => off())
  }
}

export const ALL_EVENT_NAMES: EngineEventName[] = [
  'delivery.queued',
  'delivery.updated',
  'attempt.started',
  'attempt.finished',
  'endpoint.updated',
  'capture.received',
  'capture.updated',
  'inbox.updated',
  'delivery.pruned',
  'capture.pruned',
]
