// Requests answered without a capture are said, not silent: a sender whose webhook "never arrives"
// usually sent to a slug with no inbox, or sent something that is not HTTP/1.1. The receiver keeps the
// last few (in memory) and announces each; the Inbox and `hooklab listen` show them.
import { connect } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import type { EngineEvents } from '../../../src-main/engine/events'
import { startReceiver, until } from './helpers'
import type { Harness } from './helpers'

let h: Harness
afterEach(async () => {
  await h?.close()
})

function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    let got = ''
    const s = connect(port, '127.0.0.1', () => s.write(bytes))
    s.on('data', (d: Buffer) => (got += d.toString('latin1')))
    s.on('close', () => resolve(got))
    s.on('error', () => resolve(got))
  })
}

it('keeps and announces what it answered without capturing: no such inbox, malformed HTTP, a header block too large', async () => {
  h = await startReceiver()
  const heard: Array<EngineEvents['receiver.refused']> = []
  h.bus.on('receiver.refused', (e) => heard.push(e))
  const typo = await fetch(`${h.url}/in/strpie/events`, { method: 'POST', body: '{}' })
  expect(typo.status).toBe(404)
  expect(await raw(h.port, 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /)
  expect(await raw(h.port, `POST /in/default/x HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431 /)
  await until(() => heard.length === 3)
  const list = h.receiver.refusals()
  expect(list.map((r) => [r.status, r.method, r.path, r.reason])).toEqual([
    [431, null, null, 'header block larger than 16 KB'],
    [400, null, null, expect.stringMatching(/^not HTTP\/1\.1|^malformed HTTP/)],
    [404, 'POST', '/in/strpie/events', 'no inbox "strpie"'],
  ])
  expect(list.every((r) => r.remote === '127.0.0.1')).toBe(true)
  expect(list.map((r) => r.seq)).toEqual([3, 2, 1]) // numbered, so a count can go past the 50 kept
  expect(heard.map((e) => e.status)).toEqual([404, 400, 431])
  expect(h.receiver.listCaptures().items).toHaveLength(0) // none of them is a capture
})
