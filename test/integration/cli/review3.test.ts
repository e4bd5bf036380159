// The built CLI, on what the third review found: flags read in the wrong unit, a wait that could never end,
// a Ctrl-C that left a delivery queued unsaid, and flags accepted but ignored.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { signRequest } from '../../../src-main/engine/signing/registry'
import { startSink } from '../receiver/helpers'
import { cleanups, listening, ROOT, run, start, tempHome, until } from './helpers'

describe('wait: a bare number is milliseconds, as DESIGN.md says and send --timeout reads it', () => {
  it('--timeout 300 gives up after 300 ms and says so with the unit', async () => {
    const home = tempHome()
    const r = await run(['wait', '--timeout', '300', '--home', home])
    // Read as seconds it waited 5 minutes: killed, with "up to 300" and no unit.
    expect(r.stderr).toMatch(/^waiting for 1 matching capture, up to 300 ms\n/)
    expect(r.stderr).toMatch(/no matching capture within 300 ms; 0 others arrived/)
    expect(r.code).toBe(1)
    expect((await run(['wait', '--timeout', '1m', '--since', 'soon', '--home', home])).code).toBe(2)
  })

  it('--since 300 looks back 300 ms, not 300 s; --since 60000 a minute', async () => {
    const home = tempHome()
    const { url, next } = await listening(['--json', '--home', home])
    await fetch(`${url}/paid`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"type":"invoice.paid"}' })
    await next()
    await new Promise((r) => setTimeout(r, 1000)) // the capture is a second old now
    const recent = await run(['wait', '--event', 'invoice.paid', '--since', '300', '--timeout', '100ms', '--home', home])
    expect(recent.code).toBe(1)
    const minute = await run(['wait', '--event', 'invoice.paid', '--since', '60000', '--timeout', '100ms', '--home', home])
    expect(minute.code).toBe(0)
    expect(minute.stdout).toMatch(/POST {2}\/paid/)
  })
})

describe('send --endpoint to a disabled endpoint', () => {
  it('queues it and says it waits until the endpoint is enabled; --wait refuses instead of waiting for ever', async () => {
    const home = tempHome()
    const sink = await startSink()
    cleanups.push(() => sink.close())
    const engine = createEngine({ home })
    engine.endpoints.create({ name: 'Orders', url: `${sink.url}/orders`, enabled: false })
    const auto = engine.endpoints.create({ name: 'Billing', url: `${sink.url}/billing` })
    engine.endpoints.update(auto.id, { enabled: false })
    await engine.stop()

    const queued = await run(['send', '--endpoint', 'Orders', '--home', home])
    expect(queued.code).toBe(0)
    const id = queued.stdout.trim()
    expect(id).toMatch(/^dlv_\w+$/)
    expect(queued.stderr).toBe(`queued, but endpoint "Orders" is disabled: it is sent once the endpoint is enabled again (in the app); \`hooklab cancel ${id} --home ${home}\` drops it\n`)

    const waited = await run(['send', '--endpoint', 'Billing', '--wait', '--home', home])
    expect(waited.code).toBe(2)
    expect(waited.stderr).toBe('hooklab: endpoint "Billing" is disabled (by user): --wait would wait until it is enabled again. Enable it in the app, or send without --wait to queue it for then\n')
    // Refused before queuing: only the first send is in the queue.
    const after = createEngine({ home })
    cleanups.push(() => after.stop())
    expect(after.delivery.listDeliveries().items.map((d) => d.id)).toEqual([id])
    expect(sink.requests).toHaveLength(0)
  })

  it('--wait says when the endpoint is auto-disabled while it waits, and Ctrl-C then leaves the delivery queued', async () => {
    const home = tempHome()
    const sink = await startSink(500)
    cleanups.push(() => sink.close())
    const engine = createEngine({ home })
    engine.endpoints.create({ name: 'Flaky', url: `${sink.url}/f`, autoDisableAfter: 1, retry: { schedule: { kind: 'list', delaysMs: [10] }, maxAttempts: 5 } })
    await engine.stop()
    const s = start(['send', '--endpoint', 'Flaky', '--wait', '--home', home])
    expect(await s.next()).toMatch(/^attempt 1: HTTP 500 in \d+ ms -> retrying in \d+ms$/)
    await until(() => s.stderr().includes('auto-disabled'), 'the auto-disabled note')
    expect(s.stderr()).toMatch(/^endpoint "Flaky" is disabled \(auto-disabled after 1 consecutive failed attempts\): dlv_\w+ waits in the queue until it is enabled again \(in the app\); Ctrl-C stops waiting and leaves it queued\n$/)
    s.child.kill('SIGINT')
    expect(await s.exited).toBe(130)
    expect(s.stderr()).toMatch(/interrupted: dlv_\w+ is still queued/)
  })
})

