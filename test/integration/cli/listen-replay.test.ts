// The built CLI: `listen --port 0 --json` and `replay` as scripts and CI use them.
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { Agent, request as undiciRequest } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { cleanups, CLI, listenAddress, ROOT, run, start, tempHome } from './helpers'
import { startSink } from '../receiver/helpers'
import type { Sink } from '../receiver/helpers'

/** Starts `hooklab listen` and yields its stdout lines one at a time. */
const listen = (args: string[]) => start(['listen', ...args])

describe('hooklab listen', () => {
  it('prints the address, then one exact JSON line per capture, and stops on SIGINT', async () => {
    const home = tempHome()
    const { child, next, exited } = listen(['--port', '0', '--json', '--home', home])
    const first = await next()
    expect(first).toMatch(/^\{"listening":"http:\/\/127\.0\.0\.1:\d+"\}$/)
    const url = listenAddress(first, true)
    const body = Buffer.from([0x00, 0xc3, 0x28, 0xff])
    const res = await fetch(`${url}/hooks/a?x=1`, { method: 'PATCH', headers: { 'X-Mixed-Case': 'v' }, body })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: true })
    const line = JSON.parse(await next()) as Record<string, unknown>
    expect(Object.keys(line)).toEqual(['id', 'inbox', 'receivedAt', 'method', 'path', 'query', 'headers', 'bodyBase64', 'verification'])
    expect(line).toMatchObject({ inbox: 'default', method: 'PATCH', path: '/hooks/a', query: 'x=1', verification: null })
    expect(line.headers).toContainEqual(['X-Mixed-Case', 'v'])
    expect(Buffer.from(line.bodyBase64 as string, 'base64').equals(body)).toBe(true)
    child.kill('SIGINT')
    expect(await exited).toBe(0)
  })

  it('applies --respond, --delay, --inbox and --verify', async () => {
    const home = tempHome()
    const { next } = listen(['--port', '0', '--json', '--home', home, '--inbox', 'ci', '--respond', '503', '--delay', '10', '--verify', 'github', '--secret', 's3cret'])
    const url = listenAddress(await next(), true)
    const res = await fetch(`${url}/anything`, { method: 'POST', headers: { 'X-Hub-Signature-256': 'sha256=00' }, body: '{}' })
    expect(res.status).toBe(503)
    const line = JSON.parse(await next()) as { inbox: string; verification: { scheme: string; valid: boolean; reason: string } }
    expect(line.inbox).toBe('ci')
    expect(line.verification).toEqual({ scheme: 'github', valid: false, reason: 'signature mismatch' })
  })

  it('--respond-header and --respond-body answer with your own headers and body; a bad header is a usage error', async () => {
    const home = tempHome()
    const bodyFile = join(home, 'reply.json')
    writeFileSync(bodyFile, '{"received":true}')
    const { child, next, exited } = listen(['--port', '0', '--home', home, '--respond', '202', '--respond-header', 'Access-Control-Allow-Origin: *', '--respond-header', 'X-Handled-By: hooklab', '--respond-body', `@${bodyFile}`])
    const url = (await next()).slice('listening on '.length)
    const res = await fetch(`${url}/hook`, { method: 'POST', body: '{}' })
    expect(res.status).toBe(202)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('x-handled-by')).toBe('hooklab')
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.text()).toBe('{"received":true}')
    child.kill('SIGINT')
    expect(await exited).toBe(0)

    const bad = await run(['listen', '--home', home, '--respond-header', 'Content-Length: 5'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--respond-header: Content-Length is set by the receiver/)
    const missing = await run(['listen', '--home', home, '--respond-body', '@/nonexistent/reply.json'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/--respond-body @\/nonexistent\/reply.json: no such file/)

    // Request values fill in (Slack's URL check); an unknown one is a usage error.
    const slack = listen(['--port', '0', '--home', home, '--respond-body', '{{body.challenge}}', '--respond-header', 'X-Echo: {{query.x}}'])
    const slackUrl = (await slack.next()).slice('listening on '.length)
    const answer = await fetch(`${slackUrl}/slack?x=hi`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"url_verification","challenge":"abc123"}' })
    expect(await answer.text()).toBe('abc123')
    expect(answer.headers.get('x-echo')).toBe('hi')
    const unknownVar = await run(['listen', '--home', home, '--respond-body', '{{bdy}}'])
    expect(unknownVar.code).toBe(2)
    expect(unknownVar.stderr).toMatch(/--respond-body: \{\{bdy\}\} is not a request value/)
  })

  it('--respond hang: a sender that gives up is said under its capture, with after how long', async () => {
    const home = tempHome()
    const { next } = listen(['--port', '0', '--home', home, '--respond', 'hang'])
    const url = (await next()).slice('listening on '.length)
    const sent = await fetch(`${url}/slow`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(400) }).catch((e: Error) => e.name)
    expect(sent).toBe('TimeoutError')
    expect(await next()).toMatch(/^\d\d:\d\d:\d\d\.\d{3} {2}POST {2}\/slow {2}hang {2}2 B$/)
    expect(await next()).toMatch(/^ {4}↳ no answer sent: the sender closed the connection after \d+ ms \(its timeout\) {2}\(cap_\w+\)$/)
  })

  it('--forward-to prints each forward under its capture: which request, where, and what came back', async () => {
    const home = tempHome()
    const dest = await startSink(201, 'created')
    cleanups.push(() => dest.close())
    const { next } = listen(['--port', '0', '--home', home, '--forward-to', `${dest.url}/dest`])
    const url = (await next()).slice('listening on '.length)
    expect((await fetch(`${url}/a?x=1`, { method: 'POST', body: '{"n":1}' })).status).toBe(200)
    const lines = [await next(), await next()]
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} {2}POST {2}\/a\?x=1 {2}200 {2}7 B$/)
    expect(lines[1]).toMatch(new RegExp(`^ {4}↳ POST /a\\?x=1 forwarded to ${dest.url}/dest\\?x=1: HTTP 201 in \\d+ ms {2}\\(cap_\\w+\\)$`))
    expect(dest.requests.map((r) => r.body.toString())).toEqual(['{"n":1}'])
  })

  it('--relay answers each sender with the --forward-to server’s response; without --forward-to it is a usage error', async () => {
    const home = tempHome()
    const dest = await startSink(503, 'handler down')
    cleanups.push(() => dest.close())
    const { next } = listen(['--port', '0', '--home', home, '--forward-to', `${dest.url}/dest`, '--relay'])
    const url = (await next()).slice('listening on '.length)
    const res = await fetch(`${url}/a`, { method: 'POST', body: '{"n":1}' })
    expect(res.status).toBe(503)
    expect(await res.text()).toBe('handler down')
    // The capture prints as it arrives; the ↳ line says what the sender was answered.
    expect(await next()).toMatch(/^\d\d:\d\d:\d\d\.\d{3} {2}POST {2}\/a {2}relaying {2}7 B$/)
    expect(await next()).toMatch(new RegExp(`^ {4}↳ POST /a forwarded to ${dest.url}/dest: HTTP 503 in \\d+ ms, answered 503 to the sender: handler down {2}\\(cap_\\w+\\)$`))
    const usage = await run(['listen', '--home', home, '--relay'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/--relay needs --forward-to URL/)
    const both = await run(['listen', '--home', home, '--forward-to', dest.url, '--relay', '--respond', '200'])
    expect(both.stderr).toMatch(/--respond would never be used/)
  })

  it("names each capture's event when the provider says it: GitHub's header and action, a JSON body's type", async () => {
    const home = tempHome()
    const { next } = listen(['--port', '0', '--home', home])
    const url = (await next()).slice('listening on '.length)
    await fetch(`${url}/gh`, { method: 'POST', headers: { 'X-GitHub-Event': 'pull_request', 'Content-Type': 'application/json' }, body: '{"action":"opened"}' })
    expect(await next()).toMatch(/ {2}POST {2}\/gh {2}200 {2}19 B {2}pull_request\.opened$/)
    await fetch(`${url}/stripe`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"id":"evt_1","type":"invoice.paid"}' })
    expect(await next()).toMatch(/ {2}\/stripe {2}200 {2}36 B {2}invoice\.paid$/)
    await fetch(`${url}/plain`, { method: 'POST', body: 'hello' })
    expect(await next()).toMatch(/ {2}\/plain {2}200 {2}5 B$/)
  })

  it('--https-port also catches over https with the receiver’s own certificate, which a sender trusts by its file', async () => {
    const home = tempHome()
    const { next } = listen(['--port', '0', '--https-port', '0', '--home', home])
    const url = (await next()).slice('listening on '.length)
    const second = await next()
    const m = /^and on (https:\/\/localhost:\d+) \(certificate: (.+cert\.pem)\)$/.exec(second)
    expect(m).not.toBeNull()
    const agent = new Agent({ connect: { ca: readFileSync(m![2]!, 'utf8') } })
    cleanups.push(() => agent.close())
    const res = await undiciRequest(`${m![1]}/in/default/secure`, { method: 'POST', body: '{"over":"tls"}', dispatcher: agent })
    expect(res.statusCode).toBe(200)
    await res.body.text()
    expect(await next()).toMatch(/ {2}POST {2}\/in\/default\/secure {2}200 {2}14 B$/)
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('serve --receiver-https-port says where the receiver listens on https, and catches there', async () => {
    const home = tempHome()
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--receiver-port', '0', '--receiver-https-port', '0', '--home', home], { cwd: ROOT })
    cleanups.push(() => {
      if (child.exitCode === null) child.kill('SIGKILL')
    })
    let out = ''
    const lines = await new Promise<string[]>((res) =>
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString()
        const got = out.split('\n').filter(Boolean)
        if (got.length >= 3) res(got)
      }),
    )
    const m = /^receiver also on (https:\/\/localhost:\d+) \(certificate: (.+cert\.pem)\)$/.exec(lines[2]!)
    expect(m).not.toBeNull()
    const agent = new Agent({ connect: { ca: readFileSync(m![2]!, 'utf8') } })
    cleanups.push(() => agent.close())
    const res = await undiciRequest(`${m![1]}/served`, { method: 'POST', body: 'x', dispatcher: agent })
    expect(res.statusCode).toBe(200)
    await res.body.text()
  })

  it('a port already taken (another Hooklab?) is said plainly, for listen and serve alike', async () => {
    const home = tempHome()
    const taken = createServer()
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise<void>((r) => taken.close(() => r())))
    const port = String((taken.address() as AddressInfo).port)
    const l = await run(['listen', '--port', port, '--home', home])
    expect(l.code).toBe(1)
    expect(l.stderr).toBe(`hooklab: the receiver: port ${port} on 127.0.0.1 is already in use (another Hooklab, or another server?); pick another port, or 0 for any free one (E_CONFLICT)\n`)
    const s = await run(['serve', '--port', port, '--receiver-port', '0', '--home', home])
    expect(s.stderr).toMatch(new RegExp(`browser mode: port ${port} on 127.0.0.1 is already in use`))
  })

  it('--respond takes a script whose steps advance per request, and a CORS preflight gets the --respond-header headers', async () => {
    const home = tempHome()
    const { next } = listen(['--port', '0', '--home', home, '--respond', '500, 429 retry-after=2, 200', '--respond-header', 'Access-Control-Allow-Origin: *'])
    const url = (await next()).slice('listening on '.length)
    const answers: Array<[number, string | null, string | null]> = []
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${url}/hook`, { method: 'POST', body: '{}' })
      answers.push([res.status, res.headers.get('retry-after'), res.headers.get('access-control-allow-origin')])
    }
    expect(answers).toEqual([
      [500, null, '*'],
      [429, '2', '*'],
      [200, null, '*'],
      [200, null, '*'], // the last step repeats
    ])
    // A browser sender's preflight: answered with the headers (it got none before), using up no step.
    const pre = await fetch(`${url}/hook`, { method: 'OPTIONS', headers: { Origin: 'http://app.test', 'Access-Control-Request-Method': 'POST' } })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('*')
    const bad = await run(['listen', '--home', home, '--respond', '500, nope'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--respond: .*nope/)
  })

  it('says on stderr what it answered without a capture (a slug with no inbox), keeping stdout one capture per line', async () => {
    const home = tempHome()
    const { child, next } = listen(['--port', '0', '--json', '--home', home])
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const url = listenAddress(await next(), true)
    expect((await fetch(`${url}/in/strpie/events`, { method: 'POST', body: '{}' })).status).toBe(404)
    await fetch(`${url}/ok`, { method: 'POST', body: '{}' })
    expect(JSON.parse(await next())).toMatchObject({ path: '/ok' }) // the capture, as the next stdout line
    expect(err).toMatch(/✗ 404 POST \/in\/strpie\/events from 127\.0\.0\.1: no inbox "strpie" \(not captured\)\n/)
  })

  it('a --forward-to that is this receiver itself is refused at the start, not per capture', async () => {
    const home = tempHome()
    const probe = createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
    const port = (probe.address() as AddressInfo).port
    await new Promise<void>((r) => probe.close(() => r()))
    const r = await run(['listen', '--port', String(port), '--home', home, '--forward-to', `http://localhost:${port}/hooks`])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--forward-to http:\/\/localhost:\d+\/hooks: the forward-to URL is this receiver itself/)
  })

  it('exits 2 on bad usage', async () => {
    const home = tempHome()
    expect((await run(['listen', '--home', home, '--verify', 'nope', '--secret', 'x'])).code).toBe(2)
    expect((await run(['listen', '--home', home, '--verify', 'github'])).code).toBe(2)
    expect((await run(['listen', '--home', home, '--respond', '99'])).code).toBe(2)
    // A 1xx is not a final answer.
    expect((await run(['listen', '--home', home, '--respond', '101'])).stderr).toMatch(/--respond must be a whole number from 200 to 599/)
  })
})

