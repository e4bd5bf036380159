// Review 4: what the receiver accepts (a 16 KB header block, any number of headers) must be viewable.
// Output schemas used the input caps (a value of at most 8,192 characters, at most 200 headers), so
// captures.get and deliveries.get failed their output check and the item stayed on "Loading…".
import { createServer, request } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { dispatch } from '../../../src-main/api/dispatch'
import { createRuntime, type Runtime } from '../../../src-main/api/runtime'
import { tmpDir } from '../hardening/helpers'

let rt: Runtime | undefined
let server: Server | undefined
let cleanup: (() => void) | undefined
afterEach(async () => {
  await rt?.stop()
  if (server) await new Promise((r) => server!.close(r))
  cleanup?.()
})

const LONG = 'a'.repeat(9000)

async function start(): Promise<
  (method: string, input: unknown) => Promise<Record<string, unknown>>
> {
  const home = tmpDir('hooklab-outheaders-')
  cleanup = home.cleanup
  rt = createRuntime({
    home: home.dir,
    mode: 'browser',
    receiverPort: 0,
    pollMs: 20,
    exportFile: async () => ({ kind: 'cancelled' }),
    send: () => {},
  })
  await rt.start()
  return async (method, input) => {
    const r = await dispatch(rt!.handlers, method, input)
    if (!r.ok) throw new Error(r.error.message)
    return r.result as Record<string, unknown>
  }
}

function post(url: string, headers: Array<[string, string]>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: headers.flat() }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end('{"type":"big.headers"}')
  })
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000
  let v = await read()
  while (!done(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50))
    v = await read()
  }
  return v
}

it('a capture with a 9,000-character header value, or 250 headers, opens with every header', async () => {
  const call = await start()
  const [inbox] = (await call('inboxes.list', {})) as unknown as Array<{ id: string; url: string }>
  const many = Array.from({ length: 250 }, (_, i): [string, string] => [`x-h${i}`, String(i)])
  expect(await post(`${inbox!.url}/longvalue`, [['Cookie', `session=${LONG}`]])).toBe(200)
  expect(await post(`${inbox!.url}/manyheaders`, many)).toBe(200)
  const items = await until(
    async () =>
      (
        (await call('captures.list', { inboxId: inbox!.id, limit: 10 })) as {
          items: Array<{ id: string; path: string }>
        }
      ).items,
    (list) => list.length >= 2,
  )
  const idOf = (suffix: string) => items.find((c) => c.path.endsWith(suffix))?.id

  const long = (await call('captures.get', { id: idOf('/longvalue') })) as {
    headers: Array<[string, string]>
  }
  expect(long.headers.find(([n]) => n.toLowerCase() === 'cookie')?.[1]).toBe(`session=${LONG}`)
  const lots = (await call('captures.get', { id: idOf('/manyheaders') })) as {
    headers: Array<[string, string]>
  }
  expect(lots.headers.filter(([n]) => n.startsWith('x-h'))).toHaveLength(250)
})

it('a delivery whose receiver answered with a 9,000-character header opens, with that header', async () => {
  const call = await start()
  server = createServer((req, res) => {
    req.resume()
    req.on('end', () =>
      res
        .writeHead(200, { 'content-security-policy': LONG, 'content-type': 'application/json' })
        .end('{}'),
    )
  })
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/csp`
  const sent = (await call('compose.send', { url, body: '{"type":"csp"}' })) as {
    deliveries: Array<{ deliveryId: string }>
  }
  const id = sent.deliveries[0]!.deliveryId
  const detail = (await until(
    async () => {
      const r = await dispatch(rt!.handlers, 'deliveries.get', { id })
      if (!r.ok) return { error: r.error.message, attempts: [] as unknown[] }
      return r.result as { attempts: unknown[] }
    },
    (d) => d.attempts.length > 0 || 'error' in d,
  )) as {
    error?: string
    attempts: Array<{ response: { headers: Array<[string, string]> } | null }>
  }
  expect(detail.error).toBeUndefined()
  expect(
    detail.attempts[0]!.response!.headers.find(
      ([n]) => n.toLowerCase() === 'content-security-policy',
    )?.[1],
  ).toBe(LONG)
})
