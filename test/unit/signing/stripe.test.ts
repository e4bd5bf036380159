import { afterEach, describe, expect, it, vi } from 'vitest'
import Stripe from 'stripe'
import { generateSecret, signRequest, verifyRequest } from '../../../src-main/engine/signing/registry'
import type { HeaderPairs } from '../../../src-main/engine/signing/types'
import { NOW_MS, NOW_SEC, toRecord } from './helpers'

const stripe = new Stripe('sk_test_hooklab')
const secret = 'whsec_test_3bXkQ2vP9sLmN4rT'
const body = Buffer.from('{"id":"evt_1Q2w3E","object":"event","type":"charge.succeeded"}')
const verify = (headers: HeaderPairs, b: Buffer = body, secrets = [secret], nowMs = NOW_MS) =>
  verifyRequest({ scheme: 'stripe', secrets }, headers, b, nowMs)

afterEach(() => vi.useRealTimers())

describe('stripe scheme', () => {
  it('produces the header stripe.webhooks.generateTestHeaderString produces', () => {
    const theirs = stripe.webhooks.generateTestHeaderString({ payload: body.toString(), secret, timestamp: NOW_SEC })
    const ours = signRequest({ scheme: 'stripe', secret }, { id: 'msg_1', timestamp: NOW_SEC, body })
    expect(ours).toEqual([['Stripe-Signature', theirs]])
  })

  it('constructEvent accepts our signature and rejects it after tampering or when stale', () => {
    vi.useFakeTimers({ now: NOW_MS, toFake: ['Date'] })
    const header = toRecord(signRequest({ scheme: 'stripe', secret }, { id: 'msg_2', timestamp: NOW_SEC, body }))['stripe-signature'] ?? ''
    expect(stripe.webhooks.constructEvent(body, header, secret).id).toBe('evt_1Q2w3E')
    expect(() => stripe.webhooks.constructEvent(body.toString().replace('succeeded', 'failed'), header, secret)).toThrow(
      /No signatures found matching/,
    )
    vi.setSystemTime(NOW_MS + 400_000)
    expect(() => stripe.webhooks.constructEvent(body, header, secret)).toThrow(/outside the tolerance/)
  })

  it('verifies what Stripe signs, with the whsec_ string used as-is as the key', () => {
    const header = stripe.webhooks.generateTestHeaderString({ payload: body.toString(), secret, timestamp: NOW_SEC })
    expect(verify([['stripe-signature', header]])).toEqual({ scheme: 'stripe', valid: true, reason: 'valid' })
    expect(verify([['Stripe-Signature', header]], Buffer.from(body.toString() + '\n')).reason).toBe('signature mismatch')
    expect(verify([['Stripe-Signature', header]], body, [secret], NOW_MS + 412_000).reason).toBe('timestamp 412 s old')
    expect(verify([['Stripe-Signature', header]], body, [secret], NOW_MS - 390_000).reason).toBe('timestamp 390 s in the future')
    expect(verify([['Stripe-Signature', header]], body, ['whsec_wrong']).reason).toBe('signature mismatch')
  })

  it('accepts any of several v1 entries (rotation) and says what is wrong with a bad header', () => {
    const header = signRequest({ scheme: 'stripe', secret: 'whsec_new', previousSecret: secret }, { id: 'm', timestamp: NOW_SEC, body })
    const value = toRecord(header)['stripe-signature'] ?? ''
    expect(value.match(/v1=/g)).toHaveLength(2)
    expect(verify(header).valid).toBe(true)
    expect(verify(header, body, ['whsec_new']).valid).toBe(true)
    vi.useFakeTimers({ now: NOW_MS, toFake: ['Date'] })
    expect(stripe.webhooks.constructEvent(body, value, secret).type).toBe('charge.succeeded')

    expect(verify([])).toMatchObject({ reason: 'header Stripe-Signature missing', code: 'E_SIGNATURE_MISSING' })
    expect(verify([['Stripe-Signature', 'garbage']]).reason).toBe('malformed Stripe-Signature header: expected "t=<ts>,v1=<hex>"')
    expect(verify([['Stripe-Signature', 'v1=abcd']]).reason).toBe('malformed Stripe-Signature header: no valid t= timestamp')
    expect(verify([['Stripe-Signature', `t=${NOW_SEC},v0=abcd`]]).reason).toBe('no v1 signature in Stripe-Signature header')
  })

  it('generates whsec_ secrets', () => {
    expect(generateSecret('stripe')).toMatch(/^whsec_[A-Za-z0-9]{32}$/)
  })
})
