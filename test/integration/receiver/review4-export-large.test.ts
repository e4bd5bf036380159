// Review 4: `export --captures` (and the Inbox's Export) failed with "Invalid string length" once a
// page of 100 captures held about 40 bodies near the 10 MB limit: the page was read whole (over 1 GB)
// and joined into one string before it was written. Now each capture is written on its own, and a
// page also ends once its bodies pass a byte budget, so memory holds about that much.
import { randomBytes } from 'node:crypto'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createCaptureExporter } from '../../../src-main/engine/export/captures'
import { EXPORT_PAGE_BYTES } from '../../../src-main/engine/receiver/capture-repo'
import type { CaptureDetail } from '../../../src-main/engine/receiver/types'
import { tmpEngine } from '../delivery/helpers'

/** Counts what it is given and keeps none of it. */
function countingSink(): {
  stream: Writable
  stats: { chars: number; writes: number; largest: number; text: string[] }
} {
  const stats = { chars: 0, writes: 0, largest: 0, text: [] as string[] }
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string, _enc, cb) {
      stats.chars += chunk.length
      stats.writes++
      stats.largest = Math.max(stats.largest, chunk.length)
      if (chunk.length < 1000) stats.text.push(chunk)
      cb()
    },
  })
  return { stream, stats }
}

describe('exporting captures near the body limit', () => {
  it('writes 55 captures of 8 MB (more than V8 can hold in one string) one by one', async () => {
    // One 8 MB binary body shared by every capture: the test holds 8 MB, the old export joined 587 MB of base64.
    const body = randomBytes(8 * 1024 * 1024)
    const total = 55
    const capture = (seq: number) =>
      ({
        seq,
        id: `cap_${seq}`,
        inboxId: 'inb_1',
        inboxSlug: 'default',
        receivedAt: 1_700_000_000_000 + seq,
        remoteAddress: '127.0.0.1',
        event: null,
        eventFrom: null,
        method: 'POST',
        path: `/up${seq}`,
        query: '',
        headers: [['content-type', 'application/octet-stream']],
        contentType: 'application/octet-stream',
        size: body.length,
        oversize: false,
        body,
        response: null,
        relayed: false,
        verification: null,
        duplicateOf: null,
        forward: null,
      }) as unknown as CaptureDetail
    const receiver = {
      inboxes: { get: () => null },
      capturesAfter: (_f: unknown, after: number, limit: number) =>
        Array.from({ length: Math.max(0, Math.min(limit, total - after)) }, (_, i) =>
          capture(after + i + 1),
        ),
    }
    const exporter = createCaptureExporter({
      receiver: receiver as never,
      clock: { now: () => 0 } as never,
    })
    const { stream, stats } = countingSink()
    expect(await exporter.exportCaptures({}, stream)).toEqual({ captures: total })
    const one = Math.ceil(body.length / 3) * 4
    expect(stats.chars).toBeGreaterThan(total * one)
    // Each write holds one capture at most (with what little came before it), never a page.
    expect(stats.largest).toBeLessThan(one + 64 * 1024 + 2000)
    expect(stats.writes).toBeGreaterThanOrEqual(total)
    expect(stats.text.at(-1)).toBe(']}\n')
  })

  it('pages by bytes as well as by count, and still exports every capture in order', async () => {
    const engine = tmpEngine()
    const { url } = await engine.startReceiver()
    const size = 1024 * 1024
    const count = 40
    for (let i = 0; i < count; i++) {
      const res = await fetch(`${url}/up${i}`, {
        method: 'POST',
        body: randomBytes(size),
        headers: { 'content-type': 'application/octet-stream' },
      })
      await res.arrayBuffer()
      expect(res.status).toBe(200)
    }
    // A page of 100 holds no more than the byte budget (plus the capture that crosses it), not all 40 MB.
    const seen: string[] = []
    let after = 0
    let pages = 0
    for (;;) {
      const page = engine.receiver.capturesAfter({}, after, 100)
      if (page.length === 0) break
      pages++
      const bytes = page.reduce((n, c) => n + c.body.length, 0)
      expect(bytes).toBeLessThanOrEqual(EXPORT_PAGE_BYTES + size)
      seen.push(...page.map((c) => c.path))
      after = page[page.length - 1]!.seq
    }
    expect(pages).toBeGreaterThan(1)
    expect(seen).toEqual(
      Array.from({ length: count }, (_, i) => expect.stringMatching(new RegExp(`/up${i}$`))),
    )

    // The export walks past the short pages to the end.
    const chunks: string[] = []
    const stream = new Writable({
      decodeStrings: false,
      write(chunk: string, _enc, cb) {
        chunks.push(chunk)
        cb()
      },
    })
    expect(await engine.export.exportCaptures({}, stream)).toEqual({ captures: count })
    const doc = JSON.parse(chunks.join('')) as {
      captures: Array<{ request: { path: string; encoding: string; body: string } }>
    }
    expect(doc.captures.map((c) => c.request.path)).toEqual(seen)
    expect(
      doc.captures.every(
        (c) =>
          c.request.encoding === 'base64' && Buffer.from(c.request.body, 'base64').length === size,
      ),
    ).toBe(true)
  })
})
