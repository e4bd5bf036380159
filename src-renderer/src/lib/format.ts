// Small formatting helpers shared by the views. Everything returns plain strings rendered as React text.

export function age(ts: number | null, now = Date.now()): string {
  if (ts == null) return '—'
  const s = Math.round((now - ts) / 1000)
  const abs = Math.abs(s)
  const fmt = abs < 60 ? `${abs}s` : abs < 3600 ? `${Math.floor(abs / 60)}m` : abs < 86400 ? `${Math.floor(abs / 3600)}h` : `${Math.floor(abs / 86400)}d`
  return s >= 0 ? `${fmt} ago` : `in ${fmt}`
}

export function clockTime(ts: number | null): string {
  if (ts == null) return '—'
  const d = new Date(ts)
  return d.toLocaleTimeString(undefined, { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0')
}

/** "2026-11-23 " for a moment on another day than `now`, "" for today: a time alone reads as today's. */
function dayPrefix(d: Date, now: number): string {
  if (d.toDateString() === new Date(now).toDateString()) return ''
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} `
}

/** A moment as the lists show time (24-hour), with its date when it is not today: "14:31:19", "2026-11-23 09:05:00". */
export function dateTime(ts: number | null, now = Date.now()): string {
  if (ts == null) return '—'
  const d = new Date(ts)
  return dayPrefix(d, now) + d.toLocaleTimeString(undefined, { hour12: false })
}

/**
 * clockTime (to the millisecond) with the date when it is not today, for rows and attempts: an imported
 * capture or a retry from three days ago must not read as today's. "14:31:19.042", "2026-11-21 19:55:00.728".
 */
export function clockDateTime(ts: number | null, now = Date.now()): string {
  if (ts == null) return '—'
  return dayPrefix(new Date(ts), now) + clockTime(ts)
}

export function ms(v: number | null | undefined): string {
  if (v == null) return '—'
  return v < 10 ? `${v.toFixed(1)} ms` : v < 10_000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

export function pct(v: number | null): string {
  return v == null ? '—' : `${(v * 100).toFixed(v === 1 || v === 0 ? 0 : 1)}%`
}

export function b64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

export function bytesToText(b: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(b)
}

/**
 * The bytes as text, and whether they are valid UTF-8, i.e. whether that text can be copied, edited and
 * sent back without loss (invalid sequences become U+FFFD). One decode for valid input.
 */
export function decodeText(b: Uint8Array): { text: string; utf8: boolean } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), utf8: true }
  } catch {
    return { text: bytesToText(b), utf8: false }
  }
}

export function b64ToText(b64: string): string {
  return bytesToText(b64ToBytes(b64))
}

/**
 * Classic 16-bytes-per-line hex dump of `max` bytes from `start` (offsets are absolute), so a
 * huge body is shown a page at a time and never freezes the view.
 */
export function hexDump(b: Uint8Array, max = 64 * 1024, start = 0): string {
  const lines: string[] = []
  const from = Math.max(0, Math.min(start, b.length))
  const end = Math.min(b.length, from + max)
  for (let off = from; off < end; off += 16) {
    const chunk = b.subarray(off, Math.min(off + 16, end))
    const hex = Array.from(chunk, (x) => x.toString(16).padStart(2, '0')).join(' ')
    const ascii = Array.from(chunk, (x) => (x >= 32 && x < 127 ? String.fromCharCode(x) : '.')).join('')
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`)
  }
  if (b.length > end) lines.push(`… ${b.length - end} more bytes`)
  return lines.join('\n')
}

const QUOTE = 34
const BACKSLASH = 92
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const HEX4 = /[0-9a-fA-F]{4}/y
const ESCAPES = new Set('"\\/bfnrt')

/** Where the JSON string starting at `i` (a quote) ends, past its closing quote; -1 when it is not a valid one. */
function stringEnd(t: string, i: number): number {
  for (let j = i + 1; j < t.length; j++) {
    const c = t.charCodeAt(j)
    if (c === QUOTE) return j + 1
    if (c < 0x20) return -1
    if (c !== BACKSLASH) continue
    const e = t[++j]
    if (e === 'u') {
      HEX4.lastIndex = j + 1
      if (!HEX4.test(t)) return -1
      j += 4
    } else if (e === undefined || !ESCAPES.has(e)) return -1
  }
  return -1
}

