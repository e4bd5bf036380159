import { createHmac } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import Stripe from 'stripe'
import { explainFailure } from '../../../src-main/engine/signing/explain'
import { signRequest } from '../../../src-main/engine/signing/registry'
import type { HeaderPairs, VerifyConfig } from '../../../src-main/engine/signing/types'
import { NOW_MS, NOW_SEC } from './helpers'

const stdSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const stdKey = Buffer.from(stdSecret.slice(6), 'base64')
const body = Buffer.from('{"type":"user.created","data":{"id":7,"name":"Ada"}}')
const standard: VerifyConfig = { scheme: 'standard', secrets: [stdSecret] }

function standardHeaders(signature: string, id = 'msg_1', ts = NOW_SEC): HeaderPairs {
  return [['webhook-id', id], ['webhook-timestamp', String(ts)], ['webhook-signature', signature]]
}
const stdContent = (b: Buffer) => Buffer.concat([Buffer.from(`msg_1.${NOW_SEC}.`), b])

describe('explainFailure', () => {
  it('says nothing when the request is valid', () => {
    const headers = signRequest({ scheme: 'standard', secret: stdSecret }, { id: 'msg_1', timestamp: NOW_SEC, body })
    expect(explainFailure(standard, headers, body, NOW_MS)).toBeNull()
  })

  it('a body signed before it was compressed: the signature matches the decoded body, not the gzip bytes', () => {
    const headers = signRequest({ scheme: 'github', secret: 'gh secret' }, { id: 'msg_1', timestamp: NOW_SEC, body })
    const wire = gzipSync(body)
    expect(explainFailure({ scheme: 'github', secrets: ['gh secret'] }, [...headers, ['Content-Encoding', 'gzip']], wire, NOW_MS)).toBe(
      'The signature matches the body decoded from its Content-Encoding (gzip), not the bytes on the wire: a receiver that inflates the body before verifying passes it, one that verifies the raw bytes does not.',
    )
  })

  it('hex where base64 is expected, and base64 where hex is expected', () => {
    const hex = createHmac('sha256', stdKey).update(stdContent(body)).digest('hex')
    expect(explainFailure(standard, standardHeaders(`v1,${hex}`), body, NOW_MS)).toBe(
      'The signature is hex where standard expects base64: the sender encoded the right HMAC the wrong way.',
    )
    const gh = createHmac('sha256', 'gh secret').update(body).digest('base64')
    expect(explainFailure({ scheme: 'github', secrets: ['gh secret'] }, [['X-Hub-Signature-256', `sha256=${gh}`]], body, NOW_MS)).toMatch(
      /^The signature is base64 where github expects hex/,
    )
  })

  it('whsec_ used as raw text instead of base64-decoded (standard)', () => {
    const raw = createHmac('sha256', stdSecret).update(stdContent(body)).digest('base64')
    expect(explainFailure(standard, standardHeaders(`v1,${raw}`), body, NOW_MS)).toBe(
      'The sender used the whsec_ secret as raw text instead of base64-decoding the part after whsec_, as Standard Webhooks requires.',
    )
  })

  it('a Stripe secret with its whsec_ prefix on one side only', () => {
    const config = (secret: string): VerifyConfig => ({ scheme: 'stripe', secrets: [secret] })
    const signed = (key: string) => [['Stripe-Signature', `t=${NOW_SEC},v1=${createHmac('sha256', key).update(`${NOW_SEC}.`).update(body).digest('hex')}`]] as HeaderPairs
    // Pasted whole here; the sender's copy lost its prefix.
    expect(explainFailure(config('whsec_abc123'), signed('abc123'), body, NOW_MS)).toBe(
      'The sender signed with this secret without its whsec_ prefix; stripe uses the whole string, whsec_ included, as the key: give the sender the whole secret.',
    )
    // Pasted here without the prefix; the sender has it whole.
    expect(explainFailure(config('abc123'), signed('whsec_abc123'), body, NOW_MS)).toBe(
      'The sender signed with whsec_ in front of this secret; stripe uses the whole string as the key: paste the secret here whole, whsec_ included.',
    )
    // Another secret altogether is not explained as a prefix slip.
    expect(explainFailure(config('abc123'), signed('whsec_other'), body, NOW_MS)).toBeNull()
  })

  it('whsec_ base64-decoded where Stripe uses the string as-is', () => {
    const secret = 'whsec_' + Buffer.from('twenty-four random bytes').toString('base64')
    const wrong = createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update(`${NOW_SEC}.`).update(body).digest('hex')
    const config: VerifyConfig = { scheme: 'stripe', secrets: [secret] }
    expect(explainFailure(config, [['Stripe-Signature', `t=${NOW_SEC},v1=${wrong}`]], body, NOW_MS)).toBe(
      'The sender base64-decoded the part after whsec_ (the Standard Webhooks way), but stripe uses the whole whsec_ string as the key, as-is.',
    )
  })

  it('body re-serialized as JSON (compact and pretty) instead of the raw bytes', () => {
    const pretty = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 2))
    // Signed compact, received pretty-printed (a proxy reformatted it).
    const headers = signRequest({ scheme: 'standard', secret: stdSecret }, { id: 'msg_1', timestamp: NOW_SEC, body })
    expect(explainFailure(standard, headers, pretty, NOW_MS)).toBe(
      'The signature matches the body re-serialized as compact JSON, not these exact bytes: sign and verify the raw bytes, never a transformed body.',
    )
    // Signed pretty, received compact.
    const prettySigned = signRequest({ scheme: 'standard', secret: stdSecret }, { id: 'msg_1', timestamp: NOW_SEC, body: pretty })
    expect(explainFailure(standard, prettySigned, body, NOW_MS)).toMatch(/re-serialized as pretty-printed JSON \(2-space indent\)/)
  })

  it('CRLF vs LF line endings', () => {
    const lf = Buffer.from('line one\nline two\n')
    const crlf = Buffer.from('line one\r\nline two\r\n')
    const config: VerifyConfig = { scheme: 'hmac', secrets: ['s3cret'] }
    const signedLf = signRequest({ scheme: 'hmac', secret: 's3cret' }, { id: 'm', timestamp: NOW_SEC, body: lf })
    expect(explainFailure(config, signedLf, crlf, NOW_MS)).toMatch(/^The signature matches the body with LF line endings \(these bytes have CRLF\)/)
    const signedCrlf = signRequest({ scheme: 'hmac', secret: 's3cret' }, { id: 'm', timestamp: NOW_SEC, body: crlf })
    expect(explainFailure(config, signedCrlf, lf, NOW_MS)).toMatch(/with CRLF line endings \(these bytes have LF\)/)
  })

  it('an expired timestamp that would otherwise match', () => {
    const headers = signRequest({ scheme: 'standard', secret: stdSecret }, { id: 'msg_1', timestamp: NOW_SEC, body })
    expect(explainFailure(standard, headers, body, NOW_MS + 412_000)).toBe(
      'The signature matches, but the timestamp is 412 s old (tolerance 300 s): the request was delayed or replayed, or a clock is off.',
    )
    expect(explainFailure({ ...standard, toleranceSec: 60 }, headers, body, NOW_MS - 90_000)).toMatch(/timestamp is 90 s in the future \(tolerance 60 s\)/)
  })

  it('another scheme’s format: says so, and whether it verifies under that scheme with this secret', () => {
    const stripe = new Stripe('sk_test_hooklab')
    const header = stripe.webhooks.generateTestHeaderString({ payload: body.toString(), secret: stdSecret, timestamp: NOW_SEC })
    expect(explainFailure(standard, [['Stripe-Signature', header]], body, NOW_MS)).toBe(
      'This request is signed in the stripe format (Stripe-Signature header), not standard, and it verifies as stripe with this secret: choose scheme stripe.',
    )
    expect(explainFailure({ scheme: 'standard', secrets: ['whsec_' + Buffer.from('another 24-byte secret!!').toString('base64')] }, [['Stripe-Signature', header]], body, NOW_MS)).toBe(
      'This request is signed in the stripe format (Stripe-Signature header), not standard; it does not verify as stripe with this secret either.',
    )
    const gh = signRequest({ scheme: 'github', secret: 'abc' }, { id: 'm', timestamp: NOW_SEC, body })
    expect(explainFailure({ scheme: 'shopify', secrets: ['abc'] }, gh, body, NOW_MS)).toMatch(/signed in the github format .* verifies as github/)
  })

  it('returns null when no known mistake reproduces the signature', () => {
    const headers = signRequest({ scheme: 'standard', secret: stdSecret }, { id: 'msg_1', timestamp: NOW_SEC, body })
    expect(explainFailure(standard, headers, Buffer.from('{"type":"user.deleted"}'), NOW_MS)).toBeNull()
    expect(explainFailure(standard, [], body, NOW_MS)).toBeNull()
  })
})
