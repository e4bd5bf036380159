// Secrets never leave: after a run with distinctive endpoint and inbox secrets, every log line,
// every API result and error message, the export file, the CLI's output and a crashed engine's
// output are grepped for them (and for their decoded/base64 forms).
import { spawn, spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, readFileSync } from 'node:fs'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../../src-main/api/dispatch'
import { createRuntime } from '../../../src-main/api/runtime'
import type { Runtime } from '../../../src-main/api/runtime'
import { recordingLogger, tmpDir, until } from './helpers'
import type { RecordingLogger } from './helpers'

const ROOT = resolve(__dirname, '../../..')
const CLI = join(ROOT, 'out/main/cli.js')

const INBOX_SECRET = 'inbox-SENTINEL-4f1c9a7e-do-not-leak'
const ENDPOINT_SECRET = 'endpoint-SENTINEL-b7d2e913-do-not-leak'
const STD_KEY = Buffer.from('STDKEY-SENTINEL-0c4a55e1')
const STANDARD_SECRET = `whsec_${STD_KEY.toString('base64')}`
const ADHOC_SECRET = 'adhoc-SENTINEL-9e8d7c6b'
const CLI_SECRET = 'cli-SENTINEL-31415926'
const CHILD_KEY = Buffer.from('CHILDKEY-SENTINEL-27182818')
const CHILD_SECRET = `whsec_${CHILD_KEY.toString('base64')}`

/** Every form a secret could leak in: as given, the whsec_ payload, the decoded key, hex. */
function needles(): string[] {
  const out = new Set<string>()
  for (const s of [INBOX_SECRET, ENDPOINT_SECRET, STANDARD_SECRET, ADHOC_SECRET, CLI_SECRET, CHILD_SECRET]) {
    out.add(s)
    if (s.startsWith('whsec_')) {
      const key = Buffer.from(s.slice(6), 'base64')
      out.add(s.slice(6)).add(key.toString('latin1')).add(key.toString('hex'))
    }
    out.add(Buffer.from(s).toString('base64')).add(Buffer.from(s).toString('hex'))
  }
  return [...out]
}

function leaks(where: string, text: string): string[] {
  return needles()
    .filter((n) => text.includes(n))
    .map((n) => `${where} contains ${n}`)
}

let runtime: Runtime
let logger: RecordingLogger
let home: string
let cleanup: () => void
const outputs: Array<[string, string]> = []
let deadPort = 0

async function call(method: string, input: unknown): Promise<unknown> {
  const result = await dispatch(runtime.handlers, method, input, { logger })
  outputs.push([`${method} result`, JSON.stringify(result)])
  return result
}

beforeAll(async () => {
  const t = tmpDir()
  home = t.dir
  cleanup = t.cleanup
  logger = recordingLogger()
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  deadPort = (s.address() as AddressInfo).port
  await new Promise<void>((r) => s.close(() => r()))
  runtime = createRuntime({ home, mode: 'browser', logger, receiverPort: 0, pollMs: 20, exportFile: async () => ({ kind: 'cancelled' }), send: () => {} })
})

afterAll(async () => {
  await runtime.stop()
  cleanup()
})

