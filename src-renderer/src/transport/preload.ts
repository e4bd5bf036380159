// Electron: wraps the preload's `window.hooklab` (which answers with envelopes, because errors
// lose their fields crossing contextBridge) into a HooklabBridge that throws BridgeError.
import type { HooklabBridge } from '../../../src-preload/contract'
import type { PreloadApi } from '../../../src-preload/wire'
import { BridgeError } from './errors'

export function fromPreload(api: PreloadApi): HooklabBridge {
  return {
    async invoke(method, input) {
      const reply = await api.invoke(method, input)
      if (!reply.ok) throw new BridgeError(reply.error)
      return reply.result
    },
    on: (event, listener) => api.on(event, listener),
  }
}
