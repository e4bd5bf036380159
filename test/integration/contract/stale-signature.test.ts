// Send can sign as if the clock were off (ad-hoc URL): a receiver's timestamp tolerance should refuse
// it. Checked against Hooklab's own inbox verifying the same scheme, and by the provider library.
import { afterEach, expect, it } from 'vitest'
import { dispatch } from '../../../src-main/api/dispatch'
import { createRuntime, type Runtime } from '../../../src-main/api/runtime'
import { tmpDir } from '../hardening/helpers'

let rt: Runtime | undefined
let cleanup: (() => void) | undefined
afterEach(async () => {
  await rt?.stop()
  cleanup?.()
})

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

it('a webhook signed ten minutes ago is refused by a receiver with a five-minute tolerance, and says why', async () => {
  const home = tmpDir('hooklab-stale-')
  cleanup = home.cleanup
  rt = createRuntime({ home: home.dir, mode: 'browser', receiverPort: 0, pollMs: 20, exportFile: async () => ({ kind: 'cancelled' }), send: () => {} })
  await rt.start()
  const call = async (method: string, input: unknown) => {
    const r = await dispatch(rt!.handlers, method, input)
    if (!r.ok) throw new Error(r.error.message)
    return r.result as Record<string, unknown>
  }
  const inbox = await call('inboxes.create', { slug: 'strict' })
  const { url } = (await call('inboxes.update', { id: inbox.id, patch: { verification: { scheme: 'standard', secret: SECRET, toleranceSec: 300 } } })) as { url: string }
  const send = (timestampOffsetSec?: number) =>
    call('compose.send', { url, signing: { scheme: 'standard', secret: SECRET }, body: '{"type":"x"}', ...(timestampOffsetSec !== undefined ? { timestampOffsetSec } : {}) })

  // The preview shows the timestamp that goes out.
  const preview = (await call('compose.preview', { url, signing: { scheme: 'standard', secret: SECRET }, body: '{}', timestampOffsetSec: 600 })) as { targets: Array<{ headers: Array<[string, string]> }> }
  const ts = Number(preview.targets[0]!.headers.find(([n]) => n === 'webhook-timestamp')![1])
  expect(Math.abs(Date.now() / 1000 - 600 - ts)).toBeLessThan(60)

  await send()
  await send(600)
  await send(-600)
  const rows = async () => ((await call('captures.list', { inboxId: inbox.id, limit: 10 })) as { items: Array<{ id: string; verification: { valid: boolean; reason: string } | null }> }).items
  const deadline = Date.now() + 10_000
  while ((await rows()).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  const reasons = (await rows()).reverse().map((c) => [c.verification?.valid, c.verification?.reason])
  expect(reasons[0]).toEqual([true, 'valid'])
  expect(reasons[1]![0]).toBe(false)
  expect(reasons[1]![1]).toMatch(/timestamp 6\d\d s old/)
  expect(reasons[2]![0]).toBe(false)
  expect(reasons[2]![1]).toMatch(/in the future/)
})
