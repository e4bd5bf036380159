import { randomFillSync } from 'node:crypto'

// Ids are prefixed (msg_, dlv_, ep_ ...) so a pasted id says what it is, and
// time-ordered (48-bit ms timestamp first) so they sort by creation in an index.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz' // Crockford base32, lower case
const RANDOM_CHARS = 16

// One crypto call per 4 KB instead of one per id: ids are minted on every capture and enqueue.
const pool = Buffer.alloc(4096)
let poolOffset = pool.length

export function newId(prefix: string, now: number = Date.now()): string {
  let time = ''
  let t = now
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time
    t = Math.floor(t / 32)
  }
  if (poolOffset + RANDOM_CHARS > pool.length) {
    randomFillSync(pool)
    poolOffset = 0
  }
  let tail = ''
  for (let i = 0; i < RANDOM_CHARS; i++) tail += ALPHABET[(pool[poolOffset + i] ?? 0) & 31]
  poolOffset += RANDOM_CHARS
  return `${prefix}_${time}${tail}`
}
