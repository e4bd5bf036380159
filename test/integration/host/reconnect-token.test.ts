// `hooklab serve` keeps its token in the home (mode 0600): a restart on the same home prints the same
// URL, so an open tab's cookie still counts; --new-token replaces it. The token is printed only in the URL.
// Also the socket's message limits: only captures.import, on its own socket, may send 100 MB.
import { spawn } from 'node:child_process'
import { chmodSync, existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Handlers } from '../../../src-main/api/types'
import { createHost, MAX_CALL_BYTES, MAX_MESSAGE_BYTES } from '../../../src-main/host/host'
import { BULK_WS_PATH } from '../../../src-preload/wire'
import { loadServeToken, tokenFile } from '../../../src-main/host/token-file'
import * as transport from '../../../src-renderer/src/transport/websocket'

const CLI = resolve(__dirname, '..', '..', '..', 'out', 'main', 'cli.js')

/** Starts serve, reads its output until the receiver line, stops it; returns the token and all it printed. */
async function serveOnce(home: string, extra: string[] = []): Promise<{ token: string; output: string }> {
  const env = { ...process.env }
  delete env.HOOKLAB_HOME
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--receiver-port', '0', '--home', home, ...extra], { env })
  let output = ''
  child.stderr.on('data', (c: Buffer) => (output += c.toString()))
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  await new Promise<void>((res, rej) => {
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString()
      if (output.split('\n').filter(Boolean).length >= 2) res()
    })
    child.once('exit', (code) => rej(new Error(`serve exited with ${code}: ${output}`)))
  })
  child.kill('SIGTERM')
  await exited
  const token = /\?token=([\w-]+)/.exec(output)?.[1] ?? ''
  return { token, output }
}

describe('the browser-mode token kept in the home', () => {
  let home: string
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'hooklab-token-'))
  })
  afterEach(() => rmSync(home, { recursive: true, force: true }))

  it('hooklab serve prints the same URL token after a restart on the same home, and a new one with --new-token', async () => {
    if (!existsSync(CLI)) throw new Error('build first: npm run build')
    const first = await serveOnce(home)
    expect(first.token).toMatch(/^[\w-]{43}$/)
    const again = await serveOnce(home)
    expect(again.token).toBe(first.token)
    expect(statSync(tokenFile(home)).mode & 0o777).toBe(0o600)
    // Only the URL line carries it.
    expect(again.output.split(again.token).length - 1).toBe(1)

    const rotated = await serveOnce(home, ['--new-token'])
    expect(rotated.token).toMatch(/^[\w-]{43}$/)
    expect(rotated.token).not.toBe(first.token)
    expect((await serveOnce(home)).token).toBe(rotated.token)
  }, 60_000)

  it('makes the file on first use with mode 0600, and replaces one that does not hold a token', () => {
    const token = loadServeToken(home)
    expect(readFileSync(tokenFile(home), 'utf8').trim()).toBe(token)
    expect(statSync(tokenFile(home)).mode & 0o777).toBe(0o600)
    expect(loadServeToken(home)).toBe(token)

    writeFileSync(tokenFile(home), 'half', { mode: 0o644 })
    const remade = loadServeToken(home)
    expect(remade).toMatch(/^[\w-]{43}$/)
    expect(statSync(tokenFile(home)).mode & 0o777).toBe(0o600)

    // Readable by others (a backup that lost its mode): it may have leaked, so it is not kept.
    writeFileSync(tokenFile(home), `${remade}\n`)
    chmodSync(tokenFile(home), 0o644)
    const fresh = loadServeToken(home)
    expect(fresh).not.toBe(remade)
    expect(statSync(tokenFile(home)).mode & 0o777).toBe(0o600)
  })

  it('never uses or writes through a symlink: a planted token is not taken, and no other file is overwritten', () => {
    const planted = join(home, 'planted')
    writeFileSync(planted, `${'A'.repeat(43)}\n`, { mode: 0o600 })
    symlinkSync(planted, tokenFile(home))
    const token = loadServeToken(home)
    expect(token).not.toBe('A'.repeat(43))
    expect(lstatSync(tokenFile(home)).isSymbolicLink()).toBe(false)
    expect(readFileSync(planted, 'utf8')).toBe(`${'A'.repeat(43)}\n`)
    expect(readFileSync(tokenFile(home), 'utf8').trim()).toBe(token)
  })
})

