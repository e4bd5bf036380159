// A secret that can never sign or verify is refused where it is entered, saying why. It used to be
// saved: every send to the endpoint then failed at once, and every capture of the inbox was "invalid",
// correctly signed ones included (a whsec_ secret pasted with a trailing newline, say).
import { expect, it } from 'vitest'
import { generateStandardKeyPair } from '../../../src-main/engine/signing/registry'
import { json, tmpEngine } from './helpers'

const GOOD = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

it('endpoints, ad-hoc sends, inbox verification and listen refuse a secret that cannot work, and take good ones', async () => {
  const engine = tmpEngine()
  const create = (secret: string) => engine.endpoints.create({ url: 'http://127.0.0.1:9/x', signing: { scheme: 'standard', secret } })
  expect(() => create('whsec_!!not-base64')).toThrow(/standard secret \(the part after whsec_\) must be base64/)
  expect(() => create(`${GOOD}\n`)).toThrow(/ends with a space or a line break/)
  const pair = generateStandardKeyPair()
  expect(() => create(pair.publicKey)).toThrow(/whpk_ public key can only verify/)
  const ep = create(GOOD)
  expect(() => engine.endpoints.update(ep.id, { signing: { scheme: 'standard', secret: ' whsec_abc' } })).toThrow(/starts or ends with a space/)
  expect(engine.endpoints.create({ url: 'http://127.0.0.1:9/y', signing: { scheme: 'github', secret: 'any text works for github' } }).signing?.scheme).toBe('github')

  const adhoc = (secret: string) =>
    engine.delivery.enqueue({ url: 'http://127.0.0.1:9/z', body: json({}), contentType: 'application/json', signing: { scheme: 'standard', secret } })
  expect(() => adhoc('whsec_%%%')).toThrow(/must be base64/)
  expect(adhoc(GOOD).deliveryId).toMatch(/^dlv_/)

  await engine.startReceiver()
  const inbox = engine.receiver.inboxes.create({ slug: 'signed' })
  const verify = (secrets: string[]) => engine.receiver.inboxes.update(inbox.id, { verification: { scheme: 'standard', secrets } })
  expect(() => verify([GOOD, 'whsec_!!'])).toThrow(/must be base64/) // one bad previous secret made every verdict invalid
  expect(verify([GOOD, pair.secretKey, pair.publicKey]).verification?.scheme).toBe('standard')
  expect(() => engine.receiver.setOverride('signed', { verification: { scheme: 'standard', secrets: [`${GOOD} `], toleranceSec: 300 } })).toThrow(/ends with a space/)
})
