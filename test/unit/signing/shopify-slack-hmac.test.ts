import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signRequest, verifyRequest } from '../../../src-main/engine/signing/registry'
import type { HmacOptions } from '../../../src-main/engine/signing/types'
import { NOW_MS, NOW_SEC, toRecord } from './helpers'

const body = Buffer.from('{"id":820982911946154508,"email":"jon@example.com"}')

describe('shopify scheme (documented formula: base64 HMAC-SHA256 of the raw body)', () => {
  const secret = 'shpss_hooklab_secret'
  const expected = createHmac('sha256', secret).update(body).digest('base64')

  it('signs per the formula and sends the message id as X-Shopify-Webhook-Id', () => {
    expect(toRecord(signRequest({ scheme: 'shopify', secret }, { id: 'msg_1', timestamp: NOW_SEC, body }))).toEqual({
      'x-shopify-webhook-id': 'msg_1',
      'x-shopify-hmac-sha256': expected,
    })
  })

  it('verifies a hand-computed signature and rejects tampering', () => {
    const v = (b: Buffer, sig = expected) => verifyRequest({ scheme: 'shopify', secrets: [secret] }, [['X-Shopify-Hmac-SHA256', sig]], b, NOW_MS)
    expect(v(body).valid).toBe(true)
    expect(v(Buffer.from(body.toString().replace('jon', 'eve'))).reason).toBe('signature mismatch')
    expect(v(body, createHmac('sha256', secret).update(body).digest('hex')).reason).toBe('signature mismatch')
    expect(verifyRequest({ scheme: 'shopify', secrets: [secret] }, [], body, NOW_MS).reason).toBe('header X-Shopify-Hmac-Sha256 missing')
  })
})

describe('slack scheme (documented formula: v0= hex HMAC-SHA256 of "v0:ts:body")', () => {
  const secret = '8f742231b10e8888abcd99yyyzzz85a5'
  const expected = 'v0=' + createHmac('sha256', secret).update(`v0:${NOW_SEC}:${body.toString()}`).digest('hex')

  it('signs per the formula', () => {
    expect(toRecord(signRequest({ scheme: 'slack', secret }, { id: 'msg_1', timestamp: NOW_SEC, body }))).toEqual({
      'x-slack-request-timestamp': String(NOW_SEC),
      'x-slack-signature': expected,
    })
  })

  it('verifies a hand-computed signature; rejects tampering, stale timestamps and a missing timestamp', () => {
    const headers: Array<[string, string]> = [['X-Slack-Request-Timestamp', String(NOW_SEC)], ['X-Slack-Signature', expected]]
    const v = (b: Buffer, nowMs = NOW_MS, h = headers) => verifyRequest({ scheme: 'slack', secrets: [secret], toleranceSec: 60 }, h, b, nowMs)
    expect(v(body).valid).toBe(true)
    expect(v(Buffer.from(body.toString() + ' ')).reason).toBe('signature mismatch')
    expect(v(body, NOW_MS + 61_000)).toMatchObject({ reason: 'timestamp 61 s old', code: 'E_TIMESTAMP_STALE' })
    expect(v(body, NOW_MS, [headers[1] as [string, string]]).reason).toBe('header X-Slack-Request-Timestamp missing')
  })
})

describe('hmac scheme (configurable)', () => {
  const secret = 'plain secret'

  it('defaults to X-Signature, sha256, hex, no prefix', () => {
    const headers = signRequest({ scheme: 'hmac', secret }, { id: 'msg_1', timestamp: NOW_SEC, body })
    expect(headers).toEqual([['X-Signature', createHmac('sha256', secret).update(body).digest('hex')]])
    expect(verifyRequest({ scheme: 'hmac', secrets: [secret] }, headers, body, NOW_MS).valid).toBe(true)
  })

  it.each([
    { header: 'X-Hook-Sig', algorithm: 'sha1', encoding: 'base64', prefix: 'sha1=' },
    { header: 'X-Sig-512', algorithm: 'sha512', encoding: 'hex', prefix: '' },
    { header: 'Signature', algorithm: 'sha256', encoding: 'base64', prefix: 'hmac ' },
  ] satisfies HmacOptions[])('honours $algorithm/$encoding/$prefix in $header', (hmac) => {
    const headers = signRequest({ scheme: 'hmac', secret, hmac }, { id: 'm', timestamp: NOW_SEC, body })
    const digest = createHmac(hmac.algorithm, secret).update(body).digest(hmac.encoding)
    expect(headers).toEqual([[hmac.header, hmac.prefix + digest]])
    expect(verifyRequest({ scheme: 'hmac', secrets: [secret], hmac }, headers, body, NOW_MS).valid).toBe(true)
    expect(verifyRequest({ scheme: 'hmac', secrets: [secret], hmac }, headers, Buffer.from('x'), NOW_MS).reason).toBe('signature mismatch')
  })

  it('names a missing header and a missing prefix', () => {
    const hmac: HmacOptions = { header: 'X-Hook-Sig', algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=' }
    expect(verifyRequest({ scheme: 'hmac', secrets: [secret], hmac }, [], body, NOW_MS).reason).toBe('header X-Hook-Sig missing')
    expect(verifyRequest({ scheme: 'hmac', secrets: [secret], hmac }, [['x-hook-sig', 'abcd']], body, NOW_MS).reason).toBe(
      'malformed X-Hook-Sig header: expected prefix "sha256="',
    )
  })
})
