// Verdicts on requests signed by the providers' own libraries, and why a bad one failed.
import { createHmac } from 'node:crypto'
import { sign as octokitSign } from '@octokit/webhooks-methods'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import Stripe from 'stripe'
import { Webhook as SvixWebhook } from 'svix'
import { afterEach, describe, expect, it } from 'vitest'
import type { CaptureDetail } from '../../../src-main/engine/receiver'
import { startReceiver } from './helpers'
import type { Harness } from './helpers'

const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const STRIPE_SECRET = 'whsec_test_stripe_secret'
const GH_SECRET = 'It\'s a Secret to Everybody'
const body = JSON.stringify({ id: 'evt_123', type: 'ping', data: { n: 1 } })
const stripe = new Stripe('sk_test_hooklab')

let h: Harness
afterEach(async () => {
  await h?.close()
})

async function post(path: string, headers: Record<string, string>, payload: string | Buffer = body): Promise<CaptureDetail> {
  const res = await fetch(`${h.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof payload === 'string' ? payload : new Uint8Array(payload) })
  const { captureId } = (await res.json()) as { captureId: string }
  return h.receiver.getCapture(captureId)
}

async function inbox(slug: string, scheme: 'standard' | 'stripe' | 'github', secret: string, toleranceSec = 300): Promise<void> {
  const view = h.receiver.inboxes.create({ slug })
  h.receiver.inboxes.update(view.id, { verification: { scheme, secret, toleranceSec } })
}

function standardHeaders(id: string, date = new Date()): Record<string, string> {
  const signature = new StandardWebhook(WHSEC).sign(id, date, body)
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(date.getTime() / 1000)), 'webhook-signature': signature }
}

describe('verification verdicts', () => {
  it('accepts requests signed by standardwebhooks, svix, stripe and @octokit/webhooks-methods', async () => {
    h = await startReceiver()
    await inbox('std', 'standard', WHSEC)
    await inbox('stripe', 'stripe', STRIPE_SECRET)
    await inbox('gh', 'github', GH_SECRET)

    expect((await post('/in/std/', standardHeaders('msg_std_1'))).verification).toMatchObject({ scheme: 'standard', valid: true, reason: 'valid' })

    const now = new Date()
    const svixSig = new SvixWebhook(WHSEC).sign('msg_svix_1', now, body)
    const svix = await post('/in/std/', {
      'webhook-id': 'msg_svix_1',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': svixSig,
    })
    expect(svix.verification?.valid).toBe(true)

    const stripeHeader = stripe.webhooks.generateTestHeaderString({ payload: body, secret: STRIPE_SECRET })
    expect((await post('/in/stripe/', { 'Stripe-Signature': stripeHeader })).verification).toMatchObject({ valid: true })

    const ghSig = await octokitSign(GH_SECRET, body)
    expect((await post('/in/gh/', { 'X-Hub-Signature-256': ghSig, 'X-GitHub-Delivery': 'd-1' })).verification).toMatchObject({ valid: true })
  })

  it('rejects tampered, stale, missing-header and wrong-secret requests with the reason', async () => {
    h = await startReceiver()
    await inbox('std', 'standard', WHSEC)
    await inbox('other', 'standard', 'whsec_' + Buffer.from('another secret of 24 byt').toString('base64'))

    const tampered = await post('/in/std/', standardHeaders('msg_t'), body.replace('"n":1', '"n":2'))
    expect(tampered.verification).toMatchObject({ valid: false, reason: 'signature mismatch' })

    const stale = await post('/in/std/', standardHeaders('msg_s', new Date(Date.now() - 412_000)))
    expect(stale.verification?.valid).toBe(false)
    expect(stale.verification?.reason).toMatch(/^timestamp 41[1-3] s old$/)

    const headers = standardHeaders('msg_m')
    delete headers['webhook-signature']
    const missing = await post('/in/std/', headers)
    expect(missing.verification).toMatchObject({ valid: false, reason: 'header webhook-signature missing' })

    const wrong = await post('/in/other/', standardHeaders('msg_w'))
    expect(wrong.verification).toMatchObject({ valid: false, reason: 'signature mismatch' })
  })

  it('explains the common mistakes: hex for base64, whsec_ used raw, re-serialized JSON', async () => {
    h = await startReceiver()
    await inbox('std', 'standard', WHSEC)
    await inbox('gh', 'github', GH_SECRET)
    const id = 'msg_x'
    const ts = String(Math.floor(Date.now() / 1000))
    const key = Buffer.from(WHSEC.slice('whsec_'.length), 'base64')
    const hexSig = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('hex')
    const hex = await post('/in/std/', { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': `v1,${hexSig}` })
    expect(hex.verification?.valid).toBe(false)
    expect(hex.verification?.explanation).toMatch(/hex/i)

    const rawKeySig = createHmac('sha256', WHSEC).update(`${id}.${ts}.${body}`).digest('base64')
    const raw = await post('/in/std/', { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': `v1,${rawKeySig}` })
    expect(raw.verification?.valid).toBe(false)
    expect(raw.verification?.explanation).toMatch(/whsec_/)

    // The sender signed the pretty-printed object but sent it compact (or the other way round).
    const pretty = JSON.stringify(JSON.parse(body), null, 2)
    const reserialized = await post('/in/gh/', { 'X-Hub-Signature-256': await octokitSign(GH_SECRET, pretty) }, body)
    expect(reserialized.verification?.valid).toBe(false)
    expect(reserialized.verification?.explanation).toMatch(/serializ|JSON/i)
  })

  it('marks redeliveries of the same delivery id as duplicates of the first, per inbox', async () => {
    h = await startReceiver()
    await inbox('std', 'standard', WHSEC)
    const first = await post('/in/std/', standardHeaders('msg_dup'))
    const second = await post('/in/std/', standardHeaders('msg_dup'))
    const elsewhere = await post('/', standardHeaders('msg_dup'))
    const ghOne = await post('/', { 'X-GitHub-Delivery': 'abc-1' })
    const ghTwo = await post('/', { 'X-GitHub-Delivery': 'abc-1' })
    const stripeOne = await post('/', { 'Stripe-Signature': stripe.webhooks.generateTestHeaderString({ payload: body, secret: 's' }) })
    const stripeTwo = await post('/', { 'Stripe-Signature': stripe.webhooks.generateTestHeaderString({ payload: body, secret: 's' }) })
    expect(first.duplicateOf).toBeNull()
    expect(second.duplicateOf).toBe(first.id)
    expect(elsewhere.duplicateOf).toBeNull()
    expect(ghTwo.duplicateOf).toBe(ghOne.id)
    expect(stripeTwo.duplicateOf).toBe(stripeOne.id)
    expect(stripeOne.duplicateOf).toBeNull()
  })

  it('never returns the secret in the inbox view', async () => {
    h = await startReceiver()
    await inbox('std', 'standard', WHSEC)
    const view = h.receiver.inboxes.getBySlug('std')!
    expect(view.verification).toEqual({ scheme: 'standard', hasSecret: true, secretCount: 1, toleranceSec: 300, hmac: undefined })
    expect(JSON.stringify(view)).not.toContain(WHSEC)
  })
})

describe('verification during a sender’s rotation', () => {
  it('accepts a request signed with either stored secret, counts them without unsealing, and keeps them on other changes', async () => {
    h = await startReceiver()
    const view = h.receiver.inboxes.create({ slug: 'rotating' })
    const updated = h.receiver.inboxes.update(view.id, { verification: { scheme: 'github', secrets: ['new-secret', GH_SECRET] } })
    expect(updated.verification).toEqual({ scheme: 'github', hasSecret: true, secretCount: 2, toleranceSec: 300, hmac: undefined })
    expect(JSON.stringify(updated)).not.toContain('new-secret')
    const signedWith = async (secret: string) => ({ 'X-Hub-Signature-256': await octokitSign(secret, body) })
    expect((await post('/in/rotating/', await signedWith('new-secret'))).verification?.valid).toBe(true)
    expect((await post('/in/rotating/', await signedWith(GH_SECRET))).verification?.valid).toBe(true)
    expect((await post('/in/rotating/', await signedWith('someone-else'))).verification?.valid).toBe(false)

    // A change without secrets keeps both; a single new secret ends the overlap.
    expect(h.receiver.inboxes.update(view.id, { verification: { scheme: 'github', toleranceSec: 60 } }).verification?.secretCount).toBe(2)
    expect((await post('/in/rotating/', await signedWith(GH_SECRET))).verification?.valid).toBe(true)
    // The tolerance set just now stays when a patch leaves it out (it went back to 300 s).
    expect(h.receiver.inboxes.update(view.id, { verification: { scheme: 'github', secret: 'new-secret' } }).verification).toMatchObject({ secretCount: 1, toleranceSec: 60 })
    expect((await post('/in/rotating/', await signedWith(GH_SECRET))).verification?.valid).toBe(false)
    expect(() => h.receiver.inboxes.update(view.id, { verification: { scheme: 'github', secrets: ['a', 'b', 'c', 'd', 'e', 'f'] } })).toThrow(/1 to 5 secrets/)
  })
})
