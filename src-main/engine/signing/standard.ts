// Standard Webhooks (standardwebhooks.com), also what Svix sends.
// Headers: webhook-id (the message id, same on every attempt), webhook-timestamp (unix s),
// webhook-signature: space-separated "v1,<base64 HMAC-SHA256>" / "v1a,<base64 ed25519>" entries
// over `id.timestamp.body`. The v1 key is the base64 after whsec_ (a bare base64 secret works too).
// On verify the svix-id/-timestamp/-signature spellings are accepted as well.
import { randomBytes, sign as edSign, verify as edVerify } from 'node:crypto'
import { HooklabError } from '../errors'
import { isAsymmetricKey, privateKeyFrom, publicKeyFrom } from './ed25519'
import type { HmacLayout, PresentedSignatures } from './layout'
import { anySignatureMatches } from './layout'
import { decodeBase64Secret, decodeStrict, headerValue, hmacDigest, requireSecrets } from './primitives'
import type { HeaderPairs, SigningScheme, Verdict } from './types'
import {
  isVerdict,
  malformedVerdict,
  mismatchVerdict,
  missingHeaderVerdict,
  parseTimestamp,
  timestampVerdict,
  validVerdict,
} from './verdicts'

export const SECRET_PREFIX = 'whsec_'
const ID = 'webhook-id'
const TIMESTAMP = 'webhook-timestamp'
const SIGNATURE = 'webhook-signature'

/** whsec_<base64> (or bare base64) -> the HMAC key bytes. */
export function standardKey(secret: string): Buffer {
  if (isAsymmetricKey(secret))
    throw new HooklabError('E_INVALID_INPUT', 'a whsk_/whpk_ key signs v1a, not v1; use it as the secret of scheme standard')
  const text = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret
  return decodeBase64Secret(text, 'a standard secret (the part after whsec_)')
}

export function signedContent(id: string, timestampSec: number | string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${id}.${timestampSec}.`, 'utf8'), body])
}

interface StandardRequest {
  id: string
  timestampSec: number
  entries: Array<{ version: string; signature: string }>
}

function read(headers: HeaderPairs, name: string): string | undefined {
  return headerValue(headers, name) ?? headerValue(headers, name.replace('webhook-', 'svix-'))
}

function parseRequest(headers: HeaderPairs): StandardRequest | Verdict {
  const id = read(headers, ID)
  const timestamp = read(headers, TIMESTAMP)
  const signature = read(headers, SIGNATURE)
  if (signature === undefined) return missingHeaderVerdict('standard', SIGNATURE)
  if (id === undefined) return missingHeaderVerdict('standard', ID)
  if (timestamp === undefined) return missingHeaderVerdict('standard', TIMESTAMP)
  const timestampSec = parseTimestamp(timestamp)
  if (timestampSec === null) return malformedVerdict('standard', TIMESTAMP, 'expected unix seconds')
  const entries = signature
    .split(' ')
    .filter((part) => part.length > 0)
    .map((part) => {
      const comma = part.indexOf(',')
      return comma < 0 ? null : { version: part.slice(0, comma), signature: part.slice(comma + 1) }
    })
    .filter((e): e is { version: string; signature: string } => e !== null)
  if (entries.length === 0) return malformedVerdict('standard', SIGNATURE, 'expected "v1,<base64>"')
  return { id, timestampSec, entries }
}

/** The v1 (HMAC) side, shared with the explainer. */
export const standardLayout: HmacLayout = {
  id: 'standard',
  signatureHeader: () => SIGNATURE,
  algorithm: () => 'sha256',
  encoding: () => 'base64',
  keyFor: standardKey,
  parse(headers): PresentedSignatures | Verdict {
    const request = parseRequest(headers)
    if (isVerdict(request)) return request
    return {
      signatures: request.entries.filter((e) => e.version === 'v1').map((e) => e.signature),
      timestampSec: request.timestampSec,
      signedContent: (body) => signedContent(request.id, request.timestampSec, body),
    }
  },
}

// Decoded HMAC keys of the secrets signed with lately: every attempt signs, and decoding (a strict
// base64 check, then the decode) cost about as much as the HMAC of a 1 KB body. Bounded, per process.
const keyCache = new Map<string, Buffer>()
function cachedKey(secret: string): Buffer {
  let key = keyCache.get(secret)
  if (!key) {
    key = standardKey(secret)
    if (keyCache.size >= 64) keyCache.clear()
    keyCache.set(secret, key)
  }
  return key
}

function signOne(secret: string, input: { id: string; timestamp: number; body: Buffer }): string {
  if (isAsymmetricKey(secret))
    return `v1a,${edSign(null, signedContent(input.id, input.timestamp, input.body), privateKeyFrom(secret)).toString('base64')}`
  // The signed content fed in two parts: no copy of the body.
  return `v1,${hmacDigest('sha256', cachedKey(secret), Buffer.from(`${input.id}.${input.timestamp}.`, 'utf8'), input.body).toString('base64')}`
}

export const standardScheme: SigningScheme = {
  id: 'standard',
  idHeader: ID,
  rotates: true,
  sign(config, input) {
    const signature = config.previousSecret ? `${signOne(config.secret, input)} ${signOne(config.previousSecret, input)}` : signOne(config.secret, input)
    return [
      [ID, input.id],
      [TIMESTAMP, String(input.timestamp)],
      [SIGNATURE, signature],
    ]
  },
  verify(config, headers, body, nowMs) {
    const secrets = requireSecrets(config.secrets)
    // Resolve keys before looking at the request, so a bad secret is reported as such.
    const keys = secrets.map((s) => (isAsymmetricKey(s) ? { ed: publicKeyFrom(s) } : { hmac: standardKey(s) }))
    const request = parseRequest(headers)
    if (isVerdict(request)) return request
    const content = signedContent(request.id, request.timestampSec, body)
    const v1 = request.entries.filter((e) => e.version === 'v1').map((e) => e.signature)
    const v1a = request.entries.filter((e) => e.version === 'v1a').map((e) => decodeStrict(e.signature, 'base64')).filter((s) => s?.length === 64)
    const matches = (some: typeof keys): boolean => {
      const hmacKeys = some.flatMap((k) => (k.hmac ? [k.hmac] : []))
      let matched = hmacKeys.length > 0 && anySignatureMatches('sha256', 'base64', hmacKeys, v1, content)
      for (const k of some) if (k.ed) for (const signature of v1a) if (edVerify(null, content, k.ed, signature!)) matched = true
      return matched
    }
    // The first secret is the current one; the rest are being rotated out.
    const current = matches(keys.slice(0, 1))
    const previous = keys.length > 1 && matches(keys.slice(1))
    if (!current && !previous) return mismatchVerdict('standard')
    return timestampVerdict('standard', request.timestampSec, nowMs, config.toleranceSec) ?? validVerdict('standard', !current)
  },
  generateSecret: () => SECRET_PREFIX + randomBytes(24).toString('base64'),
}
