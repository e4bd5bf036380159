// The receiver's verdict agrees with the providers' own libraries on signatures they reject for
// their text form (uppercase hex, URL-safe or unpadded base64, "t=.., v1=.." in Stripe-Signature),
// and the explanation says precisely what is wrong.
import { createHmac, generateKeyPairSync, sign as edSign } from 'node:crypto'
import { verify as octokitVerify } from '@octokit/webhooks-methods'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import Stripe from 'stripe'
import { afterEach, describe, expect, it } from 'vitest'
import type { CaptureDetail } from '../../../src-main/engine/receiver'
import { startReceiver } from './helpers'
import type { Harness } from './helpers'

const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const STRIPE_SECRET = 'whsec_test_stripe_secret'
const GH_SECRET = "It's a Secret to Everybody"
const SHOPIFY_SECRET = 'shopify-secret'
const body = JSON.stringify({ id: 'evt_123', type: 'ping', data: { n: 1 } })
const stripe = new Stripe('sk_test_hooklab')

let h: Harness
afterEach(async () => {
  await h?.close()
})

async function post(path: string, headers: Record<string, string>): Promise<CaptureDetail> {
  const res = await fetch(`${h.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body })
  const { captureId } = (await res.json()) as { captureId: string }
  return h.receiver.getCapture(captureId)
}

async function setup(): Promise<void> {
  h = await startReceiver()
  const inboxes: Array<[string, 'standard' | 'stripe' | 'github' | 'shopify', string]> = [
    ['std', 'standard', WHSEC],
    ['stripe', 'stripe', STRIPE_SECRET],
    ['gh', 'github', GH_SECRET],
    ['shop', 'shopify', SHOPIFY_SECRET],
  ]
  for (const [slug, scheme, secret] of inboxes) {
    const view = h.receiver.inboxes.create({ slug })
    h.receiver.inboxes.update(view.id, { verification: { scheme, secret } })
  }
}

const toUrlSafe = (b64: string): string => b64.replace(/\+/g, '-').replace(/\//g, '_')

/** A base64 digest whose text has both + or / and padding, so each variant really differs. */
function standardSignature(): { id: string; ts: string; sig: string } {
  const ts = String(Math.floor(Date.now() / 1000))
  const key = Buffer.from(WHSEC.slice('whsec_'.length), 'base64')
  for (let i = 0; ; i++) {
    const id = `msg_strict_${i}`
    const sig = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64')
    if (/[+/]/.test(sig)) return { id, ts, sig }
  }
}

function standardLibrary(headers: Record<string, string>): boolean {
  try {
    new StandardWebhook(WHSEC).verify(body, headers)
    return true
  } catch {
    return false
  }
}

function stripeLibrary(header: string): boolean {
  try {
    stripe.webhooks.constructEvent(body, header, STRIPE_SECRET)
    return true
  } catch {
    return false
  }
}

describe('signature text form, as the providers compare it', () => {
  it('standard: unpadded or URL-safe base64 is rejected like standardwebhooks does, and explained', async () => {
    await setup()
    const { id, ts, sig } = standardSignature()
    const cases: Array<[string, string, RegExp | null]> = [
      ['canonical', sig, null],
      ['unpadded', sig.replace(/=+$/, ''), /read leniently: its = padding is missing/],
      ['urlsafe', toUrlSafe(sig), /read leniently: it uses the URL-safe base64 alphabet/],
    ]
    for (const [name, text, explanation] of cases) {
      const headers = { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': `v1,${text}` }
      const capture = await post('/in/std/', headers)
      expect(capture.verification?.valid, name).toBe(standardLibrary(headers))
      expect(capture.verification?.valid, name).toBe(explanation === null)
      if (explanation) {
        expect(capture.verification?.reason).toBe('signature mismatch')
        expect(capture.verification?.explanation).toMatch(explanation)
        expect(capture.verification?.explanation).toMatch(/Standard Webhooks.*real receiver rejects it/)
      }
    }
  })

  it('stripe: uppercase hex and a space after the comma are rejected like stripe-node; a trailing comma is fine', async () => {
    await setup()
    const ts = Math.floor(Date.now() / 1000)
    const sig = createHmac('sha256', STRIPE_SECRET).update(`${ts}.${body}`).digest('hex')
    const cases: Array<[string, string]> = [
      ['canonical', `t=${ts},v1=${sig}`],
      ['uppercase', `t=${ts},v1=${sig.toUpperCase()}`],
      ['space after comma', `t=${ts}, v1=${sig}`],
      ['trailing comma', `t=${ts},v1=${sig},`],
      ['extra item', `t=${ts},v1=${sig},garbage`],
    ]
    const verdicts: Record<string, CaptureDetail['verification']> = {}
    for (const [name, header] of cases) {
      const capture = await post('/in/stripe/', { 'Stripe-Signature': header })
      expect(capture.verification?.valid, name).toBe(stripeLibrary(header))
      verdicts[name] = capture.verification
    }
    expect(verdicts['canonical']?.valid).toBe(true)
    expect(verdicts['trailing comma']?.valid).toBe(true)
    expect(verdicts['extra item']?.valid).toBe(true)
    expect(verdicts['uppercase']).toMatchObject({ valid: false, reason: 'signature mismatch' })
    expect(verdicts['uppercase']?.explanation).toMatch(/read leniently: it is uppercase hex\. Stripe's own libraries compare the exact lowercase hex text/)
    expect(verdicts['space after comma']?.valid).toBe(false)
    expect(verdicts['space after comma']?.reason).toMatch(/^no v1 signature in Stripe-Signature header \(an item has a space after the comma/)
  })

  it('github: uppercase hex is rejected like @octokit/webhooks-methods does, and explained', async () => {
    await setup()
    const hex = createHmac('sha256', GH_SECRET).update(body).digest('hex')
    for (const [name, header] of [
      ['canonical', `sha256=${hex}`],
      ['uppercase', `sha256=${hex.toUpperCase()}`],
    ] as const) {
      const capture = await post('/in/gh/', { 'X-Hub-Signature-256': header })
      expect(capture.verification?.valid, name).toBe(await octokitVerify(GH_SECRET, body, header))
      if (name === 'uppercase')
        expect(capture.verification?.explanation).toBe(
          "The signature matches only when read leniently: it is uppercase hex. GitHub's own verifiers compare the exact lowercase hex text, so a real receiver rejects it: send it as lowercase hex.",
        )
    }
  })

  it('shopify: URL-safe base64 is rejected, the padded standard text accepted', async () => {
    await setup()
    let payloadSig = createHmac('sha256', SHOPIFY_SECRET).update(body).digest('base64')
    expect((await post('/in/shop/', { 'X-Shopify-Hmac-Sha256': payloadSig })).verification?.valid).toBe(true)
    // The digest of this body may hold no + or /; then only the padding differs in the URL-safe form.
    payloadSig = toUrlSafe(payloadSig).replace(/=+$/, '')
    const capture = await post('/in/shop/', { 'X-Shopify-Hmac-Sha256': payloadSig })
    expect(capture.verification).toMatchObject({ valid: false, reason: 'signature mismatch' })
    expect(capture.verification?.explanation).toMatch(/read leniently: .*Shopify's own libraries/)
  })
})

describe('explanations for an unusable signature header', () => {
  it('github: only the legacy sha1 X-Hub-Signature header, matching or not', async () => {
    await setup()
    const sha1 = createHmac('sha1', GH_SECRET).update(body).digest('hex')
    const matching = await post('/in/gh/', { 'X-Hub-Signature': `sha1=${sha1}` })
    expect(matching.verification).toMatchObject({ valid: false, reason: 'header X-Hub-Signature-256 missing' })
    expect(matching.verification?.explanation).toMatch(/legacy SHA-1.*it matches this secret.*GitHub receivers check X-Hub-Signature-256/)
    const other = createHmac('sha1', 'another secret').update(body).digest('hex')
    const wrong = await post('/in/gh/', { 'X-Hub-Signature': `sha1=${other}` })
    expect(wrong.verification?.explanation).toMatch(/legacy SHA-1.*does not match this secret.*X-Hub-Signature-256/)
  })

  it('standard: a v1a-only request checked with whsec_ secrets needs the whpk_ public key', async () => {
    await setup()
    const { privateKey } = generateKeyPairSync('ed25519')
    const id = 'msg_v1a'
    const ts = String(Math.floor(Date.now() / 1000))
    const signature = edSign(null, Buffer.from(`${id}.${ts}.${body}`), privateKey).toString('base64')
    const capture = await post('/in/std/', { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': `v1a,${signature}` })
    expect(capture.verification?.valid).toBe(false)
    expect(capture.verification?.explanation).toMatch(/v1a \(ed25519\).*whpk_ public key/)
  })
})
