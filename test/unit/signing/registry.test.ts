import { describe, expect, it } from 'vitest'
import {
  extractDeliveryId,
  generateSecret,
  getScheme,
  idHeaderFor,
  signRequest,
  verifyRequest,
} from '../../../src-main/engine/signing/registry'
import { SCHEME_IDS } from '../../../src-main/engine/signing/types'
import { NOW_MS, NOW_SEC } from './helpers'

describe('signing registry', () => {
  it('an unknown scheme is E_UNKNOWN_SCHEME listing the known ids', () => {
    expect(() => getScheme('paypal')).toThrow(expect.objectContaining({ code: 'E_UNKNOWN_SCHEME' }))
    expect(() => getScheme('paypal')).toThrow(/standard, stripe, github, shopify, slack, hmac/)
  })

  it.each(SCHEME_IDS)('%s: a generated secret signs and verifies a round trip', (scheme) => {
    const secret = generateSecret(scheme)
    const body = Buffer.from('{"hello":"world"}')
    const headers = signRequest({ scheme, secret }, { id: 'msg_rt', timestamp: NOW_SEC, body })
    expect(verifyRequest({ scheme, secrets: [secret] }, headers, body, NOW_MS)).toEqual({ scheme, valid: true, reason: 'valid' })
    expect(verifyRequest({ scheme, secrets: [generateSecret(scheme)] }, headers, body, NOW_MS).reason).toBe('signature mismatch')
    const idHeader = idHeaderFor(scheme)
    if (idHeader) expect(headers.find(([k]) => k === idHeader)?.[1]).toBe('msg_rt')
  })

  it('an empty secret is refused when signing and verifying', () => {
    expect(() => signRequest({ scheme: 'github', secret: '' }, { id: 'm', timestamp: NOW_SEC, body: Buffer.alloc(0) })).toThrow(
      expect.objectContaining({ code: 'E_INVALID_INPUT' }),
    )
    expect(() => verifyRequest({ scheme: 'github', secrets: [] }, [], Buffer.alloc(0), NOW_MS)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_INPUT' }),
    )
  })

  it('knows each scheme’s id header', () => {
    expect(idHeaderFor('standard')).toBe('webhook-id')
    expect(idHeaderFor('github')).toBe('X-GitHub-Delivery')
    expect(idHeaderFor('shopify')).toBe('X-Shopify-Webhook-Id')
    expect(idHeaderFor('stripe')).toBeNull()
  })

  it('extracts the delivery id from any scheme’s header, or Stripe’s event id from the body', () => {
    const none = Buffer.alloc(0)
    expect(extractDeliveryId([['Webhook-Id', 'msg_1']], none)).toEqual({ source: 'webhook-id', id: 'msg_1' })
    expect(extractDeliveryId([['x-github-delivery', 'abc-123']], none)).toEqual({ source: 'X-GitHub-Delivery', id: 'abc-123' })
    expect(extractDeliveryId([['X-Shopify-Webhook-Id', 'sh_1']], none)).toEqual({ source: 'X-Shopify-Webhook-Id', id: 'sh_1' })
    expect(extractDeliveryId([['svix-id', 'msg_s']], none)).toEqual({ source: 'svix-id', id: 'msg_s' })
    const event = Buffer.from('{"id":"evt_9","object":"event"}')
    expect(extractDeliveryId([['Stripe-Signature', 't=1,v1=00']], event)).toEqual({ source: 'stripe-event-id', id: 'evt_9' })
    expect(extractDeliveryId([], event)).toBeNull()
    expect(extractDeliveryId([['Stripe-Signature', 't=1,v1=00']], Buffer.from('not json'))).toBeNull()
  })
})
