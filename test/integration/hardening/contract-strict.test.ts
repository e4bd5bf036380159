import { expect, it } from 'vitest'
import { METHOD_NAMES, methods } from '../../../src-preload/contract'

it('every method input refuses keys the contract does not name (unrecognized_keys)', () => {
  const loose = METHOD_NAMES.filter((m) => {
    const r = methods[m].input.safeParse({ zzExtra: 1 })
    return r.success || !r.error.issues.some((i) => i.code === 'unrecognized_keys')
  })
  expect(loose).toEqual([])
})
