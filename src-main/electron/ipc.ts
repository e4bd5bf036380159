// ipcMain wiring for the contract: one `handle` per method name (an allow-list, like Electron
// Fiddle), each checking the sender before the input is parsed. Takes an IpcMainLike (like
// Bruno) so it is tested without the Electron binary; this file never imports electron.
import { IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX, METHOD_NAMES } from '../../src-preload/contract'
import type { EventName, EventPayload } from '../../src-preload/contract'
import type { RpcResult } from '../../src-preload/wire'
import { dispatch } from '../api/dispatch'
import type { DispatchOptions } from '../api/dispatch'
import type { Handlers } from '../api/types'

export interface IpcInvokeEventLike {
  sender: unknown
  /** Electron's WebFrameMain: `parent` is null for the top frame. */
  senderFrame: { url: string; parent?: unknown } | null
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
}

export interface WebContentsLike {
  send(channel: string, ...args: unknown[]): void
  isDestroyed(): boolean
}

/** Trusted = the call comes from our window's webContents, from its top frame, showing our app. */
export function senderCheck(
  getWebContents: () => unknown,
  isAppUrl: (url: string) => boolean,
): (event: IpcInvokeEventLike) => boolean {
  return (event) => {
    const ours = getWebContents()
    if (!ours || event.sender !== ours) return false
    const frame = event.senderFrame
    if (!frame || (frame.parent !== undefined && frame.parent !== null)) return false
    return typeof frame.url === 'string' && isAppUrl(frame.url)
  }
}

export function registerIpc(
  ipcMain: IpcMainLike,
  isTrustedSender: (event: IpcInvokeEventLike) => boolean,
  handlers: Handlers,
  options: DispatchOptions = {},
): () => void {
  const channels = METHOD_NAMES.map((name) => IPC_INVOKE_PREFIX + name)
  METHOD_NAMES.forEach((name, i) => {
    ipcMain.handle(channels[i] as string, async (event, input): Promise<RpcResult> => {
      if (!isTrustedSender(event)) {
        options.logger?.warn('IPC call from an untrusted sender refused', { method: name, url: event.senderFrame?.url })
        return { ok: false, error: { code: 'E_FORBIDDEN', message: 'calls are accepted only from the Hooklab window' } }
      }
      return dispatch(handlers, name, input, options)
    })
  })
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel))
}

/** Sends contract events to the window, if it is still there. */
export function ipcEventSender(getWebContents: () => WebContentsLike | null) {
  return <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    const wc = getWebContents()
    if (wc && !wc.isDestroyed()) wc.send(IPC_EVENT_CHANNEL, event, payload)
  }
}
