// An attempt cut short because Hooklab stopped (E_STOPPED: serve's SIGTERM, the app quitting past the
// grace period) is Hooklab's doing, not the endpoint's. It used to count toward maxAttempts and move the
// retry schedule a step: the endpoint answered once, and the delivery was dead "after 2 of 2 attempts".
// Its attempt row stays (numbered in turn, shown in the detail), but the retry decision leaves it out.
import { expect, it, onTestFinished } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { json, startSink, tmpHome } from './helpers'

it('a stopped attempt does not use up one of maxAttempts, nor a step of the schedule; it stays in the history', async () => {
  // The first request is answered only after 5 s (past the stop's grace); every later one with a 500.
  const sink = await startSink((_req, n) =>
    n === 0 ? { status: 500, delayMs: 5000 } : { status: 500 },
  )
  onTestFinished(() => sink.close())
  const home = tmpHome()
  onTestFinished(home.cleanup)
  const a = createEngine({ home: home.dir, ownerId: 'eng_a', pollMs: 20 })
  a.start()
  // Two attempts that count; the second step (60 s) is never due in this test: reaching it would time it out.
  const retry = { schedule: { kind: 'list' as const, delaysMs: [50, 60_000] }, maxAttempts: 2 }
  const { deliveryId } = a.delivery.enqueue({
    url: `${sink.url}/x`,
    body: json({}),
    contentType: 'application/json',
    retry,
    timeoutMs: 10_000,
  })
  while (sink.requests.length === 0) await new Promise((r) => setTimeout(r, 10))
  await a.stop({ graceMs: 100 })

  const b = createEngine({ home: home.dir, ownerId: 'eng_b', pollMs: 20 })
  onTestFinished(() => b.stop({ graceMs: 100 }))
  b.start()
  const final = await b.delivery.waitFor(deliveryId)
  expect(final.status).toBe('dead')
  // The endpoint answered twice (maxAttempts 2), after the attempt the stop cut short.
  const attempts = b.delivery.getDelivery(deliveryId).attemptsList
  expect(
    attempts.map((t) => [t.number, t.error?.code ?? null, t.response?.status ?? null, t.outcome]),
  ).toEqual([
    [1, 'E_STOPPED', null, 'retrying'],
    [2, null, 500, 'retrying'],
    [3, null, 500, 'dead'],
  ])
  expect(sink.requests).toHaveLength(3)
  expect(final.attempts).toBe(3) // every attempt made is counted in the list, the stopped one too
})
