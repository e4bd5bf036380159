// The one entry point the delivery engine, the receiver and the CLI use: scheme ids -> schemes,
// sign/verify by config, fresh secrets, and the delivery id a request carries (for duplicates).
import { HooklabError } from '../errors'
import { generateKeyPair, isAsymmetricKey, privateKeyFrom, publicKeyFrom } from './ed25519'
import type { StandardKeyPair } from './ed25519'
import { githubLayout, githubScheme } from './github'
import { hmacLayout, hmacScheme } from './hmac'
import type { HmacLayout } from './layout'
import { headerValue } from './primitives'
import { shopifyLayout, shopifyScheme } from './shopify'
import { slackLayout, slackScheme } from './slack'
import { standardKey, standardLayout, standardScheme } from './standard'
import { stripeLayout, stripeScheme } from './stripe'
import { SCHEME_IDS } from './types'
import type { HeaderPairs, SchemeId, SignInput, SigningConfig, SigningScheme, Verdict, VerifyConfig } from './types'

const SCHEMES: Record<SchemeId, SigningScheme> = {
  standard: standardScheme,
  stripe: stripeScheme,
  github: githubScheme,
  shopify: shopifyScheme,
  slack: slackScheme,
  hmac: hmacScheme,
}

const LAYOUTS: Record<SchemeId, HmacLayout> = {
  standard: standardLayout,
  stripe: stripeLayout,
  github: githubLayout,
  shopify: shopifyLayout,
  slack: slackLayout,
  hmac: hmacLayout,
}

export function isSchemeId(id: string): id is SchemeId {
  return (SCHEME_IDS as readonly string[]).includes(id)
}

/** Throws E_UNKNOWN_SCHEME naming the known ids. */
export function getScheme(id: string): SigningScheme {
  if (!isSchemeId(id))
    throw new HooklabError('E_UNKNOWN_SCHEME', `unknown signing scheme "${id.slice(0, 40)}"; known: ${SCHEME_IDS.join(', ')}`)
  return SCHEMES[id]
}

/** The HMAC description of a scheme (for the explainer). */
export function layoutFor(id: SchemeId): HmacLayout {
  return LAYOUTS[id]
}

/** Headers to add to an outgoing request (id/timestamp headers included where the scheme has them). */
export function signRequest(config: SigningConfig, input: SignInput): HeaderPairs {
  const scheme = getScheme(config.scheme)
  if (!config.secret) throw new HooklabError('E_INVALID_INPUT', 'a signing secret is required')
  return scheme.sign(config, config.timestampOffsetSec ? { ...input, timestamp: input.timestamp - config.timestampOffsetSec } : input)
}

/** A verdict for a received request; throws E_INVALID_INPUT only for an unusable secret, never for a bad request. */
export function verifyRequest(config: VerifyConfig, headers: HeaderPairs, body: Buffer, nowMs: number): Verdict {
  return getScheme(config.scheme).verify(config, headers, body, nowMs)
}

export function generateSecret(scheme: string): string {
  return getScheme(scheme).generateSecret()
}

/** An ed25519 pair for standard's v1a: sign with secretKey (whsk_), verify with publicKey (whpk_). */
export function generateStandardKeyPair(): StandardKeyPair {
  return generateKeyPair()
}

/** Whether a previous secret signs alongside the new one during a rotation: only schemes whose header carries several signatures. */
export function rotatesSecrets(scheme: string): boolean {
  return isSchemeId(scheme) && SCHEMES[scheme].rotates === true
}

/** The header carrying the message id for this scheme, or null when it sends none. */
export function idHeaderFor(scheme: string): string | null {
  return getScheme(scheme).idHeader
}

/**
 * The provider's event header for a request signed with this scheme and carrying this event type
 * (X-GitHub-Event, X-Shopify-Topic), as a header layer: empty when the scheme has none or no event is set.
 * It goes under the request's own headers, so a header the user set keeps its value.
 */
export function eventHeaderLayer(scheme: string | null | undefined, eventType: string | null | undefined): HeaderPairs {
  if (!scheme || !eventType || !isSchemeId(scheme)) return []
  const h = SCHEMES[scheme].eventHeader
  if (!h) return []
  // Only a value a header can carry as it is (the providers' event names are plain ASCII): an event type
  // like "prix€" or one with a line break would make every attempt fail; it is then left out.
  const value = h.value(eventType)
  return /^[\x21-\x7e]+$/.test(value) ? [[h.name, value]] : []
}

const ID_HEADERS = ['webhook-id', 'X-GitHub-Delivery', 'X-Shopify-Webhook-Id', 'svix-id'] as const

/** Every header (lower case) extractDeliveryId reads: a request with none of them carries no id. */
export const DELIVERY_ID_HEADERS: ReadonlySet<string> = new Set([...ID_HEADERS, 'Stripe-Signature'].map((h) => h.toLowerCase()))

/** The delivery id a request carries, whatever scheme signed it; Stripe's lives in the JSON body. */
export function extractDeliveryId(headers: HeaderPairs, body: Buffer): { source: string; id: string } | null {
  for (const name of ID_HEADERS) {
    const value = headerValue(headers, name)?.trim()
    if (value) return { source: name, id: value }
  }
  if (headerValue(headers, 'Stripe-Signature') === undefined) return null
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'))
    if (parsed && typeof parsed === 'object' && 'id' in parsed && typeof parsed.id === 'string' && parsed.id)
      return { source: 'stripe-event-id', id: parsed.id }
  } catch {
    // Not JSON: no event id to read.
  }
  return null
}

/**
 * Refuses a secret that could never sign (or verify) under the scheme, when it is entered, instead of
 * at every send or as every capture's verdict: a whsec_ secret whose payload is not base64, a whsk_/whpk_
 * key that is not one, or any secret pasted with a space or line break at either end.
 */
export function checkSecret(scheme: string, secret: string, use: 'sign' | 'verify'): void {
  if (secret !== secret.trim()) throw new HooklabError('E_INVALID_INPUT', 'The secret starts or ends with a space or a line break (pasted along?): remove it.')
  if (scheme !== 'standard' || secret === '') return
  if (isAsymmetricKey(secret)) void (use === 'sign' ? privateKeyFrom(secret) : publicKeyFrom(secret))
  else standardKey(secret)
}
