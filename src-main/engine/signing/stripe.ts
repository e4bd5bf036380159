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
    let timestampSec: number | null = null
    const signatures: string[] = []
    for (const item of value.split(',')) {
      const eq = item.indexOf('=')
      if (eq <= 0) return malformedVerdict('stripe', HEADER, 'expected "t=<ts>,v1=<hex>"')
      const key = item.slice(0, eq).trim()
      const text = item.slice(eq + 1).trim()
      if (key === 't') timestampSec = parseTimestamp(text)
      else if (key === 'v1') signatures.push(text)
    }
    if (timestampSec === null) return malformedVerdict('stripe', HEADER, 'no valid t= timestamp')
    if (signatures.length === 0)
      return { scheme: 'stripe', valid: false, reason: `no v1 signature in ${HEADER} header`, code: 'E_SIGNATURE_MISSING' }
    const ts = timestampSec
    return { signatures, timestampSec: ts, signedContent: (body) => content(ts, body) }
  },
}

export const stripeScheme: SigningScheme = {
  id: 'stripe',
  idHeader: null,
  sign(config, input) {
    const signed = content(input.timestamp, input.body)
    const secrets = [config.secret, ...(config.previousSecret ? [config.previousSecret] : [])]
    const entries = secrets.map((s) => `v1=${encodeDigest(hmacDigest('sha256', Buffer.from(s, 'utf8'), signed), 'hex')}`)
    return [[HEADER, [`t=${input.timestamp}`, ...entries].join(',')]]
  },
  verify: (config, headers, body, nowMs) => verifyWithLayout(stripeLayout, config, headers, body, nowMs),
  generateSecret: () => `whsec_${randomAlnum(32)}`,
}