describe('secrets never leave', () => {
  it('engine + receiver + API run: logs, results, errors and the export hold no secret', async () => {
    const { receiverUrl } = await runtime.start()
    const inbox = (await call('inboxes.create', { slug: 'sec' })) as { ok: true; result: { id: string } }
    await call('inboxes.update', { id: inbox.result.id, patch: { verification: { scheme: 'github', secret: INBOX_SECRET } } })
    const retry = { schedule: { kind: 'list', delaysMs: [10] }, maxAttempts: 2, jitter: false, timeScale: 1 }
    const ids: string[] = []
    for (const [name, url, signing] of [
      ['right secret', `${receiverUrl}/in/sec/ok`, { scheme: 'github', secret: INBOX_SECRET }],
      ['wrong secret', `${receiverUrl}/in/sec/bad`, { scheme: 'github', secret: ENDPOINT_SECRET }],
      ['dead port', `http://127.0.0.1:${deadPort}/x`, { scheme: 'standard', secret: STANDARD_SECRET }],
    ] as const) {
      const r = (await call('endpoints.create', { name, url, signing, retry, timeoutMs: 500 })) as { ok: boolean; result: { id: string } }
      expect(r.ok, JSON.stringify(r)).toBe(true)
      ids.push(r.result.id)
    }
    // Rotation keeps the old secret signing for a while: both must stay hidden.
    await call('endpoints.update', { id: ids[2], patch: { signing: { scheme: 'standard', secret: `${STANDARD_SECRET}` } } })
    const sent = (await call('compose.send', { endpointIds: ids, body: '{"hello":"world"}', count: 2 })) as { ok: true; result: { deliveries: Array<{ deliveryId: string }> } }
    await call('compose.preview', { url: `${receiverUrl}/in/sec/adhoc`, body: '{}', signing: { scheme: 'stripe', secret: ADHOC_SECRET } })
    await call('compose.send', { url: `${receiverUrl}/in/sec/adhoc`, body: '{}', signing: { scheme: 'github', secret: ADHOC_SECRET } })
    for (const d of sent.result.deliveries) await runtime.engine.delivery.waitFor(d.deliveryId)
    await until(() => runtime.receiver.listCaptures().items.length >= 5, 5000, 'captures')

    // Everything a UI can read back.
    for (const m of ['endpoints.list', 'inboxes.list', 'config.export', 'settings.get', 'app.info']) await call(m, {})
    for (const id of ids) await call('endpoints.get', { id })
    for (const d of sent.result.deliveries) await call('deliveries.get', { id: d.deliveryId })
    for (const c of runtime.receiver.listCaptures().items) await call('captures.get', { id: c.id })
    const captures = runtime.receiver.listCaptures().items
    expect(captures.some((c) => c.verification?.valid === true)).toBe(true)
    expect(captures.some((c) => c.verification?.valid === false)).toBe(true)

    // Error paths with secrets in the input.
    await call('endpoints.create', { name: 'bad', url: 'not a url', signing: { scheme: 'github', secret: ENDPOINT_SECRET } })
    await call('endpoints.create', { name: 'bad', url: 'http://127.0.0.1:9/', timeoutMs: -1, signing: { scheme: 'stripe', secret: ENDPOINT_SECRET } })
    await call('endpoints.create', { name: 'bad', url: 'http://127.0.0.1:9/', signing: { scheme: 'nope', secret: ENDPOINT_SECRET } })
    await call('compose.preview', { url: 'ftp://x', body: '{}', signing: { scheme: 'github', secret: ADHOC_SECRET } })
    await call('compose.send', { eventType: 'none.such', body: '{}', signing: { scheme: 'github', secret: ADHOC_SECRET } })
    await call('captures.replay', { id: captures[0]!.id, to: 'http://127.0.0.1:9/', mode: 're-sign', signing: { scheme: 'hmac', secret: ADHOC_SECRET } })
    await call('inboxes.update', { id: inbox.result.id, patch: { verification: { scheme: 'bogus', secret: INBOX_SECRET } } })
    await call('config.import', { json: JSON.stringify({ endpoints: [{ name: 'x', url: 'bad', signing: { scheme: 'github', secret: ENDPOINT_SECRET } }] }) })
    expect(outputs.filter(([, r]) => r.includes('"ok":false')).length).toBeGreaterThanOrEqual(6)

    // Both exports, written to files as the CLI and the app write them.
    const exportToFile = async (kind: 'attempts' | 'captures'): Promise<string> => {
      const file = join(home, `${kind}.json`)
      const out = createWriteStream(file)
      await (kind === 'attempts' ? runtime.engine.export.exportAttempts({}, out) : runtime.engine.export.exportCaptures({}, out))
      out.end()
      await once(out, 'finish')
      return readFileSync(file, 'utf8')
    }
    const exported = await exportToFile('attempts')
    expect(exported.startsWith('{"format":"hooklab.attempts/v1"')).toBe(true)
    expect(/x-hub-signature-256/i.test(exported) && /webhook-signature/.test(exported)).toBe(true) // the run really signed
    // The captures export: the inbox verified with INBOX_SECRET, which must not travel with its verdicts.
    const capturesExported = await exportToFile('captures')
    expect(capturesExported.startsWith('{"format":"hooklab.captures/v1"')).toBe(true)
    expect(capturesExported).toContain('"valid":false') // the verdicts are there

    const found = [
      ...logger.lines.flatMap((l) => leaks('log line', l)),
      ...outputs.flatMap(([where, text]) => leaks(where, text)),
      ...leaks('export file', exported),
      ...leaks('captures export file', capturesExported),
    ]
    expect(found).toEqual([])
    expect(logger.lines.length).toBeGreaterThan(0)
  }, 60_000)

  it('the CLI prints no secret on stdout or stderr (send, sign, verify)', () => {
    expect(existsSync(CLI), 'build first: npx electron-vite build').toBe(true)
    const cliHome = join(home, 'cli')
    const runs = [
      spawnSync(process.execPath, [CLI, 'send', `http://127.0.0.1:${deadPort}/x`, '--scheme', 'github', '--secret', CLI_SECRET, '--max-attempts', '1', '--wait', '--json', '--home', cliHome], { encoding: 'utf8', timeout: 20_000 }),
      spawnSync(process.execPath, [CLI, 'send', 'not-a-url', '--scheme', 'stripe', '--secret', CLI_SECRET, '--home', cliHome], { encoding: 'utf8', timeout: 20_000 }),
      spawnSync(process.execPath, [CLI, 'sign', '--scheme', 'standard', '--secret', STANDARD_SECRET, '--id', 'msg_1', '--timestamp', '1700000000'], { input: '{"a":1}', encoding: 'utf8', timeout: 20_000 }),
      spawnSync(process.execPath, [CLI, 'sign', '--scheme', 'nope', '--secret', CLI_SECRET], { input: '{}', encoding: 'utf8', timeout: 20_000 }),
      spawnSync(process.execPath, [CLI, 'verify', '--scheme', 'github', '--secret', CLI_SECRET, '-H', 'X-Hub-Signature-256: sha256=00'], { input: '{}', encoding: 'utf8', timeout: 20_000 }),
      spawnSync(process.execPath, [CLI, 'verify', '--scheme', 'standard', '--secret', STANDARD_SECRET, '-H', 'webhook-id: msg_1', '-H', 'webhook-timestamp: 1', '-H', 'webhook-signature: v1,AAAA'], { input: '{}', encoding: 'utf8', timeout: 20_000 }),
    ]
    const found: string[] = []
    runs.forEach((r, i) => {
      found.push(...leaks(`cli run ${i} stdout`, r.stdout ?? ''), ...leaks(`cli run ${i} stderr`, r.stderr ?? ''))
    })
    expect(runs[0]!.status).toBe(1) // failed delivery, reported
    expect(runs[2]!.stdout).toMatch(/webhook-signature: v1,/i) // signing really happened
    expect(runs[4]!.status).toBe(1)
    expect(found).toEqual([])
  }, 60_000)

  it('hooklab listen --verify prints verdicts, never the inbox secret', async () => {
    expect(existsSync(CLI), 'build first: npx electron-vite build').toBe(true)
    const child = spawn(process.execPath, [CLI, 'listen', '--port', '0', '--json', '--verify', 'github', '--secret', INBOX_SECRET, '--home', join(home, 'listen')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = once(child, 'exit')
    try {
      // With --json the address line is JSON too: {"listening":URL}.
      await until(() => /"listening":"(http:\/\/[^"]+)"/.test(stdout), 20_000, 'listen address')
      const url = /"listening":"(http:\/\/[^"]+)"/.exec(stdout)![1]!
      const bad = await fetch(`${url.replace(/\/$/, '')}/hook`, { method: 'POST', body: '{"a":1}', headers: { 'X-Hub-Signature-256': 'sha256=00', 'content-type': 'application/json' } })
      expect(bad.status).toBe(200)
      await until(() => stdout.includes('"verification"'), 10_000, 'capture line')
    } finally {
      child.kill('SIGTERM')
      await exited
    }
    expect(stdout).toMatch(/"valid":false/)
    expect([...leaks('listen stdout', stdout), ...leaks('listen stderr', stderr)]).toEqual([])
  }, 30_000)

  for (const crash of ['kill', 'throw'] as const) {
    it(`a crashed engine process (${crash === 'kill' ? 'SIGKILL' : 'uncaught error'}) printed no secret`, async () => {
      let hits = 0
      const sink = createServer((req, res) => {
        hits++
        req.resume()
        req.on('end', () => res.writeHead(500).end('nope'))
      })
      await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r))
      const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/`
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/hardening/secrets-child.ts')], {
        cwd: ROOT,
        env: { ...process.env, HOOKLAB_SECRETS: JSON.stringify({ dbFile: join(home, `child-${crash}.db`), urls: [sinkUrl, `http://127.0.0.1:${deadPort}/`], secret: CHILD_SECRET, crash }) },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      const exited = once(child, 'exit')
      await until(() => stdout.includes('ready'), 20_000, 'child ready')
      if (crash === 'kill') {
        await until(() => hits >= 3, 10_000, 'child sent signed requests')
        child.kill('SIGKILL')
      }
      await exited
      sink.close()
      if (crash === 'throw') expect(stderr).toContain('simulated crash')
      expect(stdout).toContain('"hasSecret":true')
      expect([...leaks('child stdout', stdout), ...leaks('child stderr', stderr)]).toEqual([])
    }, 30_000)
  }
})
