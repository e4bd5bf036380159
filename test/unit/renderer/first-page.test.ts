// The first deliveries page is asked for before the UI loads (boot.ts) and handed to the store:
// the first load must show it without asking again, and anything else must ask the engine.
import { beforeAll, describe, expect, it } from 'vitest'
import type { DeliveryRow } from '../../../src-preload/contract'
import type { PreloadApi } from '../../../src-preload/wire'

const calls: Array<{ method: string; input: unknown }> = []
const row = { id: 'dlv_1', status: 'delivered', createdAt: 1 } as unknown as DeliveryRow

beforeAll(() => {
  // The Electron preload stands in for the engine: every call is recorded and answered.
  const api: PreloadApi = {
    invoke: async (method, input) => {
      calls.push({ method, input })
      if (method === 'deliveries.list') return { ok: true, result: { items: [row], nextCursor: null } } as never
      if (method === 'deliveries.counts') return { ok: true, result: { pending: 0, sending: 0, delivered: 1, failed: 0, dead: 0, cancelled: 0 } } as never
      return { ok: false, error: { code: 'E_INTERNAL', message: 'unexpected' } } as never
    },
    on: () => () => undefined,
  }
  ;(globalThis as { window?: unknown }).window = { hooklab: api }
})

const lists = () => calls.filter((c) => c.method === 'deliveries.list')

describe('first deliveries page', () => {
  it('is asked for once, and the first unfiltered load shows it without asking again', async () => {
    const { prefetchFirstPage, FIRST_PAGE } = await import('../../../src-renderer/src/lib/first-page')
    const { useDeliveries } = await import('../../../src-renderer/src/stores/deliveries')
    prefetchFirstPage()
    expect(lists()).toEqual([{ method: 'deliveries.list', input: { cursor: null, limit: FIRST_PAGE, filter: {} } }])
    await useDeliveries.getState().reload()
    expect(lists()).toHaveLength(1)
    expect(useDeliveries.getState().rows.map((r) => r.id)).toEqual(['dlv_1'])

    // Used once: a later reload asks the engine again.
    await useDeliveries.getState().reload()
    expect(lists()).toHaveLength(2)
  })

  it('is not used for a filtered first load', async () => {
    const { prefetchFirstPage, takeFirstPage } = await import('../../../src-renderer/src/lib/first-page')
    prefetchFirstPage()
    expect(takeFirstPage(false)).toBeNull()
    // And it was dropped: nothing is left for a later unfiltered load either.
    expect(takeFirstPage(true)).toBeNull()
  })
})
