// Standard Webhooks' asymmetric keys: whsk_ = base64 of the ed25519 secret key (the 32-byte
// seed, or the 64-byte seed||public form Go and libsodium use), whpk_ = base64 of the 32-byte public key.
import type { KeyObject } from 'node:crypto'
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto'
import { HooklabError } from '../errors'
import { decodeBase64Secret } from './primitives'

export const SECRET_KEY_PREFIX = 'whsk_'
export const PUBLIC_KEY_PREFIX = 'whpk_'

// DER headers that wrap a raw ed25519 seed / public key (RFC 8410), so node:crypto can import them.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

export function isAsymmetricKey(secret: string): boolean {
  return secret.startsWith(SECRET_KEY_PREFIX) || secret.startsWith(PUBLIC_KEY_PREFIX)
}

export function privateKeyFrom(secret: string): KeyObject {
  if (!secret.startsWith(SECRET_KEY_PREFIX))
    throw new HooklabError('E_INVALID_INPUT', 'signing with v1a needs a whsk_ secret key (a whpk_ public key can only verify)')
  const raw = decodeBase64Secret(secret.slice(SECRET_KEY_PREFIX.length), 'the part after whsk_')
  if (raw.length !== 32 && raw.length !== 64)
    throw new HooklabError('E_INVALID_INPUT', `a whsk_ key must hold 32 or 64 bytes, not ${raw.length}`)
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw.subarray(0, 32)]), format: 'der', type: 'pkcs8' })
}

/** A whpk_ public key, or the public half of a whsk_ secret key. */
export function publicKeyFrom(secret: string): KeyObject {
  if (secret.startsWith(SECRET_KEY_PREFIX)) return createPublicKey(privateKeyFrom(secret))
  const raw = decodeBase64Secret(secret.slice(PUBLIC_KEY_PREFIX.length), 'the part after whpk_')
  if (raw.length !== 32) throw new HooklabError('E_INVALID_INPUT', `a whpk_ key must hold 32 bytes, not ${raw.length}`)
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' })
}

export interface StandardKeyPair {
  /** whsk_ + base64(seed || public key): the sender keeps this. */
  secretKey: string
  /** whpk_ + base64(public key): what receivers verify with. */
  publicKey: string
}

export function generateKeyPair(): StandardKeyPair {
  const { privateKey } = generateKeyPairSync('ed25519')
  const jwk = privateKey.export({ format: 'jwk' })
  const seed = Buffer.from(jwk.d ?? '', 'base64url')
  const pub = Buffer.from(jwk.x ?? '', 'base64url')
  return {
    secretKey: SECRET_KEY_PREFIX + Buffer.concat([seed, pub]).toString('base64'),
    publicKey: PUBLIC_KEY_PREFIX + pub.toString('base64'),
  }
}
