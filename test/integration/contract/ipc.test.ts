// The contract suite through the Electron wiring, without the Electron binary: the real
// preload (with `electron` mocked) talks to registerIpc through a fake ipcMain/webContents.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { vi } from 'vitest'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX } from '../../../src-preload/contract'
import type { PreloadApi, RpcResult } from '../../../src-preload/wire'
import { createRuntime } from '../../../src-main/api/runtime'
import { ipcEventSender, registerIpc, senderCheck } from '../../../src-main/electron/ipc'
import type { IpcInvokeEventLike, IpcMainLike } from '../../../src-main/electron/ipc'
import { fromPreload } from '../../../src-renderer/src/transport/preload'
import { contractSuite } from './suite'

type IpcListener = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown

// What the mocked `electron` module hands the preload; rebound for each fixture.
const wiring: {
  expose: (key: string, api: unknown) => void
  invoke: (channel: string, ...args: unknown[]) => Promise<unknown>
  onEvent: (channel: string, listener: (...args: unknown[]) => void) => void
} = { expose: () => {}, invoke: async () => undefined, onEvent: () => {} }

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => wiring.expose(key, api) },
  ipcRenderer: {
    invoke: (channel: string, ...args: unknown[]) => wiring.invoke(channel, ...args),
    on: (channel: string, listener: (...args: unknown[]) => void) => wiring.onEvent(channel, listener),
  },
}))

const APP_URL = 'file:///opt/hooklab/out/renderer/index.html'

contractSuite('Electron IPC (fake ipcMain)', async () => {
  const home = mkdtempSync(join(tmpdir(), 'hooklab-ipc-'))
  const handlers = new Map<string, IpcListener>()
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  }
  const rendererListeners: Array<(...args: unknown[]) => void> = []
  const ourContents = {
    send: (channel: string, ...args: unknown[]) => {
      if (channel === IPC_EVENT_CHANNEL) for (const l of rendererListeners) l({}, ...args)
    },
    isDestroyed: () => false,
  }
  const runtime = createRuntime({
    home,
    mode: 'electron',
    receiverPort: 0,
    send: ipcEventSender(() => ourContents),
    exportFile: async () => ({ kind: 'cancelled' }),
  })
  await runtime.start()
  const unregister = registerIpc(ipcMain, senderCheck(() => ourContents, (url) => url === APP_URL), runtime.handlers)

  const callAs = async (sender: unknown, frameUrl: string, channel: string, input: unknown, parent: unknown = null): Promise<RpcResult> => {
    const handler = handlers.get(channel)
    // Electron rejects an invoke on a channel nobody handles; the code mirrors that.
    if (!handler) return { ok: false, error: { code: 'E_INVALID_INPUT', message: `No handler registered for '${channel}'` } }
    return (await handler({ sender, senderFrame: { url: frameUrl, parent } }, input)) as RpcResult
  }

  let exposed: PreloadApi | null = null
  wiring.expose = (key, api) => {
    if (key === 'hooklab') exposed = api as PreloadApi
  }
  wiring.invoke = (channel, input) => callAs(ourContents, APP_URL, channel, input)
  wiring.onEvent = (channel, listener) => {
    if (channel === IPC_EVENT_CHANNEL) rendererListeners.push(listener)
  }
  vi.resetModules()
  await import('../../../src-preload/index')
  if (!exposed) throw new Error('the preload did not expose window.hooklab')

  return {
    mode: 'electron',
    bridge: fromPreload(exposed),
    async callAsForeign() {
      const other = { send: () => {}, isDestroyed: () => false }
      const results = [
        await callAs(other, APP_URL, `${IPC_INVOKE_PREFIX}app.info`, {}),
        await callAs(ourContents, 'https://evil.example/', `${IPC_INVOKE_PREFIX}app.info`, {}),
        await callAs(ourContents, 'file:///tmp/other.html', `${IPC_INVOKE_PREFIX}endpoints.list`, {}),
        // An embedded frame, even one showing our page, is not the app.
        await callAs(ourContents, APP_URL, `${IPC_INVOKE_PREFIX}endpoints.list`, {}, { url: APP_URL }),
      ]
      return results.map((r) => (r.ok ? 'resolved' : r.error.code))
    },
    async callUnknownMethod() {
      const r = await callAs(ourContents, APP_URL, `${IPC_INVOKE_PREFIX}shell.exec`, {})
      return r.ok ? 'resolved' : r.error.code
    },
    async close() {
      unregister()
      await runtime.stop()
      rmSync(home, { recursive: true, force: true })
    },
  }
})