describe('send --wait interrupted', () => {
  it('Ctrl-C says the delivery is still queued and how to cancel it, and exits 130', async () => {
    const home = tempHome()
    const s = start(['send', 'http://127.0.0.1:9/', '--schedule', '30s', '--max-attempts', '3', '--wait', '--json', '--home', home])
    const first = JSON.parse(await s.next()) as { deliveryId: string; outcome: string }
    expect(first.outcome).toBe('retrying')
    s.child.kill('SIGINT')
    expect(await s.exited).toBe(130)
    const cancel = `hooklab cancel ${first.deliveryId} --home ${home}`
    expect(s.stderr()).toBe(`interrupted: ${first.deliveryId} is still queued; the app or \`hooklab serve\` on ${home} sends it when it next runs. To drop it: ${cancel}\n`)
    // The command it prints works: the delivery was pending, and is cancelled now.
    const cancelled = await run(['cancel', first.deliveryId, '--home', home])
    expect(cancelled.stdout).toBe('cancelled 1 pending delivery\n')
  })
})

describe('listen --verify checks as verify does', () => {
  const body = Buffer.from('{"id":"evt_1","type":"invoice.paid"}')
  const now = (): number => Math.floor(Date.now() / 1000)
  async function post(url: string, headers: Array<[string, string]>): Promise<void> {
    expect((await fetch(`${url}/hook`, { method: 'POST', headers, body })).status).toBe(200)
  }
  const verdict = async (next: () => Promise<string>): Promise<unknown> => (JSON.parse(await next()) as { verification: unknown }).verification

  it('a repeated --secret verifies with any of them (a rotation), as verify --secret does', async () => {
    // The first --secret is the current one; a request signed only with a later one says so.
    const { url, next } = await listening(['--json', '--home', tempHome(), '--verify', 'stripe', '--secret', 'whsec_new', '--secret', 'whsec_old'])
    await post(url, signRequest({ scheme: 'stripe', secret: 'whsec_old' }, { id: 'm1', timestamp: now(), body }))
    expect(await verdict(next)).toEqual({ scheme: 'stripe', valid: true, reason: 'valid with the previous secret' })
    await post(url, signRequest({ scheme: 'stripe', secret: 'whsec_new' }, { id: 'm2', timestamp: now(), body }))
    expect(await verdict(next)).toEqual({ scheme: 'stripe', valid: true, reason: 'valid' })
    await post(url, signRequest({ scheme: 'stripe', secret: 'whsec_other' }, { id: 'm3', timestamp: now(), body }))
    expect(await verdict(next)).toMatchObject({ valid: false, reason: 'signature mismatch' })
  })

  it('--verify hmac takes the header, algorithm, encoding and prefix that sign and verify take', async () => {
    const home = tempHome()
    const { url, next } = await listening(['--json', '--home', home, '--verify', 'hmac', '--secret', 'k', '--hmac-header', 'X-Hub', '--algorithm', 'sha512', '--encoding', 'base64', '--prefix', 'sha512='])
    const signed = await run(['sign', '--scheme', 'hmac', '--secret', 'k', '--header', 'X-Hub', '--algorithm', 'sha512', '--encoding', 'base64', '--prefix', 'sha512='], body)
    const [name, value] = signed.stdout.trim().split(': ') as [string, string]
    expect(name).toBe('X-Hub')
    await post(url, [[name, value]])
    expect(await verdict(next)).toEqual({ scheme: 'hmac', valid: true, reason: 'valid' })
    await post(url, [[name, value.replace('sha512=', 'sha512=A')]])
    expect(await verdict(next)).toMatchObject({ scheme: 'hmac', valid: false })
    const wrong = await run(['listen', '--home', home, '--verify', 'github', '--secret', 's', '--algorithm', 'sha1'])
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toBe('hooklab: --hmac-header/--algorithm/--encoding/--prefix apply only to --verify hmac\n')
  })

  it('--tolerance sets how old a signed timestamp may be (default 300 s)', async () => {
    const home = tempHome()
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const old = (): Array<[string, string]> => signRequest({ scheme: 'standard', secret }, { id: 'msg_1', timestamp: now() - 600, body })
    const lenient = await listening(['--json', '--home', home, '--inbox', 'lenient', '--verify', 'standard', '--secret', secret, '--tolerance', '900'])
    await post(lenient.url, old())
    expect(await verdict(lenient.next)).toEqual({ scheme: 'standard', valid: true, reason: 'valid' })
    const strict = await listening(['--json', '--home', home, '--inbox', 'strict', '--verify', 'standard', '--secret', secret])
    await post(strict.url, old())
    expect(await verdict(strict.next)).toMatchObject({ valid: false, reason: expect.stringMatching(/^timestamp 60\d s old$/) })
    const stray = await run(['listen', '--home', home, '--tolerance', '900'])
    expect(stray.code).toBe(2)
    expect(stray.stderr).toBe('hooklab: --tolerance needs --verify SCHEME\n')
  })
})

