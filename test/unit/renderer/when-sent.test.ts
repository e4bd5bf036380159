// The first render waits for the first calls to go out (whenSent): it must start as soon as the
// socket opens, never hang when the socket does not open, and not wait at all in Electron.
import { describe, expect, it } from 'vitest'
import { FakeSocket } from './fake-socket'
import type { HooklabBridge } from '../../../src-preload/contract'
import { createWsBridge, whenSent } from '../../../src-renderer/src/transport'

function fakeBridge() {
  const bridge = createWsBridge({ url: 'ws://127.0.0.1:1/ws', WebSocketImpl: FakeSocket as unknown as typeof WebSocket })
  return { bridge, socket: FakeSocket.last! }
}

describe('whenSent', () => {
  it('resolves when the socket opens, with the calls made before it already on the wire', async () => {
    const { bridge, socket } = fakeBridge()
    void bridge.invoke('deliveries.list', { cursor: null, limit: 60, filter: {} }).catch(() => undefined)
    let done = false
    const sent = whenSent(10_000, bridge).then(() => (done = true))
    await new Promise((r) => setTimeout(r, 20))
    expect(done).toBe(false)
    socket.open()
    await sent
    expect(socket.sent.map((f) => (JSON.parse(f) as { method: string }).method)).toEqual(['deliveries.list'])
    bridge.close()
  })

  it('gives up waiting after the cap when the socket does not open', async () => {
    const { bridge } = fakeBridge()
    await whenSent(30, bridge)
    expect(bridge.state).toBe('connecting')
    bridge.close()
  })

  it('resolves at once for an open socket and for the Electron bridge', async () => {
    const { bridge, socket } = fakeBridge()
    socket.open()
    await whenSent(60_000, bridge)
    bridge.close()
    const electron: HooklabBridge = { invoke: () => Promise.reject(new Error('unused')), on: () => () => undefined }
    await whenSent(60_000, electron)
  })
})
