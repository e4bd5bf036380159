// Rows retention deleted leave the Deliveries and Inbox lists at once (shown and held "N new"
// rows alike), and a selected one turns the detail pane into a short notice instead of an error.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CaptureRow, DeliveryRow } from '../../../src-preload/contract'
import type { PreloadApi } from '../../../src-preload/wire'
import { useCaptures } from '../../../src-renderer/src/stores/captures'
import { useDeliveries } from '../../../src-renderer/src/stores/deliveries'

const drow = (n: number) => ({ id: `dlv_${n}`, status: 'delivered', createdAt: n }) as unknown as DeliveryRow
const crow = (n: number) => ({ id: `cap_${n}`, inboxId: 'inb_1', receivedAt: n, cursor: String(n) }) as unknown as CaptureRow
const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id)

// The engine as the preload answers it: after a pruning storm, the list holds only dlv_9 / cap_9.
const calls: string[] = []
beforeAll(() => {
  const api: PreloadApi = {
    invoke: async (method) => {
      calls.push(method)
      if (method === 'deliveries.list') return { ok: true, result: { items: [drow(9)], nextCursor: null } } as never
      if (method === 'captures.list') return { ok: true, result: { items: [crow(9)], nextCursor: null } } as never
      if (method === 'deliveries.counts') return { ok: true, result: {} } as never
      return { ok: false, error: { code: 'E_NOT_FOUND', message: 'gone' } } as never
    },
    on: () => () => undefined,
  }
  ;(globalThis as { window?: unknown }).window = { hooklab: api }
})

const dInitial = useDeliveries.getState()
const cInitial = useCaptures.getState()
beforeEach(() => {
  calls.length = 0
  useDeliveries.setState({ ...dInitial, rows: [drow(3), drow(2), drow(1)], pendingNew: [drow(5), drow(4)], atTop: false }, true)
  useCaptures.setState({ ...cInitial, rows: [crow(3), crow(2), crow(1)], pendingNew: [crow(5), crow(4)], atTop: false }, true)
})

describe('deliveries: pruned rows', () => {
  it('leave the list and the held "N new" rows, in one store update', () => {
    let updates = 0
    const off = useDeliveries.subscribe(() => updates++)
    useDeliveries.getState().applyPruned(['dlv_2', 'dlv_5', 'dlv_99'], false)
    off()
    const st = useDeliveries.getState()
    expect(ids(st.rows)).toEqual(['dlv_3', 'dlv_1'])
    expect(ids(st.pendingNew)).toEqual(['dlv_4'])
    expect(updates).toBe(1)
    // Ids the list never showed change nothing.
    const before = useDeliveries.getState()
    before.applyPruned(['dlv_77'], false)
    expect(useDeliveries.getState()).toBe(before)
  })

  it('a pruned selected delivery shows the retention notice; selecting another clears it', () => {
    useDeliveries.setState({ selectedId: 'dlv_2', detail: { delivery: drow(2), attempts: [] } as never })
    useDeliveries.getState().applyPruned(['dlv_2'], false)
    let st = useDeliveries.getState()
    expect(st.selectedPruned).toBe(true)
    expect(st.detail).toBeNull()
    expect(st.selectedId).toBe('dlv_2')
    st.select('dlv_3')
    st = useDeliveries.getState()
    expect(st.selectedPruned).toBe(false)
  })

  it('a reload hint reloads the list and shows the notice when the selected delivery is gone', async () => {
    useDeliveries.setState({ selectedId: 'dlv_2' })
    useDeliveries.getState().applyPruned([], true)
    await expect.poll(() => useDeliveries.getState().selectedPruned).toBe(true)
    await expect.poll(() => ids(useDeliveries.getState().rows)).toEqual(['dlv_9'])
    expect(useDeliveries.getState().pendingNew).toEqual([])
    expect(calls).toContain('deliveries.get')
  })
})

describe('captures: pruned rows', () => {
  it('leave the list and the held rows; a selected one shows the notice; a compared one is unset', () => {
    useCaptures.setState({ selectedId: 'cap_1', compareId: 'cap_4', detail: crow(1) as never })
    useCaptures.getState().applyPruned(['cap_1', 'cap_4'], false)
    const st = useCaptures.getState()
    expect(ids(st.rows)).toEqual(['cap_3', 'cap_2'])
    expect(ids(st.pendingNew)).toEqual(['cap_5'])
    expect(st.selectedPruned).toBe(true)
    expect(st.detail).toBeNull()
    expect(st.compareId).toBeNull()
    st.select('cap_3')
    expect(useCaptures.getState().selectedPruned).toBe(false)
  })

  it('a reload hint reloads the list and shows the notice when the selected capture is gone', async () => {
    useCaptures.setState({ selectedId: 'cap_2' })
    useCaptures.getState().applyPruned([], true)
    await expect.poll(() => useCaptures.getState().selectedPruned).toBe(true)
    await expect.poll(() => ids(useCaptures.getState().rows)).toEqual(['cap_9'])
  })
})
