// ONE contract suite, run through the Electron IPC wiring (ipc.test.ts) and through the
// browser-mode WebSocket (ws.test.ts). It drives a real engine, receiver and HTTP servers.
import { createServer } from 'node:http'
import type { IncomingHttpHeaders, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventPayload, HooklabBridge } from '../../../src-preload/contract'

export interface BridgeFixture {
  bridge: HooklabBridge
  mode: 'electron' | 'browser'
  /** Calls the way something other than our app would; returns the error code each got. */
  callAsForeign(): Promise<string[]>
  /** Calls a method name that is not in the contract, past the preload's own check. */
  callUnknownMethod(): Promise<string>
  close(): Promise<void>
}

interface Sink {
  url: string
  requests: Array<{ headers: IncomingHttpHeaders; body: string }>
  server: Server
}

async function startSink(): Promise<Sink> {
  const requests: Sink['requests'] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, requests, server }
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'resolved'
  } catch (err) {
    return String((err as { code?: unknown }).code)
  }
}

export function contractSuite(name: string, makeBridge: () => Promise<BridgeFixture>): void {
  describe(`contract over ${name}`, () => {
    let fx: BridgeFixture
    let sink: Sink
    const batches: Array<EventPayload<'live.batch'>> = []

    beforeAll(async () => {
      fx = await makeBridge()
      sink = await startSink()
      fx.bridge.on('live.batch', (b) => batches.push(b))
    })
    afterAll(async () => {
      await fx.close()
      await new Promise((r) => sink.server.close(r))
    })

    it('reports the running engine (mode, data dir, receiver URL)', async () => {
      const info = await fx.bridge.invoke('app.info', {})
      expect(info.mode).toBe(fx.mode)
      expect(info.dbFile).toContain(info.home)
      expect(info.receiverUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/)
    })

    it('creates an endpoint that the list then shows, without ever returning its secret', async () => {
      const created = await fx.bridge.invoke('endpoints.create', {
        name: 'sink',
        url: sink.url,
        signing: { scheme: 'standard', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
      })
      expect(created.signing).toMatchObject({ scheme: 'standard', hasSecret: true })
      const list = await fx.bridge.invoke('endpoints.list', {})
      expect(list.map((e) => e.id)).toContain(created.id)
      expect(JSON.stringify(list)).not.toContain('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')
      const renamed = await fx.bridge.invoke('endpoints.update', { id: created.id, patch: { name: 'renamed' } })
      expect(renamed).toMatchObject({ name: 'renamed', signing: { scheme: 'standard', hasSecret: true } })
    })

    it('sends to a local server: the delivery appears with its signed attempt, and live batches announce it', async () => {
      const [ep] = await fx.bridge.invoke('endpoints.list', {})
      if (!ep) throw new Error('no endpoint')
      const sent = await fx.bridge.invoke('compose.send', { endpointIds: [ep.id], body: '{"hello":"world"}', eventType: 'test.ping' })
      const [d] = sent.deliveries
      if (!d) throw new Error('nothing enqueued')
      await expect.poll(async () => (await fx.bridge.invoke('deliveries.get', { id: d.deliveryId })).delivery.status, { timeout: 10_000 }).toBe('delivered')
      const detail = await fx.bridge.invoke('deliveries.get', { id: d.deliveryId })
      expect(detail.attempts).toHaveLength(1)
      expect(detail.attempts[0]?.response?.status).toBe(200)
      expect(Buffer.from(detail.message.bodyBase64, 'base64').toString()).toBe('{"hello":"world"}')
      const received = sink.requests.at(-1)
      expect(received?.headers['webhook-id']).toBe(d.messageId)
      expect(received?.headers['webhook-signature']).toMatch(/^v1,/)
      const page = await fx.bridge.invoke('deliveries.list', { filter: { status: ['delivered', 'failed'] } })
      expect(page.items.map((r) => r.id)).toContain(d.deliveryId)
      await expect
        .poll(() => batches.flatMap((b) => b.deliveries).some((r) => r.id === d.deliveryId && r.status === 'delivered'), { timeout: 5_000 })
        .toBe(true)
    })

    it('catches in an inbox scripted to fail once: the retry delivers and both captures are listed', async () => {
      const inbox = await fx.bridge.invoke('inboxes.create', { slug: 'flaky' })
      await fx.bridge.invoke('inboxes.update', { id: inbox.id, patch: { responseScript: '500, 200' } })
      const ep = await fx.bridge.invoke('endpoints.create', {
        name: 'flaky inbox',
        url: inbox.url,
        retry: { schedule: { kind: 'list', delaysMs: [50] }, maxAttempts: 3, jitter: false, timeScale: 1 },
      })
      const { deliveries } = await fx.bridge.invoke('compose.send', { endpointIds: [ep.id], body: '{"n":1}' })
      const id = deliveries[0]?.deliveryId ?? ''
      await expect.poll(async () => (await fx.bridge.invoke('deliveries.get', { id })).delivery.status, { timeout: 10_000 }).toBe('delivered')
      const detail = await fx.bridge.invoke('deliveries.get', { id })
      expect(detail.attempts.map((a) => a.response?.status)).toEqual([500, 200])
      // The endpoint's stats count both attempts: one succeeded, one failed, both in the latency histogram.
      const stats = await fx.bridge.invoke('stats.endpoint', { endpointId: ep.id })
      expect(stats.buckets.reduce((n, b) => n + b.ok, 0)).toBe(1)
      expect(stats.buckets.reduce((n, b) => n + b.failed, 0)).toBe(1)
      expect(stats.latency.reduce((n, l) => n + l.count, 0)).toBe(2)
      expect(await fx.bridge.invoke('deliveries.counts', { filter: { endpointId: ep.id } })).toMatchObject({ delivered: 1, failed: 0, pending: 0 })
      expect((await fx.bridge.invoke('deliveries.counts', {})).delivered).toBe(2)
      const captures = await fx.bridge.invoke('captures.list', { inboxId: inbox.id })
      expect(captures.items).toHaveLength(2)
      const full = await fx.bridge.invoke('captures.get', { id: captures.items[0]?.id ?? '' })
      expect(Buffer.from(full.bodyBase64, 'base64').toString()).toBe('{"n":1}')
    })

    it("an edited replay sends the edited extra headers in place of the delivery's own", async () => {
      const [ep] = await fx.bridge.invoke('endpoints.list', {})
      if (!ep) throw new Error('no endpoint')
      const sent = await fx.bridge.invoke('compose.send', { endpointIds: [ep.id], body: '{"v":1}', headers: [['X-Env', 'staging'], ['X-Trace', 'a1']] })
      const id = sent.deliveries[0]!.deliveryId
      await expect.poll(async () => (await fx.bridge.invoke('deliveries.get', { id })).delivery.status, { timeout: 10_000 }).toBe('delivered')
      expect((await fx.bridge.invoke('deliveries.get', { id })).extraHeaders).toEqual([['X-Env', 'staging'], ['X-Trace', 'a1']])
      const replay = await fx.bridge.invoke('deliveries.replay', { id, body: '{"v":2}', headers: [['X-Env', 'prod']] })
      await expect.poll(async () => (await fx.bridge.invoke('deliveries.get', { id: replay.deliveryId })).delivery.status, { timeout: 10_000 }).toBe('delivered')
      const got = sink.requests.find((r) => r.body === '{"v":2}')
      expect(got?.headers['x-env']).toBe('prod')
      expect(got?.headers['x-trace']).toBeUndefined()
      expect(got?.headers['webhook-signature']).toMatch(/^v1,/)
      expect((await fx.bridge.invoke('deliveries.get', { id: replay.deliveryId })).extraHeaders).toEqual([['X-Env', 'prod']])
    })

    it("previews retry plans (the engine's default, a preset at its own length) and suggests the event types sent", async () => {
      expect(await fx.bridge.invoke('endpoints.retryPlan', {})).toEqual({ delaysMs: [1000, 2000, 4000, 8000, 16_000, 32_000, 64_000], jittered: true })
      const svix = await fx.bridge.invoke('endpoints.retryPlan', { retry: { schedule: { kind: 'preset', preset: 'svix' }, jitter: false, timeScale: 0.001 } })
      expect(svix).toEqual({ delaysMs: [5, 300, 1800, 7200, 18_000, 36_000, 36_000], jittered: false })
      const ep = await fx.bridge.invoke('endpoints.create', { name: 'typed', url: sink.url })
      await fx.bridge.invoke('compose.send', { endpointIds: [ep.id], body: '{}', eventType: 'invoice.paid' })
      await fx.bridge.invoke('compose.send', { endpointIds: [ep.id], body: '{}', eventType: 'user.created' })
      expect((await fx.bridge.invoke('deliveries.eventTypes', {})).slice(0, 2)).toEqual(['user.created', 'invoice.paid'])
    })

    it('a chosen endpoint that does not subscribe to the event type still gets it, and the preview says so', async () => {
      const picky = await fx.bridge.invoke('endpoints.create', { name: 'billing', url: sink.url, eventTypes: ['invoice.*'] })
      const any = await fx.bridge.invoke('endpoints.create', { name: 'all', url: sink.url })
      const preview = await fx.bridge.invoke('compose.preview', { endpointIds: [picky.id, any.id], body: '{}', eventType: 'customer.created' })
      expect(preview.targets.map((t) => t.note)).toEqual([
        'billing subscribes to invoice.*, not customer.created: it gets this because you chose it; sending by event type would leave it out.',
        null,
      ])
      const matching = await fx.bridge.invoke('compose.preview', { endpointIds: [picky.id], body: '{}', eventType: 'invoice.paid' })
      expect(matching.targets[0]?.note).toBeNull()
    })

    it('fills in variables in the extra headers of the preview, as a send does', async () => {
      const preview = await fx.bridge.invoke('compose.preview', {
        url: sink.url,
        body: '{"n":{{counter}}}',
        headers: [['X-GitHub-Delivery', '{{uuid}}'], ['X-Seq', 'n{{counter}}']],
        counter: 7,
      })
      const headers = new Map((preview.targets[0]?.headers ?? []).map(([n, v]) => [n.toLowerCase(), v]))
      expect(headers.get('x-github-delivery')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(headers.get('x-seq')).toBe('n7')
      expect(Buffer.from(preview.bodyBase64, 'base64').toString()).toBe('{"n":7}')
      expect(preview.bodyTruncated).toBe(false)
      // A body of several MB comes back as its first MB, marked.
      const big = await fx.bridge.invoke('compose.preview', { url: sink.url, body: JSON.stringify({ pad: 'x'.repeat(3_000_000) }) })
      expect(big.bodyTruncated).toBe(true)
      expect(Buffer.from(big.bodyBase64, 'base64').length).toBe(1024 * 1024)
      expect(preview.targets[0]?.curl).not.toContain('{{')
    })

    it('fills in each message of a send on its own: body and headers share its counter, every uuid is fresh', async () => {
      const sent = await fx.bridge.invoke('compose.send', {
        url: sink.url,
        body: '{"n":{{counter}},"id":"{{uuid}}"}',
        headers: [['X-Seq', '{{counter}}'], ['X-Ts', '{{timestamp}}']],
        count: 3,
        counter: 41,
      })
      const ids = new Set(sent.deliveries.map((d) => d.messageId))
      expect(ids.size).toBe(3)
      await expect.poll(() => sink.requests.filter((r) => ids.has(String(r.headers['webhook-id']))).length, { timeout: 10_000 }).toBe(3)
      const got = sink.requests.filter((r) => ids.has(String(r.headers['webhook-id']))).map((r) => ({ ...(JSON.parse(r.body) as { n: number; id: string }), seq: r.headers['x-seq'], ts: r.headers['x-ts'] }))
      expect(got.map((g) => g.n).sort()).toEqual([41, 42, 43])
      for (const g of got) {
        expect(g.seq).toBe(String(g.n))
        expect(Math.abs(Number(g.ts) - Date.now() / 1000)).toBeLessThan(60)
      }
      expect(new Set(got.map((g) => g.id)).size).toBe(3)
    })

    it('previews the exact signed headers and offers real GitHub samples', async () => {
      const preview = await fx.bridge.invoke('compose.preview', {
        url: sink.url,
        signing: { scheme: 'github', secret: 'It\'s a Secret to Everybody' },
        body: '{"a":1}',
      })
      const headers = preview.targets[0]?.headers ?? []
      expect(headers.find(([n]) => n.toLowerCase() === 'x-hub-signature-256')?.[1]).toMatch(/^sha256=[0-9a-f]{64}$/)
      expect(preview.targets[0]?.curl).toContain(`curl -X POST '${sink.url}'`)
      // "Exactly what is sent": every header the preview shows arrives, with the same value
      // where it is not per-attempt (id, timestamp and signature are minted per send).
      const sent = await fx.bridge.invoke('compose.send', {
        url: sink.url,
        signing: { scheme: 'github', secret: 'It\'s a Secret to Everybody' },
        body: '{"a":1}',
      })
      await expect.poll(() => sink.requests.some((r) => r.headers['webhook-id'] === sent.deliveries[0]?.messageId), { timeout: 10_000 }).toBe(true)
      const arrived = sink.requests.find((r) => r.headers['webhook-id'] === sent.deliveries[0]?.messageId)
      for (const [name, value] of headers) {
        const got = arrived?.headers[name.toLowerCase()]
        expect(got, name).toBeDefined()
        if (!/^(webhook-id|x-github-delivery|x-hub-signature-256)$/i.test(name)) expect(got, name).toBe(value)
      }
      const samples = await fx.bridge.invoke('compose.samples', {})
      const push = samples.find((s) => s.id === 'github.push')
      expect(push).toMatchObject({ provider: 'github', handWritten: false })
      expect(JSON.parse(push?.body ?? '{}')).toHaveProperty('repository')
      // A push to a branch, with its commits (a handler looping over them has something to do).
      expect(JSON.parse(push?.body ?? '{}')).toMatchObject({ ref: expect.stringMatching(/^refs\/heads\//), commits: [expect.anything()] })
      // Every event GitHub documents an example for, and each action it comes with.
      const events = new Set(samples.filter((s) => s.provider === 'github').map((s) => s.headers.find(([n]) => n === 'X-GitHub-Event')?.[1]))
      expect(events.size).toBeGreaterThan(50)
      expect(samples.find((s) => s.id === 'github.pull_request.synchronize')).toMatchObject({ eventType: 'pull_request.synchronize' })
      expect(samples.filter((s) => s.provider !== 'github').every((s) => s.handWritten)).toBe(true)
    })

    it('rejects invalid input with E_INVALID_INPUT naming the field', async () => {
      const err = await fx.bridge.invoke('endpoints.create', { name: 'x', url: 'ftp://example.com' }).catch((e: unknown) => e)
      expect(err).toMatchObject({ code: 'E_INVALID_INPUT' })
      expect(String((err as Error).message)).toContain('input.url')
      await expect(fx.bridge.invoke('deliveries.get', { id: '' })).rejects.toMatchObject({ code: 'E_INVALID_INPUT' })
      await expect(fx.bridge.invoke('deliveries.get', { id: 'dlv_missing' })).rejects.toMatchObject({ code: 'E_NOT_FOUND' })
    })

    it('rejects a method name that is not in the contract', async () => {
      expect(await fx.callUnknownMethod()).toBe('E_INVALID_INPUT')
      expect(await codeOf(fx.bridge.invoke('shell.exec' as 'app.info', {}))).toBe('E_INVALID_INPUT')
    })

    it('moves the receiver when its port setting changes, and refuses a port that is taken', async () => {
      const before = (await fx.bridge.invoke('app.info', {})).receiverUrl
      const saved = await fx.bridge.invoke('settings.update', { patch: { receiverPort: 0, theme: 'dark' } })
      expect(saved).toMatchObject({ receiverPort: 0, theme: 'dark' })
      const after = (await fx.bridge.invoke('app.info', {})).receiverUrl
      expect(after).not.toBe(before)
      expect((await fetch(`${after}/moved`, { method: 'POST', body: 'x' })).status).toBe(200)
      await expect.poll(async () => (await fx.bridge.invoke('captures.list', { text: '/moved' })).items.length).toBe(1)
      const takenPort = Number(new URL(sink.url).port)
      await expect(fx.bridge.invoke('settings.update', { patch: { receiverPort: takenPort } })).rejects.toMatchObject({ code: 'E_CONFLICT' })
      expect(await fx.bridge.invoke('settings.get', {})).toMatchObject({ receiverPort: 0, theme: 'dark' })
      expect((await fx.bridge.invoke('app.info', {})).receiverUrl).toBe(after)
    })

    it('refuses callers that are not our app', async () => {
      const codes = await fx.callAsForeign()
      expect(codes.length).toBeGreaterThanOrEqual(2)
      for (const code of codes) expect(['E_FORBIDDEN', 'E_UNAUTHORIZED']).toContain(code)
    })
  })
}
