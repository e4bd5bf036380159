// Review 5: how the dev server answered a forward is in the capture list's row and in the detail (its
// body too), and `listen` prints the start of a failed forward's body. A capture caught before its
// inbox verified signatures (or imported) can be checked afterwards, as of when it arrived.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { afterEach, expect, it } from 'vitest'
import { dispatch } from '../../../src-main/api/dispatch'
import { createRuntime, type Runtime } from '../../../src-main/api/runtime'
import { forwardLine } from '../../../src-main/cli/capture-lines'
import { CaptureDetail as CaptureDetailSchema, CaptureRow as CaptureRowSchema } from '../../../src-preload/contract'
import { tmpDir } from '../hardening/helpers'

const stripe = new Stripe('sk_test_x')
const SECRET = 'whsec_test123'

let rt: Runtime | undefined
let dev: Server | undefined
let cleanup: (() => void) | undefined
afterEach(async () => {
  await rt?.stop()
  rt = undefined
  await new Promise((r) => (dev ? dev.close(r) : r(null)))
  dev = undefined
  cleanup?.()
})

async function start(): Promise<(method: string, input: unknown) => Promise<unknown>> {
  const home = tmpDir('hooklab-r5fwd-')
  cleanup = home.cleanup
  rt = createRuntime({ home: home.dir, mode: 'browser', receiverPort: 0, pollMs: 20, exportFile: async () => ({ kind: 'cancelled' }), send: () => {} })
  await rt.start()
  return async (method, input) => {
    const r = await dispatch(rt!.handlers, method, input)
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
    return r.result
  }
}

