// An engine stopping while an attempt is on the wire (serve's SIGTERM, the app quitting): past the
// grace period the request is ended and recorded as cut short, due again at once. It used to be left
// running while its lease was given back: another engine on the same file (or the next start) sent it
// a second time alongside, and the first one's answer was never recorded.
import { createEngine } from '../../../src-main/engine/engine'
import { expect, it, onTestFinished } from 'vitest'
import { startSink, tmpHome } from './helpers'

it('a stop past its grace period ends the attempt on the wire, records it, and the next engine sends it once more, never alongside', async () => {
  let open = 0
  let maxOpen = 0
  const closed: number[] = [] // requests (by arrival) whose connection closed
  let arrived = 0
  // The first request is answered only after 5 s (longer than the grace); the next one at once.
  const sink = await startSink((_req, n) => (n === 0 ? { status: 200, delayMs: 5000 } : { status: 200 }))
  const answered: number[] = []
  sink.server.on('request', (req, res) => {
    const n = arrived++
    maxOpen = Math.max(maxOpen, ++open)
    res.once('finish', () => answered.push(n))
    req.socket.once('close', () => {
      open--
      closed.push(n)
    })
  })
  onTestFinished(() => sink.close())
  const home = tmpHome()
  onTestFinished(home.cleanup)
  const a = createEngine({ home: home.dir, ownerId: 'eng_a', pollMs: 20 })
  a.start()
  const { deliveryId } = a.delivery.enqueue({ url: `${sink.url}/hooks`, body: Buffer.from('{"n":1}'), contentType: 'application/json', timeoutMs: 10_000 })
  while (sink.requests.length === 0) await new Promise((r) => setTimeout(r, 10))

  const b = createEngine({ home: home.dir, ownerId: 'eng_b', pollMs: 20 })
  onTestFinished(() => b.stop({ graceMs: 100 }))
  b.start()
  await a.stop({ graceMs: 200 })
  // The request was ended by the stop: its connection is gone and its (5 s) answer was never sent.
  expect(closed).toContain(0)
  expect(answered).not.toContain(0)

  const done = await b.delivery.waitFor(deliveryId)
  expect(done.status).toBe('delivered')
  const attempts = b.delivery.getDelivery(deliveryId).attemptsList
  expect(attempts.map((t) => [t.number, t.error?.code ?? null, t.response?.status ?? null])).toEqual([
    [1, 'E_STOPPED', null],
    [2, null, 200],
  ])
  expect(attempts[0]!.error?.message).toMatch(/Hooklab stopped while this attempt was in flight/)
  expect(sink.requests).toHaveLength(2)
  expect(maxOpen).toBe(1) // never two requests of one attempt on the wire at once
})
