// The receiver's use of the signing registry: a verdict that says why, plus the explainer's
// sentence when it fails, and the delivery id used to mark duplicates.
import { isAsymmetricKey } from '../signing/ed25519'
import { explainFailure } from '../signing/explain'
import { extractDeliveryId, verifyRequest } from '../signing/registry'
import type { HeaderPairs, VerifyConfig } from '../signing/types'
import type { CaptureVerdict, VerificationSettings } from './types'

export function verifyCapture(settings: VerificationSettings, headers: HeaderPairs, body: Buffer, nowMs: number): CaptureVerdict {
  const config: VerifyConfig = {
    scheme: settings.scheme,
    secrets: settings.secrets,
    toleranceSec: settings.toleranceSec,
    hmac: settings.hmac,
  }
  if (settings.secrets.length === 0)
    return { scheme: settings.scheme, valid: false, reason: 'no secret configured for this inbox', explanation: null }
  try {
    const verdict = verifyRequest(config, headers, body, nowMs)
    if (verdict.valid) return { scheme: verdict.scheme, valid: true, reason: verdict.reason, explanation: null }
    let explanation: string | null = null
    try {
      explanation = explainFailure(config, headers, body, nowMs)
    } catch {
      explanation = null // the explainer is best effort; the verdict stands on its own
    }
    return { scheme: verdict.scheme, valid: false, reason: verdict.reason, explanation }
  } catch (err) {
    return { scheme: settings.scheme, valid: false, reason: err instanceof Error ? err.message : String(err), explanation: null }
  }
}

/** "source:id" for duplicate detection, or null when the request carries no delivery id. */
export function deliveryKey(headers: HeaderPairs, body: Buffer): string | null {
  try {
    const found = extractDeliveryId(headers, body)
    return found ? `${found.source}:${found.id}` : null
  } catch {
    return null
  }
}

/**
 * The secret to re-sign a capture with, from its inbox's verification under `scheme`: the newest one that
 * can sign (a whpk_ public key only verifies), or undefined when there is none.
 */
export function resigningSecret(settings: VerificationSettings | null, scheme: string): string | undefined {
  return settings?.scheme === scheme ? settings.secrets.find((s) => !isAsymmetricKey(s)) : undefined
}
