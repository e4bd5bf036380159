// The export is validated against the shipped JSON Schema itself, turned into a validator by
// zod's fromJSONSchema (a real validator for the file users read, not a hand-written mirror).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { slowSink, startSink, tmpHome } from './helpers'

const schema = z.fromJSONSchema(JSON.parse(readFileSync(join(__dirname, '../../../resources/schema/hooklab.attempts.v1.schema.json'), 'utf8')) as never)
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('export hooklab.attempts/v1', () => {
  it('streams every delivery with endpoint (no secret), message and attempts, valid against the schema', async () => {
    const home = tmpHome()
    const sink = await startSink((req) => (req.url === '/bad' ? { status: 500, body: Buffer.from([0xff, 0xfe, 0x00]) } : { status: 200, body: '{"ok":true}' }))
    const engine = createEngine({ home: home.dir, pollMs: 50 })
    cleanups.push(home.cleanup, () => sink.close(), () => engine.stop({ graceMs: 200 }))
    engine.start()
    const secret = 'shh-super-secret-value'
    const ep = engine.endpoints.create({ url: `${sink.url}/ok`, signing: { scheme: 'github', secret } })
    const a = engine.delivery.enqueue({ endpointId: ep.id, body: Buffer.from('{"hello":"world"}'), contentType: 'application/json', eventType: 'push' })
    const b = engine.delivery.enqueue({
      url: `${sink.url}/bad`,
      body: Buffer.from([1, 2, 3, 0xff]),
      contentType: 'application/octet-stream',
      retry: { schedule: { kind: 'list', delaysMs: [10] }, maxAttempts: 2 },
    })
    await Promise.all([a, b].map((x) => engine.delivery.waitFor(x.deliveryId)))

    const { stream, chunks } = slowSink()
    const counts = await engine.export.exportAttempts({}, stream)
    const text = chunks.join('')
    expect(counts).toEqual({ deliveries: 2, attempts: 3 })
    expect(text).not.toContain(secret)
    const doc = JSON.parse(text) as {
      format: string
      deliveries: Array<{ id: string; endpoint: { hasSecret: boolean } | null; message: { encoding: string; body: string }; attempts: Array<{ response: { encoding: string; body: string } | null; request: { headers: string[][] } }> }>
    }
    expect(schema.safeParse(doc).success).toBe(true)
    expect(doc.format).toBe('hooklab.attempts/v1')
    // Both were created in the same millisecond, so find them by id rather than position.
    const first = doc.deliveries.find((d) => d.id === a.deliveryId)
    const second = doc.deliveries.find((d) => d.id === b.deliveryId)
    expect(first!.endpoint!.hasSecret).toBe(true)
    expect(first!.message).toMatchObject({ encoding: 'utf8', body: '{"hello":"world"}' })
    expect(first!.attempts[0]!.request.headers.some(([n]) => n === 'X-Hub-Signature-256')).toBe(true)
    expect(second!.message).toMatchObject({ encoding: 'base64', body: Buffer.from([1, 2, 3, 0xff]).toString('base64') })
    expect(second!.attempts).toHaveLength(2)
    expect(second!.attempts[0]!.response).toMatchObject({ encoding: 'base64', body: Buffer.from([0xff, 0xfe, 0]).toString('base64') })

    const onlyDead = slowSink()
    await engine.export.exportAttempts({ status: 'dead' }, onlyDead.stream)
    const dead = JSON.parse(onlyDead.chunks.join('')) as { filters: { status: string }; deliveries: Array<{ id: string }> }
    expect(dead.filters.status).toBe('dead')
    expect(dead.deliveries.map((d) => d.id)).toEqual([b.deliveryId])
  })

  it('writes a large log in many chunks with backpressure, never as one string', async () => {
    const home = tmpHome()
    const engine = createEngine({ home: home.dir })
    cleanups.push(home.cleanup, () => engine.stop({ graceMs: 0 }))
    for (let i = 0; i < 1500; i++) engine.delivery.enqueue({ url: 'http://127.0.0.1:9/x', body: Buffer.from(`{"i":${i}}`), contentType: 'application/json' })
    const { stream, chunks } = slowSink()
    let maxBuffered = 0
    const origWrite = stream.write.bind(stream)
    stream.write = ((chunk: string) => {
      const ok = origWrite(chunk)
      maxBuffered = Math.max(maxBuffered, stream.writableLength)
      return ok
    }) as typeof stream.write
    const counts = await engine.export.exportAttempts({}, stream)
    expect(counts.deliveries).toBe(1500)
    expect(chunks.length).toBeGreaterThan(5)
    const text = chunks.join('')
    expect(maxBuffered).toBeLessThan(text.length / 3) // the writer waited for the consumer
    const doc = JSON.parse(text) as { deliveries: unknown[] }
    expect(doc.deliveries).toHaveLength(1500)
    expect(schema.safeParse(doc).success).toBe(true)
  })
})
