// An Inbox search finds what the capture detail shows: a body sent compressed (gzip, deflate, br) is
// searched decoded, and a form post field by field ("hello wide world", not "hello+wide+world"). It used
// to look only at the stored bytes, so a search for an order id in a gzipped webhook found nothing.
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { expect, it } from 'vitest'
import { tmpEngine } from '../delivery/helpers'
import { rawExchange } from './helpers'

it('an Inbox search looks inside compressed bodies and decoded form fields, on the thread and inline alike', async () => {
  const engine = tmpEngine() // stopped when the test ends
  await engine.startReceiver()
  const inbox = engine.receiver.inboxes.create({ slug: 'shown' })
  const base = `http://127.0.0.1:${engine.receiver.address()!.port}/in/${inbox.slug}`
  const post = async (path: string, body: Buffer | string, headers: Record<string, string>) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', body: typeof body === 'string' ? body : Uint8Array.from(body), headers })
    expect(res.status).toBe(200)
  }
  const json = { 'Content-Type': 'application/json' }
  await post('/gz', gzipSync('{"order":"ord-7Q2","type":"order.paid"}'), { ...json, 'Content-Encoding': 'gzip' })
  await post('/br', brotliCompressSync('{"order":"ord-7Q2"}'), { ...json, 'Content-Encoding': 'br' })
  await post('/deflate', deflateSync('{"order":"ord-9Z9"}'), { ...json, 'Content-Encoding': 'deflate' })
  await post('/plain', '{"order":"ord-7Q2"}', json)
  await post('/other', gzipSync('{"order":"ord-1A1"}'), { ...json, 'Content-Encoding': 'gzip' })
  await post('/bad-gz', 'ord-7Q2, undecodable', { ...json, 'Content-Encoding': 'gzip' }) // stored bytes still match
  await post('/broken-gz', 'not gzip at all', { ...json, 'Content-Encoding': 'gzip' })
  const form = { 'Content-Type': 'application/x-www-form-urlencoded' }
  await post('/form', 'token=t-1&text=hello+wide+world&user_name=ann%20o%27hara', form)

  const paths = async (text: string) => {
    const onThread = await engine.search.captures({ inboxId: inbox.id, text }, { limit: 50 })
    const inline = engine.receiver.listCaptures({ inboxId: inbox.id, text }, { limit: 50 })
    expect(onThread).toEqual(inline)
    return onThread.items.map((c) => c.path.replace('/in/shown', '')).sort()
  }
  expect(await paths('ord-7Q2')).toEqual(['/bad-gz', '/br', '/gz', '/plain'])
  expect(engine.search.mode).toBe('thread')
  expect(await paths('ord-9Z9')).toEqual(['/deflate'])
  expect(await paths('not gzip')).toEqual(['/broken-gz'])
  // Form fields are searched as the detail shows them, and as sent.
  expect(await paths('hello wide world')).toEqual(['/form'])
  expect(await paths('hello+wide')).toEqual(['/form'])
  expect(await paths("user_name=ann o'hara")).toEqual(['/form'])
  expect(await paths('no-such-thing')).toEqual([])
})

it('finds a UTF-8 header value as the detail shows it decoded ("Zürich"), not only as its stored bytes', async () => {
  const engine = tmpEngine()
  await engine.startReceiver()
  const port = engine.receiver.address()!.port
  // Raw bytes: fetch would not send a header value that is not Latin-1.
  await rawExchange(port, Buffer.concat([Buffer.from('POST /utf8 HTTP/1.1\r\nHost: x\r\nX-City: Z'), Buffer.from([0xc3, 0xbc]), Buffer.from('rich\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}')]))
  const paths = async (text: string) => (await engine.search.captures({ text }, { limit: 50 })).items.map((c) => c.path)
  expect(await paths('Zürich')).toEqual(['/utf8'])
  expect(await paths('Züri_h')).toEqual([]) // LIKE wildcards stay escaped
})
