// Byte-level helpers every scheme shares: HMAC, strict decoding of presented signatures,
// constant-time comparison and case-insensitive header lookup.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { HooklabError } from '../errors'
import type { HeaderPairs } from './types'

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512'
export type SignatureEncoding = 'hex' | 'base64'

export function hmacDigest(algorithm: HmacAlgorithm, key: Buffer, ...parts: Buffer[]): Buffer {
  const mac = createHmac(algorithm, key)
  for (const part of parts) mac.update(part)
  return mac.digest()
}

export function encodeDigest(digest: Buffer, encoding: SignatureEncoding): string {
  return digest.toString(encoding)
}

const HEX_LENIENT = /^(?:[0-9a-fA-F]{2})+$/
// Standard alphabet, or URL-safe; padding optional.
const BASE64_LENIENT = /^[A-Za-z0-9+/_-]+={0,2}$/

/** Decodes a presented signature the forgiving way (uppercase hex, URL-safe or unpadded base64);
 *  null when the text is not valid even so (Buffer.from silently drops bad characters, which
 *  would hide a format mistake). Only the explainer reads signatures like this. */
export function decodeLenient(text: string, encoding: SignatureEncoding): Buffer | null {
  if (encoding === 'hex') return HEX_LENIENT.test(text) ? Buffer.from(text, 'hex') : null
  if (!BASE64_LENIENT.test(text)) return null
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
  return bytes.length > 0 ? bytes : null
}

/** Decodes a presented signature only when it is in canonical text form, the only form the providers'
 *  own verifiers accept (they compare the encoded text): lowercase hex, or standard padded base64,
 *  i.e. re-encoding the bytes gives back the exact text. null otherwise. */
export function decodeStrict(text: string, encoding: SignatureEncoding): Buffer | null {
  const bytes = decodeLenient(text, encoding)
  return bytes && bytes.toString(encoding) === text ? bytes : null
}

/** What keeps a presented signature from being canonical, in words; null when it is canonical
 *  (or not decodable at all). */
export function nonCanonicalReason(text: string, encoding: SignatureEncoding): string | null {
  if (decodeStrict(text, encoding) || !decodeLenient(text, encoding)) return null
  if (encoding === 'hex') return /[a-f]/.test(text) ? 'it is mixed-case hex' : 'it is uppercase hex'
  const problems: string[] = []
  if (/[-_]/.test(text)) problems.push('it uses the URL-safe base64 alphabet (- and _ instead of + and /)')
  const bytes = decodeLenient(text, encoding)
  const canonical = bytes ? bytes.toString('base64') : ''
  const padding = (canonical.match(/=+$/) ?? [''])[0].length
  const given = (text.match(/=+$/) ?? [''])[0].length
  if (given < padding) problems.push('its = padding is missing')
  else if (given > padding) problems.push('it has extra = padding')
  if (problems.length === 0) problems.push('it is not in canonical base64 form (re-encoding its bytes gives different text)')
  return problems.join(' and ')
}

/** Constant time for equal lengths; a length difference is not secret (digest sizes are public). */
export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

/** First value of a header, name compared case-insensitively as HTTP requires. */
export function headerValue(headers: HeaderPairs, name: string): string | undefined {
  const wanted = name.toLowerCase()
  for (const [key, value] of headers) if (key.toLowerCase() === wanted) return value
  return undefined
}

export function hasHeader(headers: HeaderPairs, name: string): boolean {
  return headerValue(headers, name) !== undefined
}

/** Base64 text of a secret's payload, or a typed error that never repeats the secret. */
export function decodeBase64Secret(text: string, what: string): Buffer {
  const bytes = decodeLenient(text, 'base64')
  if (!bytes) throw new HooklabError('E_INVALID_INPUT', `${what} must be base64`)
  return bytes
}

export function requireSecrets(secrets: string[]): string[] {
  const usable = secrets.filter((s) => s.length > 0)
  if (usable.length === 0) throw new HooklabError('E_INVALID_INPUT', 'no secret given to verify with')
  return usable
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** Random alphanumeric text (Stripe-style secrets); rejection sampling keeps it unbiased. */
export function randomAlnum(length: number): string {
  let out = ''
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALNUM[byte % 62]
    }
  }
  return out
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex')
}
