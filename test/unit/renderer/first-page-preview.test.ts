// Browser mode: the first deliveries page also comes over plain HTTP (preloaded with the scripts).
// It is drawn at once, the socket's answer replaces it, and a preview that failed or came too
// late is never drawn.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeSocket } from './fake-socket'
import type { DeliveryRow } from '../../../src-preload/contract'

const row = (id: string, createdAt: number) => ({ id, status: 'delivered', createdAt }) as unknown as DeliveryRow
const fetched: string[] = []
let respond: () => Promise<Response>

beforeEach(() => {
  vi.resetModules()
  fetched.length = 0
  const g = globalThis as Record<string, unknown>
  g.window = { location: { protocol: 'http:', host: '127.0.0.1:1', search: '' } }
  g.WebSocket = FakeSocket
  g.fetch = (url: string) => {
    fetched.push(url)
    return respond()
  }
})

const json = (status: number, body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }))

async function load() {
  const firstPage = await import('../../../src-renderer/src/lib/first-page')
  const { useDeliveries } = await import('../../../src-renderer/src/stores/deliveries')
  return { ...firstPage, useDeliveries }
}

describe('the first page preview (browser mode)', () => {
  it('is drawn as soon as the first load starts, then the socket’s page replaces it', async () => {
    respond = () => json(200, { ok: true, result: { items: [row('dlv_old', 1)], nextCursor: null } })
    const { prefetchFirstPage, useDeliveries } = await load()
    const preview = prefetchFirstPage()
    expect(await preview).toBe(true)
    expect(fetched).toEqual(['/first-page'])
    const socket = FakeSocket.last!

    const loading = useDeliveries.getState().reload()
    // Drawn synchronously, before the socket has even opened.
    expect(useDeliveries.getState().rows.map((r) => r.id)).toEqual(['dlv_old'])
    expect(useDeliveries.getState().loading).toBe(true)

    socket.open()
    socket.answer('deliveries.list', { items: [row('dlv_new', 2), row('dlv_old', 1)], nextCursor: '1:dlv_old' })
    await loading
    expect(useDeliveries.getState().rows.map((r) => r.id)).toEqual(['dlv_new', 'dlv_old'])
    expect(useDeliveries.getState().cursor).toBe('1:dlv_old')
    expect(useDeliveries.getState().loading).toBe(false)
  })

  it('is not drawn when the server refuses it; the socket’s page is', async () => {
    respond = () => json(401, { error: 'unauthorized' })
    const { prefetchFirstPage, useDeliveries } = await load()
    expect(await prefetchFirstPage()).toBe(false)
    const loading = useDeliveries.getState().reload()
    expect(useDeliveries.getState().rows).toEqual([])
    FakeSocket.last!.open()
    FakeSocket.last!.answer('deliveries.list', { items: [row('dlv_a', 1)], nextCursor: null })
    await loading
    expect(useDeliveries.getState().rows.map((r) => r.id)).toEqual(['dlv_a'])
  })

  it('is dropped when it arrives after the first load began (the store is on the socket’s page)', async () => {
    let release!: () => void
    respond = () => new Promise<void>((r) => (release = r)).then(() => json(200, { ok: true, result: { items: [row('dlv_stale', 1)], nextCursor: null } }))
    const { prefetchFirstPage, useDeliveries } = await load()
    const preview = prefetchFirstPage()
    const loading = useDeliveries.getState().reload()
    FakeSocket.last!.open()
    FakeSocket.last!.answer('deliveries.list', { items: [row('dlv_fresh', 2)], nextCursor: null })
    await loading
    release()
    expect(await preview).toBe(false)
    expect(useDeliveries.getState().rows.map((r) => r.id)).toEqual(['dlv_fresh'])
  })

  it('is not asked for in Electron, where the preload answers at once', async () => {
    ;(globalThis as { window?: unknown }).window = { hooklab: { invoke: () => new Promise(() => undefined), on: () => () => undefined } }
    const { prefetchFirstPage } = await load()
    expect(prefetchFirstPage()).toBeNull()
    expect(fetched).toEqual([])
  })
})
