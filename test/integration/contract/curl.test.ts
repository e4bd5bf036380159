// The cURL command the UI copies (attempts, captures) and the compose preview shows: run by a real
// shell and curl against a real server, it must send the same method, path, headers and body bytes.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { curlBody, curlCommand } from '../../../src-preload/curl'
import { CURL_MISSING } from '../../fixtures/curl'

interface Seen {
  method: string
  url: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

let seen: Seen[] = []
const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) })
    res.end('ok')
  })
})
let base = ''
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

const curl = CURL_MISSING === null
if (!curl) console.warn(`curl.test.ts: the commands are ${CURL_MISSING}`)

// Asynchronous: the server answering curl runs on this process's event loop.
async function run(cmd: string): Promise<Seen> {
  seen = []
  // From a file, as a terminal reads what is pasted: `sh -c` would hit the exec size limit on a big body.
  const script = join(mkdtempSync(join(tmpdir(), 'hooklab-curl-')), 'cmd.sh')
  writeFileSync(script, `${cmd} --silent --show-error --output /dev/null\n`)
  await promisify(execFile)('sh', [script], { timeout: 10_000 })
  rmSync(dirname(script), { recursive: true })
  expect(seen).toHaveLength(1)
  return seen[0]!
}

const bytesOf = (b: Buffer) => ({ bytes: new Uint8Array(b), base64: b.toString('base64') })

describe('curlCommand', () => {
  it('quotes for sh and leaves out the headers curl derives itself', () => {
    const cmd = curlCommand({
      method: 'POST',
      url: "http://h/in/x?q=it's",
      headers: [['Host', 'h'], ['Content-Length', '3'], ['X-Note', "it's"]],
      body: { text: 'a b' },
    })
    expect(cmd).toBe(
      `curl -X POST 'http://h/in/x?q=it'\\''s' \\\n  -H 'X-Note: it'\\''s' \\\n  -H 'User-Agent:' \\\n  -H 'Accept:' \\\n  -H 'Content-Type:' \\\n  --data-raw 'a b'`,
    )
    // Whatever a sender put in the method stays one quoted argument.
    expect(curlCommand({ method: 'GET;touch x', url: 'http://h/', headers: [['Accept', '*/*']], body: null })).toBe(`curl -X 'GET;touch x' 'http://h/' \\\n  -H 'Accept: */*' \\\n  -H 'User-Agent:'`)
  })

  it.runIf(curl)('a text body with quotes, newlines and non-ASCII arrives byte for byte, with every header', async () => {
    const text = `{"msg": "it's \\"quoted\\"",\n  "name": "Zoë ✓"}\n`
    const buf = Buffer.from(text, 'utf8')
    const { bytes, base64 } = bytesOf(buf)
    const body = curlBody(bytes, base64)
    expect(body).toEqual({ text })
    const got = await run(
      curlCommand({
        method: 'PUT',
        url: `${base}/in/shop/orders?x=1&y=it's`,
        headers: [['Content-Type', 'application/json'], ['webhook-signature', 'v1,abc+/='], ['Host', 'elsewhere'], ['Content-Length', '1']],
        body,
      }),
    )
    expect(got.method).toBe('PUT')
    expect(got.url).toBe("/in/shop/orders?x=1&y=it's")
    expect(got.headers['content-type']).toBe('application/json')
    expect(got.headers['webhook-signature']).toBe('v1,abc+/=')
    expect(got.headers.host).toBe(new URL(base).host)
    expect(got.body.equals(buf)).toBe(true)
  })

  it.runIf(curl)('a binary body (every byte value) is piped from base64 and arrives byte for byte', async () => {
    const buf = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
    const { bytes, base64 } = bytesOf(buf)
    const body = curlBody(bytes, base64)
    expect(body).toEqual({ base64 })
    const got = await run(curlCommand({ method: 'POST', url: `${base}/bin`, headers: [['Content-Type', 'application/octet-stream']], body }))
    expect(got.body.equals(buf)).toBe(true)
  })

  it.runIf(curl)('a body that starts with @ is sent as it is, not read from that file', async () => {
    const text = '@/etc/hostname'
    const got = await run(curlCommand({ method: 'POST', url: `${base}/at`, headers: [['Content-Type', 'text/plain']], body: curlBody(Buffer.from(text), Buffer.from(text).toString('base64')) }))
    expect(got.body.toString()).toBe(text)
  })

  it.runIf(curl)('only the request’s own headers arrive (none of curl’s), an empty one included', async () => {
    const got = await run(curlCommand({ method: 'POST', url: `${base}/own`, headers: [['X-Empty', ''], ['X-Trace', '1']], body: { text: 'x'.repeat(2000) } }))
    expect(Object.keys(got.headers).sort()).toEqual(['content-length', 'host', 'x-empty', 'x-trace'])
    expect(got.headers['x-empty']).toBe('')
    // With their own values, curl's do not replace them.
    const own = await run(curlCommand({ method: 'POST', url: `${base}/own`, headers: [['User-Agent', 'Stripe/1.0'], ['Accept', '*/*; q=0.5'], ['Content-Type', 'application/json']], body: { text: '{}' } }))
    expect(own.headers).toMatchObject({ 'user-agent': 'Stripe/1.0', accept: '*/*; q=0.5', 'content-type': 'application/json' })
  })

  it.runIf(curl)('a URL with brackets and braces and a body past one argument’s limit arrive as they were', async () => {
    const text = `{"pad":"${'é'.repeat(100_000)}"}` // ~200 KB: over the 128 KiB a single argument may hold
    const got = await run(curlCommand({ method: 'POST', url: `${base}/q?filter[status]=open&ids={1,2}`, headers: [['Content-Type', 'application/json']], body: { text } }))
    expect(got.url).toBe('/q?filter[status]=open&ids={1,2}')
    expect(got.body.equals(Buffer.from(text))).toBe(true)
  })

  it.runIf(curl)('no body: none is sent', async () => {
    const got = await run(curlCommand({ method: 'GET', url: `${base}/empty`, headers: [], body: curlBody(new Uint8Array(0), '') }))
    expect(got.method).toBe('GET')
    expect(got.body.length).toBe(0)
  })
})
