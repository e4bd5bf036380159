// Runs `hooklab sign` and `hooklab verify` from a build of the CLI, as a user would from a shell.
// The build goes to its own folder so it never races another test file rebuilding out/.
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods'
import Stripe from 'stripe'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../../..')
let outDir = ''
let cli = ''

beforeAll(() => {
  // Inside node_modules so the bundle's external requires (commander ...) resolve.
  // (node_modules/.cache does not exist yet on a fresh clone.)
  mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true })
  outDir = mkdtempSync(join(ROOT, 'node_modules/.cache/hooklab-sign-verify-'))
  execFileSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir, '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: 'ignore',
  })
  cli = join(outDir, 'main/cli.js')
}, 120_000)

afterAll(() => rmSync(outDir, { recursive: true, force: true }))

function run(args: string[], stdin: string | Buffer): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: ROOT })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }))
    child.stdin.end(stdin)
  })
}

/** `Name: value` lines -> -H flags, exactly as a script would pass them back. */
function asFlags(stdout: string): string[] {
  return stdout
    .trim()
    .split('\n')
    .flatMap((line) => ['-H', line])
}

function toRecord(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => {
        const i = line.indexOf(':')
        return [line.slice(0, i).toLowerCase(), line.slice(i + 1).trim()]
      }),
  )
}

const body = '{"type":"order.paid","data":{"id":"ord_1","total":1999}}'
const stdSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

describe('hooklab sign', () => {
  it('standard: prints headers standardwebhooks accepts; id defaults to msg_, timestamp to now', async () => {
    const r = await run(['sign', '--scheme', 'standard', '--secret', stdSecret], body)
    expect(r.code).toBe(0)
    const headers = toRecord(r.stdout)
    expect(Object.keys(headers)).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature'])
    expect(headers['webhook-id']).toMatch(/^msg_/)
    expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60)
    expect(new Webhook(stdSecret).verify(body, headers)).toEqual(JSON.parse(body))
  })

  it('stripe: --timestamp gives the header Stripe generates, and constructEvent accepts it', async () => {
    const stripe = new Stripe('sk_test_hooklab')
    const ts = Math.floor(Date.now() / 1000)
    const secret = 'whsec_test_abc123'
    const r = await run(['sign', '--scheme', 'stripe', '--secret', secret, '--timestamp', String(ts)], body)
    expect(r.stdout).toBe(`Stripe-Signature: ${stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: ts })}\n`)
    expect(stripe.webhooks.constructEvent(body, toRecord(r.stdout)['stripe-signature'] ?? '', secret).type).toBe('order.paid')
  })

  it('github: octokit verifies the signature; --id becomes X-GitHub-Delivery', async () => {
    const r = await run(['sign', '--scheme', 'github', '--secret', 'gh-secret', '--id', 'msg_fixed'], body)
    const headers = toRecord(r.stdout)
    expect(headers['x-github-delivery']).toBe('msg_fixed')
    expect(headers['x-hub-signature-256']).toBe(await octokitSign('gh-secret', body))
    expect(await octokitVerify('gh-secret', body, headers['x-hub-signature-256'] ?? '')).toBe(true)
  })

  it('hmac options are honoured, and refused for other schemes', async () => {
    const r = await run(['sign', '--scheme', 'hmac', '--secret', 's', '--header', 'X-Sig', '--algorithm', 'sha512', '--encoding', 'base64', '--prefix', 'sha512='], body)
    expect(r.stdout).toMatch(/^X-Sig: sha512=[A-Za-z0-9+/]{86}==\n$/)
    const wrong = await run(['sign', '--scheme', 'github', '--secret', 's', '--algorithm', 'sha1'], body)
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toContain('apply only to --scheme hmac')
  })

  it('bad usage exits 2: unknown scheme, missing secret, bad timestamp', async () => {
    const unknown = await run(['sign', '--scheme', 'paypal', '--secret', 's'], body)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('known: standard, stripe, github, shopify, slack, hmac')
    const [noSecret, badTs] = await Promise.all([
      run(['sign', '--scheme', 'github'], body),
      run(['sign', '--scheme', 'slack', '--secret', 's', '--timestamp', 'yesterday'], body),
    ])
    expect(noSecret.code).toBe(2)
    expect(badTs.code).toBe(2)
  })
})

