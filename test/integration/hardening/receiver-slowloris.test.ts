import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startReceiver } from '../receiver/helpers'
import type { Harness } from '../receiver/helpers'

let port: number
let harness: Harness

beforeAll(async () => {
  ;({ port } = harness = await startReceiver({ options: { headersTimeoutMs: 400, requestTimeoutMs: 1500, connectionsCheckingIntervalMs: 50 } }))
})

afterAll(async () => {
  await harness.close()
})

it('the server closes a slowloris connection that keeps dripping after its 408', async () => {
  const sockets: Socket[] = []
  const closed: Array<Promise<void>> = []
  for (let i = 0; i < 20; i++) {
    const s = connect(port, '127.0.0.1')
    s.on('error', () => {})
    sockets.push(s)
    closed.push(new Promise((r) => s.once('close', () => r())))
    s.on('connect', () => s.write(`POST /slow/${i} HTTP/1.1\r\nHost: x\r\n`))
  }
  const drip = setInterval(() => {
    for (const s of sockets) if (!s.destroyed) s.write('X-Drip: 1\r\n')
  }, 100)
  try {
    await Promise.all(closed) // ended by the server, not by us
  } finally {
    clearInterval(drip)
    for (const s of sockets) s.destroy()
  }
  expect(sockets.every((s) => s.destroyed)).toBe(true)
}, 10_000)
