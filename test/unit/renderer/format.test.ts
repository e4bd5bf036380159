// The renderer's formatting helpers: what the tables, timings and body views print.
import { describe, expect, it } from 'vitest'
import {
  age,
  b64ToBytes,
  b64ToText,
  bytes,
  bytesToText,
  dateTime,
  headerValue,
  hexDump,
  ms,
  pct,
  prettyJson,
  prettyJsonResult,
  PRETTY_MAX_DEPTH,
} from '../../../src-renderer/src/lib/format'

describe('age', () => {
  const now = 1_700_000_000_000
  it('says how long ago, or how long until, in the largest whole unit', () => {
    expect(age(null, now)).toBe('—')
    expect(age(now - 5_000, now)).toBe('5s ago')
    expect(age(now - 125_000, now)).toBe('2m ago')
    expect(age(now - 3 * 3_600_000, now)).toBe('3h ago')
    expect(age(now - 2 * 86_400_000, now)).toBe('2d ago')
    expect(age(now + 30_000, now)).toBe('in 30s')
  })
})

describe('ms, bytes, pct', () => {
  it('prints durations with a precision that fits their size', () => {
    expect(ms(null)).toBe('—')
    expect(ms(0.42)).toBe('0.4 ms')
    expect(ms(153.6)).toBe('154 ms')
    expect(ms(12_345)).toBe('12.3 s')
  })
  it('prints sizes in B, KB, MB', () => {
    expect(bytes(0)).toBe('0 B')
    expect(bytes(1023)).toBe('1023 B')
    expect(bytes(1536)).toBe('1.5 KB')
    expect(bytes(10 * 1024 * 1024)).toBe('10.0 MB')
  })
  it('prints rates without a decimal at exactly 0 and 100%', () => {
    expect(pct(null)).toBe('—')
    expect(pct(1)).toBe('100%')
    expect(pct(0)).toBe('0%')
    expect(pct(0.9876)).toBe('98.8%')
  })
})

describe('bodies: base64, text, hex', () => {
  it('decodes base64 to the exact bytes, and invalid UTF-8 to replacement characters', () => {
    const raw = Buffer.from([0x62, 0xff, 0xfe, 0x00, 0x7a])
    expect(Array.from(b64ToBytes(raw.toString('base64')))).toEqual([0x62, 0xff, 0xfe, 0x00, 0x7a])
    expect(bytesToText(new Uint8Array(raw))).toBe('b\uFFFD\uFFFD\u0000z')
    expect(b64ToText(Buffer.from('héllo ✓').toString('base64'))).toBe('héllo ✓')
  })

  it('dumps 16 bytes a line with offsets, hex and printable ASCII', () => {
    const b = new Uint8Array(Buffer.from('Hello, hex view!\x00\x01<'))
    const lines = hexDump(b).split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toBe('00000000  48 65 6c 6c 6f 2c 20 68 65 78 20 76 69 65 77 21  Hello, hex view!')
    expect(lines[1]).toBe(`00000010  00 01 3c${' '.repeat(39)}  ..<`)
  })

  it('pages a large body: absolute offsets from `start`, and a count of what follows', () => {
    const b = new Uint8Array(100).map((_, i) => i)
    const page = hexDump(b, 32, 48).split('\n')
    expect(page[0]?.startsWith('00000030  30 31 32')).toBe(true)
    expect(page[1]?.startsWith('00000040  40 41')).toBe(true)
    expect(page).toHaveLength(3)
    expect(page[2]).toBe('… 20 more bytes')
    // The last page has no "more" line; a start past the end shows nothing.
    expect(hexDump(b, 32, 96).split('\n')).toEqual(['00000060  60 61 62 63' + ' '.repeat(36) + '  `abc'])
    expect(hexDump(b, 32, 500)).toBe('')
  })
})

describe('pretty JSON', () => {
  it('indents JSON objects and arrays, leaves anything else alone', () => {
    expect(prettyJson(' {"a":[1,{"b":null}]} ')).toBe('{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ]\n}')
    expect(prettyJson('<img src=x onerror=alert(1)>')).toBeNull()
    expect(prettyJson('{"broken":')).toBeNull()
    expect(prettyJson('"just a string"')).toBeNull()
    expect(prettyJson('')).toBeNull()
  })

  it('counts nesting by brackets outside strings: brackets and escaped quotes inside a string are text', () => {
    const inString = '{"s":"' + '[{'.repeat(PRETTY_MAX_DEPTH) + '\\"' + '[{'.repeat(10) + '"}'
    expect(prettyJsonResult(inString)).toEqual({ ok: true, text: '{\n  "s": "' + '[{'.repeat(PRETTY_MAX_DEPTH) + '\\"' + '[{'.repeat(10) + '"\n}' })
  })

  it('refuses 10,000 levels (raw instead of a stack overflow or a huge indent)', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000)
    expect(prettyJsonResult(deep)).toEqual({ ok: false, reason: 'too-deep' })
    expect(prettyJson(deep)).toBeNull()
    const justUnder = '['.repeat(PRETTY_MAX_DEPTH) + ']'.repeat(PRETTY_MAX_DEPTH)
    expect(prettyJsonResult(justUnder).ok).toBe(true)
  })

  it('refuses text over the size limit, and says which reason applies', () => {
    expect(prettyJsonResult('{"a":"' + 'x'.repeat(100) + '"}', 256, 50)).toEqual({ ok: false, reason: 'too-large' })
    expect(prettyJsonResult('nope')).toEqual({ ok: false, reason: 'not-json' })
    expect(prettyJsonResult('[1,]')).toEqual({ ok: false, reason: 'not-json' })
  })
})

