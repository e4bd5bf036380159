// Who may send: loopback by default; other interfaces only when asked, with an allow-list.
import { afterEach, describe, expect, it } from 'vitest'
import type { Logger } from '../../../src-main/engine/logger'
import { silentLogger } from '../../../src-main/engine/logger'
import { startReceiver } from './helpers'
import type { Harness } from './helpers'

let h: Harness
afterEach(async () => {
  await h?.close()
})

describe('binding and allow-list', () => {
  it('binds 127.0.0.1 by default', async () => {
    h = await startReceiver()
    expect(h.url).toBe(`http://127.0.0.1:${h.port}`)
  })

  it('warns when bound to all interfaces and refuses clients off the allow-list with 403, uncaptured', async () => {
    const warnings: string[] = []
    const logger: Logger = { ...silentLogger, warn: (m) => warnings.push(m) }
    h = await startReceiver({ logger, options: { host: '0.0.0.0', allowList: ['10.1.2.3'] } })
    expect(warnings.some((w) => /0\.0\.0\.0/.test(w))).toBe(true)
    const res = await fetch(`${h.url}/x`, { method: 'POST', body: 'nope' })
    expect(res.status).toBe(403)
    expect(h.receiver.listCaptures().items).toHaveLength(0)
  })

  it('lets listed clients in', async () => {
    h = await startReceiver({ options: { host: '0.0.0.0', allowList: ['127.0.0.1'] } })
    expect((await fetch(`${h.url}/x`, { method: 'POST', body: 'yes' })).status).toBe(200)
    expect(h.receiver.listCaptures().items).toHaveLength(1)
  })
})
