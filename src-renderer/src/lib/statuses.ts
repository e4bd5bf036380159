import type { DeliveryRow } from '../../../src-preload/contract'

// The status list as plain data: importing the contract's zod enum would pull zod into the first chunk.
export const STATUSES = ['pending', 'sending', 'delivered', 'failed', 'dead', 'cancelled'] as const satisfies readonly DeliveryRow['status'][]
