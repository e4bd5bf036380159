// The built CLI, on what the fourth review found it doing in scripts: a sender's text printed raw to the
// terminal, `wait` racing `listen --inbox`, counting an import of old captures as new, and timing out
// silently on a webhook that came just before it started; `--wait` hiding why an attempt failed and why
// the delivery is held.
import { readFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { printable } from '../../../src-main/cli/capture-lines'
import { createEngine } from '../../../src-main/engine/engine'
import { startSink as startScriptedSink } from '../delivery/helpers'
import { startSink } from '../receiver/helpers'
import { cleanups, listening, run, start, tempHome, until } from './helpers'

describe('listen prints what a sender chose as text', () => {
  it('control characters in an event name are shown as escapes, so no terminal sequence runs and no line is forged', async () => {
    const home = tempHome()
    const { url, next } = await listening(['--home', home])
    const type =
      '\u001b[2J\u001b]0;owned\u0007ping\n20:07:59.001  POST  /in/stripe/webhook  200  1834 B  invoice.paid  signature valid'
    await fetch(`${url}/hooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type }),
    })
    const line = await next()
    expect(line).not.toMatch(/[\u0000-\u001f]/)
    expect(line).toContain(
      '\\u001b[2J\\u001b]0;owned\\u0007ping\\u000a20:07:59.001  POST  /in/stripe/webhook',
    )
  })
})

describe('wait in a script', () => {
  it('waits for an inbox a `listen --inbox` started alongside is about to make, instead of refusing it', async () => {
    const home = tempHome()
    const w = start(['wait', '--inbox', 'ci', '--timeout', '15s', '--home', home])
    await until(
      () => w.stderr().includes('waiting for it too'),
      'the note that the inbox is awaited',
    )
    const { url } = await listening(['--inbox', 'ci', '--home', home])
    await fetch(`${url}/hooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"ci.ping"}',
    })
    expect(await w.next()).toMatch(/ POST {2}\/hooks {2}200 .* ci\.ping {2}\[ci\]$/)
    expect(await w.exited).toBe(0)
  })

  it('does not count an import of old captures as webhooks that arrived', async () => {
    // A colleague's export of a push caught ten minutes ago.
    const theirs = tempHome()
    const { url, next } = await listening(['--home', theirs])
    await fetch(`${url}/hooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"push"}',
    })
    await next()
    const file = join(theirs, 'old.json')
    expect((await run(['export', '--captures', '--out', file, '--home', theirs])).code).toBe(0)
    const doc = JSON.parse(readFileSync(file, 'utf8')) as {
      captures: Array<{ receivedAt: string }>
    }
    doc.captures[0]!.receivedAt = new Date(Date.now() - 10 * 60_000).toISOString()
    writeFileSync(file, JSON.stringify(doc))

    const home = tempHome()
    const w = start(['wait', '--event', 'push', '--timeout', '1500ms', '--home', home])
    await until(() => w.stderr().includes('waiting for'), 'wait to start')
    const imported = await run(['import', '--captures', file, '--home', home])
    expect(imported.code, imported.stderr).toBe(0)
    expect(await w.exited).toBe(1)
    expect(w.stderr()).toMatch(/no matching capture \(event push\) within 1500ms/)
  })

  it('on a timeout, says that a matching webhook came before it started and how to count it', async () => {
    const home = tempHome()
    const { url, next } = await listening(['--home', home])
    await fetch(`${url}/hooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"invoice.paid"}',
    })
    await next()
    const r = await run(['wait', '--event', 'invoice.paid', '--timeout', '300ms', '--home', home])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(
      '1 matching capture arrived before waiting began; `--since 1m` counts it (or start wait before the sender)\n',
    )
    expect(
      (
        await run([
          'wait',
          '--event',
          'invoice.paid',
          '--since',
          '1m',
          '--timeout',
          '300ms',
          '--home',
          home,
        ])
      ).code,
    ).toBe(0)
  })
})

describe('send --wait says why', () => {
  it('an endpoint whose circuit breaker is open holds the delivery: said, with when the next probe goes', async () => {
    const home = tempHome()
    const sink = await startSink(500)
    cleanups.push(() => sink.close())
    const engine = createEngine({ home })
    const ep = engine.endpoints.create({
      name: 'Shaky',
      url: `${sink.url}/s`,
      breakerThreshold: 1,
      breakerCooldownMs: 600_000,
      retry: { schedule: { kind: 'list', delaysMs: [] }, maxAttempts: 1 },
    })
    engine.start()
    const first = engine.delivery.enqueue({
      endpointId: ep.id,
      body: Buffer.from('{}'),
      contentType: 'application/json',
    })
    await engine.delivery.waitFor(first.deliveryId)
    await engine.stop()
    expect(createEngine({ home }).endpoints.get(ep.id).breaker.state).toBe('open')

    const s = start(['send', '--endpoint', 'Shaky', '--wait', '--home', home])
    await until(() => s.stderr().includes('circuit breaker'), 'the breaker note')
    expect(s.stderr()).toMatch(
      /^endpoint "Shaky"'s circuit breaker is open \(1 consecutive failures\): dlv_\w+ waits in the queue until a probe in (9m \d+s|10m) succeeds; Ctrl-C stops waiting and leaves it queued\n$/,
    )
    s.child.kill('SIGINT')
    expect(await s.exited).toBe(130)
    expect(sink.requests).toHaveLength(1)
  })
})

