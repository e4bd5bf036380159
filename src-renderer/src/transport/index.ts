// The renderer's one way to reach main: the preload bridge in Electron, the WebSocket in
// browser mode. Everything above this folder sees only a HooklabBridge.
import type { HooklabBridge } from '../../../src-preload/contract'
import type { PreloadApi } from '../../../src-preload/wire'
import { fromPreload } from './preload'
import { createWsBridge, wsUrlFromLocation } from './websocket'

export { BridgeError, isBridgeError } from './errors'
export { createWsBridge, wsUrlFromLocation } from './websocket'
export type { WsBridge } from './websocket'

declare global {
  interface Window {
    hooklab?: PreloadApi
  }
}

let bridge: HooklabBridge | null = null

/** One bridge per page (the renderer's composition root). */
export function getBridge(): HooklabBridge {
  if (bridge) return bridge
  bridge = window.hooklab ? fromPreload(window.hooklab) : createWsBridge({ url: wsUrlFromLocation(window.location) })
  return bridge
}

/** 'electron' when the preload is present, else 'browser'. */
export function transportKind(): 'electron' | 'browser' {
  return window.hooklab ? 'electron' : 'browser'
}
