// When verification fails, replay the common mistakes on the raw bytes and name the one that
// reproduces the signature. Each check is a real HMAC/verify, so a sentence is never a guess.
import { decodeContent } from '../receiver/content-encoding'
import { isAsymmetricKey } from './ed25519'
import type { HmacLayout } from './layout'
import { anySignatureMatches } from './layout'
import type { SignatureEncoding } from './primitives'
import { decodeBase64Secret, decodeStrict, hasHeader, headerValue, hmacDigest, nonCanonicalReason, sameBytes } from './primitives'
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

  const legacy = githubLegacyHeader(config, headers, body)
  if (legacy) return legacy

  const foreign = foreignScheme(config, headers, body, nowMs)
  // Without the configured scheme's header, the other format is the whole story.
  if (foreign && verdict.code !== 'E_SIGNATURE_MISMATCH') return foreign

  if (verdict.code === 'E_SIGNATURE_MISMATCH') {
    const mistake =
      lenientMatch(config, headers, body) ??
      v1aWithoutPublicKey(config, headers) ??
      encodingMistake(config, headers, body) ??
      secretMistake(config, headers, body) ?? bodyMistake(config, headers, body, nowMs)
    if (mistake) return mistake
  }
  return foreign
}

/** Who would reject a non-canonical signature, and how they compare. */
const STRICT_VERIFIERS: Record<SchemeId, string> = {
  standard: "Standard Webhooks' and Svix's own verifiers compare the exact padded standard base64 text",
  stripe: "Stripe's own libraries compare the exact lowercase hex text",
  github: "GitHub's own verifiers compare the exact lowercase hex text",
  shopify: "Shopify's own libraries compare the exact padded standard base64 text",
  slack: "Slack's own SDKs compare the exact lowercase hex text",
  hmac: 'verifiers that compare the encoded text (the usual way) expect the canonical form',
}

/** The signature is the right HMAC, but only when its text is read leniently (uppercase hex,
 *  URL-safe or unpadded base64): a real receiver compares the canonical text and rejects it. */
function lenientMatch(config: VerifyConfig, headers: HeaderPairs, body: Buffer): string | null {
  const ctx = hmacContext(config, headers)
  if (!ctx) return null
  const encoding = ctx.layout.encoding(config.hmac)
  const content = ctx.content(body)
  for (const signature of ctx.signatures) {
    const what = nonCanonicalReason(signature, encoding)
    if (!what) continue
    if (!anySignatureMatches(ctx.layout.algorithm(config.hmac), encoding, ctx.keys, [signature], content, true)) continue
    const canonical = encoding === 'hex' ? 'lowercase hex' : 'padded standard base64'
    return `The signature matches only when read leniently: ${what}. ${STRICT_VERIFIERS[config.scheme]}, so a real receiver rejects it: send it as ${canonical}.`
  }
  return null
}

/** A standard request signed only with v1a (ed25519), checked with whsec_ (HMAC) secrets only. */
function v1aWithoutPublicKey(config: VerifyConfig, headers: HeaderPairs): string | null {
  if (config.scheme !== 'standard' || config.secrets.some(isAsymmetricKey)) return null
  const signature = headerValue(headers, 'webhook-signature') ?? headerValue(headers, 'svix-signature') ?? ''
  const versions = signature.split(' ').filter((p) => p.length > 0).map((p) => p.slice(0, p.indexOf(',')))
  if (!versions.includes('v1a') || versions.includes('v1')) return null
  return 'This request carries only a v1a (ed25519) signature, which is checked with the sender\'s public key, not a whsec_ secret: add the sender\'s whpk_ public key as a secret to verify it.'
}

/** GitHub's legacy X-Hub-Signature (sha1=<hex HMAC-SHA1>) sent without X-Hub-Signature-256. */
function githubLegacyHeader(config: VerifyConfig, headers: HeaderPairs, body: Buffer): string | null {
  if (config.scheme !== 'github' || hasHeader(headers, 'X-Hub-Signature-256')) return null
  const value = headerValue(headers, 'X-Hub-Signature')
  if (value === undefined) return null
  const lead = 'This request has only X-Hub-Signature, GitHub\'s legacy SHA-1 signature header'
  const advice = 'GitHub receivers check X-Hub-Signature-256 ("sha256=<hex HMAC-SHA256>" of the body), so send that header.'
  const presented = value.startsWith('sha1=') ? decodeStrict(value.slice('sha1='.length), 'hex') : null
  const secrets = config.secrets.filter((s) => s.length > 0)
  const matches = presented !== null && secrets.some((s) => sameBytes(presented, hmacDigest('sha1', Buffer.from(s, 'utf8'), body)))
  const verdict = matches ? 'it matches this secret (HMAC-SHA1)' : 'it does not match this secret either'
  return `${lead}; ${verdict}. ${advice}`
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
  if (!anySignatureMatches(ctx.layout.algorithm(config.hmac), other, ctx.keys, ctx.signatures, ctx.content(body), true)) return null
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
  return prefixMistake(ctx, config, content)
}

/** A whsec_ secret (Stripe's) is used whole, prefix and all: one side pasted it with whsec_, the other without. */
function prefixMistake(ctx: HmacContext, config: VerifyConfig, content: Buffer): string | null {
  const usable = config.secrets.filter((s) => s.length > 0 && !isAsymmetricKey(s))
  const dropped = usable.filter((s) => s.startsWith(SECRET_PREFIX) && s.length > SECRET_PREFIX.length).map((s) => s.slice(SECRET_PREFIX.length))
  if (dropped.length > 0 && matchesWith(ctx, config, dropped.map(ctx.layout.keyFor), content))
    return `The sender signed with this secret without its whsec_ prefix; ${config.scheme} uses the whole string, whsec_ included, as the key: give the sender the whole secret.`
  const added = usable.filter((s) => !s.startsWith(SECRET_PREFIX)).map((s) => SECRET_PREFIX + s)
  if (added.length > 0 && matchesWith(ctx, config, added.map(ctx.layout.keyFor), content))
    return `The sender signed with whsec_ in front of this secret; ${config.scheme} uses the whole string as the key: paste the secret here whole, whsec_ included.`
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
  // Signed before it was compressed: a framework that inflates the body first (Express's raw-body reader
  // does) verifies the decoded bytes, and passes it where these wire bytes do not.
  const decoded = decodeContent(headers, body)
  if (decoded?.body && verifies(config, headers, decoded.body, nowMs))
    return `The signature matches the body decoded from its Content-Encoding (${decoded.encoding}), not the bytes on the wire: a receiver that inflates the body before verifying passes it, one that verifies the raw bytes does not.`
  for (const [variant, what] of bodyVariants(body)) {
    if (verifies(config, headers, variant, nowMs))
      return `The signature matches ${what}, not these exact bytes: sign and verify the raw bytes, never a transformed body.`
  }
  return null
}