describe('browser mode message limits', () => {
  const handlers = {
    'app.info': () => ({ version: 't', mode: 'browser', home: '/h', dbFile: '/h/db', receiverUrl: null, receiverHttpsUrl: null, receiverCertFile: '/h/c.pem', platform: 'linux' }),
    'compose.fromCurl': () => ({ parsed: true }),
    'captures.import': (input: { text: string }) => ({ imported: input.text.length, skipped: 0, inboxes: [] }),
  } as unknown as Handlers
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hooklab-limits-'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html>')
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('the UI socket refuses a 33 MB cURL command by its length, while a captures.import that big goes through on the bulk socket', async () => {
    // Room for the contract's largest other input: 10 M characters of 3 UTF-8 bytes each.
    expect(MAX_CALL_BYTES).toBeGreaterThan(3 * 10_000_000 + 1024)
    expect(MAX_CALL_BYTES).toBeLessThan(MAX_MESSAGE_BYTES / 3)
    const host = createHost({ handlers, rendererDir: dir, port: 0 })
    const { port, token } = await host.start()
    const origin = `http://127.0.0.1:${port}`
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, { headers: { Origin: origin } })
      await new Promise((r) => ws.once('open', r))
      const answered = new Promise<string>((r) => ws.once('message', () => r('answered')))
      const closed = new Promise<string>((r) => ws.once('close', (code) => r(`closed ${code}`)))
      ws.send(JSON.stringify({ id: 1, method: 'compose.fromCurl', input: { text: 'x'.repeat(MAX_CALL_BYTES + 1) } }))
      expect(await Promise.race([answered, closed])).toBe('closed 1009')

      class OriginWs extends WebSocket {
        constructor(url: string) {
          super(url, { headers: { Origin: origin } })
        }
      }
      const bridge = transport.createWsBridge({ url: `ws://127.0.0.1:${port}/ws?token=${token}`, WebSocketImpl: OriginWs as unknown as typeof globalThis.WebSocket })
      const text = '"'.repeat(MAX_CALL_BYTES / 2 + 1) // past the UI socket's limit once JSON-encoded
      expect(await bridge.invoke('captures.import', { text })).toMatchObject({ imported: text.length })
      expect(await bridge.invoke('app.info', {})).toMatchObject({ version: 't' })
      bridge.close()
    } finally {
      await host.stop()
    }
  }, 60_000)

  it('the bulk socket answers only the bulk methods, and the renderer sends to it', async () => {
    const host = createHost({ handlers, rendererDir: dir, port: 0 })
    const { port, token } = await host.start()
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${port}${BULK_WS_PATH}?token=${token}`, { headers: { Origin: `http://127.0.0.1:${port}` } })
      await new Promise((r) => ws.once('open', r))
      const reply = new Promise<unknown>((r) => ws.once('message', (d) => r(JSON.parse(String(d)))))
      ws.send(JSON.stringify({ id: 7, method: 'app.info', input: {} }))
      expect(await reply).toMatchObject({ id: 7, ok: false, error: { code: 'E_INVALID_INPUT' } })
      expect(host.clientCount).toBe(0) // nor does it get the UI's events
      ws.close()
      // The same gate as the UI's socket.
      const refused = new WebSocket(`ws://127.0.0.1:${port}${BULK_WS_PATH}`, { headers: { Origin: `http://127.0.0.1:${port}` } })
      expect(await new Promise((r) => refused.once('unexpected-response', (_req, res) => r(res.statusCode)))).toBe(401)
    } finally {
      await host.stop()
    }
  })
})
