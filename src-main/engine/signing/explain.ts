// When verification fails, replay the common mistakes on the raw bytes and name the one that
// reproduces the signature. Each check is a real HMAC/verify, so a sentence is never a guess.
import { isAsymmetricKey } from './ed25519'
import type { HmacLayout } from './layout'
import { anySignatureMatches } from './layout'
import type { SignatureEncoding } from './primitives'
import { decodeBase64Secret, hasHeader } from './primitives'
import { getScheme, layoutFor, verifyRequest } from './registry'
import { SECRET_PREFIX } from './standard'
import type { HeaderPairs, SchemeId, VerifyConfig } from './types'
import { DEFAULT_TOLERANCE_SEC, isVerdict } from './verdicts'

/** Another scheme's signature header, checked when the configured one does not explain the request. */
const FOREIGN_HEADERS: Array<[SchemeId, string]> = [
  ['standard', 'webhook-signature'],
  ['standard', 'svix-signature'],
  ['stripe', 'Stripe-Signature'],
  ['github', 'X-Hub-Signature-256'],
  ['shopify', 'X-Shopify-Hmac-Sha256'],
  ['slack', 'X-Slack-Signature'],
]

const NO_TOLERANCE = Number.MAX_SAFE_INTEGER

function verifies(config: VerifyConfig, headers: HeaderPairs, body: Buffer, nowMs: number): boolean {
  try {
    return verifyRequest({ ...config, toleranceSec: NO_TOLERANCE }, headers, body, nowMs).valid
  } catch {
    return false // e.g. a secret that is not usable under another scheme
  }
}

export function explainFailure(config: VerifyConfig, headers: HeaderPairs, body: Buffer, nowMs: number): string | null {
  const verdict = verifyRequest(config, headers, body, nowMs)
  if (verdict.valid) return null

  if (verdict.code === 'E_TIMESTAMP_STALE') {
    // Signatures are checked before freshness, so a stale verdict means the signature matched.
    const tolerance = config.toleranceSec ?? DEFAULT_TOLERANCE_SEC
    const how = verdict.reason.replace(/^timestamp /, '')
    return `The signature matches, but the timestamp is ${how} (tolerance ${tolerance} s): the request was delayed or replayed, or a clock is off.`
  }

  const foreign = foreignScheme(config, headers, body, nowMs)
  // Without the configured scheme's header, the other format is the whole story.
  if (foreign && verdict.code !== 'E_SIGNATURE_MISMATCH') return foreign

  if (verdict.code === 'E_SIGNATURE_MISMATCH') {
    const mistake = encodingMistake(config, headers, body) ?? secretMistake(config, headers, body) ?? bodyMistake(config, headers, body, nowMs)
    if (mistake) return mistake
  }
  return foreign
}

function foreignScheme(config: VerifyConfig, headers: HeaderPairs, body: Buffer, nowMs: number): string | null {
  for (const [scheme, header] of FOREIGN_HEADERS) {
    if (scheme === config.scheme || !hasHeader(headers, header)) continue
    const other: VerifyConfig = { scheme, secrets: config.secrets, toleranceSec: config.toleranceSec }
    if (verifies(other, headers, body, nowMs))
      return `This request is signed in the ${scheme} format (${header} header), not ${config.scheme}, and it verifies as ${scheme} with this secret: choose scheme ${scheme}.`
    return `This request is signed in the ${scheme} format (${header} header), not ${config.scheme}; it does not verify as ${scheme} with this secret either.`
  }
  return null
}

interface HmacContext {
  layout: HmacLayout
  signatures: string[]
  content: (body: Buffer) => Buffer
  keys: Buffer[]
}

/** The parsed HMAC request, or null when the scheme/secret is not HMAC or the request is unusable. */
function hmacContext(config: VerifyConfig, headers: HeaderPairs): HmacContext | null {
  const layout = layoutFor(getScheme(config.scheme).id)
  const secrets = config.secrets.filter((s) => s.length > 0 && !isAsymmetricKey(s))
  if (secrets.length === 0) return null
  const presented = layout.parse(headers, config.hmac)
  if (isVerdict(presented)) return null
  try {
    return { layout, signatures: presented.signatures, content: presented.signedContent, keys: secrets.map(layout.keyFor) }
  } catch {
    return null
  }
}

