import { describe, expect, it, vi, afterEach } from 'vitest'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import { Webhook as SvixWebhook } from 'svix'
import { generateSecret, generateStandardKeyPair, signRequest, verifyRequest } from '../../../src-main/engine/signing/registry'
import type { HeaderPairs } from '../../../src-main/engine/signing/types'
import { NOW_MS, NOW_SEC, toRecord, withHeader } from './helpers'

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const body = Buffer.from('{"type":"invoice.paid","data":{"amount":4200}}')
const verify = (headers: HeaderPairs, b: Buffer = body, secrets = [secret], nowMs = NOW_MS) =>
  verifyRequest({ scheme: 'standard', secrets }, headers, b, nowMs)

afterEach(() => vi.useRealTimers())

describe('standard scheme', () => {
  it('signs exactly as the standardwebhooks library does', () => {
    const ours = signRequest({ scheme: 'standard', secret }, { id: 'msg_1', timestamp: NOW_SEC, body })
    const theirs = new StandardWebhook(secret).sign('msg_1', new Date(NOW_MS), body)
    expect(toRecord(ours)).toEqual({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(NOW_SEC), 'webhook-signature': theirs })
  })

  it('is verified by standardwebhooks and svix, and verifies what they sign', () => {
    vi.useFakeTimers({ now: NOW_MS, toFake: ['Date'] })
    const ours = signRequest({ scheme: 'standard', secret }, { id: 'msg_2', timestamp: NOW_SEC, body })
    expect(new StandardWebhook(secret).verify(body, toRecord(ours))).toEqual(JSON.parse(body.toString()))
    expect(new SvixWebhook(secret).verify(body, toRecord(ours))).toEqual(JSON.parse(body.toString()))

    const svixSig = new SvixWebhook(secret).sign('msg_3', new Date(NOW_MS), body)
    const svixHeaders: HeaderPairs = [['svix-id', 'msg_3'], ['svix-timestamp', String(NOW_SEC)], ['svix-signature', svixSig]]
    expect(verify(svixHeaders).reason).toBe('valid')
    const swSig = new StandardWebhook(secret).sign('msg_4', new Date(NOW_MS), body)
    expect(verify([['Webhook-Id', 'msg_4'], ['Webhook-Timestamp', String(NOW_SEC)], ['Webhook-Signature', swSig]])).toEqual({
      scheme: 'standard',
      valid: true,
      reason: 'valid',
    })
  })

  it('rejects tampering, stale and future timestamps, missing headers, with the reason', () => {
    const headers = signRequest({ scheme: 'standard', secret }, { id: 'msg_5', timestamp: NOW_SEC, body })
    expect(verify(headers, Buffer.from(body.toString().replace('4200', '9999')))).toMatchObject({
      valid: false,
      reason: 'signature mismatch',
      code: 'E_SIGNATURE_MISMATCH',
    })
    expect(verify(withHeader(headers, 'webhook-id', 'msg_other')).reason).toBe('signature mismatch')
    expect(verify(headers, body, [secret], NOW_MS + 412_000)).toMatchObject({ reason: 'timestamp 412 s old', code: 'E_TIMESTAMP_STALE' })
    expect(verify(headers, body, [secret], NOW_MS - 90_000 - 300_000)).toMatchObject({ reason: 'timestamp 390 s in the future' })
    expect(verify(headers, body, [secret], NOW_MS + 299_000).valid).toBe(true)
    expect(verify(headers.filter(([k]) => k !== 'webhook-signature'))).toMatchObject({
      reason: 'header webhook-signature missing',
      code: 'E_SIGNATURE_MISSING',
    })
    expect(verify(withHeader(headers, 'webhook-timestamp', '12abc')).reason).toBe('malformed webhook-timestamp header: expected unix seconds')
    expect(verify(headers, body, ['whsec_' + Buffer.from('another key, 24 bytes!!!').toString('base64')]).reason).toBe('signature mismatch')
  })

  it('standardwebhooks rejects our signature over a tampered body or past its tolerance', () => {
    const headers = signRequest({ scheme: 'standard', secret }, { id: 'msg_6', timestamp: NOW_SEC, body })
    vi.useFakeTimers({ now: NOW_MS, toFake: ['Date'] })
    expect(() => new StandardWebhook(secret).verify(body.toString() + ' ', toRecord(headers))).toThrow(/No matching signature/)
    vi.setSystemTime(NOW_MS + 400_000)
    expect(() => new StandardWebhook(secret).verify(body, toRecord(headers))).toThrow(/too old/)
  })

  it('accepts a bare base64 secret as the same key as whsec_<base64>', () => {
    const headers = signRequest({ scheme: 'standard', secret }, { id: 'msg_7', timestamp: NOW_SEC, body })
    expect(verify(headers, body, [secret.slice('whsec_'.length)]).valid).toBe(true)
  })

  it('rotation: signs with both secrets, and either key alone verifies', () => {
    const next = generateSecret('standard')
    const headers = signRequest({ scheme: 'standard', secret: next, previousSecret: secret }, { id: 'msg_8', timestamp: NOW_SEC, body })
    const value = toRecord(headers)['webhook-signature'] ?? ''
    expect(value.split(' ')).toHaveLength(2)
    expect(verify(headers, body, [secret]).valid).toBe(true)
    expect(verify(headers, body, [next]).valid).toBe(true)
    vi.useFakeTimers({ now: NOW_MS, toFake: ['Date'] })
    expect(() => new StandardWebhook(secret).verify(body, toRecord(headers))).not.toThrow()
    expect(() => new StandardWebhook(next).verify(body, toRecord(headers))).not.toThrow()
  })

  it('v1a: ed25519 round trip with whsk_/whpk_, tamper rejected, mixed with v1', () => {
    const pair = generateStandardKeyPair()
    expect(pair.secretKey).toMatch(/^whsk_/)
    expect(pair.publicKey).toMatch(/^whpk_/)
    expect(Buffer.from(pair.publicKey.slice(5), 'base64')).toHaveLength(32)
    const headers = signRequest({ scheme: 'standard', secret: pair.secretKey }, { id: 'msg_9', timestamp: NOW_SEC, body })
    expect(toRecord(headers)['webhook-signature']).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/)
    expect(verify(headers, body, [pair.publicKey]).valid).toBe(true)
    expect(verify(headers, Buffer.concat([body, Buffer.from(' ')]), [pair.publicKey]).reason).toBe('signature mismatch')
    expect(verify(headers, body, [generateStandardKeyPair().publicKey]).reason).toBe('signature mismatch')
    // A 32-byte seed form of the same key signs identically (ed25519 is deterministic).
    const seedOnly = 'whsk_' + Buffer.from(pair.secretKey.slice(5), 'base64').subarray(0, 32).toString('base64')
    expect(signRequest({ scheme: 'standard', secret: seedOnly }, { id: 'msg_9', timestamp: NOW_SEC, body })).toEqual(headers)
    // Rotating from symmetric to asymmetric: both kinds in one header.
    const both = signRequest({ scheme: 'standard', secret: pair.secretKey, previousSecret: secret }, { id: 'msg_10', timestamp: NOW_SEC, body })
    expect(verify(both, body, [pair.publicKey]).valid).toBe(true)
    expect(verify(both, body, [secret]).valid).toBe(true)
  })

  it('a public key cannot sign, and an unusable secret is a typed error without the secret in it', () => {
    const pair = generateStandardKeyPair()
    expect(() => signRequest({ scheme: 'standard', secret: pair.publicKey }, { id: 'm', timestamp: NOW_SEC, body })).toThrow(
      expect.objectContaining({ code: 'E_INVALID_INPUT' }),
    )
    const bad = 'whsec_not*base64!'
    try {
      verify([], body, [bad])
      expect.unreachable()
    } catch (err) {
      expect(err).toMatchObject({ code: 'E_INVALID_INPUT' })
      expect(String((err as Error).message)).not.toContain('not*base64')
    }
  })

  it('generates whsec_ secrets holding 24 random bytes', () => {
    const a = generateSecret('standard')
    expect(a).toMatch(/^whsec_/)
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(24)
    expect(generateSecret('standard')).not.toBe(a)
  })

  it('signs raw bytes, so a non-UTF-8 body still verifies byte for byte', () => {
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0a])
    const headers = signRequest({ scheme: 'standard', secret }, { id: 'msg_bin', timestamp: NOW_SEC, body: binary })
    expect(verify(headers, binary).valid).toBe(true)
    expect(verify(headers, Buffer.from(binary.toString('utf8'))).valid).toBe(false)
  })
})
