// Browser mode: the contract over one WebSocket. Calls made while connecting wait for the
// socket; a close rejects every pending call with E_NETWORK and reconnects with backoff.
// A socket refused before it opens may be a token the host no longer takes (it was rotated):
// the browser hides the handshake's 401, so a plain HTTP probe asks, and the state says so.
// captures.import goes on a socket of its own (BULK_WS_PATH): only there does the host take a
// message of 100 MB, so the main socket's limit stays small.
import type { EventName, EventPayload, HooklabBridge, MethodInput, MethodName, MethodOutput } from '../../../src-preload/contract'
import { BULK_METHODS, BULK_WS_PATH, isWireEvent, WS_PATH } from '../../../src-preload/wire'
import type { WsRequest } from '../../../src-preload/wire'
import { BridgeError } from './errors'

export interface WsBridgeOptions {
  /** ws://host:port/ws?token=…; the token may instead ride in the HttpOnly cookie. */
  url: string
  WebSocketImpl?: typeof WebSocket
  minBackoffMs?: number
  maxBackoffMs?: number
  /** A call still unanswered after this long is rejected (E_TIMEOUT). */
  callTimeoutMs?: number
  /** Asked after a socket closed without opening: is the token refused? (see probeToken) */
  probe?: () => Promise<ProbeResult>
}

/** 'unauthorized': the host refuses our token; the bridge keeps retrying (another tab may bring the new cookie). */
export type WsState = 'connecting' | 'open' | 'closed' | 'unauthorized'
export type ProbeResult = 'unauthorized' | 'unknown'

export interface WsBridge extends HooklabBridge {
  close(): void
  /** For a connection indicator. */
  readonly state: WsState
  onState(listener: (state: WsState) => void): () => void
}

/** The bulk socket's URL: the main one's, token and all, on BULK_WS_PATH. */
export function bulkUrl(url: string): string {
  const u = new URL(url)
  u.pathname = BULK_WS_PATH
  return u.toString()
}

interface Pending {
  resolve(value: unknown): void
  reject(err: BridgeError): void
  timer: ReturnType<typeof setTimeout>
}

export function wsUrlFromLocation(loc: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(loc.search).get('token')
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${loc.host}${WS_PATH}${token ? `?token=${encodeURIComponent(token)}` : ''}`
}

/** A HEAD of the page with the socket's credentials: 401 means the host no longer takes our token. */
export async function probeToken(
  loc: { protocol: string; host: string; search: string },
  fetchImpl: typeof fetch = fetch,
): Promise<ProbeResult> {
  const token = new URLSearchParams(loc.search).get('token')
  try {
    const res = await fetchImpl(`${loc.protocol}//${loc.host}/${token ? `?token=${encodeURIComponent(token)}` : ''}`, {
      method: 'HEAD',
      cache: 'no-store',
      redirect: 'manual',
      credentials: 'same-origin',
    })
    return res.status === 401 ? 'unauthorized' : 'unknown'
  } catch {
    // Not listening (yet): an ordinary reconnect.
    return 'unknown'
  }
}