describe('hooklab verify', () => {
  it('exits 0 and prints valid for what sign produced (standard and slack)', async () => {
    const signed = await run(['sign', '--scheme', 'standard', '--secret', stdSecret], body)
    const r = await run(['verify', '--scheme', 'standard', '--secret', stdSecret, ...asFlags(signed.stdout)], body)
    expect(r).toEqual({ code: 0, stdout: 'valid\n', stderr: '' })
    const slack = await run(['sign', '--scheme', 'slack', '--secret', 'slack-secret'], body)
    expect((await run(['verify', '--scheme', 'slack', '--secret', 'slack-secret', ...asFlags(slack.stdout)], body)).code).toBe(0)
  })

  it('verifies a request signed by the standardwebhooks library, with any of several --secret values', async () => {
    const ts = Math.floor(Date.now() / 1000)
    const sig = new Webhook(stdSecret).sign('msg_lib', new Date(ts * 1000), body)
    const flags = ['-H', 'webhook-id: msg_lib', '-H', `webhook-timestamp: ${ts}`, '-H', `webhook-signature: ${sig}`]
    const r = await run(['verify', '--scheme', 'standard', '--secret', 'whsec_b2xkIHNlY3JldCBvZiAyNCBieXRlcyEh', '--secret', stdSecret, ...flags], body)
    expect(r.code).toBe(0)
  })

  it('exits 1 with the reason and the explainer sentence on stderr', async () => {
    const signed = await run(['sign', '--scheme', 'standard', '--secret', stdSecret], body)
    const pretty = JSON.stringify(JSON.parse(body), null, 2)
    const r = await run(['verify', '--scheme', 'standard', '--secret', stdSecret, ...asFlags(signed.stdout)], pretty)
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      'invalid: signature mismatch\nThe signature matches the body re-serialized as compact JSON, not these exact bytes: sign and verify the raw bytes, never a transformed body.\n',
    )
  })

  it('exits 1 on a stale timestamp, honouring --tolerance', async () => {
    const old = Math.floor(Date.now() / 1000) - 1000
    const signed = await run(['sign', '--scheme', 'stripe', '--secret', 'whsec_x', '--timestamp', String(old)], body)
    const r = await run(['verify', '--scheme', 'stripe', '--secret', 'whsec_x', ...asFlags(signed.stdout)], body)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^invalid: timestamp 10\d\d s old\nThe signature matches, but the timestamp is/)
    expect((await run(['verify', '--scheme', 'stripe', '--secret', 'whsec_x', '--tolerance', '3600', ...asFlags(signed.stdout)], body)).code).toBe(0)
  })

  it('exits 1 naming a missing header', async () => {
    const r = await run(['verify', '--scheme', 'github', '--secret', 's', '-H', 'Content-Type: application/json'], body)
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('invalid: header X-Hub-Signature-256 missing\n')
  })

  it('exits 2 on bad usage: unknown scheme, no secret, no headers, malformed -H, bad tolerance', async () => {
    const cases = [
      ['verify', '--scheme', 'paypal', '--secret', 's', '-H', 'a: b'],
      ['verify', '--scheme', 'github', '-H', 'a: b'],
      ['verify', '--scheme', 'github', '--secret', 's'],
      ['verify', '--scheme', 'github', '--secret', 's', '-H', 'no colon here'],
      ['verify', '--scheme', 'github', '--secret', 's', '-H', 'a: b', '--tolerance', '5m'],
      ['verify', '--secret', 's', '-H', 'a: b'],
    ]
    const results = await Promise.all(cases.map((args) => run(args, body)))
    results.forEach((r, i) => {
      expect({ args: cases[i], code: r.code }).toEqual({ args: cases[i], code: 2 })
      expect(r.stderr.length).toBeGreaterThan(0)
    })
  })
})
