// Checking a stored capture's signature after the fact: one caught before its inbox verified signatures
// (or imported, or checked with a secret since corrected). "Is my secret right?" is answered from the
// capture itself; a real provider will not resend on demand.
import { HooklabError } from '../errors'
import type { HeaderPairs } from '../signing/types'
import type { CaptureRepo } from './capture-repo'
import { toCaptureDetail } from './capture-view'
import type { CaptureDetail, VerificationSettings } from './types'
import { verifyCapture } from './verification'

/**
 * Verifies capture `id` with its inbox's settings as they are now (`settingsOf` its inbox's slug) and stores the verdict in place of
 * the one it had. "Now" is when it arrived, so a timestamp tolerance judges the request as it was sent,
 * not how old it is today. A capture whose body was not kept cannot be checked.
 */
export function reverifyCapture(captures: CaptureRepo, settingsOf: (inboxSlug: string) => VerificationSettings | null, id: string): CaptureDetail {
  const r = captures.get(id)
  if (!r) throw new HooklabError('E_NOT_FOUND', `no capture with id ${id}`)
  const settings = settingsOf(r.inbox_slug)
  if (!settings)
    throw new HooklabError('E_INVALID_INPUT', `Inbox "${r.inbox_slug}" does not verify signatures: set a scheme and secret in its settings first.`)
  if (r.oversize === 1)
    throw new HooklabError('E_INVALID_INPUT', 'Its body was not kept (over the size limit, or the receiver was busy): there is nothing to verify.')
  const headers = JSON.parse(r.headers_json) as HeaderPairs
  const v = verifyCapture(settings, headers, r.body ?? Buffer.alloc(0), r.received_at)
  const stored = { verify_scheme: v.scheme, verify_valid: v.valid ? 1 : 0, verify_reason: v.reason, verify_explanation: v.explanation }
  captures.setVerdict(id, stored)
  return toCaptureDetail({ ...r, ...stored })
}
