// The Inbox list under a flood of live captures: it keeps the newest 5,000 rows, and scrolling on
// from a trimmed list asks for the page after the last row kept (its cursor), so nothing is lost.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { PreloadApi } from '../../../src-preload/wire'
import { useCaptures } from '../../../src-renderer/src/stores/captures'
import { captureRow } from '../../fixtures/capture-row'


const lists: unknown[] = []
/** What the mocked captures.list answers. */
let listItems = [captureRow(5)]
beforeAll(() => {
  const api: PreloadApi = {
    invoke: async (method, input) => {
      if (method === 'captures.list') {
        lists.push(input)
        return { ok: true, result: { items: listItems, nextCursor: null } } as never
      }
      return { ok: false, error: { code: 'E_INTERNAL', message: 'unexpected' } } as never
    },
    on: () => () => undefined,
  }
  ;(globalThis as { window?: unknown }).window = { hooklab: api }
})

const initial = useCaptures.getState()
beforeEach(() => {
  lists.length = 0
  listItems = [captureRow(5)]
  useCaptures.setState({ ...initial, inboxId: 'inb_1', rows: [captureRow(2), captureRow(1)], pendingNew: [], atTop: true }, true)
})

describe('captures store: capped list', () => {
  it('keeps at most 5,000 rows under a flood, and scrolling on pages from the last one kept', async () => {
    useCaptures.getState().applyLive(Array.from({ length: 5010 }, (_, i) => captureRow(10 + i)))
    const st = useCaptures.getState()
    expect(st.rows).toHaveLength(5000)
    expect(st.rows[0]?.id).toBe(captureRow(5019).id)
    expect(st.rows[4999]?.id).toBe(captureRow(20).id)
    expect(st.cursor).toBe('20')
    expect(st.hasMore).toBe(true)
    await st.loadMore()
    expect(lists).toEqual([{ cursor: '20', limit: 200, inboxId: 'inb_1' }])
    expect(useCaptures.getState().rows[5000]?.id).toBe(captureRow(5).id)
  })

  it('caps the list when held rows join it', () => {
    useCaptures.setState({ rows: Array.from({ length: 4990 }, (_, i) => captureRow(4990 - i)) })
    const s = useCaptures.getState()
    s.setAtTop(false)
    s.applyLive(Array.from({ length: 20 }, (_, i) => captureRow(5000 + i)))
    expect(useCaptures.getState().rows).toHaveLength(4990)
    useCaptures.getState().showNew()
    const st = useCaptures.getState()
    expect(st.rows).toHaveLength(5000)
    expect(st.rows[0]?.id).toBe(captureRow(5019).id)
    expect(st.cursor).toBe(st.rows[4999]?.cursor)
    expect(st.hasMore).toBe(true)
  })

  it('holds at most 5,000 rows while scrolled down; "show new" then reloads instead of leaving a hole', async () => {
    const s = useCaptures.getState()
    s.setAtTop(false)
    s.applyLive(Array.from({ length: 5003 }, (_, i) => captureRow(10 + i)))
    const st = useCaptures.getState()
    expect(st.pendingNew).toHaveLength(5000)
    expect(st.pendingNew[0]?.id).toBe(captureRow(5012).id)
    expect(st.pendingOverflow).toBe(true)
    st.showNew()
    await expect.poll(() => useCaptures.getState().rows.map((r) => r.id)).toEqual([captureRow(5).id])
    expect(lists).toEqual([{ cursor: null, limit: 200, inboxId: 'inb_1' }])
  })
})

describe('captures store: live rows while searching', () => {
  it('a live capture joins the list only when the server’s search (headers and body too) matches it', async () => {
    useCaptures.setState({ text: 'invoice.paid' })
    // The server's newest matches: 7 (say, by its body) and an old row already listed; 8 does not match.
    listItems = [captureRow(7), captureRow(2)]
    useCaptures.getState().applyLive([captureRow(7), captureRow(8)])
    await expect.poll(() => useCaptures.getState().rows.map((r) => r.id)).toEqual([captureRow(7).id, captureRow(2).id, captureRow(1).id])
    // Only from the oldest new row on (seq 7), however long the inbox.
    expect(lists).toEqual([{ cursor: null, limit: 500, inboxId: 'inb_1', text: 'invoice.paid', fromSeq: 7 }])
  })

  it('an answer that comes back after the search changed is dropped', async () => {
    useCaptures.setState({ text: 'paid' })
    listItems = [captureRow(7)]
    useCaptures.getState().applyLive([captureRow(7)])
    useCaptures.setState({ generation: useCaptures.getState().generation + 1 }) // what setText/reload do
    await expect.poll(() => lists.length).toBe(1)
    await new Promise((r) => setTimeout(r, 10))
    expect(useCaptures.getState().rows.map((r) => r.id)).toEqual([captureRow(2).id, captureRow(1).id])
  })

  it('without a search, live rows of the inbox join at once, with no call', () => {
    useCaptures.getState().applyLive([captureRow(7), { ...captureRow(8), inboxId: 'inb_other' }])
    expect(useCaptures.getState().rows.map((r) => r.id)).toEqual([captureRow(7).id, captureRow(2).id, captureRow(1).id])
    expect(lists).toEqual([])
  })
})
