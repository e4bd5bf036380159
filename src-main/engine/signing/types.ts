// The shared shape of every signing scheme. One file per scheme implements SigningScheme;
// registry.ts maps ids to schemes. Both the sender (sign) and the receiver (verify) use it.

export const SCHEME_IDS = ['standard', 'stripe', 'github', 'shopify', 'slack', 'hmac'] as const
export type SchemeId = (typeof SCHEME_IDS)[number]

/** Raw header pairs, order and case as sent or received. */
export type HeaderPairs = Array<[string, string]>

export interface HmacOptions {
  header: string
  algorithm: 'sha1' | 'sha256' | 'sha512'
  encoding: 'hex' | 'base64'
  prefix: string
}

export interface SigningConfig {
  scheme: SchemeId
  /** whsec_... for standard (base64 after the prefix), whsk_... for standard v1a (ed25519);
   *  for every other scheme the UTF-8 bytes of the string as given. */
  secret: string
  /** During a rotation overlap window the sender also signs with this one. */
  previousSecret?: string | undefined
  /** Only for scheme 'hmac'. */
  hmac?: HmacOptions | undefined
  /**
   * Signs as if the clock were this many seconds behind (positive) or ahead (negative): a receiver's
   * timestamp tolerance should refuse it. Schemes without a timestamp ignore it.
   */
  timestampOffsetSec?: number | undefined
}

export interface SignInput {
  /** Message id (webhook-id). */
  id: string
  /** Unix seconds. */
  timestamp: number
  body: Buffer
}

export interface VerifyConfig {
  scheme: SchemeId
  /** Secret, or for standard v1a the public key (whpk_...). Several may be given (rotation). */
  secrets: string[]
  /** Seconds; default 300. Only applies to schemes with a timestamp. */
  toleranceSec?: number | undefined
  hmac?: HmacOptions | undefined
}

export interface Verdict {
  scheme: SchemeId
  valid: boolean
  /** Always set: 'valid', 'signature mismatch', 'timestamp 412 s old', 'header webhook-signature missing' ... */
  reason: string
  code?: 'E_SIGNATURE_MISMATCH' | 'E_SIGNATURE_MISSING' | 'E_TIMESTAMP_STALE' | 'E_INVALID_INPUT'
}

export interface SigningScheme {
  id: SchemeId
  /** The header carrying the message/delivery id, or null when the scheme sends none. */
  idHeader: string | null
  /** Whether its header carries several signatures, so a previous secret signs alongside the new one during a rotation (Standard, Stripe). */
  rotates?: boolean
  /** The provider's own event header, filled from the event type (GitHub's X-GitHub-Event: its receivers route on it, and Octokit refuses a request without it). */
  eventHeader?: { name: string; value(eventType: string): string }
  /** Headers to add to the request (already including the id/timestamp headers the scheme uses). */
  sign(config: SigningConfig, input: SignInput): HeaderPairs
  verify(config: VerifyConfig, headers: HeaderPairs, body: Buffer, nowMs: number): Verdict
  /** Generates a fresh secret in the format users of this scheme expect. */
  generateSecret(): string
}
