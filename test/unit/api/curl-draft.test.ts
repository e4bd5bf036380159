// compose.fromCurl: a pasted curl command as the draft Send edits: what carries over, what the user is told.
import { expect, it } from 'vitest'
import { curlDraft } from '../../../src-main/api/curl-draft'
import { HooklabError } from '../../../src-main/engine/errors'

it('a signed GitHub delivery: event from its headers, old signature and hop headers left out, scheme named', () => {
  const d = curlDraft(`curl -X POST 'http://127.0.0.1:3000/github' \\
    -H 'Content-Type: application/json' -H 'X-GitHub-Event: pull_request' -H 'X-GitHub-Delivery: 72d3162e' \\
    -H 'X-Hub-Signature-256: sha256=abc' -H 'Host: example.test' -H 'Content-Length: 30' \\
    --data-raw '{"action":"opened","number":1}'`)
  expect(d).toMatchObject({
    url: 'http://127.0.0.1:3000/github',
    method: 'POST',
    contentType: 'application/json',
    body: '{"action":"opened","number":1}',
    eventType: 'pull_request.opened',
    signedWith: { scheme: 'github', header: 'X-Hub-Signature-256' },
  })
  expect(d.headers).toEqual([['X-GitHub-Event', 'pull_request'], ['X-GitHub-Delivery', '72d3162e']])
  expect(d.notes).toEqual(['Its X-Hub-Signature-256 header is left out: Send signs afresh with the github scheme once you enter its secret.'])
})

it('says when curl would send a form, or another method, than the draft suggests', () => {
  const d = curlDraft(`curl -X PUT http://h/x -d '{"type":"a.b"}'`)
  expect(d.contentType).toBe('application/x-www-form-urlencoded')
  expect(d.eventType).toBeNull() // not JSON by its content type
  expect(d.notes).toEqual([
    'The command sets no Content-Type, so curl sends application/x-www-form-urlencoded; set application/json if your receiver expects JSON.',
    'curl would send PUT; Send posts (or uses the method of the endpoint you pick).',
  ])
  expect(curlDraft(`curl --json '{"type":"invoice.paid"}' http://h/`)).toMatchObject({ contentType: 'application/json', eventType: 'invoice.paid', notes: [] })
})

it('refuses a command it cannot read, and a body that is not text, with a clear error', () => {
  expect(() => curlDraft('curl -d @payload.json http://h/')).toThrow(HooklabError)
  expect(() => curlDraft('curl -d @payload.json http://h/')).toThrow(/reads the body from a file/)
  const binary = `printf %s '${Buffer.from([0xff, 0xfe, 0]).toString('base64')}' | base64 -d | curl --data-binary @- http://h/`
  expect(() => curlDraft(binary)).toThrow(/not UTF-8 text \(3 bytes\)/)
})
