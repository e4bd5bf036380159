// Browser mode: the contract over one WebSocket. Calls made while connecting wait for the
// socket; a close rejects every pending call with E_NETWORK and reconnects with backoff.
import type { EventName, EventPayload, HooklabBridge, MethodInput, MethodName, MethodOutput } from '../../../src-preload/contract'
import { isWireEvent, WS_PATH } from '../../../src-preload/wire'
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
}

export interface WsBridge extends HooklabBridge {
  close(): void
  /** 'open' | 'connecting' | 'closed', for a connection indicator. */
  readonly state: string
  onState(listener: (state: string) => void): () => void
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

export function createWsBridge(options: WsBridgeOptions): WsBridge {
  const Impl = options.WebSocketImpl ?? WebSocket
  const minBackoff = options.minBackoffMs ?? 250
  const maxBackoff = options.maxBackoffMs ?? 5_000
  const callTimeout = options.callTimeoutMs ?? 120_000
  const pending = new Map<number, Pending>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const stateListeners = new Set<(state: string) => void>()
  let queue: string[] = []
  let nextId = 1
  let socket: WebSocket | null = null
  let state = 'connecting'
  let backoff = minBackoff
  let closedByUser = false
  let retryTimer: ReturnType<typeof setTimeout> | null = null

  const setState = (next: string): void => {
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
    setState('connecting')
    const ws = new Impl(options.url)
    socket = ws
    ws.onopen = () => {
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
      setState('closed')
      if (closedByUser) return
      retryTimer = setTimeout(connect, backoff)
      backoff = Math.min(maxBackoff, backoff * 2)
    }
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
