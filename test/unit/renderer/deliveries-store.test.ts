// The deliveries store's live batches, driven without a DOM: what the table shows as a stream
// of changes arrives (new rows on top, "N new" while scrolled, updates in place, a capped list).
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DeliveryRow } from '../../../src-preload/contract'
import type { PreloadApi } from '../../../src-preload/wire'
import { matchesFilter, useDeliveries } from '../../../src-renderer/src/stores/deliveries'
import { deliveryRow } from '../../fixtures/delivery-row'

const initial = useDeliveries.getState()

const ids = (rows: DeliveryRow[]) => rows.map((r) => r.id)

/** What the mocked deliveries.matching was asked, and which ids it answers as matching. */
const asked: unknown[] = []
let serverMatches = new Set<string>()
beforeAll(() => {
  const api: PreloadApi = {
    invoke: async (method, input) => {
      if (method === 'deliveries.matching') {
        asked.push(input)
        const { ids: wanted } = input as { ids: string[] }
        return { ok: true, result: { ids: wanted.filter((id) => serverMatches.has(id)) } } as never
      }
      return { ok: false, error: { code: 'E_INTERNAL', message: 'unexpected' } } as never
    },
    on: () => () => undefined,
  }
  ;(globalThis as { window?: unknown }).window = { hooklab: api }
})

beforeEach(() => {
  asked.length = 0
  serverMatches = new Set()
  useDeliveries.setState({ ...initial, rows: [deliveryRow(2), deliveryRow(1)], pendingNew: [], atTop: true, filter: {} }, true)
})

describe('deliveries store: live batches', () => {
  it('puts new rows on top, newest first, when the user is at the top', () => {
    useDeliveries.getState().applyLive([deliveryRow(3), deliveryRow(5), deliveryRow(4)])
    expect(ids(useDeliveries.getState().rows)).toEqual(ids([deliveryRow(5), deliveryRow(4), deliveryRow(3), deliveryRow(2), deliveryRow(1)]))
    expect(useDeliveries.getState().pendingNew).toEqual([])
  })

  it('updates a known row in place without moving it', () => {
    useDeliveries.getState().applyLive([deliveryRow(1, { status: 'delivered', attempts: 1, lastStatus: 200 })])
    const rows = useDeliveries.getState().rows
    expect(ids(rows)).toEqual(ids([deliveryRow(2), deliveryRow(1)]))
    expect(rows[1]).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200 })
  })

  it('while scrolled down, holds new rows behind "N new" and still updates visible ones', () => {
    const s = useDeliveries.getState()
    s.setAtTop(false)
    s.applyLive([deliveryRow(3), deliveryRow(2, { status: 'failed' })])
    s.applyLive([deliveryRow(4)])
    let st = useDeliveries.getState()
    expect(ids(st.rows)).toEqual(ids([deliveryRow(2), deliveryRow(1)]))
    expect(st.rows[0]?.status).toBe('failed')
    expect(ids(st.pendingNew)).toEqual(ids([deliveryRow(4), deliveryRow(3)]))
    // A change to a held row updates it where it waits, without counting it twice.
    st.applyLive([deliveryRow(3, { status: 'delivered' })])
    st = useDeliveries.getState()
    expect(st.pendingNew).toHaveLength(2)
    expect(st.pendingNew[1]?.status).toBe('delivered')
    // Back at the top: the held rows join the list, on top.
    st.setAtTop(true)
    st = useDeliveries.getState()
    expect(ids(st.rows)).toEqual(ids([deliveryRow(4), deliveryRow(3), deliveryRow(2), deliveryRow(1)]))
    expect(st.pendingNew).toEqual([])
  })

  it('"show new" moves held rows up without duplicating any', () => {
    const s = useDeliveries.getState()
    s.setAtTop(false)
    s.applyLive([deliveryRow(3)])
    useDeliveries.getState().showNew()
    expect(ids(useDeliveries.getState().rows)).toEqual(ids([deliveryRow(3), deliveryRow(2), deliveryRow(1)]))
  })

  it('drops new rows that the current filter hides', () => {
    useDeliveries.setState({ filter: { status: ['failed'] } })
    useDeliveries.getState().applyLive([deliveryRow(3), deliveryRow(4, { status: 'failed' })])
    expect(ids(useDeliveries.getState().rows)).toEqual(ids([deliveryRow(4), deliveryRow(2), deliveryRow(1)]))
  })

  it('keeps at most 5,000 rows, and pages on from the last one kept', () => {
    const many = Array.from({ length: 5000 }, (_, i) => deliveryRow(10 + i))
    useDeliveries.getState().applyLive(many)
    const st = useDeliveries.getState()
    expect(st.rows).toHaveLength(5000)
    expect(st.rows[0]?.id).toBe(deliveryRow(5009).id)
    const last = st.rows[4999]
    expect(last?.id).toBe(deliveryRow(10).id)
    expect(st.cursor).toBe(`${last?.createdAt}:${last?.id}`)
    expect(st.hasMore).toBe(true)
  })

  it('caps the list when held rows join it, paging on from the last one kept', () => {
    useDeliveries.setState({ rows: Array.from({ length: 4990 }, (_, i) => deliveryRow(4990 - i)) })
    const s = useDeliveries.getState()
    s.setAtTop(false)
    s.applyLive(Array.from({ length: 20 }, (_, i) => deliveryRow(5000 + i)))
    useDeliveries.getState().showNew()
    const st = useDeliveries.getState()
    expect(st.rows).toHaveLength(5000)
    expect(st.rows[0]?.id).toBe(deliveryRow(5019).id)
    expect(st.rows[19]?.id).toBe(deliveryRow(5000).id)
    expect(st.rows[20]?.id).toBe(deliveryRow(4990).id)
    expect(st.cursor).toBe(`${st.rows[4999]?.createdAt}:${st.rows[4999]?.id}`)
    expect(st.hasMore).toBe(true)
  })

  it('holds at most 5,000 rows while scrolled down and marks the overflow', () => {
    const s = useDeliveries.getState()
    s.setAtTop(false)
    s.applyLive(Array.from({ length: 5003 }, (_, i) => deliveryRow(10 + i)))
    const st = useDeliveries.getState()
    expect(st.pendingNew).toHaveLength(5000)
    expect(st.pendingNew[0]?.id).toBe(deliveryRow(5012).id)
    expect(st.pendingOverflow).toBe(true)
    expect(ids(st.rows)).toEqual(ids([deliveryRow(2), deliveryRow(1)]))
  })

  it('makes one store update per batch, and none for an empty batch', () => {
    let updates = 0
    const off = useDeliveries.subscribe(() => updates++)
    useDeliveries.getState().applyLive([deliveryRow(3), deliveryRow(4), deliveryRow(1, { status: 'sending' })])
    useDeliveries.getState().applyLive([])
    off()
    expect(updates).toBe(1)
  })
})