describe('sign --previous-secret', () => {
  it('is refused for a scheme that carries one signature, naming the ones that carry two', async () => {
    for (const scheme of ['github', 'shopify', 'slack', 'hmac']) {
      const r = await run(['sign', '--scheme', scheme, '--secret', 'new', '--previous-secret', 'old'])
      expect(r.code).toBe(2)
      expect(r.stderr).toBe(`hooklab: --previous-secret: ${scheme} carries one signature only; the schemes that sign with both secrets are standard and stripe\n`)
      expect(r.stdout).toBe('')
    }
    const stripe = await run(['sign', '--scheme', 'stripe', '--secret', 'whsec_new', '--previous-secret', 'whsec_old'])
    expect(stripe.code).toBe(0)
    expect(stripe.stdout).toMatch(/^Stripe-Signature: t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}\n$/)
  })
})

describe('replay', () => {
  it('refuses --as-new for a capture (it would be ignored) and prints a JSON line with --json', async () => {
    const home = tempHome()
    const { url, next } = await listening(['--json', '--home', home])
    await fetch(`${url}/hook`, { method: 'POST', headers: { 'webhook-id': 'msg_original' }, body: '{}' })
    const cap = (JSON.parse(await next()) as { id: string }).id
    const asNew = await run(['replay', cap, '--to', 'http://127.0.0.1:9/x', '--as-new', '--home', home])
    expect(asNew.code).toBe(2)
    expect(asNew.stderr).toMatch(/^hooklab: --as-new is for deliveries: a capture goes with the headers it was caught with/)
    expect(asNew.stdout).toBe('')

    const sent = await run(['send', 'http://127.0.0.1:9/x', '--home', home])
    const dlv = sent.stdout.trim()
    const replayed = await run(['replay', dlv, '--json', '--home', home])
    expect(replayed.code).toBe(0)
    const line = JSON.parse(replayed.stdout) as { deliveryId: string; queued: boolean }
    expect(line).toEqual({ deliveryId: expect.stringMatching(/^dlv_\w+$/), queued: true })
    expect(line.deliveryId).not.toBe(dlv)
    const capJson = await run(['replay', cap, '--to', 'http://127.0.0.1:9/x', '--json', '--home', home])
    expect(JSON.parse(capJson.stdout)).toEqual({ deliveryId: expect.stringMatching(/^dlv_\w+$/), queued: true })
  })
})

describe('README', () => {
  it('lists exactly the flags send refuses with --endpoint', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ')
    const sentence = /`send --endpoint` takes the endpoint's URL[^.]*; (.*?) are refused with it\./.exec(readme)
    expect(sentence).not.toBeNull()
    const documented = [...sentence![1]!.matchAll(/`(--[a-z-]+)`/g)].map((m) => m[1]).sort()
    const help = (await run(['send', '--help'])).stdout
    const flags = [...new Set([...help.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]!))].filter((f) => f !== '--help' && f !== '--endpoint')
    const refused: string[] = []
    for (const flag of flags) {
      const r = await run(['send', '--endpoint', 'Orders', flag, 'x', '--home', tempHome()])
      if (r.stderr.includes("is the endpoint's own setting")) refused.push(flag)
    }
    expect(refused.length).toBeGreaterThan(0)
    expect(documented).toEqual(refused.sort())
  }, 60_000)
})
