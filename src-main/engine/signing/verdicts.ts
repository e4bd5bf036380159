// Verdicts say why, in the words the UI, the CLI and the export all show.
import type { SchemeId, Verdict } from './types'

export const DEFAULT_TOLERANCE_SEC = 300

/** `previousOnly`: only a secret after the first (the one being rotated out) matched — the sender has not switched yet. */
export function validVerdict(scheme: SchemeId, previousOnly = false): Verdict {
  return { scheme, valid: true, reason: previousOnly ? 'valid with the previous secret' : 'valid' }
}

export function mismatchVerdict(scheme: SchemeId): Verdict {
  return { scheme, valid: false, reason: 'signature mismatch', code: 'E_SIGNATURE_MISMATCH' }
}

export function missingHeaderVerdict(scheme: SchemeId, header: string): Verdict {
  return { scheme, valid: false, reason: `header ${header} missing`, code: 'E_SIGNATURE_MISSING' }
}

export function malformedVerdict(scheme: SchemeId, header: string, detail?: string): Verdict {
  const reason = `malformed ${header} header${detail ? `: ${detail}` : ''}`
  return { scheme, valid: false, reason, code: 'E_INVALID_INPUT' }
}

export function isVerdict(value: object): value is Verdict {
  return 'reason' in value && 'valid' in value
}

/** Unix seconds as sent in a header: digits only, so "12abc" or "1.5" is malformed, not truncated. */
export function parseTimestamp(text: string): number | null {
  return /^\d{1,12}$/.test(text.trim()) ? Number(text.trim()) : null
}

/** null when the timestamp is within tolerance either way; otherwise how far off it is. */
export function timestampVerdict(
  scheme: SchemeId,
  timestampSec: number,
  nowMs: number,
  toleranceSec: number = DEFAULT_TOLERANCE_SEC,
): Verdict | null {
  const age = Math.floor(nowMs / 1000) - timestampSec
  if (age > toleranceSec)
    return { scheme, valid: false, reason: `timestamp ${age} s old`, code: 'E_TIMESTAMP_STALE' }
  if (-age > toleranceSec)
    return { scheme, valid: false, reason: `timestamp ${-age} s in the future`, code: 'E_TIMESTAMP_STALE' }
  return null
}
