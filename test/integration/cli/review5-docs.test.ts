// The fifth review's docs findings: the README's examples and `--help` taken literally (listen --json | jq,
// send --scheme hmac, the CI recipe, sign in a terminal, import FILE, sign --header, --scheme svix).
import { spawn, spawnSync } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { stdinHint } from '../../../src-main/cli/io'
import { startSink } from '../receiver/helpers'
import { cleanups, CLI, listening, ROOT, run, start, tempHome, until } from './helpers'
import { skipBecause } from '../../fixtures/skip-because'

const SCHEMES = 'standard, stripe, github, shopify, slack, hmac'

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((r) => server.close(() => r()))
  return port
}

describe('listen --json: every stdout line is JSON, the address first', () => {
  it('the first line is {"listening":URL}, so `listen --json | jq` reads it and the captures after it', async () => {
    const home = tempHome()
    const { child, next } = start(['listen', '--port', '0', '--json', '--home', home])
    const first = await next()
    const address = JSON.parse(first) as { listening: string }
    expect(Object.keys(address)).toEqual(['listening'])
    expect(address.listening).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    await fetch(`${address.listening}/hooks`, { method: 'POST', body: '{"type":"ping"}' })
    expect(JSON.parse(await next())).toMatchObject({ method: 'POST', path: '/hooks' })
    child.kill('SIGINT')
  })

  it('with --https-port the https address and certificate are fields of that line (nothing about them on stderr)', async () => {
    const home = tempHome()
    const l = start(['listen', '--port', '0', '--https-port', '0', '--json', '--home', home])
    const address = JSON.parse(await l.next()) as { listening: string; https: string; certificate: string }
    expect(address.listening).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(address.https).toMatch(/^https:\/\/localhost:\d+$/)
    expect(readFileSync(address.certificate, 'utf8')).toContain('BEGIN CERTIFICATE')
    expect(l.stderr()).not.toMatch(/and on https/)
  })

  it('without --json the first line stays `listening on URL`', async () => {
    const { url } = await listening(['--home', tempHome()])
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })
})

describe('send --scheme hmac takes the hmac flags of sign', () => {
  it('--hmac-header, --algorithm, --encoding and --prefix shape the signature the receiver gets', async () => {
    const sink = await startSink()
    cleanups.push(() => sink.close())
    const body = '{"type":"ping"}'
    const r = await run(['send', `${sink.url}/h`, '--body', body, '--scheme', 'hmac', '--secret', 'k', '--hmac-header', 'X-Hub', '--algorithm', 'sha1', '--encoding', 'base64', '--prefix', 'sha1=', '--wait', '--home', tempHome()])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const headers = sink.requests[0]!.headers
    const value = headers[headers.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === 'x-hub') + 1]
    expect(value).toBe(`sha1=${createHmac('sha1', 'k').update(body).digest('base64')}`)
    // The same body signed by `sign` with the same flags gives the same header.
    const signed = await run(['sign', '--scheme', 'hmac', '--secret', 'k', '--hmac-header', 'X-Hub', '--algorithm', 'sha1', '--encoding', 'base64', '--prefix', 'sha1='], body)
    expect(signed.stdout).toBe(`X-Hub: ${value}\n`)
  })

  it('are refused with another scheme, without a scheme, and with --endpoint', async () => {
    const home = tempHome()
    const [stripe, none, bad] = await Promise.all([
      run(['send', 'http://127.0.0.1:9/', '--scheme', 'stripe', '--secret', 'whsec_x', '--algorithm', 'sha1', '--home', home]),
      run(['send', 'http://127.0.0.1:9/', '--prefix', 'sha256=', '--home', home]),
      run(['send', 'http://127.0.0.1:9/', '--scheme', 'hmac', '--secret', 'k', '--algorithm', 'md5', '--home', home]),
    ])
    expect(stripe.code).toBe(2)
    expect(stripe.stderr).toMatch(/--hmac-header\/--algorithm\/--encoding\/--prefix apply only to --scheme hmac/)
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/--prefix needs --scheme hmac/)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--algorithm must be one of sha1, sha256, sha512/)
    const endpoint = await run(['send', '--endpoint', 'x', '--algorithm', 'sha1', '--home', home])
    expect(endpoint.code).toBe(2)
    expect(endpoint.stderr).toMatch(/--algorithm is the endpoint's own setting/)
  })
})

