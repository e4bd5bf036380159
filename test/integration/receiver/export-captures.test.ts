// The captures export (hooklab.captures/v1), validated against the shipped JSON Schema itself:
// requests byte for byte (binary as base64), what was answered, verdicts without the inbox's
// secret, oldest first across keyset pages, filtered by inbox and received time.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Webhook } from 'standardwebhooks'
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { slowSink, tmpEngine } from '../delivery/helpers'
import { startSink } from './helpers'

const schema = z.fromJSONSchema(JSON.parse(readFileSync(join(__dirname, '../../../resources/schema/hooklab.captures.v1.schema.json'), 'utf8')) as never)

interface Doc {
  format: string
  filters: { inboxId: string | null; inboxSlug: string | null; since: string | null; until: string | null }
  captures: Array<{
    id: string
    inbox: { slug: string }
    receivedAt: string
    event: string | null
    request: { method: string; path: string; query: string; headers: [string, string][]; encoding: string; body: string; size: number }
    response: { status: number | null; encoding: string; body: string } | null
    verification: { scheme: string; valid: boolean; reason: string } | null
  }>
}

/** An engine with its receiver up and a clock the test moves (captures are stamped with it). */
async function setup() {
  let now = Date.parse('2026-03-01T10:00:00Z')
  const engine = tmpEngine({ clock: { now: () => now } })
  const { url } = await engine.startReceiver()
  const post = async (path: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}${path}`, { method: 'POST', body, headers })
    await res.arrayBuffer()
    return res.status
  }
  return { engine, post, at: (iso: string) => (now = Date.parse(iso)) }
}

async function exportDoc(engine: Awaited<ReturnType<typeof setup>>['engine'], filter = {}) {
  const { stream, chunks } = slowSink()
  const counts = await engine.export.exportCaptures(filter, stream)
  const text = chunks.join('')
  return { counts, text, doc: JSON.parse(text) as Doc }
}

describe('export hooklab.captures/v1', () => {
  it('writes each request as received, its answer and verdict, never the inbox secret; valid against the schema', async () => {
    const { engine, post, at } = await setup()
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const signed = engine.receiver.inboxes.create({ slug: 'signed' })
    engine.receiver.inboxes.update(signed.id, { verification: { scheme: 'standard', secret }, responseScript: '202' })
    engine.receiver.inboxes.create({ slug: 'raw' })

    const body = '{"type":"invoice.paid","id":"evt_1"}'
    const sentAt = new Date(Date.parse('2026-03-01T10:00:00Z'))
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(sentAt.getTime() / 1000),
      'webhook-signature': new Webhook(secret).sign('msg_1', sentAt, body),
    }
    at('2026-03-01T10:00:00Z')
    expect(await post('/in/signed/hooks?x=1', body, { ...headers, 'content-type': 'application/json' })).toBe(202)
    at('2026-03-01T10:00:01Z')
    expect(await post('/in/signed/hooks', body, { 'content-type': 'application/json', 'webhook-id': 'msg_2', 'webhook-timestamp': '1', 'webhook-signature': 'v1,AAAA' })).toBe(202)
    at('2026-03-01T10:00:02Z')
    const binary = Uint8Array.from([0x00, 0xff, 0x10, 0x80, 0x7f])
    expect(await post('/in/raw/bin', binary, { 'content-type': 'application/octet-stream' })).toBe(200)

    // An inbox that relays: its capture's answer is the dev server's, and says so.
    const dev = await startSink(418, 'teapot')
    const proxy = engine.receiver.inboxes.create({ slug: 'proxy' })
    engine.receiver.inboxes.update(proxy.id, { forwardTo: dev.url, response: { relay: true } })
    at('2026-03-01T10:00:03Z')
    expect(await post('/in/proxy/x', '{}')).toBe(418)
    await dev.close()

    const { counts, text, doc } = await exportDoc(engine)
    expect(counts).toEqual({ captures: 4 })
    expect(schema.safeParse(doc).success).toBe(true)
    expect(text).not.toContain(secret)
    expect(text).not.toContain('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')
    expect(doc.format).toBe('hooklab.captures/v1')
    expect(doc.filters).toEqual({ inboxId: null, inboxSlug: null, since: null, until: null })

    const [good, bad, bin, relayed] = doc.captures
    expect(doc.captures.map((c) => c.inbox.slug)).toEqual(['signed', 'signed', 'raw', 'proxy'])
    expect(relayed!.response).toMatchObject({ status: 418, encoding: 'utf8', body: 'teapot', relayed: true })
    expect(good).toMatchObject({
      receivedAt: '2026-03-01T10:00:00.000Z',
      event: 'invoice.paid',
      request: { method: 'POST', path: '/in/signed/hooks', query: 'x=1', encoding: 'utf8', body, size: body.length },
      response: { status: 202, relayed: false },
      verification: { scheme: 'standard', valid: true, reason: 'valid' },
    })
    expect(good!.request.headers).toContainEqual(['webhook-id', 'msg_1'])
    expect(bad!.verification).toMatchObject({ scheme: 'standard', valid: false })
    expect(bin!.verification).toBeNull()
    expect(bin!.request.encoding).toBe('base64')
    expect([...Buffer.from(bin!.request.body, 'base64')]).toEqual([...binary])

    // The schema is a real check: a capture without its request is refused.
    const broken = { ...doc, captures: [{ ...good, request: undefined }] }
    expect(schema.safeParse(broken).success).toBe(false)
  })

  it('pages oldest first through many captures, and filters by inbox and received time', async () => {
    const { engine, post, at } = await setup()
    const a = engine.receiver.inboxes.create({ slug: 'a' })
    engine.receiver.inboxes.create({ slug: 'b' })
    for (let i = 0; i < 250; i++) {
      at(new Date(Date.parse('2026-03-01T00:00:00Z') + i * 60_000).toISOString())
      expect(await post(i % 2 === 0 ? '/in/a/' : '/in/b/', JSON.stringify({ n: i }))).toBe(200)
    }

    const all = await exportDoc(engine)
    expect(all.counts.captures).toBe(250)
    expect(all.doc.captures.map((c) => (JSON.parse(c.request.body) as { n: number }).n)).toEqual([...Array(250).keys()])

    const onlyA = await exportDoc(engine, { inboxId: a.id })
    expect(onlyA.doc.filters).toMatchObject({ inboxId: a.id, inboxSlug: 'a' })
    expect(onlyA.doc.captures).toHaveLength(125)
    expect(onlyA.doc.captures.every((c) => c.inbox.slug === 'a')).toBe(true)

    // Minutes 100..199: since inclusive, until exclusive.
    const since = Date.parse('2026-03-01T01:40:00Z')
    const until = Date.parse('2026-03-01T03:20:00Z')
    const range = await exportDoc(engine, { since, until })
    const ns = range.doc.captures.map((c) => (JSON.parse(c.request.body) as { n: number }).n)
    expect(ns[0]).toBe(100)
    expect(ns[ns.length - 1]).toBe(199)
    expect(ns).toHaveLength(100)
    expect(range.doc.filters).toMatchObject({ since: '2026-03-01T01:40:00.000Z', until: '2026-03-01T03:20:00.000Z' })
    expect(schema.safeParse(range.doc).success).toBe(true)
  })

  it('an unknown inbox is an error, not an empty file', async () => {
    const { engine } = await setup()
    const { stream } = slowSink()
    await expect(engine.export.exportCaptures({ inboxId: 'inb_nope' }, stream)).rejects.toMatchObject({ code: 'E_NOT_FOUND' })
  })
})
