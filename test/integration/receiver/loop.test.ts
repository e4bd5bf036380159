// The loop: Hooklab's engine delivers to a Hooklab inbox scripted to fail twice.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import type { Engine } from '../../../src-main/engine/engine'
import type { Receiver } from '../../../src-main/engine/receiver'

const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
let engine: Engine
let receiver: Receiver
let dir: string

afterEach(async () => {
  await engine.stop({ graceMs: 500 })
  rmSync(dir, { recursive: true, force: true })
})

it('500, 500, 200: delivered on attempt 3; 3 captures, the 2nd and 3rd duplicates of the first, all valid', async () => {
  dir = mkdtempSync(join(tmpdir(), 'hooklab-loop-'))
  engine = createEngine({ home: dir, pollMs: 50 })
  receiver = engine.receiver
  const { url } = await engine.startReceiver()
  engine.start()
  const inbox = receiver.inboxes.create({ slug: 'loop' })
  receiver.inboxes.update(inbox.id, { responseScript: '500, 500, 200', verification: { scheme: 'standard', secret: WHSEC } })

  const { deliveryId, messageId } = engine.delivery.enqueue({
    url: `${url}/in/loop/hook`,
    body: Buffer.from(JSON.stringify({ hello: 'loop' })),
    contentType: 'application/json',
    signing: { scheme: 'standard', secret: WHSEC },
    retry: { schedule: { kind: 'list', delaysMs: [20, 20, 20] }, maxAttempts: 5 },
  })
  const final = await engine.delivery.waitFor(deliveryId)
  expect(final.status).toBe('delivered')
  expect(final.attempts).toBe(3)

  const captures = receiver.listCaptures({ inboxId: inbox.id }).items.reverse()
  expect(captures).toHaveLength(3)
  expect(captures.map((c) => c.responseStatus)).toEqual([500, 500, 200])
  expect(captures.map((c) => c.duplicateOf)).toEqual([null, captures[0]!.id, captures[0]!.id])
  expect(captures.every((c) => c.verification?.valid === true)).toBe(true)
  for (const c of captures)
    expect(receiver.getCapture(c.id).headers.some(([n, v]) => n.toLowerCase() === 'webhook-id' && v === messageId)).toBe(true)
})