describe("README's CI recipe, run as written", () => {
  it('waits for listen to be up, so a webhook sent at once is caught and `wait` finds it', async () => {
    const home = tempHome()
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const recipe = /# in CI:[^\n]*\n(?:#[^\n]*\n)*((?:[^#\n][^\n]*\n)*?hooklab wait [^\n]*\n)/.exec(readme)
    expect(recipe, 'the CI recipe in README.md').not.toBeNull()
    const port = await freePort()
    // The service under test: one stripe-signed invoice.paid, sent once (no retry), right after the recipe's line before it.
    writeFileSync(
      join(home, 'pay.mjs'),
      `import { createHmac } from 'node:crypto'
const body = '{"id":"evt_1","type":"invoice.paid"}'
const t = Math.floor(Date.now() / 1000)
const sig = createHmac('sha256', 'whsec_test').update(t + '.' + body).digest('hex')
const res = await fetch('http://127.0.0.1:${port}/stripe', { method: 'POST', body, headers: { 'content-type': 'application/json', 'stripe-signature': 't=' + t + ',v1=' + sig } })
console.log('sent', res.status)
`,
    )
    const script = recipe![1]!
      .replace(/\bhooklab /g, `node ${CLI} `)
      .replace(/--port 7788/, `--port ${port}`)
      .replace(/npm run e2e-that-pays-an-invoice/, 'node pay.mjs')
    const child = spawn('sh', ['-ec', `${script}kill $!`], { cwd: home, env: { ...process.env, HOOKLAB_HOME: home }, detached: true })
    cleanups.push(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // already gone
      }
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const code = await new Promise<number | null>((r) => child.on('exit', r))
    expect(out).toMatch(/sent 200/)
    expect(code, out).toBe(0)
    expect(out).toMatch(/"verification":\{"scheme":"stripe","valid":true/)
  }, 60_000)
})

describe('sign and verify in a terminal say they read the body from stdin', () => {
  it('a hint on stderr only when stdin is a terminal', () => {
    expect(stdinHint(true, "echo -n '{}' | hooklab sign …")).toBe("reading the body from stdin; end with Ctrl-D, or pipe it: echo -n '{}' | hooklab sign …\n")
    expect(stdinHint(false, 'x')).toBeNull()
  })

  const hasScript = spawnSync('script', ['--version']).status === 0
  it('`hooklab sign` on a pseudo-terminal prints the hint before it waits; piped, it stays silent', async (ctx) => {
    if (!hasScript) return skipBecause(ctx, '`script` (util-linux) is not installed: no pseudo-terminal to run sign in')
    // script gives the command a pseudo-terminal; the body, Enter and Ctrl-D (EOF) are typed after the hint.
    const child = spawn('script', ['-qc', `${process.execPath} ${CLI} sign --scheme stripe --secret whsec_x`, '/dev/null'], { cwd: ROOT })
    cleanups.push(() => {
      if (child.exitCode === null) child.kill('SIGKILL')
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    await until(() => out.includes('reading the body from stdin'), 'the hint')
    expect(out).toMatch(/end with Ctrl-D, or pipe it: echo -n '\{"id":"evt_1"\}' \| hooklab sign --scheme stripe/)
    child.stdin.write('{}\n\u0004') // as typed: the body, Enter, Ctrl-D
    await until(() => /Stripe-Signature: t=\d+,v1=[0-9a-f]{64}/.test(out), 'the signature')
    child.stdin.end()
    const piped = await run(['sign', '--scheme', 'stripe', '--secret', 'whsec_x'], '{}')
    expect(piped.stderr).toBe('')
    const verified = await run(['verify', '--scheme', 'stripe', '--secret', 'whsec_x', '-H', piped.stdout.trim()], '{}')
    expect(verified).toMatchObject({ code: 0, stdout: 'valid\n', stderr: '' })
  }, 30_000)
})

describe('import FILE', () => {
  it('works without --captures (the only kind there is); --captures is still taken', async () => {
    const home = tempHome()
    const { url, next } = await listening(['--home', home])
    await fetch(`${url}/x`, { method: 'POST', body: '{"a":1}' })
    await next()
    const file = join(home, 'caps.json')
    expect((await run(['export', '--captures', '--out', file, '--home', home])).code).toBe(0)
    const plain = await run(['import', file, '--inbox', 'imported', '--json', '--home', tempHome()])
    expect(plain.stderr).toBe('')
    expect(JSON.parse(plain.stdout)).toEqual({ imported: 1, skipped: 0, inboxes: ['imported'] })
    const flagged = await run(['import', '--captures', file, '--json', '--home', tempHome()])
    expect(JSON.parse(flagged.stdout)).toMatchObject({ imported: 1 })
  })
})

describe('sign --header is a header name, not a line', () => {
  it("'Name: value' is refused, pointing at what --header means for sign", async () => {
    const r = await run(['sign', '--scheme', 'hmac', '--secret', 'x', '--header', 'X-Foo: bar'], '{}')
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/--header "X-Foo: bar": for sign, --header is the name of the hmac signature header \(the same as --hmac-header\), not a 'Name: value' line/)
    const other = await run(['sign', '--scheme', 'stripe', '--secret', 'whsec_x', '--header', 'X-Foo: bar'], '{}')
    expect(other.stderr).toMatch(/for sign, --header is the name of the hmac signature header/)
    const name = await run(['verify', '--scheme', 'hmac', '--secret', 'x', '-H', 'a: b', '--hmac-header', 'X Sig'], '{}')
    expect(name.code).toBe(2)
    expect(name.stderr).toMatch(/--hmac-header "X Sig" is not a header name/)
    expect((await run(['sign', '--scheme', 'hmac', '--secret', 'x', '--header', 'X-Foo'], '{}')).stdout).toMatch(/^X-Foo: [0-9a-f]{64}\n$/)
  })
})

describe('--scheme svix and unknown schemes', () => {
  /** The scheme given to sign, verify, send and listen --verify; each one's result, with the flag it came by. */
  function inEveryCommand(scheme: string) {
    const home = tempHome()
    const flags = ['--scheme', '--scheme', '--scheme', '--verify']
    return Promise.all([
      run(['sign', '--scheme', scheme, '--secret', 'x'], '{}'),
      run(['verify', '--scheme', scheme, '--secret', 'x', '-H', 'a: b'], '{}'),
      run(['send', 'http://127.0.0.1:9/', '--scheme', scheme, '--secret', 'x', '--home', home]),
      run(['listen', '--verify', scheme, '--secret', 'x', '--home', home]),
    ]).then((results) => results.map((r, i) => ({ ...r, flag: flags[i] })))
  }

  it('svix is refused everywhere with the pointer to standard', async () => {
    for (const r of await inEveryCommand('svix')) {
      expect(r.code).toBe(2)
      expect(r.stderr).toBe(`hooklab: Unknown signing scheme "svix" for ${r.flag}: Svix signs in the Standard Webhooks format: use ${r.flag} standard\n`)
    }
  })

  it('an unknown scheme is worded the same in sign, verify, send and listen', async () => {
    for (const r of await inEveryCommand('strpe')) {
      expect(r.code).toBe(2)
      expect(r.stderr).toBe(`hooklab: Unknown signing scheme "strpe" for ${r.flag} (known: ${SCHEMES})\n`)
    }
    expect((await run(['sign', '--scheme', 'Stripe', '--secret', 'x'], '{}')).stderr).toMatch(/did you mean --scheme stripe\?/)
  })
})
