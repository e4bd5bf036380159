// The built CLI: `replay --wait` follows its delivery as `send --wait` does (one follower for both), and an
// attempt's timeout stays within the app's range.
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { startSink } from '../receiver/helpers'
import { cleanups, run, start, tempHome } from './helpers'

/** A home with one delivery to a 500-answering endpoint, tried once (dead), and that endpoint then disabled. */
async function failedThroughDisabledEndpoint(): Promise<{
  home: string
  deliveryId: string
  requests: () => number
}> {
  const home = tempHome()
  const sink = await startSink(500)
  cleanups.push(() => sink.close())
  const engine = createEngine({ home })
  const ep = engine.endpoints.create({
    name: 'Orders',
    url: `${sink.url}/orders`,
    retry: { schedule: { kind: 'list', delaysMs: [] }, maxAttempts: 1 },
  })
  engine.start()
  const { deliveryId } = engine.delivery.enqueue({
    endpointId: ep.id,
    body: Buffer.from('{}'),
    contentType: 'application/json',
  })
  expect((await engine.delivery.waitFor(deliveryId)).status).toBe('dead')
  engine.endpoints.update(ep.id, { enabled: false })
  await engine.stop()
  return { home, deliveryId, requests: () => sink.requests.length }
}

describe('replay of a delivery whose endpoint is disabled', () => {
  it('--wait refuses instead of waiting in silence; without --wait it queues and says why it waits', async () => {
    const { home, deliveryId, requests } = await failedThroughDisabledEndpoint()
    const waited = await run(['replay', deliveryId, '--wait', '--home', home])
    expect(waited.code).toBe(2)
    expect(waited.stderr).toBe(
      'hooklab: endpoint "Orders" is disabled (by user): --wait would wait until it is enabled again. Enable it in the app, replay without --wait to queue it for then, or replay --to its URL\n',
    )
    const queued = await run(['replay', deliveryId, '--home', home])
    expect(queued.code).toBe(0)
    const id = queued.stdout.trim()
    expect(id).toMatch(/^dlv_\w+$/)
    expect(queued.stderr).toBe(
      `queued, but endpoint "Orders" is disabled (by user): it is sent once the endpoint is enabled again (in the app); \`hooklab cancel ${id} --home ${home}\` drops it\n`,
    )
    // Only the plain replay is queued; the refused one left nothing behind.
    const after = createEngine({ home })
    cleanups.push(() => after.stop())
    expect(after.delivery.listDeliveries({ status: 'pending' }).items.map((d) => d.id)).toEqual([
      id,
    ])
    expect(requests()).toBe(1)
  })

  it('replay --wait prints attempts and the result as send --wait does, and Ctrl-C leaves the replay queued (exit 130)', async () => {
    const home = tempHome()
    const engine = createEngine({ home })
    engine.start()
    // Nothing listens on port 9: each attempt fails and the next is 30 s away (the replay keeps that schedule).
    const { deliveryId } = engine.delivery.enqueue({
      url: 'http://127.0.0.1:9/',
      body: Buffer.from('{}'),
      contentType: 'application/json',
      retry: { schedule: { kind: 'list', delaysMs: [30_000] }, maxAttempts: 3 },
    })
    await new Promise<void>((resolve) => engine.bus.on('attempt.finished', () => resolve()))
    engine.delivery.cancel(deliveryId)
    await engine.stop()
    const r = start(['replay', deliveryId, '--wait', '--home', home])
    expect(await r.next()).toMatch(/^attempt 1: E_CONN_REFUSED \(.+\) in \d+ ms -> retrying in (29|30)(\.\d)?s$/)
    r.child.kill('SIGINT')
    expect(await r.exited).toBe(130)
    expect(r.stderr()).toMatch(
      new RegExp(
        `^interrupted: dlv_\\w+ is still queued; the app or \`hooklab serve\` on ${home} sends it when it next runs. To drop it: hooklab cancel dlv_\\w+ --home ${home}\\n$`,
      ),
    )
  })
})

describe('send --timeout', () => {
  it('is refused outside the app’s 100ms to 5m, before anything is queued', async () => {
    const home = tempHome()
    for (const t of ['10m', '50ms', '400000']) {
      const r = await run(['send', 'http://127.0.0.1:9/', '--timeout', t, '--home', home])
      expect(r.code).toBe(2)
      expect(r.stderr).toBe(
        `hooklab: --timeout ${t}: an attempt's timeout is 100ms to 5m (as in the app)\n`,
      )
    }
    const engine = createEngine({ home })
    cleanups.push(() => engine.stop())
    expect(engine.delivery.listDeliveries().items).toHaveLength(0)
    // The engine holds the same bound for every caller.
    expect(() =>
      engine.delivery.enqueue({
        url: 'http://127.0.0.1:9/',
        body: Buffer.from('{}'),
        contentType: 'application/json',
        timeoutMs: 3_600_000,
      }),
    ).toThrow(/timeoutMs must be between 100 ms and 5 minutes/)
    expect(() =>
      engine.endpoints.create({ url: 'http://127.0.0.1:9/', timeoutMs: 3_600_000 }),
    ).toThrow(/timeoutMs must be between/)
  })
})
