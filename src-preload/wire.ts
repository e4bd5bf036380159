// The names and envelopes that cross the bridge, without zod: the sandboxed preload and the
// renderer's transports import this, so they stay small. Type-checked against contract.ts.
import type { ErrorPayload, EventName, EventPayload, MethodInput, MethodName, MethodOutput } from './contract'

export const WIRE_METHOD_NAMES = [
  'app.info',
  'endpoints.list',
  'endpoints.get',
  'endpoints.create',
  'endpoints.update',
  'endpoints.delete',
  'endpoints.setEnabled',
  'endpoints.resetBreaker',
  'endpoints.retryPlan',
  'endpoints.generateSecret',
  'config.export',
  'config.import',
  'compose.preview',
  'compose.send',
  'compose.samples',
  'compose.fromCurl',
  'templates.list',
  'templates.save',
  'templates.delete',
  'deliveries.list',
  'deliveries.counts',
  'deliveries.eventTypes',
  'deliveries.get',
  'deliveries.cancel',
  'deliveries.retry',
  'deliveries.replay',
  'deliveries.bulkRetry',
  'deliveries.bulkCancel',
  'deliveries.matching',
  'inboxes.list',
  'inboxes.create',
  'inboxes.update',
  'inboxes.delete',
  'inboxes.clear',
  'captures.list',
  'captures.get',
  'captures.verify',
  'captures.delete',
  'captures.replay',
  'captures.replayMany',
  'captures.import',
  'receiver.refusals',
  'export.attempts',
  'export.captures',
  'stats.endpoint',
  'settings.get',
  'settings.update',
] as const satisfies readonly MethodName[]

export const WIRE_EVENT_NAMES = ['live.batch', 'export.progress', 'app.navigate'] as const satisfies readonly EventName[]

// Compile-time proof that the lists above name every contract method and event.
type Exhaustive<T extends never> = T
export type _AllMethodsListed = Exhaustive<Exclude<MethodName, (typeof WIRE_METHOD_NAMES)[number]>>
export type _AllEventsListed = Exhaustive<Exclude<EventName, (typeof WIRE_EVENT_NAMES)[number]>>

const methodSet: ReadonlySet<string> = new Set(WIRE_METHOD_NAMES)
const eventSet: ReadonlySet<string> = new Set(WIRE_EVENT_NAMES)
export const isWireMethod = (name: unknown): name is MethodName => typeof name === 'string' && methodSet.has(name)
export const isWireEvent = (name: unknown): name is EventName => typeof name === 'string' && eventSet.has(name)

/** Every call's answer, on IPC and on the WebSocket: a value or `{code, message}`, never a stack. */
export type RpcResult<T = unknown> = { ok: true; result: T } | { ok: false; error: ErrorPayload }

/** What the preload exposes as `window.hooklab`; the renderer's transport turns it into a HooklabBridge. */
export interface PreloadApi {
  invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<RpcResult<MethodOutput<M>>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

/** Browser mode WebSocket frames. */
export interface WsRequest {
  id: number
  method: string
  input: unknown
}
export type WsResponse = { id: number } & RpcResult
export interface WsEvent {
  event: EventName
  payload: unknown
}

export const WS_PATH = '/ws'
/** A socket of its own for the one method whose message may be ~100 MB; /ws takes far smaller ones. */
export const BULK_WS_PATH = '/ws/bulk'
export const BULK_METHODS: readonly string[] = ['captures.import']

/**
 * Browser mode's first deliveries page over plain HTTP: index.html's response asks Chromium to
 * preload it (a Link header), so it is fetched alongside the scripts, before the socket exists.
 * The body is an RpcResult of `deliveries.list` with FIRST_PAGE_INPUT, gated like every request.
 */
export const FIRST_PAGE_PATH = '/first-page'
export const FIRST_PAGE_INPUT: MethodInput<'deliveries.list'> = { cursor: null, limit: 60, filter: {} }
