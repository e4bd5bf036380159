// A receiver rotating its secret keeps [new, previous]: a request signed with the previous one only
// verifies, and says so (the sender has not switched yet); one signed with the new one, or both (a
// sender mid-rotation), is plainly valid; neither is a mismatch. For every scheme, HMAC and ed25519.
import { describe, expect, it } from 'vitest'
import { generateSecret, generateStandardKeyPair, signRequest, verifyRequest } from '../../../src-main/engine/signing/registry'
import type { SchemeId } from '../../../src-main/engine/signing/types'
import { NOW_MS, NOW_SEC } from './helpers'

const body = Buffer.from('{"type":"invoice.paid"}')
const input = { id: 'msg_rot', timestamp: NOW_SEC, body }
const SCHEMES: SchemeId[] = ['standard', 'stripe', 'github', 'shopify', 'slack']

describe.each(SCHEMES)('%s with [new, previous] secrets', (scheme) => {
  const fresh = generateSecret(scheme)
  const old = generateSecret(scheme)
  const verdict = (secret: string, previousSecret?: string) =>
    verifyRequest({ scheme, secrets: [fresh, old] }, signRequest({ scheme, secret, previousSecret }, input), body, NOW_MS)

  it('signed with the previous secret only: valid, and says which', () => {
    expect(verdict(old)).toMatchObject({ valid: true, reason: 'valid with the previous secret' })
  })
  it('signed with the new secret: valid', () => {
    expect(verdict(fresh)).toMatchObject({ valid: true, reason: 'valid' })
  })
  it('signed with another secret: a mismatch', () => {
    expect(verdict(generateSecret(scheme))).toMatchObject({ valid: false, reason: 'signature mismatch' })
  })
})

it('a sender mid-rotation signs with both (standard, stripe): plainly valid', () => {
  for (const scheme of ['standard', 'stripe'] as const) {
    const [fresh, old] = [generateSecret(scheme), generateSecret(scheme)]
    const headers = signRequest({ scheme, secret: fresh, previousSecret: old }, input)
    expect(verifyRequest({ scheme, secrets: [fresh, old] }, headers, body, NOW_MS).reason).toBe('valid')
  }
})

it('standard with ed25519 keys: the previous public key only says so too', () => {
  const [fresh, old] = [generateStandardKeyPair(), generateStandardKeyPair()]
  const headers = signRequest({ scheme: 'standard', secret: old.secretKey }, input)
  expect(verifyRequest({ scheme: 'standard', secrets: [fresh.publicKey, old.publicKey] }, headers, body, NOW_MS)).toMatchObject({
    valid: true,
    reason: 'valid with the previous secret',
  })
  expect(verifyRequest({ scheme: 'standard', secrets: [old.publicKey] }, headers, body, NOW_MS).reason).toBe('valid')
})
