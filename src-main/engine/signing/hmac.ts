// Generic HMAC for home-grown senders: a configurable header holding prefix + digest of the raw
// body (sha1/sha256/sha512, hex/base64), key = secret's UTF-8. Defaults: X-Signature, sha256, hex,
// no prefix. No id or timestamp header. One signature slot: rotation signs with the new secret only.
import type { HmacLayout, PresentedSignatures } from './layout'
import { verifyWithLayout } from './layout'
import { encodeDigest, headerValue, hmacDigest, randomHex } from './primitives'
import type { HmacOptions, SigningScheme, Verdict } from './types'
import { malformedVerdict, missingHeaderVerdict } from './verdicts'

export const DEFAULT_HMAC_OPTIONS: HmacOptions = { header: 'X-Signature', algorithm: 'sha256', encoding: 'hex', prefix: '' }

export function hmacOptions(options: Partial<HmacOptions> | undefined): HmacOptions {
  return {
    header: options?.header || DEFAULT_HMAC_OPTIONS.header,
    algorithm: options?.algorithm ?? DEFAULT_HMAC_OPTIONS.algorithm,
    encoding: options?.encoding ?? DEFAULT_HMAC_OPTIONS.encoding,
    prefix: options?.prefix ?? DEFAULT_HMAC_OPTIONS.prefix,
  }
}

export const hmacLayout: HmacLayout = {
  id: 'hmac',
  signatureHeader: (options) => hmacOptions(options).header,
  algorithm: (options) => hmacOptions(options).algorithm,
  encoding: (options) => hmacOptions(options).encoding,
  keyFor: (secret) => Buffer.from(secret, 'utf8'),
  parse(headers, options): PresentedSignatures | Verdict {
    const { header, prefix } = hmacOptions(options)
    const value = headerValue(headers, header)
    if (value === undefined) return missingHeaderVerdict('hmac', header)
    if (!value.startsWith(prefix)) return malformedVerdict('hmac', header, `expected prefix "${prefix}"`)
    return { signatures: [value.slice(prefix.length).trim()], timestampSec: null, signedContent: (body) => body }
  },
}

export const hmacScheme: SigningScheme = {
  id: 'hmac',
  idHeader: null,
  sign(config, input) {
    const { header, algorithm, encoding, prefix } = hmacOptions(config.hmac)
    const digest = hmacDigest(algorithm, Buffer.from(config.secret, 'utf8'), input.body)
    return [[header, prefix + encodeDigest(digest, encoding)]]
  },
  verify: (config, headers, body, nowMs) => verifyWithLayout(hmacLayout, config, headers, body, nowMs),
  generateSecret: () => randomHex(32),
}
