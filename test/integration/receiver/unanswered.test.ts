// A scripted `hang`, or an answer delayed past the sender's timeout, is how a developer tests their
// sender's timeout. The capture then says the answer never went out: after how long the connection
// closed, and whether the sender gave up or Hooklab closed it (the hang limit). It used to say only
// "hang", so whether the sender waited 1 s or 5 min was not to be read anywhere. Kept through an
// export and an import.
import { connect } from 'node:net'
import { Writable } from 'node:stream'
import { afterEach, expect, it } from 'vitest'
import { parseCapturesDocument } from '../../../src-main/api/captures-import'
import { tmpEngine } from '../delivery/helpers'
import { startReceiver, type Harness } from './helpers'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

/** Sends one request and closes the connection after `giveUpMs` unless it got an answer; resolves with what came back. */
function sendAndGiveUp(port: number, path: string, giveUpMs: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => s.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi`))
    const got: Buffer[] = []
    const timer = setTimeout(() => s.destroy(), giveUpMs)
    s.on('data', (d: Buffer) => {
      got.push(d)
      clearTimeout(timer)
      s.end()
    })
    s.on('error', () => {})
    s.on('close', () => {
      clearTimeout(timer)
      resolve(Buffer.concat(got).toString())
    })
  })
}

const detailOf = (hh: Harness, path: string) => {
  const row = hh.receiver.listCaptures().items.find((c) => c.path === path)!
  return hh.receiver.getCapture(row.id)
}

it('says when the sender gave up on a hang or a delayed answer, and when Hooklab closed a hang', async () => {
  h = await startReceiver({ options: { hangMs: 600 } })
  const updates: string[] = []
  h.bus.on('capture.updated', (e) => void updates.push(e.change))
  const def = h.receiver.inboxes.getBySlug('default')!
  h.receiver.inboxes.update(def.id, { responseScript: 'hang, 200 delay=5000, hang, 200 delay=50, 200' })

  expect(await sendAndGiveUp(h.port, '/gave-up-on-hang', 250)).toBe('')
  expect(await sendAndGiveUp(h.port, '/gave-up-on-delay', 300)).toBe('')
  expect(await sendAndGiveUp(h.port, '/held-to-the-limit', 5_000)).toBe('') // Hooklab closes it at 600 ms
  expect(await sendAndGiveUp(h.port, '/delayed-and-answered', 5_000)).toMatch(/^HTTP\/1.1 200/)
  expect(await sendAndGiveUp(h.port, '/answered', 5_000)).toMatch(/^HTTP\/1.1 200/)
  await expect.poll(() => updates.length).toBe(3)

  const hang = detailOf(h, '/gave-up-on-hang').response!
  expect(hang.status).toBeNull()
  expect(hang.unanswered?.by).toBe('sender')
  expect(hang.unanswered!.afterMs).toBeGreaterThanOrEqual(200)
  expect(hang.unanswered!.afterMs).toBeLessThan(600) // before the hang limit

  const delayed = detailOf(h, '/gave-up-on-delay').response!
  expect(delayed.status).toBe(200) // what would have been sent
  expect(delayed.unanswered?.by).toBe('sender')
  expect(delayed.unanswered!.afterMs).toBeGreaterThanOrEqual(250)

  const limit = detailOf(h, '/held-to-the-limit').response!
  expect(limit.unanswered?.by).toBe('hooklab')
  expect(limit.unanswered!.afterMs).toBeGreaterThanOrEqual(550)

  expect(detailOf(h, '/delayed-and-answered').response!.unanswered).toBeNull()
  expect(detailOf(h, '/answered').response!.unanswered).toBeNull()
  expect(updates).toEqual(['unanswered', 'unanswered', 'unanswered'])
})

it('a hang cut by the receiver stopping is put down to Hooklab, not the sender', async () => {
  h = await startReceiver()
  const def = h.receiver.inboxes.getBySlug('default')!
  h.receiver.inboxes.update(def.id, { responseScript: 'hang' })
  const reply = sendAndGiveUp(h.port, '/cut-by-stop', 10_000)
  await expect.poll(() => h!.receiver.listCaptures().items.length).toBe(1)
  await h.receiver.stop()
  expect(await reply).toBe('')
  expect(detailOf(h, '/cut-by-stop').response!.unanswered?.by).toBe('hooklab')
})

it('an export and an import keep it', async () => {
  const engine = tmpEngine()
  const { port } = await engine.startReceiver()
  const def = engine.receiver.inboxes.getBySlug('default')!
  engine.receiver.inboxes.update(def.id, { responseScript: 'hang, 200' })
  await sendAndGiveUp(port, '/gave-up', 200)
  await sendAndGiveUp(port, '/fine', 5_000)
  await expect.poll(() => engine.receiver.listCaptures().items.some((c) => engine.receiver.getCapture(c.id).response?.unanswered)).toBe(true)
  const chunks: string[] = []
  await engine.export.exportCaptures({}, new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c.toString()), cb()) }))
  const doc = JSON.parse(chunks.join('')) as { captures: Array<{ request: { path: string }; response: { unanswered: unknown } }> }
  const byPath = new Map(doc.captures.map((c) => [c.request.path, c.response]))
  expect(byPath.get('/gave-up')!.unanswered).toMatchObject({ by: 'sender' })
  expect(byPath.get('/fine')!.unanswered).toBeNull()

  const other = tmpEngine()
  other.receiver.importCaptures(parseCapturesDocument(chunks.join('')))
  const back = other.receiver.listCaptures().items.map((c) => other.receiver.getCapture(c.id))
  const gaveUp = back.find((c) => c.path === '/gave-up')!
  expect(gaveUp.response!.unanswered).toEqual(engine.receiver.getCapture(gaveUp.id).response!.unanswered)
  expect(back.find((c) => c.path === '/fine')!.response!.unanswered).toBeNull()
})
