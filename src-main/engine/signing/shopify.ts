// Shopify: X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the raw body, key = secret's UTF-8.
// Id header: X-Shopify-Webhook-Id (the message id). No timestamp header is signed, so no tolerance.
// One signature slot: rotation signs with the new secret only.
import type { HmacLayout, PresentedSignatures } from './layout'
import { verifyWithLayout } from './layout'
import { encodeDigest, headerValue, hmacDigest, randomHex } from './primitives'
import type { SigningScheme, Verdict } from './types'
import { missingHeaderVerdict } from './verdicts'

const HEADER = 'X-Shopify-Hmac-Sha256'
const ID_HEADER = 'X-Shopify-Webhook-Id'

export const shopifyLayout: HmacLayout = {
  id: 'shopify',
  signatureHeader: () => HEADER,
  algorithm: () => 'sha256',
  encoding: () => 'base64',
  keyFor: (secret) => Buffer.from(secret, 'utf8'),
  parse(headers): PresentedSignatures | Verdict {
    const value = headerValue(headers, HEADER)
    if (value === undefined) return missingHeaderVerdict('shopify', HEADER)
    return { signatures: [value.trim()], timestampSec: null, signedContent: (body) => body }
  },
}

export const shopifyScheme: SigningScheme = {
  id: 'shopify',
  idHeader: ID_HEADER,
  eventHeader: { name: 'X-Shopify-Topic', value: (eventType) => eventType },
  sign(config, input) {
    const digest = hmacDigest('sha256', Buffer.from(config.secret, 'utf8'), input.body)
    return [
      [ID_HEADER, input.id],
      [HEADER, encodeDigest(digest, 'base64')],
    ]
  },
  verify: (config, headers, body, nowMs) => verifyWithLayout(shopifyLayout, config, headers, body, nowMs),
  generateSecret: () => randomHex(32),
}
