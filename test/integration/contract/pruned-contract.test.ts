// The live batch's pruned part is declared in the contract: the renderer can rely on its shape,
// and a malformed one (missing flags, stray keys, non-string ids, too many ids) is refused.
import { describe, expect, it } from 'vitest'
import { CaptureRow, PRUNED_IDS_MAX, events } from '../../../src-preload/contract'
import { captureRow } from '../../fixtures/capture-row'

const base = { deliveries: [], attempts: [], captures: [], endpointIds: [], inboxIds: [] }
const pruned = { deliveryIds: ['dlv_1'], captureIds: ['cap_1'], reloadDeliveries: false, reloadCaptures: false }
const ok = (v: unknown) => events['live.batch'].safeParse(v).success

describe('contract: pruned rows in live.batch', () => {
  it('accepts a batch with pruned ids, a reload hint, or none at all', () => {
    expect(ok({ ...base, pruned })).toBe(true)
    expect(ok({ ...base, pruned: { deliveryIds: [], captureIds: [], reloadDeliveries: true, reloadCaptures: true } })).toBe(true)
    expect(ok(base)).toBe(true)
  })

  it('rejects malformed pruned parts', () => {
    expect(ok({ ...base, pruned: { deliveryIds: ['dlv_1'] } })).toBe(false)
    expect(ok({ ...base, pruned: { ...pruned, extra: 1 } })).toBe(false)
    expect(ok({ ...base, pruned: { ...pruned, deliveryIds: [42] } })).toBe(false)
    expect(ok({ ...base, pruned: { ...pruned, captureIds: [''] } })).toBe(false)
    expect(ok({ ...base, pruned: { ...pruned, reloadCaptures: 'yes' } })).toBe(false)
    expect(ok({ ...base, pruned: { ...pruned, deliveryIds: Array.from({ length: PRUNED_IDS_MAX + 1 }, (_, i) => `dlv_${i}`) } })).toBe(false)
  })

  it('a capture row carries its page cursor', () => {
    const { cursor, ...row } = captureRow(17)
    expect(CaptureRow.safeParse({ ...row, cursor }).success).toBe(true)
    expect(CaptureRow.safeParse(row).success).toBe(false)
  })
})
