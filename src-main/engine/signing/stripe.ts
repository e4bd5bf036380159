// Stripe: one header, Stripe-Signature "t=<unix s>,v1=<hex HMAC-SHA256>" over `t.body`.
// The key is the secret string's UTF-8 bytes as-is, whsec_ prefix included (unlike standard).
// No id header: Stripe's event id is the JSON body's "id" (see registry extractDeliveryId).
// During a rotation overlap the sender adds a second v1= entry; verify accepts any v1 entry.
import type { HmacLayout, PresentedSignatures } from './layout'
import { verifyWithLayout } from './layout'
import { encodeDigest, headerValue, hmacDigest, randomAlnum } from './primitives'
import type { SigningScheme, Verdict } from './types'
import { malformedVerdict, missingHeaderVerdict, parseTimestamp } from './verdicts'

const HEADER = 'Stripe-Signature'

function content(timestamp: number | string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), body])
}

export const stripeLayout: HmacLayout = {
  id: 'stripe',
  signatureHeader: () => HEADER,
  algorithm: () => 'sha256',
  encoding: () => 'hex',
  keyFor: (secret) => Buffer.from(secret, 'utf8'),
  parse(headers): PresentedSignatures | Verdict {
    const value = headerValue(headers, HEADER)
    if (value === undefined) return missingHeaderVerdict('stripe', HEADER)
    // Parsed the way stripe-node does: split on ',', each item on '=', the key compared exactly
    // (no trimming), items with another key (or none) ignored; the last t= wins.
    let timestampText: string | null = null
    let spacedKey = false
    const signatures: string[] = []
    for (const item of value.split(',')) {
      const [key, text] = item.split('=')
      if (key === 't') timestampText = text ?? ''
      else if (key === 'v1') signatures.push(text ?? '')
      else if (key !== undefined && /^\s+(?:t|v1)$/.test(key)) spacedKey = true
    }
    const spaceNote = spacedKey
      ? ` (an item has a space after the comma, before its key: Stripe reads " v1" or " t" as another key and ignores it; write "t=<ts>,v1=<hex>" with no spaces)`
      : ''
    if (timestampText === null && signatures.length === 0 && !spacedKey)
      return malformedVerdict('stripe', HEADER, 'expected "t=<ts>,v1=<hex>"')
    const timestampSec = timestampText === null ? null : parseTimestamp(timestampText)
    if (timestampSec === null) return malformedVerdict('stripe', HEADER, `no valid t= timestamp${spaceNote}`)
    if (signatures.length === 0)
      return { scheme: 'stripe', valid: false, reason: `no v1 signature in ${HEADER} header${spaceNote}`, code: 'E_SIGNATURE_MISSING' }
    const ts = timestampSec
    return { signatures, timestampSec: ts, signedContent: (body) => content(ts, body) }
  },
}

export const stripeScheme: SigningScheme = {
  id: 'stripe',
  idHeader: null,
  rotates: true,
  sign(config, input) {
    const signed = content(input.timestamp, input.body)
    const secrets = [config.secret, ...(config.previousSecret ? [config.previousSecret] : [])]
    const entries = secrets.map((s) => `v1=${encodeDigest(hmacDigest('sha256', Buffer.from(s, 'utf8'), signed), 'hex')}`)
    return [[HEADER, [`t=${input.timestamp}`, ...entries].join(',')]]
  },
  verify: (config, headers, body, nowMs) => verifyWithLayout(stripeLayout, config, headers, body, nowMs),
  generateSecret: () => `whsec_${randomAlnum(32)}`,
}