export function createWsBridge(options: WsBridgeOptions): WsBridge {
  const Impl = options.WebSocketImpl ?? WebSocket
  const minBackoff = options.minBackoffMs ?? 250
  const maxBackoff = options.maxBackoffMs ?? 5_000
  const callTimeout = options.callTimeoutMs ?? 120_000
  const pending = new Map<number, Pending>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const stateListeners = new Set<(state: WsState) => void>()
  let queue: string[] = []
  let nextId = 1
  let socket: WebSocket | null = null
  let state: WsState = 'connecting'
  let backoff = minBackoff
  let closedByUser = false
  let retryTimer: ReturnType<typeof setTimeout> | null = null

  const setState = (next: WsState): void => {
    if (next === state) return
    state = next
    for (const l of stateListeners) l(next)
  }

  const failAll = (message: string): void => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer)
      p.reject(new BridgeError({ code: 'E_NETWORK', message }))
      pending.delete(id)
    }
    queue = []
  }

  const connect = (): void => {
    retryTimer = null
    // A refused token stays on screen through the retries, until one opens.
    if (state !== 'unauthorized') setState('connecting')
    const ws = new Impl(options.url)
    socket = ws
    let opened = false
    ws.onopen = () => {
      opened = true
      backoff = minBackoff
      setState('open')
      for (const frame of queue) ws.send(frame)
      queue = []
    }
    ws.onmessage = (ev: MessageEvent) => onFrame(String(ev.data))
    ws.onclose = () => {
      if (socket !== ws) return
      socket = null
      failAll('the connection to Hooklab was lost')
      if (state !== 'unauthorized') setState('closed')
      if (closedByUser) return
      retryTimer = setTimeout(connect, backoff)
      backoff = Math.min(maxBackoff, backoff * 2)
      if (!opened) checkToken()
    }
  }

  const checkToken = (): void => {
    if (!options.probe) return
    void options.probe().then((verdict) => {
      // Only if no socket opened meanwhile: a late answer must not hide a working connection.
      if (state === 'open' || closedByUser) return
      if (verdict === 'unauthorized') setState('unauthorized')
      else if (state === 'unauthorized') setState('closed') // now simply down
    })
  }

  const onFrame = (text: string): void => {
    let frame: unknown
    try {
      frame = JSON.parse(text)
    } catch {
      return
    }
    if (typeof frame !== 'object' || frame === null) return
    const f = frame as { id?: unknown; ok?: unknown; result?: unknown; error?: unknown; event?: unknown; payload?: unknown }
    if (typeof f.id === 'number') {
      const p = pending.get(f.id)
      if (!p) return
      pending.delete(f.id)
      clearTimeout(p.timer)
      if (f.ok === true) p.resolve(f.result)
      else {
        const e = (f.error ?? {}) as { code?: unknown; message?: unknown }
        p.reject(new BridgeError({ code: String(e.code ?? 'E_INTERNAL'), message: String(e.message ?? 'unknown error') }))
      }
      return
    }
    if (isWireEvent(f.event)) {
      for (const l of listeners.get(f.event) ?? []) {
        try {
          l(f.payload)
        } catch (err) {
          console.error(err)
        }
      }
    }
  }

  /** One call on its own socket, closed once answered; a close before the answer is E_NETWORK. */
  const bulkCall = (method: string, input: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const ws = new Impl(bulkUrl(options.url))
      let settled = false
      const settle = (fn: () => void): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        fn()
        ws.close()
      }
      const timer = setTimeout(() => settle(() => reject(new BridgeError({ code: 'E_TIMEOUT', message: `${method} got no answer` }))), callTimeout)
      ws.onopen = () => {
        const request: WsRequest = { id: 1, method, input }
        ws.send(JSON.stringify(request))
      }
      ws.onmessage = (ev: MessageEvent) => {
        let f: { ok?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } }
        try {
          f = JSON.parse(String(ev.data)) as typeof f
        } catch {
          return
        }
        if (f.ok === true) settle(() => resolve(f.result))
        else settle(() => reject(new BridgeError({ code: String(f.error?.code ?? 'E_INTERNAL'), message: String(f.error?.message ?? 'unknown error') })))
      }
      ws.onclose = () => settle(() => reject(new BridgeError({ code: 'E_NETWORK', message: 'the connection to Hooklab was lost' })))
    })

  connect()

  return {
    get state() {
      return state
    },
    onState(listener) {
      stateListeners.add(listener)
      return () => stateListeners.delete(listener)
    },
    invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      return new Promise<MethodOutput<M>>((resolve, reject) => {
        if (closedByUser) return reject(new BridgeError({ code: 'E_NETWORK', message: 'the bridge was closed' }))
        if (BULK_METHODS.includes(method)) return void (bulkCall(method, input) as Promise<MethodOutput<M>>).then(resolve, reject)
        const id = nextId++
        const timer = setTimeout(() => {
          pending.delete(id)
          reject(new BridgeError({ code: 'E_TIMEOUT', message: `${method} got no answer` }))
        }, callTimeout)
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer })
        const request: WsRequest = { id, method, input }
        const frame = JSON.stringify(request)
        if (socket && socket.readyState === Impl.OPEN) socket.send(frame)
        else queue.push(frame)
      })
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      const fn = listener as (payload: unknown) => void
      set.add(fn)
      return () => {
        set.delete(fn)
      }
    },
    close() {
      closedByUser = true
      if (retryTimer) clearTimeout(retryTimer)
      failAll('the bridge was closed')
      socket?.close()
      socket = null
      setState('closed')
    },
  }
}
