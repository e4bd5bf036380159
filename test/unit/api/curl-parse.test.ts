// "Paste cURL…": the request a curl command line makes, read back as curl would send it. Hooklab's own
// "Copy as cURL" must come back byte for byte, and what browsers and docs paste must read as curl reads it.
import { describe, expect, it } from 'vitest'
import { CurlParseError, parseCurl } from '../../../src-preload/curl-parse'
import { curlBody, curlCommand } from '../../../src-preload/curl'
import { shellWords, wordBytes } from '../../../src-preload/shell-words'

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

  it('keeps $\'\\xHH\' bytes that are not UTF-8, for wordBytes to give back', () => {
    const [word] = shellWords("$'caf\\xE9 \\xc3\\xa9 \\xef\\xbb\\xbf'")
    expect(wordBytes(word!.text)).toBe('caf\u00e9 \u00c3\u00a9 \u00ef\u00bb\u00bf')
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
    expect(err('wget http://h/')).toMatch(/Not a curl command: it should start with curl/)
    expect(err('curl -s')).toMatch(/has no URL/)
    expect(err('curl ftp://h/x')).toMatch(/ftp: URLs cannot receive webhooks/)
    expect(err('curl -H nocolon http://h/')).toMatch(/is not a header/)
    expect(err('curl ^\n  "http://h/" ^\n  -H ^"a: b^"')).toMatch(/Windows cmd/)
    expect(err("curl -d 'open http://h/")).toMatch(/not closed/)
    expect(err('cat body | curl --data-binary @- http://h/')).toMatch(/stdin/)
  })

  it('refuses text that is not a curl command, even with the word curl in it; takes a copied prompt and curl.exe', () => {
    for (const notCurl of ['this is not curl at all', 'run curl http://h/', 'cd /tmp && curl http://h/', 'echo hi; curl http://h/']) {
      expect(() => parseCurl(notCurl), notCurl).toThrow(new CurlParseError('Not a curl command: it should start with curl.'))
    }
    expect(parseCurl('  $ curl http://h/a').url).toBe('http://h/a')
    expect(parseCurl('curl.exe http://h/b').url).toBe('http://h/b')
    expect(parseCurl('/usr/bin/curl http://h/c').url).toBe('http://h/c')
  })

  it('reads back header bytes that are not ASCII as the receiver stores them (one character per byte)', () => {
    // A capture of X-Name: café sent as UTF-8 (63 61 66 c3 a9), and one sent as latin1 (63 61 66 e9).
    const headers: Array<[string, string]> = [['X-Name', 'caf\u00c3\u00a9'], ['X-Latin', "it's caf\u00e9"], ['X-A0', 'voil\u00c3\u00a0']]
    const cmd = curlCommand({ method: 'POST', url: 'http://h/', headers, body: null })
    expect(cmd).toContain(`-H 'X-Name: café'`)
    expect(cmd).toContain(`-H $'X-Latin: it\\'s caf\\xE9'`)
    expect(parseCurl(cmd).headers).toEqual(headers)
    // A browser's copy with a literal é: curl sends its UTF-8 bytes.
    expect(parseCurl(`curl -H 'x-name: café' -A 'Zoë/1' http://h/`).headers).toEqual([['x-name', 'caf\u00c3\u00a9'], ['User-Agent', 'Zo\u00c3\u00ab/1']])
  })

  it('keeps a body’s leading BOM through Copy as cURL and back', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('{"type":"invoice.paid"}')])
    const body = curlBody(bytes, Buffer.from(bytes).toString('base64'))
    expect(body).toEqual({ text: '\ufeff{"type":"invoice.paid"}' })
    expect([...(parseCurl(curlCommand({ method: 'POST', url: 'http://h/', headers: [], body })).body ?? [])]).toEqual([...bytes])
  })

  it('reads the body from echo -n before the pipe, and notes a second URL', () => {
    const p = parseCurl(`echo -n '{"a":1}' | curl --data-binary @- http://h/one http://h/two`)
    expect(text(p.body)).toBe('{"a":1}')
    expect(p.notes).toEqual(['More than one URL: http://h/two is left out.'])
  })
})
