// A captured body sent with Content-Encoding (gzip, deflate, br) is stored as received, byte for
// byte (signatures and "Copy as cURL" need those bytes); the detail view also gets it decoded, so
// a compressed JSON webhook reads as JSON instead of binary, and its event is read from it. Decoding is capped: a small body
// that inflates past the cap (a zip bomb) is reported, not expanded.
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib'
import type { HeaderPairs } from '../signing/types'

/** Most bytes a body is decoded to for display. */
export const DECODED_MAX_BYTES = 16 * 1024 * 1024

export interface DecodedBody {
  /** The Content-Encoding as sent, e.g. "gzip" or "gzip, br". */
  encoding: string
  /** The decoded bytes, or null when they could not be decoded (see error). */
  body: Buffer | null
  error: string | null
}

function decodeOne(coding: string, input: Buffer, max: number): Buffer {
  const opts = { maxOutputLength: max }
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(input, opts)
    case 'deflate':
      // RFC 9110 says zlib-wrapped; some senders send raw deflate.
      try {
        return inflateSync(input, opts)
      } catch {
        return inflateRawSync(input, opts)
      }
    case 'br':
      return brotliDecompressSync(input, opts)
    default:
      throw new Error(`unknown content coding "${coding}"`)
  }
}

/** Null when the body was sent without a content coding (or "identity", or empty). `max`: most bytes decoded. */
export function decodeContent(headers: HeaderPairs, body: Buffer, max = DECODED_MAX_BYTES): DecodedBody | null {
  const header = headers.find(([n]) => n.toLowerCase() === 'content-encoding')?.[1]?.trim()
  if (!header || body.length === 0) return null
  // Codings are listed in the order they were applied: undo them last first.
  const codings = header.toLowerCase().split(',').map((c) => c.trim()).filter((c) => c && c !== 'identity')
  if (codings.length === 0) return null
  try {
    let out = body
    for (const c of codings.reverse()) out = decodeOne(c, out, max)
    return { encoding: header, body: out, error: null }
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    const error = e.code === 'ERR_BUFFER_TOO_LARGE' ? `decodes to more than ${max / 1024 / 1024} MB` : e.message
    return { encoding: header, body: null, error }
  }
}
