// "Paste cURL…": the request a curl command line makes, read back as curl would send it. Hooklab's own
// "Copy as cURL" must come back byte for byte, and what browsers and docs paste must read as curl reads it.
import { describe, expect, it } from 'vitest'
import { CurlParseError, parseCurl } from '../../../src-preload/curl-parse'
import { curlBody, curlCommand } from '../../../src-preload/curl'
import { shellWords } from '../../../src-preload/shell-words'

const text = (b: Uint8Array | null) => (b ? new TextDecoder().decode(b) : null)

describe('shellWords', () => {
  it('reads quotes, escapes and continuations as bash does', () => {
    const words = shellWords(`curl 'it'\\''s' "a \\"b\\" \\$HOME" $'tab\\there\\x41\\u00e9\\'' plain\\ word \\\n  --next # a comment`)
    expect(words.map((w) => w.text)).toEqual(['curl', "it's", 'a "b" $HOME', "tab\there\x41é'", 'plain word', '--next'])
  })

  it('keeps | ; && as operators, and refuses an unclosed quote', () => {
    expect(shellWords("a 'x|y' | b && c").map((w) => [w.text, w.operator])).toEqual([
      ['a', false], ['x|y', false], ['|', true], ['b', false], ['&&', true], ['c', false],
    ])
    expect(() => shellWords("curl 'open")).toThrow(/not closed/)
  })

  it('decodes $\'\\xHH\' escapes as UTF-8 bytes', () => {
    expect(shellWords("$'\\xc3\\xa9t\\303\\251'")[0]?.text).toBe('été')
  })
})

describe('parseCurl', () => {
  it('reads back Hooklab’s own Copy as cURL: method, URL, headers and body byte for byte', () => {
    const body = `{"type":"order.created","note":"it's \\"quoted\\"\\n and $HOME"}`
    const cmd = curlCommand({
      method: 'POST',
      url: 'http://127.0.0.1:3000/hooks?x=1',
      headers: [['Content-Type', 'application/json'], ['webhook-id', 'msg_1'], ['Host', 'ignored']],
      body: { text: body },
    })
    const p = parseCurl(cmd)
    expect(p).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:3000/hooks?x=1', notes: [] })
    expect(p.headers).toEqual([['Content-Type', 'application/json'], ['webhook-id', 'msg_1']])
    expect(text(p.body)).toBe(body)
  })

  it('reads back a binary body piped in from base64', () => {
    const bytes = Uint8Array.from([0, 255, 10, 13, 1, 2, 3])
    const b64 = Buffer.from(bytes).toString('base64')
    const cmd = curlCommand({ method: 'POST', url: 'http://127.0.0.1:9/x', headers: [], body: curlBody(bytes, b64) })
    expect(cmd.startsWith('printf %s')).toBe(true)
    expect([...(parseCurl(cmd).body ?? [])]).toEqual([...bytes])
  })

  it('reads a browser’s "Copy as cURL (bash)": $\'…\' strings, --data-raw, cluster flags', () => {
    const p = parseCurl(`curl 'https://example.test/hook' \\
  -H 'accept: */*' \\
  -H $'x-note: it\\'s' \\
  --data-raw $'{"name":"O\\'Brien"}' \\
  --compressed -sSL`)
    expect(p.method).toBe('POST')
    expect(p.url).toBe('https://example.test/hook')
    expect(p.headers).toEqual([['accept', '*/*'], ['x-note', "it's"]])
    expect(text(p.body)).toBe(`{"name":"O'Brien"}`)
    expect(p.defaultContentType).toBe('application/x-www-form-urlencoded') // curl's default for -d
  })

  it('joins several -d with &, urlencodes --data-urlencode, and -G moves them into the query', () => {
    expect(text(parseCurl("curl -d a=1 -d 'b=2' --data-urlencode 'c=x y&z' http://h/p").body)).toBe('a=1&b=2&c=x+y%26z')
    const g = parseCurl('curl -G -d q=1 -d r=2 http://h/p?s=0')
    expect(g).toMatchObject({ method: 'GET', url: 'http://h/p?s=0&q=1&r=2', body: null })
  })

  it('takes -X in every spelling, and --json sets JSON and Accept', () => {
    expect(parseCurl('curl -XPUT http://h/').method).toBe('PUT')
    expect(parseCurl('curl --request PATCH http://h/ -d x').method).toBe('PATCH')
    expect(parseCurl('curl -sXDELETE http://h/').method).toBe('DELETE')
    const j = parseCurl(`curl --json '{"a":1}' localhost:3000/hooks`)
    expect(j).toMatchObject({ method: 'POST', url: 'http://localhost:3000/hooks', defaultContentType: 'application/json' })
    expect(j.headers).toEqual([['Accept', 'application/json']])
    expect(text(j.body)).toBe('{"a":1}')
  })

  it('turns -u, -A, -e and -b into the headers curl sends', () => {
    const p = parseCurl('curl -u user:pa55 -A agent/1 -e http://ref/ -b a=1 http://h/')
    expect(p.headers).toEqual([
      ['Authorization', `Basic ${Buffer.from('user:pa55').toString('base64')}`],
      ['User-Agent', 'agent/1'],
      ['Referer', 'http://ref/'],
      ['Cookie', 'a=1'],
    ])
  })

  it('skips transport options with their values, not mistaking them for the URL', () => {
    const p = parseCurl('curl -o /dev/null -w "%{http_code}" --max-time 5 -k --retry 3 https://h/x -d a')
    expect(p.url).toBe('https://h/x')
    expect(p.notes).toEqual([])
  })

  it('refuses what cannot become a text draft, saying which option and why', () => {
    const err = (cmd: string) => {
      try {
        parseCurl(cmd)
      } catch (e) {
        expect(e).toBeInstanceOf(CurlParseError)
        return (e as Error).message
      }
      throw new Error('parsed')
    }
    expect(err('curl -d @body.json http://h/')).toMatch(/-d @body.json reads the body from a file/)
    expect(err('curl -F file=@a.png http://h/')).toMatch(/-F \(multipart form\) is not imported/)
    expect(err('wget http://h/')).toMatch(/No curl command found/)
    expect(err('curl -s')).toMatch(/has no URL/)
    expect(err('curl ftp://h/x')).toMatch(/ftp: URLs cannot receive webhooks/)
    expect(err('curl -H nocolon http://h/')).toMatch(/is not a header/)
    expect(err('curl ^\n  "http://h/" ^\n  -H ^"a: b^"')).toMatch(/Windows cmd/)
    expect(err("curl -d 'open http://h/")).toMatch(/not closed/)
    expect(err('cat body | curl --data-binary @- http://h/')).toMatch(/stdin/)
  })

  it('reads the body from echo -n before the pipe, and notes a second URL', () => {
    const p = parseCurl(`echo -n '{"a":1}' | curl --data-binary @- http://h/one http://h/two`)
    expect(text(p.body)).toBe('{"a":1}')
    expect(p.notes).toEqual(['More than one URL: http://h/two is left out.'])
  })
})
