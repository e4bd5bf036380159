import type { Bench } from './lib/types'

export const b5Ui: Bench = async () => ({ rows: [] })
