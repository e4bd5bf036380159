// Inbox rows name the event a capture carries: from the provider's header, or a JSON body's type
// (read in SQL for the list), the same as its detail says.
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { afterEach, expect, it } from 'vitest'
import { startReceiver, type Harness } from './helpers'

let h: Harness
afterEach(async () => {
  await h?.close()
})

it('the list and the detail agree on each capture\'s event', async () => {
  h = await startReceiver()
  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${h.url}${path}`, { method: 'POST', body: typeof body === 'string' ? body : Uint8Array.from(body), headers })
  await post('/gh', '{"action":"opened","number":1}', { 'X-GitHub-Event': 'pull_request', 'Content-Type': 'application/json' })
  await post('/stripe', '{"id":"evt_1","type":"invoice.paid","data":{"type":"nested"}}', { 'Content-Type': 'application/json; charset=utf-8' })
  await post('/shopify', '{"id":1}', { 'X-Shopify-Topic': 'orders/create', 'Content-Type': 'application/json' })
  await post('/form', 'type=not-json', { 'Content-Type': 'application/x-www-form-urlencoded' })
  await post('/typeless', '[{"type":"in an array"}]', { 'Content-Type': 'application/json' })
  await post('/big', JSON.stringify({ type: 'too.big', pad: 'x'.repeat(70_000) }), { 'Content-Type': 'application/json' })
  await post('/gz', gzipSync('{"type":"zipped"}'), { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
  await post('/br', brotliCompressSync('{"type":"brotli.ed"}'), { 'Content-Type': 'application/json', 'Content-Encoding': 'br' })
  await post('/bad-gz', Buffer.from('not gzip at all'), { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
  // GitHub's form content type, and Slack's interactivity: the JSON is the form's payload field.
  const form = { 'Content-Type': 'application/x-www-form-urlencoded' }
  await post('/gh-form', `payload=${encodeURIComponent('{"action":"opened","number":1}')}`, { ...form, 'X-GitHub-Event': 'pull_request' })
  await post('/slack-actions', `payload=${encodeURIComponent('{"type":"block_actions","user":{"id":"U1"}}')}`, form)
  await expect.poll(() => h.receiver.listCaptures().items.length).toBe(11)
  const rows = h.receiver.listCaptures().items.reverse()
  expect(rows.map((r) => [r.path, r.event])).toEqual([
    ['/gh', 'pull_request.opened'],
    ['/stripe', 'invoice.paid'],
    ['/shopify', 'orders/create'],
    ['/form', null],
    ['/typeless', null],
    ['/big', null], // bodies over 64 KB are not parsed for it
    // Sent compressed: read from the decoded body (it was null, so `hooklab wait --event` never matched one).
    ['/gz', 'zipped'],
    ['/br', 'brotli.ed'],
    ['/bad-gz', null], // does not decode: no event, and the capture is kept as received
    ['/gh-form', 'pull_request.opened'], // was "pull_request": `wait --event pull_request.opened` missed it
    ['/slack-actions', 'block_actions'],
  ])
  for (const r of rows) expect(h.receiver.getCapture(r.id).event).toBe(r.event)
})
