// Browser mode's gate, with real HTTP and WebSocket on 127.0.0.1: what a page elsewhere on the
// web (or a DNS-rebinding attacker) would try, and what a user's browser needs to work.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Handlers } from '../../../src-main/api/types'
import { createExportDownloads } from '../../../src-main/host/downloads'
import { createHost } from '../../../src-main/host/host'
import type { Host } from '../../../src-main/host/host'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Resolves with the HTTP status the upgrade was refused with, or 101 when it was accepted. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.on('open', () => {
      ws.close()
      resolve(101)
    })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', () => resolve(-1))
  })
}

const listInputs: unknown[] = []
const handlers = {
  'app.info': () => ({ version: 't', mode: 'browser', home: '/h', dbFile: '/h/db', receiverUrl: null, receiverHttpsUrl: null, receiverCertFile: '/h/receiver-tls/cert.pem', platform: 'linux' }),
  'deliveries.list': (input: unknown) => {
    listInputs.push(input)
    return { items: [], nextCursor: null }
  },
} as unknown as Handlers

describe('browser-mode host', () => {
  let dir: string
  let host: Host
  let port: number
  let token: string
  let exported = 0
  const downloads = createExportDownloads(async (_filter, out) => {
    exported++
    out.end('{"format":"hooklab.attempts/v1"}')
  })

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hooklab-host-'))
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>')
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)')
    writeFileSync(join(dir, '..', 'hooklab-host-secret.txt'), 'outside')
    host = createHost({ handlers, rendererDir: dir, port: 0, downloads, maxMessageBytes: 64 * 1024 })
    ;({ port, token } = await host.start())
  })
  afterAll(async () => {
    await host.stop()
    rmSync(dir, { recursive: true, force: true })
    rmSync(join(dir, '..', 'hooklab-host-secret.txt'), { force: true })
  })

  it('prints a 127.0.0.1 URL carrying a long random token', () => {
    expect(token.length).toBeGreaterThanOrEqual(43)
  })

  it('refuses requests without the token, or with a wrong one (401)', async () => {
    expect((await get(port, '/')).status).toBe(401)
    expect((await get(port, '/assets/app.js')).status).toBe(401)
    expect((await get(port, `/?token=${token.slice(0, -2)}${token.endsWith('xx') ? 'yy' : 'xx'}`)).status).toBe(401)
    expect((await get(port, '/', { Cookie: `hooklab_token_${port}=nope` })).status).toBe(401)
  })

  it('accepts the token in the URL once, moves it into an HttpOnly SameSite=Strict cookie and cleans the URL', async () => {
    const first = await get(port, `/?token=${token}`)
    expect(first.status).toBe(303)
    expect(first.headers.location).toBe('/')
    const cookie = String(first.headers['set-cookie'])
    expect(cookie).toContain(`hooklab_token_${port}=`)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Strict')
    const page = await get(port, '/', { Cookie: cookie.split(';')[0] as string })
    expect(page.status).toBe(200)
    expect(page.body).toContain('<div id="root">')
  })

  it('serves static files with the security headers', async () => {
    const cookie = `hooklab_token_${port}=${token}`
    for (const path of ['/', '/assets/app.js', '/deliveries']) {
      const res = await get(port, path, { Cookie: cookie })
      expect(res.status).toBe(200)
      const csp = String(res.headers['content-security-policy'])
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("object-src 'none'")
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['referrer-policy']).toBe('no-referrer')
    }
    expect((await get(port, '/assets/app.js', { Cookie: cookie })).headers['content-type']).toContain('text/javascript')
    expect((await get(port, '/assets/missing.js', { Cookie: cookie })).status).toBe(404)
    const traversal = await get(port, '/..%2fhooklab-host-secret.txt', { Cookie: cookie })
    expect(traversal.body).not.toContain('outside')
  })

  it('serves the first deliveries page over HTTP, and index.html asks the browser to preload it', async () => {
    const cookie = `hooklab_token_${port}=${token}`
    const index = await get(port, '/', { Cookie: cookie })
    expect(index.headers.link).toBe('</first-page>; rel=preload; as=fetch; crossorigin')
    expect((await get(port, '/assets/app.js', { Cookie: cookie })).headers.link).toBeUndefined()

    listInputs.length = 0
    const page = await get(port, '/first-page', { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-Mode': 'cors' })
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toContain('application/json')
    expect(page.headers['cache-control']).toBe('no-store')
    // The same envelope and input as the socket's first call.
    expect(JSON.parse(page.body)).toEqual({ ok: true, result: { items: [], nextCursor: null } })
    expect(listInputs).toEqual([{ cursor: null, limit: 60, filter: {} }])
  })

  it('gates the first page like everything else: no token, a foreign Host or a cross-site fetch get nothing', async () => {
    const cookie = `hooklab_token_${port}=${token}`
    listInputs.length = 0
    expect((await get(port, '/first-page')).status).toBe(401)
    expect((await get(port, '/first-page', { Cookie: cookie, Host: `evil.example:${port}` })).status).toBe(403)
    expect((await get(port, '/first-page', { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'cors' })).status).toBe(403)
    expect((await get(port, '/first-page', { Cookie: cookie, Origin: 'http://evil.example' })).status).toBe(403)
    expect(listInputs).toEqual([])
  })

  it('rejects a foreign Host header (DNS rebinding) and a foreign Origin with 403, even with the token', async () => {
    const cookie = `hooklab_token_${port}=${token}`
    expect((await get(port, '/', { Cookie: cookie, Host: `evil.example:${port}` })).status).toBe(403)
    expect((await get(port, '/', { Cookie: cookie, Host: `127.0.0.1:${port + 1}` })).status).toBe(403)
    expect((await get(port, '/', { Cookie: cookie, Origin: 'http://evil.example' })).status).toBe(403)
    expect((await get(port, '/', { Cookie: cookie, Origin: `http://localhost:${port}` })).status).toBe(200)
    expect((await get(port, '/', { Cookie: cookie, 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'no-cors' })).status).toBe(403)
  })

  it('accepts a WebSocket only with the token and our own Origin', async () => {
    const ws = `ws://127.0.0.1:${port}/ws`
    const origin = `http://127.0.0.1:${port}`
    expect(await upgradeStatus(ws, { Origin: origin })).toBe(401)
    expect(await upgradeStatus(`${ws}?token=wrong`, { Origin: origin })).toBe(401)
    expect(await upgradeStatus(`${ws}?token=${token}`, { Origin: 'http://evil.example' })).toBe(403)
    expect(await upgradeStatus(`${ws}?token=${token}`, {})).toBe(403)
    expect(await upgradeStatus(ws, { Origin: origin, Cookie: `hooklab_token_${port}=${token}` })).toBe(101)
    expect(await upgradeStatus(`${ws}?token=${token}`, { Origin: origin })).toBe(101)
  })

  it('a cookie with our name set by another localhost page neither crashes the server nor locks the user out', async () => {
    // Cookies are not scoped by port: any page on localhost can plant one with our name. Undecodable
    // ('%') it used to throw in the upgrade handler and end `hooklab serve`; sent before ours, it shadowed it.
    const ws = `ws://127.0.0.1:${port}/ws`
    const origin = `http://127.0.0.1:${port}`
    const planted = `hooklab_token_${port}=%`
    expect(await upgradeStatus(ws, { Origin: origin, Cookie: planted })).toBe(401)
    expect(await upgradeStatus(`${ws}?token=${token}`, { Origin: origin, Cookie: planted })).toBe(101)
    expect((await get(port, '/', { Cookie: planted })).status).toBe(401)
    // Ours still counts after a planted one (the browser sends both: the one with the longer path first).
    const both = `${planted}; hooklab_token_${port}=nope; hooklab_token_${port}=${token}`
    expect(await upgradeStatus(ws, { Origin: origin, Cookie: both })).toBe(101)
    expect((await get(port, '/', { Cookie: both })).status).toBe(200)
  })

  it('answers contract calls over the socket and closes it on an oversized frame', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, { headers: { Origin: `http://127.0.0.1:${port}` } })
    await new Promise((r) => ws.once('open', r))
    const replies: unknown[] = []
    ws.on('message', (d) => replies.push(JSON.parse(String(d))))
    ws.send(JSON.stringify({ id: 1, method: 'app.info', input: {} }))
    ws.send(JSON.stringify({ id: 2, method: 'shell.exec', input: {} }))
    await expect.poll(() => replies.length).toBe(2)
    expect(replies).toContainEqual(expect.objectContaining({ id: 1, ok: true, result: expect.objectContaining({ mode: 'browser' }) }))
    expect(replies).toContainEqual(expect.objectContaining({ id: 2, ok: false, error: expect.objectContaining({ code: 'E_INVALID_INPUT' }) }))
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)))
    ws.send('x'.repeat(128 * 1024))
    expect(await closed).toBe(1009)
  })

  it('serves an export download once', async () => {
    const cookie = `hooklab_token_${port}=${token}`
    expect((await get(port, '/download/unknown', { Cookie: cookie })).status).toBe(404)
    const link = downloads.register({ kind: 'attempts', filter: {} })
    expect((await get(port, link)).status).toBe(401)
    const first = await get(port, link, { Cookie: cookie })
    expect(first.status).toBe(200)
    expect(first.headers['content-disposition']).toMatch(/^attachment; filename="hooklab-attempts-.*\.json"$/)
    expect(JSON.parse(first.body)).toEqual({ format: 'hooklab.attempts/v1' })
    expect((await get(port, link, { Cookie: cookie })).status).toBe(404)
    expect(exported).toBe(1)
    // A captures export is named for what it holds.
    const captures = await get(port, downloads.register({ kind: 'captures', filter: {} }), { Cookie: cookie })
    expect(captures.headers['content-disposition']).toMatch(/^attachment; filename="hooklab-captures-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.json"$/)
    expect(exported).toBe(2)
  })
})
