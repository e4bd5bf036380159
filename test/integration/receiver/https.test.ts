// The receiver over https too, for senders under test that only post to https URLs: its own certificate
// for localhost/127.0.0.1/::1, trusted by its file; a client that does not trust it is refused without
// harm; Hooklab's own sender delivers to it (local dev certificates trusted).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Agent, request } from 'undici'
import { afterEach, expect, it } from 'vitest'
import { receiverCert } from '../../../src-main/engine/receiver/tls-cert'
import { tmpEngine } from '../delivery/helpers'
import { startReceiver } from './helpers'
import type { Harness } from './helpers'

let h: Harness | undefined
const dirs: string[] = []
afterEach(async () => {
  await h?.close()
  h = undefined
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function home(): string {
  const d = mkdtempSync(join(tmpdir(), 'hooklab-tls-'))
  dirs.push(d)
  return d
}

it('makes its certificate once, private key readable by the owner only, and again when it nears its end', async () => {
  const dir = home()
  const first = await receiverCert(dir)
  expect(first.cert).toMatch(/^-----BEGIN CERTIFICATE-----/)
  expect(readFileSync(first.certFile, 'utf8')).toBe(first.cert)
  expect(statSync(join(dir, 'receiver-tls', 'key.pem')).mode & 0o777).toBe(0o600)
  expect((await receiverCert(dir)).cert).toBe(first.cert)
  const nearEnd = first.notAfter.getTime() - 10 * 86_400_000
  expect((await receiverCert(dir, nearEnd)).cert).not.toBe(first.cert)
})

it('catches over https for a client that trusts the certificate, at localhost and 127.0.0.1; one that does not is refused, the receiver unharmed', async () => {
  const cert = await receiverCert(home())
  h = await startReceiver({ options: { https: { port: 0, key: cert.key, cert: cert.cert } } })
  const address = h.receiver.address()!
  expect(address.httpsUrl).toMatch(/^https:\/\/localhost:\d+$/)
  const inbox = h.receiver.inboxes.create({ slug: 'secure' })
  expect(inbox.httpsUrl).toBe(`${address.httpsUrl}/in/secure/`)

  const trusting = new Agent({ connect: { ca: cert.cert } })
  for (const base of [address.httpsUrl!, `https://127.0.0.1:${address.httpsPort}`]) {
    const res = await request(`${base}/in/secure/hook`, { method: 'POST', body: '{"tls":true}', dispatcher: trusting })
    expect(res.statusCode).toBe(200)
    await res.body.text()
  }
  await expect(request(`${address.httpsUrl}/in/secure/`, { method: 'POST', body: 'x' })).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })
  const plain = await fetch(`${h.url}/in/secure/plain`, { method: 'POST', body: 'still here' })
  expect(plain.status).toBe(200)
  expect(h.receiver.listCaptures({ inboxId: inbox.id }).items.map((c) => c.path)).toEqual(['/in/secure/plain', '/in/secure/hook', '/in/secure/hook'])
  await trusting.close()
})

it("Hooklab's own sender delivers to its https inbox (local dev certificates trusted)", async () => {
  const dir = home()
  const cert = await receiverCert(dir)
  const engine = tmpEngine({ pollMs: 20, trustLocalTls: true, receiver: { https: { port: 0, key: cert.key, cert: cert.cert } } })
  await engine.startReceiver()
  engine.start()
  const inbox = engine.receiver.inboxes.create({ slug: 'tls' })
  const { deliveryId } = engine.delivery.enqueue({ url: inbox.httpsUrl, body: Buffer.from('{}'), contentType: 'application/json' })
  const done = await engine.delivery.waitFor(deliveryId)
  expect(done.status).toBe('delivered')
  expect(engine.receiver.inboxes.get(inbox.id).captureCount).toBe(1)
})
