// An HMAC scheme described once — where its signature sits, what bytes are signed, how the
// key is derived — so verify and the explainer (which replays common mistakes) share it.
import type { HmacAlgorithm, SignatureEncoding } from './primitives'
import { decodeLenient, decodeStrict, hmacDigest, requireSecrets, sameBytes } from './primitives'
import type { HeaderPairs, HmacOptions, SchemeId, Verdict, VerifyConfig } from './types'
import { isVerdict, mismatchVerdict, timestampVerdict, validVerdict } from './verdicts'

export interface PresentedSignatures {
  /** Encoded signatures as sent, scheme prefixes (v1=, sha256=, v0=) already removed. */
  signatures: string[]
  /** Unix seconds the sender signed, when the scheme has a timestamp. */
  timestampSec: number | null
  /** The exact bytes the sender signs for this body, using the id/timestamp it sent. */
  signedContent(body: Buffer): Buffer
}

export interface HmacLayout {
  id: SchemeId
  /** The header holding the signature (for messages and the explainer). */
  signatureHeader(hmac: HmacOptions | undefined): string
  algorithm(hmac: HmacOptions | undefined): HmacAlgorithm
  encoding(hmac: HmacOptions | undefined): SignatureEncoding
  /** Secret string -> HMAC key bytes; throws E_INVALID_INPUT for an unusable secret. */
  keyFor(secret: string): Buffer
  /** The signatures a request presents, or a verdict saying which header is missing/malformed. */
  parse(headers: HeaderPairs, hmac: HmacOptions | undefined): PresentedSignatures | Verdict
}

/** True when any presented signature equals the HMAC of the content under any key. Signatures count
 *  only in canonical text form (lowercase hex, padded standard base64), as the providers' own
 *  verifiers compare text; `lenient` also reads other spellings, for the explainer only. */
export function anySignatureMatches(
  algorithm: HmacAlgorithm,
  encoding: SignatureEncoding,
  keys: Buffer[],
  signatures: string[],
  content: Buffer,
  lenient = false,
): boolean {
  const decode = lenient ? decodeLenient : decodeStrict
  const presented = signatures.map((s) => decode(s, encoding)).filter((b): b is Buffer => b !== null)
  let matched = false
  for (const key of keys) {
    const expected = hmacDigest(algorithm, key, content)
    // No early exit: every candidate is compared, so timing does not reveal which one matched.
    for (const candidate of presented) if (sameBytes(candidate, expected)) matched = true
  }
  return matched
}

/** Signature first, then freshness: a stale verdict therefore means the signature itself matched. */
export function verifyWithLayout(
  layout: HmacLayout,
  config: VerifyConfig,
  headers: HeaderPairs,
  body: Buffer,
  nowMs: number,
): Verdict {
  const keys = requireSecrets(config.secrets).map((s) => layout.keyFor(s))
  const presented = layout.parse(headers, config.hmac)
  if (isVerdict(presented)) return presented
  const algorithm = layout.algorithm(config.hmac)
  const encoding = layout.encoding(config.hmac)
  const content = presented.signedContent(body)
  // The first secret is the current one; the rest are being rotated out. Both sides are always computed.
  const current = anySignatureMatches(algorithm, encoding, keys.slice(0, 1), presented.signatures, content)
  const previous = keys.length > 1 && anySignatureMatches(algorithm, encoding, keys.slice(1), presented.signatures, content)
  if (!current && !previous) return mismatchVerdict(layout.id)
  if (presented.timestampSec !== null) {
    const stale = timestampVerdict(layout.id, presented.timestampSec, nowMs, config.toleranceSec)
    if (stale) return stale
  }
  return validVerdict(layout.id, !current)
}