describe('pretty JSON is lossless: only the whitespace between tokens changes', () => {
  const pretty = (t: string) => prettyJson(t)
  const strip = (t: string) => t.replace(/("(?:[^"\\]|\\.)*")|[ \n]+/g, (m, str: string | undefined) => str ?? '')

  it('keeps numbers as written: past 2^53, trailing zeros, -0, exponents', () => {
    expect(pretty('{"id":9007199254740993,"price":1.10,"x":1}')).toBe('{\n  "id": 9007199254740993,\n  "price": 1.10,\n  "x": 1\n}')
    expect(pretty('[-0,1e5,1E+05,-1.5e-10,0.000]')).toBe('[\n  -0,\n  1e5,\n  1E+05,\n  -1.5e-10,\n  0.000\n]')
    expect(pretty('[123456789012345678901234567890]')).toBe('[\n  123456789012345678901234567890\n]')
  })

  it('keeps a repeated key, in order', () => {
    expect(pretty('{"k":"a","k":"b"}')).toBe('{\n  "k": "a",\n  "k": "b"\n}')
  })

  it('keeps strings with their escapes as written', () => {
    const raw = String.raw`{"a":"line\u2028sep","q":"say \"hi\"","s":"\/\\\b\f\n\r\t\u00e9","lit":"é` + '\u2028' + String.raw`"}`
    const out = pretty(raw)
    expect(out).toBe('{\n  "a": "line\\u2028sep",\n  "q": "say \\"hi\\"",\n  "s": "\\/\\\\\\b\\f\\n\\r\\t\\u00e9",\n  "lit": "é\u2028"\n}')
    expect(strip(out ?? '')).toBe(raw)
    expect(JSON.parse(out ?? '')).toEqual(JSON.parse(raw))
  })

  it('writes empty objects and arrays on one line, nested ones indented', () => {
    expect(pretty('{"a":{},"b":[],"c":[{},[[]]],"d":{ }}')).toBe('{\n  "a": {},\n  "b": [],\n  "c": [\n    {},\n    [\n      []\n    ]\n  ],\n  "d": {}\n}')
    expect(pretty('[]')).toBe('[]')
    expect(pretty(' \r\n\t{ } \n')).toBe('{}')
  })

  it('reads ordinary JSON as JSON.stringify indents it', () => {
    const doc = { a: [1, 2.5, { b: null, c: true, d: false, e: 'x y' }], f: {}, g: [], h: 'é ☃ \u0001 "q"' }
    const compact = JSON.stringify(doc)
    expect(pretty(compact)).toBe(JSON.stringify(doc, null, 2))
    expect(pretty(JSON.stringify(doc, null, 4))).toBe(JSON.stringify(doc, null, 2))
  })

  it('accepts exactly what JSON.parse accepts (objects and arrays)', () => {
    const cases = [
      '[1,]', '{"a":1,}', '[,1]', '{"a" 1}', '{"a":}', '{a:1}', "{'a':1}", '[01]', '[1.]', '[.5]', '[+1]', '[-]', '[1e]', '[0x10]',
      '[NaN]', '[Infinity]', '[nul]', '[truex]', '["a\tb"]', '["\\x"]', '["\\u12G4"]', '["\\u12"]', '["open]', '[1] [2]', '{}x', '[1}', '{"a":1]',
      '[[]', '[]]', '{"a":1 "b":2}', '[1 2]', '["\u0000"]', '[\u00a01]', '\ufeff[1]', '[1,\n2]', '[-0.0e-0]', '["\\uD800"]', '{"":""}', '[true,false,null]',
    ]
    for (const c of cases) {
      let parses = true
      try {
        JSON.parse(c)
      } catch {
        parses = false
      }
      expect([c, pretty(c) !== null]).toEqual([c, parses])
    }
  })
})

describe('headerValue', () => {
  it('finds a header case-insensitively, first one wins', () => {
    const h: [string, string][] = [
      ['Content-Type', 'application/json'],
      ['x-a', '1'],
      ['X-A', '2'],
    ]
    expect(headerValue(h, 'content-type')).toBe('application/json')
    expect(headerValue(h, 'X-a')).toBe('1')
    expect(headerValue(h, 'missing')).toBeUndefined()
  })
})

describe('dateTime', () => {
  it('shows a time as the lists do (24-hour), and its date only when it is not today', () => {
    const now = new Date(2026, 10, 24, 15, 0, 0).getTime()
    expect(dateTime(new Date(2026, 10, 24, 14, 31, 19).getTime(), now)).toBe('14:31:19')
    expect(dateTime(new Date(2026, 10, 23, 9, 5, 0).getTime(), now)).toBe('2026-11-23 09:05:00')
    expect(dateTime(null, now)).toBe('—')
  })
})