describe('send -H and the signature', () => {
  it('refuses a header the signature sets itself (it was replaced on the wire without a word)', async () => {
    const home = tempHome()
    const r = await run(['send', 'http://127.0.0.1:9/', '--scheme', 'standard', '--secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '-H', 'webhook-id: evt_custom', '--home', home])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(
      'hooklab: -H webhook-id: the standard signature sets this header itself (the id is the message id); to send the same id again, replay the delivery: hooklab replay dlv_…\n',
    )
    const gh = await run(['send', 'http://127.0.0.1:9/', '--scheme', 'github', '--secret', 's3cret', '-H', 'x-github-delivery: 1', '--home', home])
    expect(gh.stderr).toMatch(/^hooklab: -H x-github-delivery: the github signature sets this header itself/)
    // Unsigned, the header is the user's to set, and a sample's own id header stays allowed.
    expect((await run(['send', 'http://127.0.0.1:9/', '-H', 'webhook-id: evt_custom', '--home', home])).code).toBe(0)
    expect((await run(['send', 'http://127.0.0.1:9/', '--sample', 'github.push', '--scheme', 'github', '--secret', 's3cret', '--home', home])).code).toBe(0)
  })
})

describe('send --event with a provider scheme', () => {
  it('sends the provider’s event header: --event push as X-GitHub-Event, and over a sample’s own', async () => {
    const home = tempHome()
    const sink = await startSink()
    cleanups.push(() => sink.close())
    const plain = await run(['send', `${sink.url}/gh`, '--scheme', 'github', '--secret', 's3cret', '--event', 'push', '--wait', '--home', home])
    expect(plain.code, plain.stderr).toBe(0)
    const sample = await run(['send', `${sink.url}/gh`, '--sample', 'github.push', '--event', 'pull_request', '--scheme', 'github', '--secret', 's3cret', '--wait', '--home', home])
    expect(sample.code, sample.stderr).toBe(0)
    const eventHeaders = sink.requests.map((r) => {
      const i = r.headers.findIndex((h, k) => k % 2 === 0 && h.toLowerCase() === 'x-github-event')
      return r.headers.filter((h, k) => k % 2 === 0 && h.toLowerCase() === 'x-github-event').length === 1 ? r.headers[i + 1] : r.headers
    })
    expect(eventHeaders).toEqual(['push', 'pull_request'])
  })
})

describe('replay of captures in a script', () => {
  it('replay --inbox --json gives the ids it queued, and each replay is filed under its capture’s event', async () => {
    const home = tempHome()
    const { url, next } = await listening(['--home', home])
    for (const type of ['invoice.paid', 'invoice.created']) {
      await fetch(`${url}/hooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type }) })
      await next()
    }
    const r = await run(['replay', '--inbox', 'default', '--to', 'http://127.0.0.1:9/', '--json', '--home', home])
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as { enqueued: number; deliveryIds: string[] }
    expect(out.enqueued).toBe(2)
    expect(out.deliveryIds).toHaveLength(2)
    const engine = createEngine({ home })
    cleanups.push(() => engine.stop())
    expect(out.deliveryIds.map((id) => engine.delivery.getDelivery(id).eventType)).toEqual(['invoice.paid', 'invoice.created'])
  })
})

describe('send --wait cancelled during its attempt', () => {
  it('says the cancel came while the attempt was on the wire (not between attempts)', async () => {
    const home = tempHome()
    const sink = await startScriptedSink([{ status: 500, delayMs: 800 }])
    cleanups.push(() => sink.close())
    const sending = run(['send', `${sink.url}/x`, '--schedule', '30s', '--max-attempts', '3', '--wait', '--home', home])
    await until(() => sink.requests.length === 1, 'the attempt on the wire')
    const engine = createEngine({ home })
    const id = engine.delivery.listDeliveries().items[0]!.id
    await engine.stop()
    expect((await run(['cancel', id, '--home', home])).stdout).toMatch(/stopped retrying; its attempt on the wire still finishes/)
    const done = await sending
    expect(done.code).toBe(1)
    const lines = done.stdout.trim().split('\n')
    expect(lines.at(-1)).toBe(`cancelled ${id} after 1 attempt (cancelled while attempt 1 was on the wire; it did not succeed)`)
  })
})

describe('listen prints refusals as text', () => {
  it('control characters from an Expect value are shown as escapes on stderr, and an Arabic letter mark in an event name too', async () => {
    const home = tempHome()
    const l = start(['listen', '--port', '0', '--home', home])
    const first = await l.next()
    const { port } = new URL(first.slice('listening on '.length))
    await new Promise<void>((resolve) => {
      const s = connect(Number(port), '127.0.0.1', () => s.write('POST /x HTTP/1.1\r\nHost: x\r\nExpect: \u009b2J\u009d0;t\u009c\r\nContent-Length: 0\r\n\r\n', 'latin1'))
      s.on('data', () => s.end())
      s.on('close', () => resolve())
    })
    await until(() => l.stderr().includes('417'), 'the refusal line')
    expect(l.stderr()).not.toMatch(/[\u0080-\u009f]/)
    expect(l.stderr()).toContain('Expect: \\u009b2J\\u009d0;t\\u009c')
    expect(printable('a\u061cb')).toBe('a\\u061cb')
  })
})
