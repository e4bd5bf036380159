// Runs the built CLI as a user would: `node out/main/cli.js send|export ... --home <tmp>`.
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Webhook } from 'standardwebhooks'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { startSink, tmpHome } from '../delivery/helpers'

const ROOT = resolve(__dirname, '../../..')
const CLI = join(ROOT, 'out/main/cli.js')
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'ignore' })
}, 120_000)

function run(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, HOOKLAB_HOME: '' } })
    child.stdin.end(stdin)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (code) => resolveRun({ code: code ?? -1, stdout, stderr }))
  })
}

async function env() {
  const home = tmpHome()
  cleanups.push(home.cleanup)
  return home.dir
}

describe('hooklab send', () => {
  it('--wait --json prints one line per attempt, then the final line, and exits 0 when delivered', async () => {
    const home = await env()
    const sink = await startSink([{ status: 500 }, { status: 200 }])
    cleanups.push(() => sink.close())
    const r = await run(['send', `${sink.url}/hook`, '--body', '{"a":1}', '--event', 'test.ping', '--schedule', '10ms', '--max-attempts', '3', '--wait', '--json', '--home', home])
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines).toHaveLength(3)
    expect(Object.keys(lines[0]!)).toEqual(['deliveryId', 'messageId', 'attempt', 'status', 'error', 'durationMs', 'outcome'])
    expect(lines[0]).toMatchObject({ attempt: 1, status: 500, error: null, outcome: 'retrying' })
    expect(lines[1]).toMatchObject({ attempt: 2, status: 200, error: null, outcome: 'delivered' })
    expect(lines[2]).toEqual({ deliveryId: lines[0]!.deliveryId, messageId: lines[0]!.messageId, final: 'delivered', attempts: 2 })
    expect(sink.requests.map((q) => q.headers['webhook-id'])).toEqual([lines[0]!.messageId, lines[0]!.messageId])
    expect(sink.requests[0]!.body.toString()).toBe('{"a":1}')
  })

  it('--wait exits 1 when the delivery ends failed (400) or dead (connection refused)', async () => {
    const home = await env()
    const sink = await startSink([{ status: 400 }])
    cleanups.push(() => sink.close())
    const failed = await run(['send', sink.url, '--wait', '--json', '--home', home])
    expect(failed.code).toBe(1)
    expect(JSON.parse(failed.stdout.trim().split('\n').pop()!)).toMatchObject({ final: 'failed', attempts: 1 })
    const dead = await run(['send', 'http://127.0.0.1:9/', '--wait', '--max-attempts', '1', '--home', home])
    expect(dead.code).toBe(1)
    expect(dead.stdout).toMatch(/E_CONN_REFUSED/)
    expect(dead.stdout).toMatch(/^dead dlv_/m)
  })

  it('signs with --scheme/--secret so the receiver verifies with the provider library', async () => {
    const home = await env()
    const sink = await startSink()
    cleanups.push(() => sink.close())
    const secret = `whsec_${Buffer.from('cli-secret-cli-secret-123').toString('base64')}`
    const r = await run(['send', sink.url, '--body', '{"x":true}', '--scheme', 'standard', '--secret', secret, '-H', 'X-Extra: 1', '--wait', '--home', home])
    expect(r.code).toBe(0)
    const req = sink.requests[0]!
    expect(req.headers['x-extra']).toBe('1')
    expect(() => new Webhook(secret).verify(req.body.toString(), req.headers as Record<string, string>)).not.toThrow()

    // --signed-ago: a stale timestamp, which the provider library refuses (the signature itself matches).
    const stale = await run(['send', sink.url, '--scheme', 'standard', '--secret', secret, '--signed-ago', '10m', '--wait', '--home', home])
    expect(stale.code).toBe(0)
    const old = sink.requests[1]!
    expect(Date.now() / 1000 - Number(old.headers['webhook-timestamp'])).toBeGreaterThan(590)
    expect(() => new Webhook(secret).verify(old.body.toString(), old.headers as Record<string, string>)).toThrow(/timestamp too old/i)
    expect((await run(['send', sink.url, '--scheme', 'github', '--secret', 's', '--signed-ago', '10m', '--home', home])).stderr).toMatch(/--signed-ago needs --scheme standard, stripe or slack/)
    // Past a year either way it is no test of freshness (99999999h sent a negative timestamp).
    const absurd = await run(['send', sink.url, '--scheme', 'slack', '--secret', 's', '--signed-ago', '99999999h', '--home', home])
    expect(absurd.code).toBe(2)
    expect(absurd.stderr).toMatch(/--signed-ago 99999999h: at most a year/)
  })

  it('--endpoint sends to an endpoint set up in the app, by name or id: its URL, secret and retries', async () => {
    const home = await env()
    const sink = await startSink([{ status: 503 }, { status: 200 }])
    cleanups.push(() => sink.close())
    const secret = 'whsec_' + Buffer.from('cli-endpoint-secret-0123456789ab').toString('base64')
    const engine = createEngine({ home })
    const ep = engine.endpoints.create({ name: 'Orders service', url: `${sink.url}/orders`, signing: { scheme: 'standard', secret }, retry: { schedule: { kind: 'list', delaysMs: [10] }, maxAttempts: 2 } })
    await engine.stop()

    const r = await run(['send', '--endpoint', 'orders SERVICE', '--body', '{"type":"order.created"}', '--event', 'order.created', '--wait', '--json', '--home', home])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toMatchObject({ final: 'delivered', attempts: 2 })
    const got = sink.requests[1]!
    expect(got.url).toBe('/orders')
    const h = got.headers as Record<string, string>
    expect(() => new Webhook(secret).verify(got.body.toString(), { 'webhook-id': h['webhook-id']!, 'webhook-timestamp': h['webhook-timestamp']!, 'webhook-signature': h['webhook-signature']! })).not.toThrow()
    expect((await run(['send', '--endpoint', ep.id, '--home', home])).code).toBe(0) // by id, queued

    const unknown = await run(['send', '--endpoint', 'Ordres', '--home', home])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/no endpoint "Ordres" \(endpoints: "Orders service"\)/)
    expect((await run(['send', '--endpoint', 'Orders service', '--secret', 'x', '--home', home])).stderr).toMatch(/--secret is the endpoint's own setting/)
    expect((await run(['send', sink.url, '--endpoint', 'Orders service', '--home', home])).code).toBe(2)
    expect((await run(['send', '--home', home])).stderr).toMatch(/give a URL or --endpoint/)
  })

  it('fills {{uuid}}, {{timestamp}}, {{counter}} in --body and -H as Send does, and --signed-ago=-10m signs ahead', async () => {
    const home = await env()
    const sink = await startSink()
    cleanups.push(() => sink.close())
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const r = await run(['send', `${sink.url}/hook`, '--body', '{"id":"{{uuid}}","at":{{timestamp}},"n":{{counter}}}', '-H', 'X-Request: {{uuid}}', '--scheme', 'standard', '--secret', secret, '--signed-ago=-10m', '--wait', '--home', home])
    expect(r.code).toBe(0)
    const got = sink.requests[0]!
    const body = JSON.parse(got.body.toString()) as { id: string; at: number; n: number }
    expect(body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(Math.abs(body.at - Date.now() / 1000)).toBeLessThan(60)
    expect(body.n).toBe(1)
    expect(got.headers['x-request']).toMatch(/^[0-9a-f-]{36}$/)
    // Ten minutes ahead, as a sender with a fast clock: the body's own timestamp is the real time.
    expect(Number(got.headers['webhook-timestamp']) - body.at).toBeGreaterThanOrEqual(598)
    expect(Number(got.headers['webhook-timestamp']) - body.at).toBeLessThanOrEqual(602)
  })

  it('--wait says "cancelled" when the delivery is cancelled while it waits between attempts', async () => {
    const home = await env()
    const child = spawn(process.execPath, [CLI, 'send', 'http://127.0.0.1:9/', '--schedule', '30s', '--max-attempts', '3', '--wait', '--json', '--home', home], { cwd: ROOT })
    let stdout = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)))
    cleanups.push(() => void child.kill('SIGKILL'))
    while (!stdout.includes('\n')) await new Promise((r) => setTimeout(r, 20))
    const first = JSON.parse(stdout.split('\n')[0]!) as { deliveryId: string; outcome: string }
    expect(first.outcome).toBe('retrying')
    expect((await run(['cancel', first.deliveryId, '--home', home])).code).toBe(0)
    expect(await exited).toBe(1)
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ deliveryId: first.deliveryId, messageId: expect.any(String), final: 'cancelled', attempts: 1 })
  })

  it('--body @- reads the body from standard input, byte for byte', async () => {
    const home = await env()
    const sink = await startSink()
    cleanups.push(() => sink.close())
    const body = '{"from":"stdin","list":[1,2,3]}\n'
    const r = await run(['send', sink.url, '--body', '@-', '--wait', '--home', home], body)
    expect(r.code).toBe(0)
    expect(sink.requests[0]!.body.toString()).toBe(body)
    const bad = await run(['send', sink.url, '--body', '@-', '--home', home], 'not json')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/not valid JSON/)
  })

  it('rejects bad usage with exit 2 and a clear message', async () => {
    const home = await env()
    const badJson = await run(['send', 'http://127.0.0.1:9/', '--body', '{not json', '--home', home])
    expect(badJson.code).toBe(2)
    expect(badJson.stderr).toMatch(/not valid JSON/)
    const badUrl = await run(['send', 'not a url', '--home', home])
    expect(badUrl.code).toBe(2)
    expect(badUrl.stderr).toMatch(/not a valid URL/)
    const badScheme = await run(['send', 'http://127.0.0.1:9/', '--scheme', 'nope', '--secret', 's', '--home', home])
    expect(badScheme.code).toBe(2)
    expect(badScheme.stderr).toMatch(/Unknown signing scheme/)
    const badSchedule = await run(['send', 'http://127.0.0.1:9/', '--schedule', '1x', '--home', home])
    expect(badSchedule.code).toBe(2)
  })

  it('--sample sends a sample event (like stripe trigger): the real GitHub payload and headers, variables filled in', async () => {
    const home = await env()
    const sink = await startSink()
    cleanups.push(() => sink.close())
    const listed = await run(['samples', '--json'])
    expect(listed.code).toBe(0)
    const ids = listed.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)
    expect(ids).toEqual(expect.arrayContaining(['github.push', 'stripe.payment_intent.succeeded']))
    expect((await run(['samples'])).stdout).toMatch(/^stripe\.invoice\.paid +Stripe: invoice\.paid \(hand-written\)$/m)

    const r = await run(['send', sink.url, '--sample', 'github.push', '-H', 'X-GitHub-Hook-ID: 42', '--wait', '--home', home])
    expect(r.code).toBe(0)
    const req = sink.requests[0]!
    const examples = (await import('@octokit/webhooks-examples', { with: { type: 'json' } })).default
    // A branch push with its commits (the package's first push example is a tag push with none).
    const pushed = JSON.parse(req.body.toString()) as { ref: string; commits: unknown[] }
    expect(examples.find((d) => d.name === 'push')!.examples).toContainEqual(pushed)
    expect(pushed.ref).toMatch(/^refs\/heads\//)
    expect(pushed.commits.length).toBeGreaterThan(0)
    expect(req.headers['x-github-event']).toBe('push')
    expect(req.headers['x-github-delivery']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/) // {{uuid}} filled in
    expect(req.headers['x-github-hook-id']).toBe('42') // -H wins over the sample's header
    expect(req.headers['content-type']).toBe('application/json')

    const stripe = await run(['send', sink.url, '--sample', 'stripe.payment_intent.succeeded', '--wait', '--json', '--home', home])
    expect(stripe.code).toBe(0)
    const body = sink.requests[1]!.body.toString()
    expect(body).not.toContain('{{')
    expect(JSON.parse(body)).toMatchObject({ type: 'payment_intent.succeeded', id: expect.stringMatching(/^evt_[0-9a-f-]{36}$/) })
    const doc = JSON.parse((await run(['export', '--home', home])).stdout) as { deliveries: Array<{ message: { eventType: string | null } }> }
    expect(doc.deliveries.map((d) => d.message.eventType)).toEqual(['push', 'payment_intent.succeeded'])

    const unknown = await run(['send', sink.url, '--sample', 'github.nope', '--home', home])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/no sample "github\.nope" \(run `hooklab samples`/)
    const both = await run(['send', sink.url, '--sample', 'github.push', '--body', '{}', '--home', home])
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/--body and --sample exclude each other/)
    expect(sink.requests).toHaveLength(2)
  })

  it('without --wait only enqueues, says whether a running Hooklab will pick it up, and a running one does', async () => {
    const home = await env()
    const sink = await startSink()
    cleanups.push(() => sink.close())
    const alone = await run(['send', sink.url, '--home', home])
    expect(alone.code).toBe(0)
    expect(alone.stdout.trim()).toMatch(/^dlv_\w+$/)
    expect(alone.stderr).toMatch(/no Hooklab is running/)
    expect(sink.requests).toHaveLength(0)

    const engine = createEngine({ home, pollMs: 100 })
    cleanups.push(() => engine.stop({ graceMs: 200 }))
    engine.start()
    expect((await engine.delivery.waitFor(alone.stdout.trim())).status).toBe('delivered')

    const withEngine = await run(['send', sink.url, '--body', '{"n":2}', '--home', home])
    expect(withEngine.stderr).toMatch(/will deliver it within a second/)
    expect((await engine.delivery.waitFor(withEngine.stdout.trim())).status).toBe('delivered')
    expect(sink.requests).toHaveLength(2)
  })
})

