import { randomBytes } from 'node:crypto'

// Ids are prefixed (msg_, dlv_, ep_ ...) so a pasted id says what it is, and
// time-ordered (48-bit ms timestamp first) so they sort by creation in an index.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz' // Crockford base32, lower case

export function newId(prefix: string, now: number = Date.now()): string {
  let time = ''
  let t = now
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time
    t = Math.floor(t / 32)
  }
  const rand = randomBytes(10)
  let tail = ''
  for (const byte of rand) tail += ALPHABET[byte % 32]
  return `${prefix}_${time}${tail}`
}
