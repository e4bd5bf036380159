// Slack: X-Slack-Signature "v0=<hex HMAC-SHA256>" over `v0:<timestamp>:<body>`, with the
// timestamp in X-Slack-Request-Timestamp (unix s, tolerance applies). Key = signing secret's UTF-8.
// Slack sends no delivery id header. One signature slot: rotation signs with the new secret only.
import type { HmacLayout, PresentedSignatures } from './layout'
import { verifyWithLayout } from './layout'
import { encodeDigest, headerValue, hmacDigest, randomHex } from './primitives'
import type { SigningScheme, Verdict } from './types'
import { malformedVerdict, missingHeaderVerdict, parseTimestamp } from './verdicts'

const HEADER = 'X-Slack-Signature'
const TIMESTAMP = 'X-Slack-Request-Timestamp'
const PREFIX = 'v0='

function content(timestamp: number | string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`v0:${timestamp}:`, 'utf8'), body])
}

export const slackLayout: HmacLayout = {
  id: 'slack',
  signatureHeader: () => HEADER,
  algorithm: () => 'sha256',
  encoding: () => 'hex',
  keyFor: (secret) => Buffer.from(secret, 'utf8'),
  parse(headers): PresentedSignatures | Verdict {
    const value = headerValue(headers, HEADER)
    if (value === undefined) return missingHeaderVerdict('slack', HEADER)
    const timestamp = headerValue(headers, TIMESTAMP)
    if (timestamp === undefined) return missingHeaderVerdict('slack', TIMESTAMP)
    const timestampSec = parseTimestamp(timestamp)
    if (timestampSec === null) return malformedVerdict('slack', TIMESTAMP, 'expected unix seconds')
    if (!value.startsWith(PREFIX)) return malformedVerdict('slack', HEADER, 'expected "v0=<hex>"')
    return {
      signatures: [value.slice(PREFIX.length)],
      timestampSec,
      signedContent: (body) => content(timestampSec, body),
    }
  },
}

export const slackScheme: SigningScheme = {
  id: 'slack',
  idHeader: null,
  sign(config, input) {
    const digest = hmacDigest('sha256', Buffer.from(config.secret, 'utf8'), content(input.timestamp, input.body))
    return [
      [TIMESTAMP, String(input.timestamp)],
      [HEADER, PREFIX + encodeDigest(digest, 'hex')],
    ]
  },
  verify: (config, headers, body, nowMs) => verifyWithLayout(slackLayout, config, headers, body, nowMs),
  generateSecret: () => randomHex(16),
}