describe('hooklab cancel', () => {
  it('cancels one pending delivery, or every pending one of an endpoint, an event type, or all', async () => {
    const home = await env()
    const engine = createEngine({ home })
    const a = engine.endpoints.create({ name: 'a', url: 'http://127.0.0.1:9/a' })
    const b = engine.endpoints.create({ name: 'b', url: 'http://127.0.0.1:9/b' })
    const enqueue = (endpointId: string, eventType: string) =>
      engine.delivery.enqueue({ endpointId, body: Buffer.from('{}'), contentType: 'application/json', eventType }).deliveryId
    const one = enqueue(a.id, 'x.one')
    enqueue(a.id, 'x.two')
    enqueue(a.id, 'x.two')
    enqueue(b.id, 'x.two')
    enqueue(b.id, 'x.three')
    await engine.stop()

    expect((await run(['cancel', one, '--home', home])).stdout).toBe('cancelled 1 pending delivery\n')
    const again = await run(['cancel', one, '--home', home])
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/is already cancelled; only pending or sending deliveries can be cancelled/)
    // By name, as send --endpoint takes it (an id works too).
    expect((await run(['cancel', '--endpoint', 'a', '--json', '--home', home])).stdout).toBe('{"cancelled":2}\n')
    expect((await run(['cancel', '--endpoint', a.id, '--json', '--home', home])).stdout).toBe('{"cancelled":0}\n')
    expect((await run(['cancel', '--event', 'x.two', '--json', '--home', home])).stdout).toBe('{"cancelled":1}\n')
    expect((await run(['cancel', '--all', '--json', '--home', home])).stdout).toBe('{"cancelled":1}\n')
    const after = createEngine({ home })
    expect(after.delivery.stats().byStatus).toEqual({ cancelled: 5 })
    await after.stop()

    for (const args of [['cancel'], ['cancel', one, '--all'], ['cancel', '--all', '--endpoint', a.id]]) expect((await run([...args, '--home', home])).code, args.join(' ')).toBe(2)
    expect((await run(['cancel', '--endpoint', 'ep_nope', '--home', home])).stderr).toMatch(/ep_nope/)
  })
})

