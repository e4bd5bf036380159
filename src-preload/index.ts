// Sandboxed preload: exposes only invoke/on for contract names (STYLE.md rule 2), never
// ipcRenderer itself. Imports only electron and the zod-free name list, so it bundles small.
import { contextBridge, ipcRenderer } from 'electron'
import type { IpcRendererEvent } from 'electron'
import { isWireEvent, isWireMethod } from './wire'
import type { PreloadApi, RpcResult } from './wire'

// Duplicated from contract.ts on purpose: importing it would pull zod into the preload bundle.
const IPC_INVOKE_PREFIX = 'hooklab:'
const IPC_EVENT_CHANNEL = 'hooklab:event'

type Listener = (payload: unknown) => void
const listeners = new Map<string, Set<Listener>>()

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (!isWireEvent(name)) return
  for (const listener of listeners.get(name) ?? []) {
    try {
      listener(payload)
    } catch {
      // A faulty UI listener must not stop the others.
    }
  }
})

const api = {
  invoke(method: unknown, input: unknown): Promise<RpcResult> {
    if (!isWireMethod(method)) {
      return Promise.resolve({ ok: false, error: { code: 'E_INVALID_INPUT', message: `unknown method ${String(method)}` } })
    }
    return ipcRenderer.invoke(IPC_INVOKE_PREFIX + method, input) as Promise<RpcResult>
  },
  on(event: unknown, listener: unknown): () => void {
    if (!isWireEvent(event)) throw new TypeError(`unknown event ${String(event)}`)
    if (typeof listener !== 'function') throw new TypeError('listener must be a function')
    const set = listeners.get(event) ?? new Set<Listener>()
    listeners.set(event, set)
    const fn = listener as Listener
    set.add(fn)
    return () => {
      set.delete(fn)
    }
  },
} as PreloadApi

contextBridge.exposeInMainWorld('hooklab', api)
