// The renderer's one way to reach main: the preload bridge in Electron, the WebSocket in
// browser mode. Everything above this folder sees only a HooklabBridge.
import type { HooklabBridge } from '../../../src-preload/contract'
import type { PreloadApi } from '../../../src-preload/wire'
import { fromPreload } from './preload'
import { createWsBridge, probeToken, wsUrlFromLocation } from './websocket'
import type { WsBridge } from './websocket'

export { BridgeError, isBridgeError } from './errors'
export { createWsBridge, wsUrlFromLocation } from './websocket'
export type { WsBridge, WsState } from './websocket'

declare global {
  interface Window {
    hooklab?: PreloadApi
  }
}

let bridge: HooklabBridge | null = null

/** One bridge per page (the renderer's composition root). */
export function getBridge(): HooklabBridge {
  if (bridge) return bridge
  bridge = window.hooklab
    ? fromPreload(window.hooklab)
    : createWsBridge({ url: wsUrlFromLocation(window.location), probe: () => probeToken(window.location) })
  return bridge
}

/** The socket's state changes (browser mode); null in Electron, whose bridge cannot drop. */
export function connectionState(bridge: HooklabBridge = getBridge()): Pick<WsBridge, 'state' | 'onState'> | null {
  const b = bridge as Partial<WsBridge>
  return b.onState ? (b as WsBridge) : null
}

/**
 * Resolves once calls already made have gone out (browser mode: the socket is open), or after
 * `capMs` if it is slow to open: the first render waits on it so it does not hold up the socket's
 * open event, and with it the first query (see main.tsx). Electron has nothing to wait for.
 */
export function whenSent(capMs: number, bridge: HooklabBridge = getBridge()): Promise<void> {
  const b = bridge as Partial<WsBridge>
  if (!b.onState || b.state === 'open') return Promise.resolve()
  const onState = b.onState
  return new Promise((resolve) => {
    const timer = setTimeout(done, capMs)
    const stop = onState((s) => {
      if (s === 'open') done()
    })
    function done(): void {
      clearTimeout(timer)
      stop()
      resolve()
    }
  })
}

/** 'electron' when the preload is present, else 'browser'. */
export function transportKind(): 'electron' | 'browser' {
  return window.hooklab ? 'electron' : 'browser'
}