describe('hooklab wait', () => {
  it('exits 0 with the first capture that matches (event, verified signature), as it arrives from listen', async () => {
    const home = tempHome()
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const { next } = listen(['--port', '0', '--home', home, '--verify', 'standard', '--secret', secret])
    const url = (await next()).slice('listening on '.length)
    const waiter = spawn(process.execPath, [CLI, 'wait', '--event', 'invoice.paid', '--verified', '--timeout', '20s', '--json', '--home', home], { cwd: ROOT })
    cleanups.push(() => {
      if (waiter.exitCode === null) waiter.kill('SIGKILL')
    })
    let out = ''
    let err = ''
    waiter.stdout.on('data', (d: Buffer) => (out += d.toString()))
    const ready = new Promise<void>((r) => waiter.stderr.on('data', (d: Buffer) => ((err += d.toString()), err.includes('\n') && r())))
    const waiting = new Promise<{ code: number | null; stdout: string }>((r) => waiter.on('exit', (code) => r({ code, stdout: out })))
    await ready // the waiter has taken its starting point
    expect(err).toBe('waiting for 1 matching capture (event invoice.paid, verified), up to 20s\n')
    const post = (body: string, signed: boolean) => {
      const at = new Date()
      const headers: Record<string, string> = { 'content-type': 'application/json', 'webhook-id': `msg_${body.length}`, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)) }
      headers['webhook-signature'] = signed ? new Webhook(secret).sign(headers['webhook-id']!, at, body) : 'v1,AAAA'
      return fetch(url, { method: 'POST', headers, body }).then((r) => r.arrayBuffer())
    }
    await post('{"type":"invoice.created"}', true) // another event
    await post('{"type":"invoice.paid","n":1}', false) // not verified
    await post('{"type":"invoice.paid","n":22}', true)
    const r = await waiting
    expect(r.code).toBe(0)
    const line = JSON.parse(r.stdout.trim()) as { bodyBase64: string; verification: { valid: boolean } }
    expect(Buffer.from(line.bodyBase64, 'base64').toString()).toBe('{"type":"invoice.paid","n":22}')
    expect(line.verification.valid).toBe(true)

    // --since counts what already arrived; --count waits for more than one.
    const since = await run(['wait', '--event', 'invoice.paid', '--since', '1m', '--count', '2', '--timeout', '2s', '--home', home])
    expect(since.code).toBe(0)
    expect(since.stdout.trim().split('\n')).toHaveLength(2)
  })

  it('exits 1 on timeout, saying what did arrive; bad usage exits 2', async () => {
    const home = tempHome()
    const r = await run(['wait', '--inbox', 'default', '--event', 'order.created', '--timeout', '300ms', '--home', home])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('waiting for 1 matching capture (inbox default, event order.created), up to 300ms\nno matching capture (inbox default, event order.created) within 300ms; 0 others arrived\n')
    // An inbox that does not exist (yet) is waited for: a `listen --inbox` started just before may be making it.
    const noInbox = await run(['wait', '--inbox', 'nope', '--timeout', '200ms', '--home', home])
    expect(noInbox.code).toBe(1)
    expect(noInbox.stderr).toBe('no inbox "nope" yet (inboxes: default); waiting for it too\nno inbox "nope" appeared within 200ms (inboxes: default)\n')
    expect((await run(['wait', '--count', '0', '--home', home])).code).toBe(2)

    // With --search, what else arrived is counted too (it said "0 others").
    const { next } = listen(['--port', '0', '--home', home])
    const url = (await next()).slice('listening on '.length)
    const waiter = spawn(process.execPath, [CLI, 'wait', '--search', 'ord-7', '--count', '2', '--timeout', '1500ms', '--home', home], { cwd: ROOT })
    let err = ''
    const ready = new Promise<void>((r) => waiter.stderr.on('data', (d: Buffer) => ((err += d.toString()), err.includes('\n') && r())))
    const done = new Promise<number | null>((r) => waiter.on('exit', (code) => r(code)))
    await ready
    for (const body of ['{"id":"ord-7"}', '{"id":"ord-8"}', '{"id":"ord-9"}']) await fetch(url, { method: 'POST', body }).then((res) => res.arrayBuffer())
    expect(await done).toBe(1)
    expect(err.split('\n')[1]).toBe('only 1 of 2 matching captures ("ord-7") within 1500ms; 2 others arrived')
  })
})