/** A dev server whose handler throws: 500 with the error in a JSON body (and a second line). */
async function brokenDevServer(): Promise<string> {
  dev = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(500, { 'Content-Type': 'application/json' })
      res.end('\n{"error":"TypeError: cannot read customer of undefined\\u001b[2J"}\n    at handler (app.js:12)')
    })
  })
  await new Promise<void>((r) => dev!.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(dev.address() as AddressInfo).port}/gh`
}

async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const v = await get()
    if (ok(v) || Date.now() > deadline) return v
    await new Promise((r) => setTimeout(r, 30))
  }
}

type Row = { id: string; responseStatus: number | null; forwarded: boolean; forwardStatus: number | null; forwardError: string | null }

it('a capture list row says how the dev server answered the forward (500, refused), apart from the receiver’s own 200', async () => {
  const call = await start()
  const target = await brokenDevServer()
  const inbox = (await call('inboxes.create', { slug: 'gh' })) as { id: string; url: string }
  await call('inboxes.update', { id: inbox.id, patch: { forwardTo: target } })
  const list = (id: string) => call('captures.list', { inboxId: id, limit: 10 }) as Promise<{ items: Row[] }>
  await fetch(inbox.url, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } })
  await until(() => list(inbox.id), (p) => p.items[0]?.forwardStatus != null)
  // The dev server goes down: the next forward is refused.
  dev!.closeAllConnections()
  await new Promise((r) => dev!.close(r))
  dev = undefined
  await fetch(inbox.url, { method: 'POST', body: '{"n":2}', headers: { 'content-type': 'application/json' } })
  // One more inbox that does not forward: its row says nothing of a forward.
  const plain = (await call('inboxes.create', { slug: 'plain' })) as { id: string; url: string }
  await fetch(plain.url, { method: 'POST', body: '{}' })

  const page = await until(() => list(inbox.id), (p) => p.items.length === 2 && p.items.every((r) => r.forwardStatus !== null || r.forwardError !== null))
  for (const r of page.items) CaptureRowSchema.parse(r)
  const [refused, failed] = page.items
  expect(failed).toMatchObject({ responseStatus: 200, forwarded: true, forwardStatus: 500, forwardError: null })
  expect(refused).toMatchObject({ responseStatus: 200, forwarded: true, forwardStatus: null })
  expect(refused!.forwardError).toMatch(/^ECONNREFUSED/)
  const other = await until(() => list(plain.id), (p) => p.items.length === 1)
  expect(other.items[0]).toMatchObject({ forwarded: false, forwardStatus: null, forwardError: null })

  // The detail carries the dev server's answer body (the stack trace), and listen prints its first line.
  const detail = CaptureDetailSchema.parse(await call('captures.get', { id: failed!.id }))
  expect(Buffer.from(detail.forward!.bodyBase64!, 'base64').toString()).toContain('TypeError: cannot read customer of undefined')
  const line = forwardLine(rt!.receiver.getCapture(failed!.id))
  expect(line).toMatch(/forwarded to http:\/\/127\.0\.0\.1:\d+\/gh: HTTP 500 in \d+ ms: \{"error":"TypeError: cannot read customer of undefined\\u001b\[2J"\} {2}\(cap_\w+\)$/)
  // Only the first line, escaped: the server's ESC sequence and newline cannot reach the terminal.
  expect(line).not.toContain('\u001b')
  expect(line).not.toContain('at handler')
})

it('listen shows at most ~200 characters of a failed forward’s body, and nothing of a 2xx one', async () => {
  await start()
  const base = rt!.receiver
  const inbox = base.inboxes.create({ slug: 'x' })
  const forward = (status: number, body: string) => ({ url: 'http://127.0.0.1:1/x', status, durationMs: 3, error: null, body: Buffer.from(body) })
  const at = Date.now()
  base.importCaptures(
    [
      { id: 'cap_long1', status: 502, body: 'x'.repeat(5000) },
      { id: 'cap_fine1', status: 200, body: '{"ok":true}' },
    ].map((c) => ({
      id: c.id, inboxSlug: 'x', receivedAt: at, remoteAddress: null, method: 'POST', path: '/in/x/', query: '', headers: [], contentType: null,
      body: Buffer.from('{}'), size: 2, oversize: false, response: null, verification: null, forward: forward(c.status, c.body),
    })),
    { inboxId: inbox.id },
  )
  const long = forwardLine(base.getCapture('cap_long1'))
  expect(long).toMatch(/HTTP 502 in 3 ms: x{200}… {2}\(cap_long1\)$/)
  expect(forwardLine(base.getCapture('cap_fine1'))).toMatch(/HTTP 200 in 3 ms {2}\(cap_fine1\)$/)
})

it('a capture caught before verification was set is checked afterwards as of its arrival; the verdict is stored for the list', async () => {
  const call = await start()
  const inbox = (await call('inboxes.create', { slug: 'st' })) as { id: string; url: string }
  const body = '{"id":"evt_1","type":"customer.created"}'
  // Signed an hour ago, when it was received (an import): a five-minute tolerance judged against today would refuse it.
  const receivedAt = Date.now() - 3_600_000
  const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET, timestamp: Math.floor(receivedAt / 1000) })
  rt!.receiver.importCaptures(
    [
      {
        id: 'cap_old1', inboxSlug: 'st', receivedAt, remoteAddress: null, method: 'POST', path: '/in/st/', query: '',
        headers: [['Content-Type', 'application/json'], ['Stripe-Signature', header]], contentType: 'application/json',
        body: Buffer.from(body), size: body.length, oversize: false, response: null, verification: null, forward: null,
      },
    ],
    { inboxId: inbox.id },
  )
  // Not verifying yet: checking says what to set.
  await expect(call('captures.verify', { id: 'cap_old1' })).rejects.toThrow(/does not verify signatures/)

  await call('inboxes.update', { id: inbox.id, patch: { verification: { scheme: 'stripe', secret: 'whsec_wrong', toleranceSec: 300 } } })
  const wrong = CaptureDetailSchema.parse(await call('captures.verify', { id: 'cap_old1' }))
  expect(wrong.verification).toMatchObject({ scheme: 'stripe', valid: false })
  expect(wrong.verification!.reason).not.toMatch(/tolerance|old/)

  await call('inboxes.update', { id: inbox.id, patch: { verification: { scheme: 'stripe', secret: SECRET, toleranceSec: 300 } } })
  const right = CaptureDetailSchema.parse(await call('captures.verify', { id: 'cap_old1' }))
  expect(right.verification).toMatchObject({ scheme: 'stripe', valid: true })
  // Stored: the list and a later read agree.
  const rows = (await call('captures.list', { inboxId: inbox.id, limit: 5 })) as { items: Array<{ id: string; verification: { valid: boolean } | null }> }
  expect(rows.items[0]).toMatchObject({ id: 'cap_old1', verification: { valid: true } })
  expect(((await call('captures.get', { id: 'cap_old1' })) as { verification: { valid: boolean } }).verification.valid).toBe(true)
  await expect(call('captures.verify', { id: 'cap_nope' })).rejects.toThrow(/E_NOT_FOUND/)
})
