// UI review 4, the pure parts: times in lists carry their date when not today; Compare's options tell
// same-path captures apart and centre on the one compared; a new search or filter takes live rows into
// the list (not "N new"); the bulk retry's label names what it retries.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { PreloadApi } from '../../../src-preload/wire'
import { clockDateTime } from '../../../src-renderer/src/lib/format'
import { compareOptionLabel, nearCaptures } from '../../../src-renderer/src/lib/compare-options'
import { retryLabel, retryStatuses } from '../../../src-renderer/src/lib/statuses'
import { useCaptures } from '../../../src-renderer/src/stores/captures'
import { useDeliveries } from '../../../src-renderer/src/stores/deliveries'
import { captureRow } from '../../fixtures/capture-row'
import { deliveryRow } from '../../fixtures/delivery-row'

const at = (y: number, mo: number, d: number, h: number, mi: number, s: number, msec: number) => new Date(y, mo - 1, d, h, mi, s, msec).getTime()

describe('clockDateTime', () => {
  const now = at(2026, 11, 24, 20, 0, 0, 0)
  it('is the time of day to the millisecond for today', () => {
    expect(clockDateTime(at(2026, 11, 24, 9, 5, 7, 42), now)).toMatch(/^0?9:05:07\.042$/)
  })
  it('carries the date for another day: an import from three days ago does not read as today', () => {
    expect(clockDateTime(at(2026, 11, 21, 19, 55, 0, 728), now)).toMatch(/^2026-11-21 19:55:00\.728$/)
    expect(clockDateTime(at(2025, 11, 24, 19, 55, 0, 728), now)).toMatch(/^2025-11-24 /)
    expect(clockDateTime(null, now)).toBe('—')
  })
})

describe('Compare options', () => {
  const now = at(2026, 11, 24, 20, 0, 0, 0)
  it('show the query, event and size, so captures to one path can be told apart, and the date when not today', () => {
    const r = { ...captureRow(1), path: '/hooks/stripe', query: 'i=2998', event: 'invoice.paid', size: 2048, receivedAt: at(2026, 11, 21, 19, 55, 7, 664) }
    expect(compareOptionLabel(r, now)).toBe(`2026-11-21 19:55:07.664 POST /hooks/stripe?i=2998 · invoice.paid · 2.0 KB (${r.id})`)
    const plain = { ...captureRow(2), receivedAt: at(2026, 11, 24, 19, 55, 7, 664) }
    expect(compareOptionLabel(plain, now)).toBe(`19:55:07.664 POST /p2 · 0 B (${plain.id})`)
  })
  it('are the loaded rows around the capture compared, so one far down the list has its neighbours', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => captureRow(i))
    const near = nearCaptures(rows, captureRow(1500).id, 500)
    expect(near).toHaveLength(500)
    expect(near.some((r) => r.id === captureRow(1499).id)).toBe(true)
    expect(near.some((r) => r.id === captureRow(1501).id)).toBe(true)
    expect(near.some((r) => r.id === captureRow(1500).id)).toBe(false)
    // Near either end, and when the capture is not loaded: still 500 (the first ones for the latter).
    expect(nearCaptures(rows, captureRow(3).id, 500)[0]?.id).toBe(captureRow(0).id)
    expect(nearCaptures(rows, captureRow(1998).id, 500)).toHaveLength(500)
    expect(nearCaptures(rows, 'cap_gone', 500)[0]?.id).toBe(captureRow(0).id)
    expect(nearCaptures(rows.slice(0, 3), captureRow(1).id, 500).map((r) => r.id)).toEqual([captureRow(0).id, captureRow(2).id])
  })
})

describe('the bulk retry label', () => {
  it('names the statuses it retries: "dead" when the ones to retry are dead', () => {
    const both = retryStatuses({})
    expect(both).toEqual(['failed', 'dead'])
    expect(retryLabel(both, { failed: 0, dead: 12 })).toBe('Retry dead')
    expect(retryLabel(both, { failed: 3, dead: 12 })).toBe('Retry failed and dead')
    expect(retryLabel(both, { failed: 2, dead: 0 })).toBe('Retry failed')
    expect(retryLabel(both, {})).toBe('Retry failed')
    // A status chip narrows it: with only "failed" picked the dead ones are not retried, nor named.
    expect(retryLabel(retryStatuses({ status: ['failed'] }), { failed: 0, dead: 12 })).toBe('Retry failed')
    expect(retryStatuses({ status: ['delivered'] })).toEqual([])
  })
})

describe('a new search or filter starts at its top', () => {
  beforeAll(() => {
    const api: PreloadApi = {
      invoke: async (method) => {
        if (method === 'captures.list' || method === 'deliveries.list') return { ok: true, result: { items: [], nextCursor: null } } as never
        if (method === 'deliveries.counts') return { ok: true, result: {} } as never
        return { ok: false, error: { code: 'E_INTERNAL', message: 'unexpected' } } as never
      },
      on: () => () => undefined,
    }
    ;(globalThis as { window?: unknown }).window = { hooklab: api }
  })
  const capsInitial = useCaptures.getState()
  const dlvInitial = useDeliveries.getState()
  beforeEach(() => {
    useCaptures.setState({ ...capsInitial, inboxId: 'inb_1', rows: [], pendingNew: [], atTop: true }, true)
    useDeliveries.setState({ ...dlvInitial, rows: [], pendingNew: [], atTop: true, filter: {}, loadedOnce: true }, true)
  })

  it('Deliveries: rows arriving for a status chip picked while scrolled down join the list, not "N new"', async () => {
    const s = useDeliveries.getState()
    s.setAtTop(false)
    s.setFilter({ status: ['failed'] })
    await new Promise((r) => setTimeout(r, 0))
    useDeliveries.getState().applyLive([deliveryRow(7, { status: 'failed' })])
    const st = useDeliveries.getState()
    expect(st.rows.map((r) => r.id)).toEqual([deliveryRow(7).id])
    expect(st.pendingNew).toEqual([])
  })

  it('Inbox: captures arriving for a new inbox or search picked while scrolled down join the list', async () => {
    useCaptures.getState().setAtTop(false)
    useCaptures.getState().setInbox('inb_2')
    await new Promise((r) => setTimeout(r, 0))
    useCaptures.getState().applyLive([{ ...captureRow(8), inboxId: 'inb_2' }])
    expect(useCaptures.getState().rows.map((r) => r.id)).toEqual([captureRow(8).id])
    expect(useCaptures.getState().pendingNew).toEqual([])

    useCaptures.getState().setAtTop(false)
    useCaptures.getState().setText('')
    await new Promise((r) => setTimeout(r, 0))
    useCaptures.getState().applyLive([{ ...captureRow(9), inboxId: 'inb_2' }])
    expect(useCaptures.getState().pendingNew).toEqual([])
    expect(useCaptures.getState().rows[0]?.id).toBe(captureRow(9).id)
  })
})