describe('hooklab export', () => {
  it('says plainly what is wrong with --out, --endpoint and --since, and ends quietly when its reader stops reading', async () => {
    const home = await env()
    const engine = createEngine({ home })
    for (let i = 0; i < 40; i++) engine.delivery.enqueue({ url: 'http://127.0.0.1:9/x', body: Buffer.from(JSON.stringify({ pad: 'x'.repeat(4000), i })), contentType: 'application/json' })
    await engine.stop()
    const noDir = await run(['export', '--home', home, '--out', join(home, 'no-such-dir', 'x.json')])
    expect(noDir).toMatchObject({ code: 2, stderr: expect.stringMatching(/^hooklab: cannot write --out .*x\.json: its folder does not exist\n$/) })
    const noEndpoint = await run(['export', '--home', home, '--endpoint', 'nosuch'])
    expect(noEndpoint).toMatchObject({ code: 2, stderr: 'hooklab: no endpoint "nosuch" (endpoints: none; create one in the app)\n' })
    const damaged = await env()
    writeFileSync(join(damaged, 'hooklab.db'), 'not a database, not at all, '.repeat(200))
    const onDamaged = await run(['export', '--home', damaged])
    expect(onDamaged.code).toBe(1)
    expect(onDamaged.stderr).toMatch(/is damaged or not a Hooklab database\. `hooklab serve --move-damaged-db` moves it aside/)
    const noDay = await run(['export', '--home', home, '--since', '2026-02-30'])
    expect(noDay).toMatchObject({ code: 2, stderr: 'hooklab: --since "2026-02-30": there is no such day\n' })
    // `hooklab export | head -c 100`: the reader goes away after 100 bytes of ~160 KB.
    const child = spawn(process.execPath, [CLI, 'export', '--home', home], { cwd: ROOT })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)))
    child.stdout.once('data', () => child.stdout.destroy())
    expect(await exited).toBe(0)
    expect(stderr).toBe('')
  })

  it('writes the attempt log to stdout or --out, with filters', async () => {
    const home = await env()
    const sink = await startSink((req) => (req.url === '/bad' ? { status: 404 } : { status: 200 }))
    cleanups.push(() => sink.close())
    await run(['send', `${sink.url}/ok`, '--wait', '--home', home])
    await run(['send', `${sink.url}/bad`, '--wait', '--home', home])

    const all = await run(['export', '--home', home])
    expect(all.code).toBe(0)
    const doc = JSON.parse(all.stdout) as { format: string; deliveries: Array<{ status: string; attempts: unknown[] }> }
    expect(doc.format).toBe('hooklab.attempts/v1')
    expect(doc.deliveries.map((d) => d.status)).toEqual(['delivered', 'failed'])

    const out = join(home, 'failed.json')
    const filtered = await run(['export', '--out', out, '--status', 'failed', '--since', '2000-01-01T00:00:00Z', '--home', home])
    expect(filtered.code).toBe(0)
    expect(filtered.stderr).toMatch(/exported 1 deliveries \(1 attempts\)/)
    const fileDoc = JSON.parse(readFileSync(out, 'utf8')) as { filters: { status: string }; deliveries: Array<{ url: string }> }
    expect(fileDoc.filters.status).toBe('failed')
    expect(fileDoc.deliveries.map((d) => d.url)).toEqual([`${sink.url}/bad`])

    expect((await run(['export', '--since', 'yesterday-ish', '--home', home])).code).toBe(2)
    expect((await run(['export', '--status', 'weird', '--home', home])).code).toBe(2)
  })

  it('--captures writes the inboxes’ captures (hooklab.captures/v1), --inbox picks one by slug', async () => {
    const home = await env()
    const engine = createEngine({ home })
    const { url } = await engine.startReceiver()
    engine.receiver.inboxes.create({ slug: 'stripe' })
    for (const path of ['/in/stripe/a', '/in/stripe/b', '/other']) {
      const res = await fetch(url + path, { method: 'POST', body: `{"path":"${path}"}` })
      await res.arrayBuffer()
    }
    await engine.stop()

    const all = await run(['export', '--captures', '--home', home])
    expect(all.code).toBe(0)
    const doc = JSON.parse(all.stdout) as { format: string; captures: Array<{ request: { path: string; body: string } }> }
    expect(doc.format).toBe('hooklab.captures/v1')
    expect(doc.captures.map((c) => c.request.path)).toEqual(['/in/stripe/a', '/in/stripe/b', '/other'])

    const out = join(home, 'stripe.json')
    const one = await run(['export', '--captures', '--inbox', 'stripe', '--out', out, '--home', home])
    expect(one.code).toBe(0)
    expect(one.stderr).toMatch(/exported 2 captures to /)
    const fileDoc = JSON.parse(readFileSync(out, 'utf8')) as { filters: { inboxSlug: string }; captures: Array<{ request: { body: string } }> }
    expect(fileDoc.filters.inboxSlug).toBe('stripe')
    expect(fileDoc.captures.map((c) => c.request.body)).toEqual(['{"path":"/in/stripe/a"}', '{"path":"/in/stripe/b"}'])

    const unknown = await run(['export', '--captures', '--inbox', 'strpie', '--home', home])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/no inbox "strpie" \(inboxes: .*stripe/)
    expect((await run(['export', '--captures', '--status', 'failed', '--home', home])).code).toBe(2)
    expect((await run(['export', '--inbox', 'stripe', '--home', home])).code).toBe(2)

    // Another machine imports the file: the inbox is made, the bodies are as sent; twice adds nothing.
    const other = await env()
    const imported = await run(['import', '--captures', out, '--home', other])
    expect(imported.code).toBe(0)
    expect(imported.stdout).toBe('imported 2 captures into stripe\n')
    expect((await run(['import', '--captures', out, '--home', other])).stdout).toBe('imported 0 captures (2 already here)\n')
    type Doc = { captures: Array<{ inbox: { id?: string } }> }
    const back = JSON.parse((await run(['export', '--captures', '--inbox', 'stripe', '--home', other])).stdout) as Doc
    const withoutInboxId = (d: Doc) => d.captures.map((c) => ({ ...c, inbox: { ...c.inbox, id: undefined } }))
    expect(withoutInboxId(back)).toEqual(withoutInboxId(fileDoc as unknown as Doc)) // the inbox's id is this machine's own
    // From stdin, into a chosen inbox; a file that is not an export is refused, saying why.
    const piped = await run(['import', '--captures', '-', '--inbox', 'default', '--json', '--home', await env()], readFileSync(out, 'utf8'))
    expect(JSON.parse(piped.stdout)).toEqual({ imported: 2, skipped: 0, inboxes: ['default'] })
    // An inbox named for the occasion is made, as listen --inbox makes its own.
    const named = await run(['import', '--captures', out, '--inbox', 'bug-1234', '--json', '--home', await env()])
    expect(JSON.parse(named.stdout)).toEqual({ imported: 2, skipped: 0, inboxes: ['bug-1234'] })
    const wrong = await run(['import', '--captures', '-', '--home', other], '{"format":"hooklab.attempts/v1","deliveries":[]}')
    expect(wrong.code).toBe(2) // bad input, like bad usage
    expect(wrong.stderr).toMatch(/Not a hooklab.captures\/v1 document/)
    // --captures may be left out (it is the only kind there is): here both are already in.
    const again = await run(['import', out, '--home', other])
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/imported 0 captures \(2 already here\)/)
  })
})