function matchesWith(ctx: HmacContext, config: VerifyConfig, keys: Buffer[], content: Buffer, encoding?: SignatureEncoding): boolean {
  const enc = encoding ?? ctx.layout.encoding(config.hmac)
  return anySignatureMatches(ctx.layout.algorithm(config.hmac), enc, keys, ctx.signatures, content)
}

function encodingMistake(config: VerifyConfig, headers: HeaderPairs, body: Buffer): string | null {
  const ctx = hmacContext(config, headers)
  if (!ctx) return null
  const expected = ctx.layout.encoding(config.hmac)
  const other: SignatureEncoding = expected === 'hex' ? 'base64' : 'hex'
  if (!matchesWith(ctx, config, ctx.keys, ctx.content(body), other)) return null
  return `The signature is ${other} where ${config.scheme} expects ${expected}: the sender encoded the right HMAC the wrong way.`
}

function secretMistake(config: VerifyConfig, headers: HeaderPairs, body: Buffer): string | null {
  const ctx = hmacContext(config, headers)
  if (!ctx) return null
  const content = ctx.content(body)
  const secrets = config.secrets.filter((s) => s.startsWith(SECRET_PREFIX))
  if (config.scheme === 'standard') {
    // Standard decodes base64 after whsec_; a common slip is to use the text itself as the key.
    const rawKeys = secrets.flatMap((s) => [Buffer.from(s, 'utf8'), Buffer.from(s.slice(SECRET_PREFIX.length), 'utf8')])
    if (rawKeys.length > 0 && matchesWith(ctx, config, rawKeys, content))
      return 'The sender used the whsec_ secret as raw text instead of base64-decoding the part after whsec_, as Standard Webhooks requires.'
    return null
  }
  // Every other scheme uses the string as-is; the opposite slip is decoding it the Standard Webhooks way.
  const decoded = secrets.flatMap((s) => {
    try {
      return [decodeBase64Secret(s.slice(SECRET_PREFIX.length), 'secret')]
    } catch {
      return []
    }
  })
  if (decoded.length > 0 && matchesWith(ctx, config, decoded, content))
    return `The sender base64-decoded the part after whsec_ (the Standard Webhooks way), but ${config.scheme} uses the whole whsec_ string as the key, as-is.`
  return null
}

function bodyVariants(body: Buffer): Array<[Buffer, string]> {
  const text = body.toString('utf8')
  const variants: Array<[Buffer, string]> = []
  try {
    const value: unknown = JSON.parse(text)
    variants.push([Buffer.from(JSON.stringify(value)), 'the body re-serialized as compact JSON'])
    variants.push([Buffer.from(JSON.stringify(value, null, 2)), 'the body re-serialized as pretty-printed JSON (2-space indent)'])
    variants.push([Buffer.from(JSON.stringify(value, null, 4)), 'the body re-serialized as pretty-printed JSON (4-space indent)'])
  } catch {
    // Not JSON: only the byte-level variants apply.
  }
  if (text.includes('\r\n')) variants.push([Buffer.from(text.replace(/\r\n/g, '\n')), 'the body with LF line endings (these bytes have CRLF)'])
  else if (text.includes('\n')) variants.push([Buffer.from(text.replace(/\n/g, '\r\n')), 'the body with CRLF line endings (these bytes have LF)'])
  variants.push([Buffer.from(text, 'utf8'), 'the body after a lossy UTF-8 text round trip'])
  return variants.filter(([variant]) => !variant.equals(body))
}

function bodyMistake(config: VerifyConfig, headers: HeaderPairs, body: Buffer, nowMs: number): string | null {
  for (const [variant, what] of bodyVariants(body)) {
    if (verifies(config, headers, variant, nowMs))
      return `The signature matches ${what}, not these exact bytes: sign and verify the raw bytes, never a transformed body.`
  }
  return null
}
