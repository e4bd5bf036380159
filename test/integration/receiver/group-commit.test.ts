import { afterEach, describe, expect, it } from 'vitest'
import { startReceiver } from './helpers'
import type { Harness } from './helpers'

let h: Harness | null = null
afterEach(async () => {
  await h?.close()
  h = null
})

async function postMany(url: string, n: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      fetch(`${url}/hook`, { method: 'POST', body: JSON.stringify({ i }), headers: { 'content-type': 'application/json' } }).then(async (r) => {
        await r.arrayBuffer()
        return r.status
      }),
    ),
  )
}

describe('receiver group commit', () => {
  it('answers every request of a batch even when a capture.received listener throws', async () => {
    h = await startReceiver()
    let calls = 0
    h.bus.on('capture.received', () => {
      calls++
      throw new Error('listener bug')
    })
    const statuses = await postMany(h.url, 20)
    expect(statuses).toEqual(new Array(20).fill(200))
    expect(calls).toBe(20)
    expect(h.receiver.listCaptures({}, { limit: 100 }).items).toHaveLength(20)
  })

  it('answers 500 to the whole batch when its commit fails, stores none of it, and recovers', async () => {
    h = await startReceiver()
    h.db.exec("CREATE TRIGGER refuse BEFORE INSERT ON capture BEGIN SELECT RAISE(ABORT, 'no room'); END")
    const failed = await postMany(h.url, 10)
    expect(failed).toEqual(new Array(10).fill(500))
    expect(h.receiver.listCaptures({}, { limit: 100 }).items).toHaveLength(0)
    h.db.exec('DROP TRIGGER refuse')
    expect(await postMany(h.url, 3)).toEqual([200, 200, 200])
    expect(h.receiver.listCaptures({}, { limit: 100 }).items).toHaveLength(3)
  })
})
