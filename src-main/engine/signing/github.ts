// GitHub: X-Hub-Signature-256 "sha256=<hex HMAC-SHA256>" over the raw body, key = secret's UTF-8.
// Id header: X-GitHub-Delivery (GitHub sends a GUID there; we send the message id, stable across
// attempts). No timestamp, so no tolerance. GitHub has one signature slot: rotation signs with the new secret only.
import type { HmacLayout, PresentedSignatures } from './layout'
import { verifyWithLayout } from './layout'
import { encodeDigest, headerValue, hmacDigest, randomHex } from './primitives'
import type { SigningScheme, Verdict } from './types'
import { malformedVerdict, missingHeaderVerdict } from './verdicts'

const HEADER = 'X-Hub-Signature-256'
const ID_HEADER = 'X-GitHub-Delivery'
const PREFIX = 'sha256='

export const githubLayout: HmacLayout = {
  id: 'github',
  signatureHeader: () => HEADER,
  algorithm: () => 'sha256',
  encoding: () => 'hex',
  keyFor: (secret) => Buffer.from(secret, 'utf8'),
  parse(headers): PresentedSignatures | Verdict {
    const value = headerValue(headers, HEADER)
    if (value === undefined) return missingHeaderVerdict('github', HEADER)
    if (!value.startsWith(PREFIX)) return malformedVerdict('github', HEADER, 'expected "sha256=<hex>"')
    return { signatures: [value.slice(PREFIX.length)], timestampSec: null, signedContent: (body) => body }
  },
}

export const githubScheme: SigningScheme = {
  id: 'github',
  idHeader: ID_HEADER,
  // Our GitHub event types are "pull_request.opened" (event.action, as the Inbox names them); the header carries the event.
  eventHeader: { name: 'X-GitHub-Event', value: (eventType) => eventType.split('.')[0]! },
  sign(config, input) {
    const digest = hmacDigest('sha256', Buffer.from(config.secret, 'utf8'), input.body)
    return [
      [ID_HEADER, input.id],
      [HEADER, PREFIX + encodeDigest(digest, 'hex')],
    ]
  },
  verify: (config, headers, body, nowMs) => verifyWithLayout(githubLayout, config, headers, body, nowMs),
  generateSecret: () => randomHex(20),
}
