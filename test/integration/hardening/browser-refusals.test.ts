// Browser mode refuses, on every route and every method, whoever lacks the token or comes from
// elsewhere: no token, wrong token, token in a place we do not read, foreign Origin, foreign Host
// (DNS rebinding), cross-site fetches, cross-site WebSockets. A refusal has no side effect and
// never echoes the token.
import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Handlers } from '../../../src-main/api/types'
import { createExportDownloads } from '../../../src-main/host/downloads'
import { createHost } from '../../../src-main/host/host'
import type { Host } from '../../../src-main/host/host'
import { tmpDir } from './helpers'

interface Reply {
  status: number
  body: string
}

function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

function upgrade(url: string, headers: Record<string, string>, protocols?: string[]): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, protocols ?? [], { headers })
    ws.on('open', () => {
      ws.close()
      resolve(101)
    })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', () => resolve(-1))
  })
}

let calls = 0
const handlers = new Proxy({} as Handlers, {
  get: () => () => {
    calls++
    return { version: 't', mode: 'browser', home: '/h', dbFile: '/h/db', receiverUrl: null, receiverHttpsUrl: null, receiverCertFile: '/h/receiver-tls/cert.pem', platform: 'linux' }
  },
})

describe('browser mode refuses every route without the token or from elsewhere', () => {
  let host: Host
  let port: number
  let token: string
  let cleanup: () => void
  let exported = 0
  const downloads = createExportDownloads(async (_f, out) => {
    exported++
    out.end('{}')
  })

  beforeAll(async () => {
    const t = tmpDir()
    cleanup = t.cleanup
    mkdirSync(join(t.dir, 'assets'))
    writeFileSync(join(t.dir, 'index.html'), '<!doctype html><div id="root"></div>')
    writeFileSync(join(t.dir, 'assets', 'app.js'), 'console.log(1)')
    host = createHost({ handlers, rendererDir: t.dir, port: 0, downloads })
    ;({ port, token } = await host.start())
  })
  afterAll(async () => {
    await host.stop()
    cleanup()
  })

  const routes = (): string[] => ['/', '/index.html', '/assets/app.js', '/deliveries', '/inbox/x', '/download/anything', '/first-page', '/ws', '/missing', '/..%2f..%2fetc%2fpasswd']

  it('no token, a wrong token, or the token where we do not read it: 401 on every route and method', async () => {
    const wrongPlaces = (): Array<{ path: (r: string) => string; headers: Record<string, string>; body?: string; what: string }> => [
      { what: 'none', path: (r) => r, headers: {} },
      // The last character changed to one it is not (a fixed 'A' made the real token 1 time in 64).
      { what: 'wrong query', path: (r) => `${r}${r.includes('?') ? '&' : '?'}token=${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, headers: {} },
      { what: 'wrong cookie', path: (r) => r, headers: { Cookie: `hooklab_token_${port}=${'A'.repeat(token.length)}` } },
      { what: 'cookie of another port', path: (r) => r, headers: { Cookie: `hooklab_token_${port + 1}=${token}` } },
      { what: 'cookie without port', path: (r) => r, headers: { Cookie: `hooklab_token=${token}` } },
      { what: 'bearer header', path: (r) => r, headers: { Authorization: `Bearer ${token}` } },
      { what: 'x-token header', path: (r) => r, headers: { 'X-Hooklab-Token': token } },
      { what: 'in the path', path: (r) => `/${token}${r}`, headers: {} },
      { what: 'query key case', path: (r) => `${r}?TOKEN=${token}`, headers: {} },
      { what: 'in a POST body', path: (r) => r, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `token=${token}` },
      { what: 'oversized token', path: (r) => `${r}?token=${token.repeat(20)}`, headers: {} },
    ]
    let checked = 0
    for (const route of routes()) {
      for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS']) {
        for (const w of wrongPlaces()) {
          if (w.body !== undefined && method !== 'POST') continue
          const res = await send(port, method, w.path(route), w.headers, w.body)
          expect(res.status, `${method} ${route} with token ${w.what}`).toBe(401)
          expect(res.body).not.toContain(token)
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(400)
    expect(calls).toBe(0)
  })

  it('foreign Host, foreign Origin and cross-site fetches: 403 on every route even with the token', async () => {
    const cookie = `hooklab_token_${port}=${token}`
    const hostile: Array<[string, Record<string, string>]> = [
      ['rebinding host', { Cookie: cookie, Host: `evil.example:${port}` }],
      ['host without port', { Cookie: cookie, Host: '127.0.0.1' }],
      ['host other port', { Cookie: cookie, Host: `localhost:${port + 1}` }],
      ['host 0.0.0.0', { Cookie: cookie, Host: `0.0.0.0:${port}` }],
      ['host ipv6', { Cookie: cookie, Host: `[::1]:${port}` }],
      ['foreign origin', { Cookie: cookie, Origin: 'http://evil.example' }],
      ['null origin', { Cookie: cookie, Origin: 'null' }],
      ['https origin', { Cookie: cookie, Origin: `https://127.0.0.1:${port}` }],
      ['other-port origin', { Cookie: cookie, Origin: `http://127.0.0.1:${port + 1}` }],
      ['cross-site fetch', { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'cors' }],
      ['same-site no-cors', { Cookie: cookie, 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'no-cors' }],
      ['query token, foreign origin', { Origin: 'http://evil.example' }],
    ]
    for (const route of routes()) {
      for (const method of ['GET', 'POST']) {
        for (const [what, headers] of hostile) {
          const path = what.startsWith('query token') ? `${route}?token=${token}` : route
          const res = await send(port, method, path, headers)
          expect(res.status, `${method} ${route}: ${what}`).toBe(403)
          expect(res.body).not.toContain(token)
        }
      }
    }
    expect(calls).toBe(0)
  })

  it('a refused request does not use up a one-time export link', async () => {
    const link = downloads.register({ kind: 'attempts', filter: {} })
    const cookie = `hooklab_token_${port}=${token}`
    expect((await send(port, 'GET', link, {})).status).toBe(401)
    expect((await send(port, 'GET', link, { Cookie: cookie, Origin: 'http://evil.example' })).status).toBe(403)
    expect((await send(port, 'GET', link, { Cookie: cookie, Host: `evil.example:${port}` })).status).toBe(403)
    expect(exported).toBe(0)
    expect((await send(port, 'GET', link, { Cookie: cookie })).status).toBe(200)
    expect(exported).toBe(1)
  })

  it('the WebSocket refuses cross-site pages, foreign Hosts, a missing Origin and misplaced tokens', async () => {
    const ws = `ws://127.0.0.1:${port}/ws`
    const ours = `http://127.0.0.1:${port}`
    const cookie = `hooklab_token_${port}=${token}`
    const cases: Array<[string, string, Record<string, string>, number, string[]?]> = [
      ['no token', ws, { Origin: ours }, 401],
      ['wrong token', `${ws}?token=nope`, { Origin: ours }, 401],
      ['token as subprotocol', ws, { Origin: ours }, 401, [token]],
      ['token as bearer', ws, { Origin: ours, Authorization: `Bearer ${token}` }, 401],
      ['cross-site page with the cookie', ws, { Origin: 'http://evil.example', Cookie: cookie }, 403],
      ['null origin', `${ws}?token=${token}`, { Origin: 'null' }, 403],
      ['no origin', `${ws}?token=${token}`, {}, 403],
      ['foreign host', `${ws}?token=${token}`, { Origin: ours, Host: `evil.example:${port}` }, 403],
      ['other path', `ws://127.0.0.1:${port}/ws2?token=${token}`, { Origin: ours }, 404],
    ]
    for (const [what, url, headers, status, protocols] of cases) {
      expect(await upgrade(url, headers, protocols), what).toBe(status)
    }
    expect(calls).toBe(0)
    // The same socket with the token and our Origin is accepted: the refusals above are the gate.
    expect(await upgrade(ws, { Origin: ours, Cookie: cookie })).toBe(101)
  })
})