describe('matchesFilter', () => {
  it('matches status, endpoint, event and text (case-insensitive, over id, url, event, endpoint, error)', () => {
    const r = deliveryRow(1, { status: 'failed', lastError: 'E_CONN_REFUSED' })
    expect(matchesFilter(r, {})).toBe(true)
    expect(matchesFilter(r, { status: ['failed', 'dead'] })).toBe(true)
    expect(matchesFilter(r, { status: ['delivered'] })).toBe(false)
    expect(matchesFilter(r, { endpointId: 'ep_b' })).toBe(false)
    expect(matchesFilter(r, { eventType: 'order.created' })).toBe(true)
    expect(matchesFilter(r, { text: 'conn_refused' })).toBe(true)
    expect(matchesFilter(r, { text: 'ORDERS' })).toBe(true)
    expect(matchesFilter(r, { text: 'nowhere' })).toBe(false)
  })

  it('matches a time range on the creation time (since inclusive, until exclusive), as deliveries.list does', () => {
    const r = deliveryRow(1) // created at 1_700_000_000_001
    expect(matchesFilter(r, { since: 1_700_000_000_001 })).toBe(true)
    expect(matchesFilter(r, { since: 1_700_000_000_002 })).toBe(false)
    expect(matchesFilter(r, { until: 1_700_000_000_002 })).toBe(true)
    expect(matchesFilter(r, { until: 1_700_000_000_001 })).toBe(false)
  })
})

describe('deliveries store: live rows while searching', () => {
  it('a new row joins only when the server’s search (bodies too) matches it; known rows update at once', async () => {
    useDeliveries.setState({ filter: { text: 'ord_7Q2', status: ['pending', 'failed'] } })
    serverMatches = new Set([deliveryRow(3).id]) // say, by its body, which the row does not carry
    useDeliveries.getState().applyLive([deliveryRow(3), deliveryRow(4), deliveryRow(5, { status: 'delivered' }), deliveryRow(1, { status: 'failed' })])
    // The in-place update does not wait for the server.
    expect(useDeliveries.getState().rows[1]?.status).toBe('failed')
    await expect.poll(() => ids(useDeliveries.getState().rows)).toEqual(ids([deliveryRow(3), deliveryRow(2), deliveryRow(1)]))
    // Rows the status filter hides are not asked about.
    expect(asked).toEqual([{ ids: [deliveryRow(3).id, deliveryRow(4).id], filter: { text: 'ord_7Q2', status: ['pending', 'failed'] } }])
  })

  it('a later version that arrived while the server was asked is kept, not the older one', async () => {
    useDeliveries.setState({ filter: { text: 'paid' } })
    serverMatches = new Set([deliveryRow(3).id])
    const s = useDeliveries.getState()
    s.applyLive([deliveryRow(3)])
    s.applyLive([deliveryRow(3, { status: 'delivered', updatedAt: deliveryRow(3).updatedAt + 5 })])
    await expect.poll(() => asked.length).toBe(2)
    await expect.poll(() => ids(useDeliveries.getState().rows)).toEqual(ids([deliveryRow(3), deliveryRow(2), deliveryRow(1)]))
    await new Promise((r) => setTimeout(r, 10))
    expect(useDeliveries.getState().rows[0]?.status).toBe('delivered')
  })

  it('an answer that comes back after the search changed is dropped', async () => {
    useDeliveries.setState({ filter: { text: 'paid' } })
    serverMatches = new Set([deliveryRow(3).id])
    useDeliveries.getState().applyLive([deliveryRow(3)])
    useDeliveries.setState({ generation: useDeliveries.getState().generation + 1 }) // what setFilter/reload do
    await expect.poll(() => asked.length).toBe(1)
    await new Promise((r) => setTimeout(r, 10))
    expect(ids(useDeliveries.getState().rows)).toEqual(ids([deliveryRow(2), deliveryRow(1)]))
  })

  it('without a search, new rows join at once, with no call', () => {
    useDeliveries.getState().applyLive([deliveryRow(3)])
    expect(ids(useDeliveries.getState().rows)).toEqual(ids([deliveryRow(3), deliveryRow(2), deliveryRow(1)]))
    expect(asked).toEqual([])
  })
})
