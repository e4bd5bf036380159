// The renderer's WebSocket transport against a real host: a lost connection rejects pending
// calls with E_NETWORK (never hangs), and the transport reconnects when Hooklab is back.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Handlers } from '../../../src-main/api/types'
import { createHost } from '../../../src-main/host/host'
import { createWsBridge } from '../../../src-renderer/src/transport/websocket'

const handlers = {
  'app.info': () => ({ version: 't', mode: 'browser', home: '/h', dbFile: '/h/db', receiverUrl: null, receiverHttpsUrl: null, receiverCertFile: '/h/receiver-tls/cert.pem', platform: 'linux' }),
  // Never answers: stands in for a call in flight when the connection drops.
  'endpoints.list': () => new Promise(() => {}),
} as unknown as Handlers

describe('WebSocket transport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hooklab-wst-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html>')
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('rejects pending calls with E_NETWORK when the connection drops, then reconnects', async () => {
    const token = 'a'.repeat(43)
    const first = createHost({ handlers, rendererDir: dir, port: 0, token })
    const { port } = await first.start()
    class OriginWs extends WebSocket {
      constructor(url: string) {
        super(url, { headers: { Origin: `http://127.0.0.1:${port}` } })
      }
    }
    const bridge = createWsBridge({
      url: `ws://127.0.0.1:${port}/ws?token=${token}`,
      WebSocketImpl: OriginWs as unknown as typeof globalThis.WebSocket,
      minBackoffMs: 20,
      maxBackoffMs: 50,
    })
    expect((await bridge.invoke('app.info', {})).mode).toBe('browser')
    const pending = bridge.invoke('endpoints.list', {})
    await expect.poll(() => first.clientCount).toBe(1)
    await first.stop()
    await expect(pending).rejects.toMatchObject({ code: 'E_NETWORK' })

    const second = createHost({ handlers, rendererDir: dir, port, token })
    await second.start()
    await expect.poll(() => bridge.state, { timeout: 5_000 }).toBe('open')
    expect((await bridge.invoke('app.info', {})).version).toBe('t')
    bridge.close()
    await expect(bridge.invoke('app.info', {})).rejects.toMatchObject({ code: 'E_NETWORK' })
    await second.stop()
  })
})
