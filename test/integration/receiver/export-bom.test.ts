// A body that starts with a UTF-8 BOM (EF BB BF) is text, and both exports write it as text: the BOM
// must stay in that text, or an import (and any signature over the body) gets three bytes fewer.
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { parseCapturesDocument } from '../../../src-main/api/captures-import'
import { verifyCapture } from '../../../src-main/engine/receiver/verification'
import { slowSink, tmpEngine } from '../delivery/helpers'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const BOM_BODY = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"type":"invoice.paid"}')])

describe('a body with a leading BOM', () => {
  it('is exported as utf8 text with its BOM, and imported back byte for byte, its signature still valid', async () => {
    expect(BOM_BODY.length).toBe(26)
    const from = tmpEngine()
    const { url } = await from.startReceiver()
    const at = new Date()
    const headers = {
      'content-type': 'application/json',
      'webhook-id': 'msg_bom',
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(SECRET).sign('msg_bom', at, BOM_BODY.toString('utf8')),
    }
    await (await fetch(`${url}/hook`, { method: 'POST', headers, body: BOM_BODY })).arrayBuffer()
    const { stream, chunks } = slowSink()
    await from.export.exportCaptures({}, stream)
    const [id] = from.receiver.listCaptures().items.map((c) => c.id)
    await from.stop()

    const text = chunks.join('')
    const doc = JSON.parse(text) as { captures: Array<{ request: { encoding: string; body: string; size: number } }> }
    const written = doc.captures[0]!.request
    expect(written.encoding).toBe('utf8')
    expect(written.size).toBe(26)
    expect(Buffer.from(written.body, 'utf8').equals(BOM_BODY)).toBe(true)

    const to = tmpEngine()
    expect(to.receiver.importCaptures(parseCapturesDocument(text))).toMatchObject({ imported: 1 })
    const back = to.receiver.getCapture(id!)
    expect(back.body.equals(BOM_BODY)).toBe(true)
    expect(verifyCapture({ scheme: 'standard', secrets: [SECRET], toleranceSec: 300 }, back.headers, back.body, Date.now())).toMatchObject({ valid: true })
    await to.stop()
  })

  it('comes back whole from a file an earlier export wrote without the BOM (its size says 26)', async () => {
    const from = tmpEngine()
    const { url } = await from.startReceiver()
    await (await fetch(`${url}/hook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BOM_BODY })).arrayBuffer()
    const { stream, chunks } = slowSink()
    await from.export.exportCaptures({}, stream)
    await from.stop()
    const doc = JSON.parse(chunks.join('')) as { captures: Array<{ id: string; request: { body: string; size: number } }> }
    const written = doc.captures[0]!
    written.request.body = written.request.body.replace(/^\uFEFF/, '') // what the export wrote before
    expect(written.request.size).toBe(26)

    const to = tmpEngine()
    to.receiver.importCaptures(parseCapturesDocument(JSON.stringify(doc)))
    expect(to.receiver.getCapture(written.id).body.equals(BOM_BODY)).toBe(true)
    await to.stop()
  })

  it('keeps its BOM in the attempts export too', async () => {
    const engine = tmpEngine()
    const { deliveryId } = engine.delivery.enqueue({ url: 'http://127.0.0.1:9/x', body: BOM_BODY, contentType: 'application/json' })
    const { stream, chunks } = slowSink()
    await engine.export.exportAttempts({}, stream)
    await engine.stop({ graceMs: 0 })
    const doc = JSON.parse(chunks.join('')) as { deliveries: Array<{ id: string; message: { encoding: string; body: string } }> }
    const message = doc.deliveries.find((d) => d.id === deliveryId)!.message
    expect(message.encoding).toBe('utf8')
    expect(Buffer.from(message.body, 'utf8').equals(BOM_BODY)).toBe(true)
  })
})