/** Where the number or literal at `i` ends; -1 when there is none. */
function scalarEnd(t: string, i: number): number {
  for (const word of ['true', 'false', 'null']) if (t.startsWith(word, i)) return i + word.length
  NUMBER.lastIndex = i
  return NUMBER.test(t) ? NUMBER.lastIndex : -1
}

/** The index of the first character at or after `i` that is not JSON whitespace. */
function skipSpace(t: string, i: number): number {
  for (let c = t.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = t.charCodeAt(++i));
  return i
}

export type PrettyResult = { ok: true; text: string } | { ok: false; reason: 'not-json' | 'too-deep' | 'too-large' }

/** Deeper JSON is shown raw: every level adds indent to each line below it. */
export const PRETTY_MAX_DEPTH = 256
/** Longer JSON is shown raw: re-indenting it would stall the window. */
export const PRETTY_MAX_CHARS = 8 * 1024 * 1024

const NOT_JSON: PrettyResult = { ok: false, reason: 'not-json' }

/**
 * Pretty-prints a JSON object or array (two-space indent, as JSON.stringify does), or says why not.
 * Lossless: it re-indents the text token by token, so every string, number and key stays as written
 * (a parse and stringify would round 9007199254740993, write 1.10 as 1.1 and drop a repeated key);
 * only the whitespace between tokens changes. What is shown, edited and compared is the body sent.
 */
export function prettyJsonResult(text: string, maxDepth = PRETTY_MAX_DEPTH, maxChars = PRETTY_MAX_CHARS): PrettyResult {
  let i = skipSpace(text, 0)
  if (text[i] !== '{' && text[i] !== '[') return NOT_JSON
  if (text.length > maxChars) return { ok: false, reason: 'too-large' }
  let out = ''
  const closers: string[] = [] // of the open objects and arrays, innermost last
  const indents: string[] = []
  const indent = () => (indents[closers.length] ??= '\n' + '  '.repeat(closers.length))
  // What may come next: a value, an object's key, the ':' after it, or ',' / a closer after a value.
  let want: 'value' | 'key' | 'colon' | 'next' = 'value'
  let opened = false // just after '{' or '[': a closer here makes an empty one, on one line
  for (;;) {
    i = skipSpace(text, i)
    if (i >= text.length) break
    const c = text[i] as string
    const closer = closers[closers.length - 1]
    if (c === closer && (opened || want === 'next')) {
      closers.pop()
      out += opened ? c : indent() + c
      opened = false
      want = 'next'
      i++
      continue
    }
    if (opened) out += indent()
    opened = false
    if (want === 'next') {
      if (c !== ',' || !closer) return NOT_JSON
      out += ',' + indent()
      want = closer === '}' ? 'key' : 'value'
      i++
    } else if (want === 'colon') {
      if (c !== ':') return NOT_JSON
      out += ': '
      want = 'value'
      i++
    } else if (c === '"') {
      const end = stringEnd(text, i)
      if (end < 0) return NOT_JSON
      out += text.slice(i, end)
      want = want === 'key' ? 'colon' : 'next'
      i = end
    } else if (want === 'key') return NOT_JSON
    else if (c === '{' || c === '[') {
      closers.push(c === '{' ? '}' : ']')
      if (closers.length > maxDepth) return { ok: false, reason: 'too-deep' }
      out += c
      opened = true
      want = c === '{' ? 'key' : 'value'
      i++
    } else {
      const end = scalarEnd(text, i)
      if (end < 0) return NOT_JSON
      out += text.slice(i, end)
      want = 'next'
      i = end
    }
  }
  return want === 'next' && closers.length === 0 ? { ok: true, text: out } : NOT_JSON
}

/** Pretty-prints JSON text; null when it is not JSON or too deep/large to pretty-print safely. */
export function prettyJson(text: string): string | null {
  const r = prettyJsonResult(text)
  return r.ok ? r.text : null
}

export function headerValue(headers: [string, string][], name: string): string | undefined {
  const lower = name.toLowerCase()
  return headers.find(([k]) => k.toLowerCase() === lower)?.[1]
}
