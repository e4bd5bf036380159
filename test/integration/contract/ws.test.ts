// The contract suite through browser mode: a real host on port 0, the renderer's own
// WebSocket transport (with the `ws` package standing in for the browser's WebSocket).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { createRuntime } from '../../../src-main/api/runtime'
import { createHost } from '../../../src-main/host/host'
import type { Host } from '../../../src-main/host/host'
import { createWsBridge } from '../../../src-renderer/src/transport/websocket'
import { contractSuite } from './suite'

function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.on('open', () => {
      ws.close()
      resolve(101)
    })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', () => resolve(-1))
  })
}

contractSuite('browser-mode WebSocket', async () => {
  const home = mkdtempSync(join(tmpdir(), 'hooklab-ws-'))
  const rendererDir = join(home, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>')
  let host: Host | null = null
  const runtime = createRuntime({
    home,
    mode: 'browser',
    receiverPort: 0,
    send: (event, payload) => host?.broadcast(event, payload),
    exportFile: async () => ({ kind: 'download', url: '/download/x' }),
  })
  await runtime.start()
  host = createHost({ handlers: runtime.handlers, rendererDir, port: 0 })
  const { port, token } = await host.start()
  const origin = `http://127.0.0.1:${port}`
  // The browser adds Origin by itself; the ws package needs it spelled out.
  class BrowserLikeWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { headers: { Origin: origin } })
    }
  }
  const bridge = createWsBridge({ url: `ws://127.0.0.1:${port}/ws?token=${token}`, WebSocketImpl: BrowserLikeWebSocket as unknown as typeof globalThis.WebSocket })

  return {
    mode: 'browser',
    bridge,
    async callAsForeign() {
      const ws = `ws://127.0.0.1:${port}/ws`
      const statuses = [
        await upgradeStatus(ws, { Origin: origin }),
        await upgradeStatus(`${ws}?token=${token}`, { Origin: 'http://evil.example' }),
        await upgradeStatus(`${ws}?token=${token}`, { Origin: origin, Host: `rebound.example:${port}` }),
      ]
      return statuses.map((s) => (s === 401 ? 'E_UNAUTHORIZED' : s === 403 ? 'E_FORBIDDEN' : `status ${s}`))
    },
    async callUnknownMethod() {
      try {
        await bridge.invoke('shell.exec' as 'app.info', {})
        return 'resolved'
      } catch (err) {
        return String((err as { code?: unknown }).code)
      }
    },
    async close() {
      bridge.close()
      await host?.stop()
      await runtime.stop()
      rmSync(home, { recursive: true, force: true })
    },
  }
})