describe('hooklab replay', () => {
  let sink: Sink
  afterEach(async () => {
    await sink?.close()
  })

  it('replays a capture as-is to --to and waits for the result', async () => {
    const home = tempHome()
    sink = await startSink()
    const { child, next, exited } = listen(['--port', '0', '--json', '--home', home])
    const url = listenAddress(await next(), true)
    await fetch(`${url}/orig`, { method: 'POST', headers: { 'X-Orig': '1' }, body: 'captured bytes' })
    const { id } = JSON.parse(await next()) as { id: string }
    child.kill('SIGTERM')
    expect(await exited).toBe(0)

    const out = await run(['replay', id, '--to', `${sink.url}/again`, '--wait', '--home', home])
    expect(out.code).toBe(0)
    expect(out.stdout).toMatch(/^attempt 1: HTTP 200 in \d+ ms -> delivered\n/)
    expect(out.stdout).toMatch(/\ndelivered dlv_\w+ after 1 attempt\n$/)
    expect(sink.requests[0]!.body.toString()).toBe('captured bytes')
    expect(sink.requests[0]!.headers).toContain('X-Orig')
    expect((await run(['replay', id, '--home', home])).code).toBe(2) // a capture needs --to
    expect((await run(['replay', 'what_1', '--home', home])).code).toBe(2)
  })

  it('re-signs a capture with --scheme/--secret, and --inbox [--search] replays an inbox oldest first', async () => {
    const home = tempHome()
    sink = await startSink()
    const engine = createEngine({ home })
    const { url } = await engine.startReceiver()
    engine.receiver.inboxes.create({ slug: 'stripe' })
    for (const type of ['invoice.paid', 'customer.created', 'charge.paid'])
      await (await fetch(`${url}/in/stripe/`, { method: 'POST', body: JSON.stringify({ type }), headers: { 'stripe-signature': 't=1,v1=stale' } })).arrayBuffer()
    const newest = engine.receiver.listCaptures({}, { limit: 1 }).items[0]!.id
    await engine.stop()

    const one = await run(['replay', newest, '--to', `${sink.url}/one`, '--scheme', 'stripe', '--secret', 'whsec_test', '--wait', '--home', home])
    expect(one.code).toBe(0)
    const signed = sink.requests.find((r) => r.url === '/one')!
    const header = signed.headers[signed.headers.findIndex((h) => h.toLowerCase() === 'stripe-signature') + 1]!
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    expect(header).not.toContain('stale')

    const bulk = await run(['replay', '--inbox', 'stripe', '--search', 'paid', '--to', `${sink.url}/bulk`, '--json', '--home', home])
    expect(bulk.code).toBe(0)
    expect(JSON.parse(bulk.stdout)).toMatchObject({ enqueued: 2, skippedOversize: 0, deliveryIds: [expect.stringMatching(/^dlv_/), expect.stringMatching(/^dlv_/)] })
    expect(bulk.stderr).toMatch(/no Hooklab is running on this data dir: start the app or `hooklab serve`\.\n$/)
    // A running engine sends them, oldest first.
    const runner = createEngine({ home, pollMs: 20 })
    runner.start()
    await expect.poll(() => sink.requests.filter((r) => r.url === '/bulk').length, { timeout: 5000 }).toBe(2)
    await runner.stop()
    expect(sink.requests.filter((r) => r.url === '/bulk').map((r) => (JSON.parse(r.body.toString()) as { type: string }).type)).toEqual(['invoice.paid', 'charge.paid'])

    const bad: string[][] = [
      ['replay', '--inbox', 'stripe', '--home', home], // no --to
      ['replay', '--inbox', 'strpie', '--to', sink.url, '--home', home],
      ['replay', newest, '--inbox', 'stripe', '--to', sink.url, '--home', home],
      ['replay', '--inbox', 'stripe', '--to', sink.url, '--wait', '--home', home],
      ['replay', newest, '--to', sink.url, '--scheme', 'stripe', '--home', home], // no --secret
      ['replay', newest, '--to', sink.url, '--scheme', 'nope', '--secret', 's', '--home', home],
      ['replay', '--home', home],
    ]
    for (const args of bad) expect((await run(args)).code, args.join(' ')).toBe(2)
    expect((await run(['replay', '--inbox', 'strpie', '--to', sink.url, '--home', home])).stderr).toMatch(/no inbox "strpie" \(inboxes: .*stripe/)
  })

  it('replays a delivery with the same message id, or a new one with --as-new, printing JSON attempt lines', async () => {
    const home = tempHome()
    sink = await startSink()
    const engine = createEngine({ home })
    engine.start()
    const first = engine.delivery.enqueue({ url: `${sink.url}/d`, body: Buffer.from('{"a":1}'), contentType: 'application/json' })
    await engine.delivery.waitFor(first.deliveryId)
    await engine.stop()

    const same = await run(['replay', first.deliveryId, '--wait', '--json', '--home', home])
    expect(same.code).toBe(0)
    const lines = same.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines[0]).toMatchObject({ attempt: 1, status: 200, error: null, outcome: 'delivered', messageId: first.messageId })
    expect(lines[1]).toMatchObject({ messageId: first.messageId, final: 'delivered', attempts: 1 })

    const fresh = await run(['replay', first.deliveryId, '--as-new', '--wait', '--json', '--home', home])
    expect(fresh.code).toBe(0)
    const last = JSON.parse(fresh.stdout.trim().split('\n').pop()!) as { messageId: string; final: string }
    expect(last.final).toBe('delivered')
    expect(last.messageId).not.toBe(first.messageId)
  })

  it('exits 1 when the replay ends undelivered', async () => {
    const home = tempHome()
    sink = await startSink(400, 'no')
    const engine = createEngine({ home })
    engine.start()
    const d = engine.delivery.enqueue({ url: `${sink.url}/d`, body: Buffer.from('{}'), contentType: 'application/json' })
    await engine.delivery.waitFor(d.deliveryId)
    await engine.stop()
    const out = await run(['replay', d.deliveryId, '--wait', '--home', home])
    expect(out.code).toBe(1)
    expect(out.stdout).toMatch(/^failed dlv_\w+ after 1 attempt \(HTTP 400\)\n$/m)
  })
})
