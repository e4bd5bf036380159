import type { Bench } from './lib/types'

export const b3Latency: Bench = async () => ({ rows: [] })
