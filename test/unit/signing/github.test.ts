import { describe, expect, it } from 'vitest'
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods'
import { generateSecret, signRequest, verifyRequest } from '../../../src-main/engine/signing/registry'
import type { HeaderPairs } from '../../../src-main/engine/signing/types'
import { NOW_MS, NOW_SEC, toRecord } from './helpers'

const secret = "It's a Secret to Everybody"
const body = Buffer.from('{"action":"opened","issue":{"number":1347}}')
const verify = (headers: HeaderPairs, b: Buffer = body, secrets = [secret]) =>
  verifyRequest({ scheme: 'github', secrets }, headers, b, NOW_MS)

describe('github scheme', () => {
  it('signs like @octokit/webhooks-methods and sends the message id as X-GitHub-Delivery', async () => {
    const ours = toRecord(signRequest({ scheme: 'github', secret }, { id: 'msg_1', timestamp: NOW_SEC, body }))
    expect(ours['x-hub-signature-256']).toBe(await octokitSign(secret, body.toString()))
    expect(ours['x-github-delivery']).toBe('msg_1')
    expect(await octokitVerify(secret, body.toString(), ours['x-hub-signature-256'] ?? '')).toBe(true)
    expect(await octokitVerify(secret, body.toString() + ' ', ours['x-hub-signature-256'] ?? '')).toBe(false)
  })

  it('verifies what octokit signs; rejects tampering, a wrong secret and malformed headers', async () => {
    const signature = await octokitSign(secret, body.toString())
    expect(verify([['X-Hub-Signature-256', signature]])).toEqual({ scheme: 'github', valid: true, reason: 'valid' })
    // GitHub's documented test vector.
    expect(
      verifyRequest({ scheme: 'github', secrets: [secret] }, [['x-hub-signature-256', 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17']], Buffer.from('Hello, World!'), NOW_MS).valid,
    ).toBe(true)
    expect(verify([['X-Hub-Signature-256', signature]], Buffer.from(body.toString().replace('1347', '1')))).toMatchObject({
      reason: 'signature mismatch',
    })
    expect(verify([['X-Hub-Signature-256', signature]], body, ['other']).reason).toBe('signature mismatch')
    expect(verify([]).reason).toBe('header X-Hub-Signature-256 missing')
    expect(verify([['X-Hub-Signature-256', signature.slice(7)]]).reason).toBe('malformed X-Hub-Signature-256 header: expected "sha256=<hex>"')
  })

  it('has no timestamp, so an old delivery still verifies', async () => {
    const signature = await octokitSign(secret, body.toString())
    expect(verifyRequest({ scheme: 'github', secrets: [secret] }, [['X-Hub-Signature-256', signature]], body, NOW_MS * 2).valid).toBe(true)
  })

  it('generates hex secrets', () => {
    expect(generateSecret('github')).toMatch(/^[0-9a-f]{40}$/)
  })
})
