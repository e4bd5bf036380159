// A dev server on this machine with its own (self-signed) certificate: deliveries and forwards to it
// go through while the trustLocalTls setting is on (the default), fail with a hint that says where
// to turn it on when it is off, and no host other than this machine is ever sent unverified.
import { describe, expect, it, onTestFinished } from 'vitest'
import { isLocalHttps, isLoopbackHost } from '../../../src-main/engine/local-tls'
import { startHttpsSink } from '../../fixtures/tls'
import { createRuntime } from '../../../src-main/api/runtime'
import { dispatch } from '../../../src-main/api/dispatch'
import { tmpEngine, tmpHome } from './helpers'

async function sink() {
  const s = await startHttpsSink()
  onTestFinished(() => s.close())
  return s
}

describe('https to a dev server on this machine', () => {
  it('is delivered by default, to 127.0.0.1 and to localhost', async () => {
    const s = await sink()
    const engine = tmpEngine({ pollMs: 20 })
    engine.start()
    for (const host of ['127.0.0.1', 'localhost']) {
      const { deliveryId } = engine.delivery.enqueue({ url: `https://${host}:${s.port}/hooks`, body: Buffer.from('{}'), contentType: 'application/json' })
      expect((await engine.delivery.waitFor(deliveryId)).status).toBe('delivered')
    }
    expect(s.hits()).toBe(2)
  })

  it('with the setting off fails with E_TLS and says where to accept it; switched on, the retry goes through', async () => {
    const s = await sink()
    const engine = tmpEngine({ pollMs: 20, trustLocalTls: false })
    engine.start()
    const { deliveryId } = engine.delivery.enqueue({
      url: `https://127.0.0.1:${s.port}/hooks`,
      body: Buffer.from('{}'),
      contentType: 'application/json',
      retry: { schedule: { kind: 'list', delaysMs: [300] }, maxAttempts: 2 },
    })
    await expect.poll(() => engine.delivery.getDelivery(deliveryId).attemptsList.length, { timeout: 5000 }).toBe(1)
    const first = engine.delivery.getDelivery(deliveryId).attemptsList[0]!
    expect(first.error?.code).toBe('E_TLS')
    expect(first.error?.message).toMatch(/self-signed certificate.*Settings → Sending accepts them/)
    expect(s.hits()).toBe(0)
    engine.setTrustLocalTls(true)
    expect((await engine.delivery.waitFor(deliveryId)).status).toBe('delivered')
    expect(s.hits()).toBe(1)
  })

  it('a capture forwarded to it arrives, and with the setting off the forward error says why', async () => {
    const s = await sink()
    for (const trust of [true, false]) {
      const engine = tmpEngine({ trustLocalTls: trust })
      const { url } = await engine.startReceiver()
      const inbox = engine.receiver.inboxes.create({ slug: 'fw' })
      engine.receiver.inboxes.update(inbox.id, { forwardTo: `https://localhost:${s.port}/dev` })
      const res = await fetch(`${url}/in/fw/`, { method: 'POST', body: '{}' })
      const { captureId } = (await res.json()) as { captureId: string }
      await expect.poll(() => engine.receiver.getCapture(captureId).forward?.durationMs ?? null, { timeout: 5000 }).not.toBeNull()
      const forward = engine.receiver.getCapture(captureId).forward!
      if (trust) expect(forward).toMatchObject({ status: 200, error: null })
      else {
        expect(forward.status).toBeNull()
        expect(forward.error).toMatch(/^DEPTH_ZERO_SELF_SIGNED_CERT: .*Settings → Sending accepts them/)
      }
    }
    expect(s.hits()).toBe(1)
  })

  it("the app's setting reaches the running engine: turned off in Settings, the next delivery fails with the hint", async () => {
    const s = await sink()
    const home = tmpHome()
    const runtime = createRuntime({ home: home.dir, mode: 'browser', receiverPort: 0, pollMs: 20, send: () => undefined, exportFile: async () => ({ kind: 'cancelled' }) })
    onTestFinished(async () => {
      await runtime.stop()
      home.cleanup()
    })
    await runtime.start()
    const send = async () => {
      const { deliveryId } = runtime.engine.delivery.enqueue({ url: `https://localhost:${s.port}/x`, body: Buffer.from('{}'), contentType: 'application/json', retry: { schedule: { kind: 'list', delaysMs: [] }, maxAttempts: 1 } })
      return runtime.engine.delivery.waitFor(deliveryId).then(() => runtime.engine.delivery.getDelivery(deliveryId))
    }
    expect((await send()).status).toBe('delivered')
    expect((await dispatch(runtime.handlers, 'settings.update', { patch: { trustLocalTls: false } })).ok).toBe(true)
    const refused = await send()
    expect(refused.status).not.toBe('delivered')
    expect(refused.attemptsList[0]!.error?.message).toMatch(/Settings → Sending accepts them/)
  })

  it('only this machine counts as local', () => {
    for (const h of ['localhost', 'LOCALHOST', 'api.localhost', '127.0.0.1', '127.1.2.3', '[::1]']) expect(isLoopbackHost(h), h).toBe(true)
    for (const h of ['example.com', '10.0.0.1', '192.168.1.5', '127.0.0.1.nip.io', 'localhost.evil.com', '[::2]', '0.0.0.0']) expect(isLoopbackHost(h), h).toBe(false)
    expect(isLocalHttps('https://localhost:3000/x')).toBe(true)
    expect(isLocalHttps('http://localhost:3000/x')).toBe(false) // nothing to verify
    expect(isLocalHttps('https://hooks.example.com/x')).toBe(false)
    expect(isLocalHttps('not a url')).toBe(false)
  })
})
