// Re-signing a capture with its inbox's own secret takes one that can sign: an inbox that verifies
// Standard Webhooks with a whpk_ public key (ed25519) has nothing to sign with, and says so.
import { expect, it } from 'vitest'
import { resigningSecret } from '../../../src-main/engine/receiver/verification'
import { generateStandardKeyPair } from '../../../src-main/engine/signing/registry'

it('takes the newest secret that can sign, never a public key, and none under another scheme', () => {
  const { publicKey } = generateStandardKeyPair()
  const hmac = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
  expect(resigningSecret({ scheme: 'standard', secrets: [publicKey, hmac], toleranceSec: 300 }, 'standard')).toBe(hmac)
  expect(resigningSecret({ scheme: 'standard', secrets: [publicKey], toleranceSec: 300 }, 'standard')).toBeUndefined()
  expect(resigningSecret({ scheme: 'standard', secrets: [hmac], toleranceSec: 300 }, 'stripe')).toBeUndefined()
  expect(resigningSecret(null, 'standard')).toBeUndefined()
})
