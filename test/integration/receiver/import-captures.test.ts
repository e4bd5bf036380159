// Import of a hooklab.captures/v1 document (a colleague's export, a bug report): the captures come back
// byte for byte with their answers and verdicts, into their inboxes by slug or one chosen inbox; the same
// file twice adds nothing; a broken document says where and imports nothing.
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { parseCapturesDocument } from '../../../src-main/api/captures-import'
import { slowSink, tmpEngine } from '../delivery/helpers'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

async function exported(): Promise<{ text: string; ids: string[] }> {
  const engine = tmpEngine()
  const { url } = await engine.startReceiver()
  const signed = engine.receiver.inboxes.create({ slug: 'stripe-test' })
  engine.receiver.inboxes.update(signed.id, { verification: { scheme: 'standard', secret: SECRET }, responseScript: '500, 202' })
  const body = '{"type":"invoice.paid"}'
  const at = new Date()
  const headers = { 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(SECRET).sign('msg_1', at, body) }
  for (let i = 0; i < 2; i++) await (await fetch(`${url}/in/stripe-test/hook?x=1`, { method: 'POST', headers, body })).arrayBuffer()
  await (await fetch(`${url}/bin`, { method: 'PUT', body: Uint8Array.from([0, 255, 1, 254]) })).arrayBuffer()
  const { stream, chunks } = slowSink()
  await engine.export.exportCaptures({}, stream)
  const ids = engine.receiver.listCaptures().items.map((c) => c.id).reverse()
  await engine.stop()
  return { text: chunks.join(''), ids }
}

describe('import hooklab.captures/v1', () => {
  it('brings captures back as they were: bytes, headers, answers, verdicts, duplicates; into their inboxes by slug', async () => {
    const { text, ids } = await exported()
    const engine = tmpEngine()
    expect(engine.receiver.inboxes.getBySlug('stripe-test')).toBeNull()
    const res = engine.receiver.importCaptures(parseCapturesDocument(text))
    expect(res).toMatchObject({ imported: 3, skipped: 0 })
    const inbox = engine.receiver.inboxes.getBySlug('stripe-test')! // made for them
    expect(inbox.captureCount).toBe(2)

    const [first, second, bin] = ids.map((id) => engine.receiver.getCapture(id))
    expect(first).toMatchObject({ inboxSlug: 'stripe-test', method: 'POST', path: '/in/stripe-test/hook', query: 'x=1', responseStatus: 500, event: 'invoice.paid' })
    expect(first!.verification).toMatchObject({ scheme: 'standard', valid: true })
    expect(first!.headers).toContainEqual(['webhook-id', 'msg_1'])
    expect(second!.responseStatus).toBe(202)
    expect(second!.duplicateOf).toBe(first!.id) // found again here
    expect(bin!.inboxSlug).toBe('default')
    expect([...bin!.body]).toEqual([0, 255, 1, 254])

    // The same file again adds nothing.
    expect(engine.receiver.importCaptures(parseCapturesDocument(text))).toMatchObject({ imported: 0, skipped: 3 })
    await engine.stop()
  })

  it('imports everything into one chosen inbox when asked', async () => {
    const { text } = await exported()
    const engine = tmpEngine()
    const mine = engine.receiver.inboxes.create({ slug: 'from-alice' })
    expect(engine.receiver.importCaptures(parseCapturesDocument(text), { inboxId: mine.id })).toMatchObject({ imported: 3, inboxes: [mine.id] })
    expect(engine.receiver.inboxes.get(mine.id).captureCount).toBe(3)
    expect(engine.receiver.inboxes.getBySlug('stripe-test')).toBeNull()
    await engine.stop()
  })

  it('the age retention counts from the import: last month’s captures are not pruned as soon as they arrive', async () => {
    const { text } = await exported()
    const doc = JSON.parse(text) as { captures: Array<{ receivedAt: string }> }
    const twoMonthsAgo = Date.now() - 60 * 86_400_000
    for (const c of doc.captures) c.receivedAt = new Date(twoMonthsAgo).toISOString()
    let now = twoMonthsAgo
    const engine = tmpEngine({ clock: { now: () => now } })
    const { url } = await engine.startReceiver()
    await (await fetch(`${url}/old`, { method: 'POST', body: 'caught here two months ago' })).arrayBuffer()
    now = Date.now()
    engine.receiver.importCaptures(parseCapturesDocument(JSON.stringify(doc)))
    for (let i = 0; i < 3; i++) engine.receiver.prune() // a full walk of the table (30-day retention)
    const left = engine.receiver.listCaptures().items
    expect(left.map((c) => c.path).sort()).toEqual(['/bin', '/in/stripe-test/hook', '/in/stripe-test/hook'])
    expect(new Date(left[0]!.receivedAt).toISOString()).toBe(new Date(twoMonthsAgo).toISOString()) // shown as sent
  })

  it('a broken document says what and where, and nothing of it is imported', async () => {
    const { text } = await exported()
    const doc = JSON.parse(text) as { captures: Array<{ request: { encoding: string } }> }
    expect(() => parseCapturesDocument('{"format":')).toThrow(/Not a JSON document/)
    expect(() => parseCapturesDocument('{"format":"hooklab.attempts/v1","deliveries":[]}')).toThrow(/Not a hooklab.captures\/v1 document \(its format is "hooklab.attempts\/v1"\)/)
    doc.captures[2]!.request.encoding = 'hex'
    expect(() => parseCapturesDocument(JSON.stringify(doc))).toThrow(/capture 3: request.encoding: /)
    // A body that is not what its size says, or "base64" that is not: refused, not imported as something else.
    const edited = JSON.parse(text) as { captures: Array<{ id: string; request: { encoding: string; body: string; size: number } }> }
    edited.captures[0]!.request.size = 99_999
    expect(() => parseCapturesDocument(JSON.stringify(edited))).toThrow(new RegExp(`capture 1 \\(${edited.captures[0]!.id}\\): request.size says 99999 bytes, but its body has \\d+`))
    const notBase64 = JSON.parse(text) as typeof edited
    Object.assign(notBase64.captures[1]!.request, { encoding: 'base64', body: '!!!notb64' })
    expect(() => parseCapturesDocument(JSON.stringify(notBase64))).toThrow(/capture 2 \(cap_\w+\): the body is marked base64 but is not base64/)
  })
})
