import { randomFillSync } from 'node:crypto'

// Ids are prefixed (msg_, dlv_, ep_ ...) so a pasted id says what it is, and
// time-ordered (48-bit ms timestamp first) so they sort by creation in an index.
// Ids minted in the same millisecond also sort in the order they were minted (the random
// part of the previous one plus one, as monotonic ULIDs do): the messages of one send and
// captures arriving together list in that order, not shuffled.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz' // Crockford base32, lower case
const RANDOM_CHARS = 16

// One crypto call per 4 KB instead of one per id: ids are minted on every capture and enqueue.
const pool = Buffer.alloc(4096)
let poolOffset = pool.length

let lastTime = -1
const lastTail = new Uint8Array(RANDOM_CHARS) // base32 digits of the previous id's random part

/** Adds one to lastTail; false when it was all 31s (it wraps to zeros). */
function incrementTail(): boolean {
  for (let i = RANDOM_CHARS - 1; i >= 0; i--) {
    if (lastTail[i]! < 31) {
      lastTail[i]!++
      return true
    }
    lastTail[i] = 0
  }
  return false
}

export function newId(prefix: string, now: number = Date.now()): string {
  if (now !== lastTime || !incrementTail()) {
    if (poolOffset + RANDOM_CHARS > pool.length) {
      randomFillSync(pool)
      poolOffset = 0
    }
    // The top bit stays clear so a run of same-millisecond ids has 2^79 steps before it could wrap.
    lastTail[0] = (pool[poolOffset] ?? 0) & 15
    for (let i = 1; i < RANDOM_CHARS; i++) lastTail[i] = (pool[poolOffset + i] ?? 0) & 31
    poolOffset += RANDOM_CHARS
    lastTime = now
  }
  let time = ''
  let t = now
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time
    t = Math.floor(t / 32)
  }
  let tail = ''
  for (let i = 0; i < RANDOM_CHARS; i++) tail += ALPHABET[lastTail[i]!]
  return `${prefix}_${time}${tail}`
}
