// A capture's "Copy as cURL", run by bash and curl against the receiver it came in on, must arrive as a
// second capture with the same header bytes and body bytes: non-ASCII header values (stored one byte per
// character, as Node reads them) and a body that starts with a UTF-8 BOM included.
import { execFile } from 'node:child_process'
import { connect } from 'node:net'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { curlBody, curlCommand } from '../../../src-preload/curl'
import { CURL_MISSING } from '../../fixtures/curl'
import { startReceiver, until } from './helpers'
import type { Harness } from './helpers'

let h: Harness
afterEach(async () => {
  await h?.close()
})

const curl = CURL_MISSING === null
if (!curl) console.warn(`copy-as-curl.test.ts: the commands are ${CURL_MISSING}`)

/** Sends `head` and `body` as raw bytes and resolves once the receiver answered. */
function send(port: number, head: Buffer, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(Buffer.concat([head, body])))
    socket.on('data', () => socket.destroy())
    socket.on('close', () => resolve())
    socket.on('error', reject)
  })
}

describe('Copy as cURL of a capture', () => {
  it.runIf(curl)('sends the captured header bytes (UTF-8 and latin1 ones) and a BOM body as they were caught', async () => {
    h = await startReceiver()
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"type":"invoice.paid"}')])
    const utf8Name = Buffer.from([0x63, 0x61, 0x66, 0xc3, 0xa9]) // café as UTF-8
    const latin1Name = Buffer.from([0x63, 0x61, 0x66, 0xe9]) // café as latin1: not UTF-8
    const head = Buffer.concat([
      Buffer.from('POST /in/default/hook?x=1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Name: '),
      utf8Name,
      Buffer.from("\r\nX-Latin: it's "),
      latin1Name,
      Buffer.from(`\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`),
    ])
    await send(h.port, head, body)
    await until(() => h.receiver.listCaptures().items.length === 1)
    const first = h.receiver.getCapture(h.receiver.listCaptures().items[0]!.id)

    const cmd = curlCommand({
      method: first.method,
      url: `${h.url}${first.path}${first.query ? `?${first.query}` : ''}`,
      headers: first.headers,
      body: curlBody(new Uint8Array(first.body), first.body.toString('base64')),
    })
    expect(cmd).toContain(`-H 'X-Name: café'`) // UTF-8 bytes read as the text they spell
    expect(cmd).toContain(`-H $'X-Latin: it\\'s caf\\xE9'`)
    await promisify(execFile)('bash', ['-c', `${cmd} --silent --show-error --output /dev/null`], { timeout: 10_000 })
    await until(() => h.receiver.listCaptures().items.length === 2)
    const again = h.receiver.getCapture(h.receiver.listCaptures().items[0]!.id)

    const bytesOf = (d: typeof first, name: string) => Buffer.from(d.headers.find(([n]) => n === name)![1], 'latin1')
    expect(bytesOf(again, 'X-Name').equals(utf8Name)).toBe(true)
    expect(bytesOf(again, 'X-Latin').equals(Buffer.concat([Buffer.from("it's "), latin1Name]))).toBe(true)
    expect(again.body.equals(body)).toBe(true)
    expect(`${again.path}?${again.query}`).toBe('/in/default/hook?x=1')
  })
})
