import type { DeliveryFilter, DeliveryRow } from '../../../src-preload/contract'

// The status list as plain data: importing the contract's zod enum would pull zod into the first chunk.
export const STATUSES = ['pending', 'sending', 'delivered', 'failed', 'dead', 'cancelled'] as const satisfies readonly DeliveryRow['status'][]

/** The statuses a bulk retry with this filter takes: failed and dead, narrowed by the status chips. */
export function retryStatuses(filter: DeliveryFilter): Array<'failed' | 'dead'> {
  return (filter.status ?? ['failed', 'dead']).filter((s): s is 'failed' | 'dead' => s === 'failed' || s === 'dead')
}

/** The button's words: the statuses it would retry now ("Retry dead" when the ones to retry are all dead). */
export function retryLabel(statuses: ReadonlyArray<'failed' | 'dead'>, counts: Readonly<Record<string, number>>): string {
  const some = statuses.filter((st) => (counts[st] ?? 0) > 0)
  return `Retry ${(some.length > 0 ? some : statuses.slice(0, 1)).join(' and ') || 'failed'}`
}
