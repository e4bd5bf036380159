// Request values in an inbox's answer: the handshakes providers run when a webhook URL is registered
// (Slack echoes body.challenge, Microsoft Graph query.validationToken) and echo servers.
import { connect } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { startReceiver } from './helpers'
import type { Harness } from './helpers'

let h: Harness
afterEach(async () => {
  await h?.close()
})

async function inbox(response: { body?: string; headers?: Array<[string, string]> }, slug = 'hs'): Promise<string> {
  const ib = h.receiver.inboxes.create({ slug })
  h.receiver.inboxes.update(ib.id, { response })
  return `${h.url}/in/${slug}/`
}

it("answers Slack's url_verification with its challenge, as text, and stores that answer", async () => {
  h = await startReceiver()
  const url = await inbox({ body: '{{body.challenge}}' })
  const challenge = '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge, type: 'url_verification' }),
  })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
  expect(await res.text()).toBe(challenge)
  const [row] = h.receiver.listCaptures().items
  expect(h.receiver.getCapture(row!.id).response?.body.toString()).toBe(challenge)
})

it("answers Microsoft Graph's validationToken from the query, decoded", async () => {
  h = await startReceiver()
  const url = await inbox({ body: '{{query.validationToken}}', headers: [['Content-Type', 'text/plain']] })
  const res = await fetch(`${url}?validationToken=${encodeURIComponent('Validation: Testing client application')}`, { method: 'POST' })
  expect(await res.text()).toBe('Validation: Testing client application')
  expect(res.headers.get('content-type')).toBe('text/plain')
})

it('fills a JSON answer from the body by path, headers, method and the capture id; a form body by field', async () => {
  h = await startReceiver()
  const url = await inbox({
    body: '{"item":"{{body.data.items[1].id}}","from":"{{header.x-sender}}","method":"{{method}}","id":"{{captureId}}","none":"{{body.missing.deep}}"}',
  })
  const res = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'X-Sender': 'billing' },
    body: JSON.stringify({ data: { items: [{ id: 'a' }, { id: 'b' }] } }),
  })
  expect(res.headers.get('content-type')).toBe('application/json')
  const answer = (await res.json()) as Record<string, string>
  expect(answer).toMatchObject({ item: 'b', from: 'billing', method: 'PUT', none: '' })
  expect(answer.id).toMatch(/^cap_/)

  const form = await inbox({ body: 'You said: {{body.text}}' }, 'slash')
  const slash = await fetch(form, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'user_name=ann&text=deploy+now' })
  expect(await slash.text()).toBe('You said: deploy now')

  // Slack's interactivity posts its JSON as a form field: payload=<json>, read into by path.
  const actions = await inbox({ body: 'got {{body.payload.type}} from {{body.payload.user.id}}' }, 'actions')
  const payload = encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U1' } }))
  const act = await fetch(actions, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `payload=${payload}` })
  expect(await act.text()).toBe('got block_actions from U1')
})

it('a JSON answer stays JSON whatever the values: a quote, a backslash or a line break inside a string is escaped', async () => {
  h = await startReceiver()
  const url = await inbox({ body: '{"echo":"{{body.x}}","n":{{body.n}},"raw":"\\"{{body.x}}"}' })
  const x = 'hi "there" \\ <b>\r\nsecond line'
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x, n: 42 }) })
  expect(res.headers.get('content-type')).toBe('application/json')
  // Outside a string a value goes in as it is (a number here); inside, as string content.
  expect(await res.json()).toEqual({ echo: x, n: 42, raw: `"${x}` })
  // A text answer is filled as it is: nothing to escape there.
  const text = await inbox({ body: 'echo: {{body.x}}' }, 'plain')
  const plain = await fetch(text, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x }) })
  expect(await plain.text()).toBe(`echo: ${x}`)
})

it('a header can echo a request value, never a line break; a CORS preflight echoes the Origin', async () => {
  h = await startReceiver()
  const url = await inbox({ headers: [['Access-Control-Allow-Origin', '{{header.Origin}}'], ['X-Challenge', '{{body.challenge}}']] })
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ challenge: 'a\r\nSet-Cookie: stolen=1' }) })
  expect(res.status).toBe(200)
  expect(res.headers.get('x-challenge')).toBe('a??Set-Cookie: stolen=1')
  expect(res.headers.get('set-cookie')).toBeNull()
  // The body is still the default one (only the headers name request values): it came back empty.
  const capture = h.receiver.listCaptures().items[0]!
  expect(res.headers.get('content-type')).toBe('application/json')
  expect(await res.json()).toEqual({ ok: true, captureId: capture.id })
  // Filled from a request value the request lacks: left out, not sent empty.
  const echo = await inbox({ body: '{{body}}', headers: [['Content-Type', '{{header.Content-Type}}']] }, 'echo')
  const raw = await new Promise<string>((resolve) => {
    const u = new URL(echo)
    const sock = connect(Number(u.port), u.hostname, () => sock.write(`POST ${u.pathname} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi`))
    let got = ''
    sock.on('data', (d: Buffer) => (got += d.toString('latin1')))
    sock.on('close', () => resolve(got))
  })
  expect(raw).not.toMatch(/^content-type:/im)
  expect(raw.endsWith('\r\n\r\nhi')).toBe(true)
  const pre = await fetch(url, { method: 'OPTIONS', headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST' } })
  expect(pre.status).toBe(204)
  expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
})

it('refuses a variable it does not know, or one without its name, when the rule is saved', async () => {
  h = await startReceiver()
  const ib = h.receiver.inboxes.create({ slug: 'bad' })
  expect(() => h.receiver.inboxes.update(ib.id, { response: { body: '{{bdy.challenge}}' } })).toThrow(/response body: \{\{bdy\.challenge\}\} is not a request value; use \{\{body\}\}/)
  expect(() => h.receiver.inboxes.update(ib.id, { response: { headers: [['X-A', '{{query}}']] } })).toThrow(/X-A: \{\{query\}\} needs a name/)
  expect(() => h.receiver.inboxes.update(ib.id, { response: { body: '{{method.x}}' } })).toThrow(/takes no name/)
  // Plain braces that are not a variable stay as they are.
  h.receiver.inboxes.update(ib.id, { response: { body: '{"a":{"b":1}}' } })
  expect(await (await fetch(`${h.url}/in/bad/`, { method: 'POST' })).text()).toBe('{"a":{"b":1}}')
})
