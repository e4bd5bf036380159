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

/** A moment as the lists show time (24-hour), with its date when it is not today: "14:31:19", "2026-11-23 09:05:00". */
export function dateTime(ts: number | null, now = Date.now()): string {
  if (ts == null) return '—'
  const d = new Date(ts)
  const time = d.toLocaleTimeString(undefined, { hour12: false })
  if (d.toDateString() === new Date(now).toDateString()) return time
  const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
  return `${date} ${time}`
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

/** Deepest bracket nesting in JSON-ish text (brackets inside strings ignored); stops once past `limit`. */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) inString = false
    } else if (c === QUOTE) inString = true
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth
      if (max > limit) return max
    } else if (c === 125 || c === 93) depth--
  }
  return max
}

export type PrettyResult = { ok: true; text: string } | { ok: false; reason: 'not-json' | 'too-deep' | 'too-large' }

/** Deeper JSON is shown raw: stringify recurses, and every level adds indent to each line below it. */
export const PRETTY_MAX_DEPTH = 256
/** Longer JSON is shown raw: parsing and re-indenting it would stall the window. */
export const PRETTY_MAX_CHARS = 8 * 1024 * 1024

/** Pretty-prints JSON text, or says why not (not JSON, nested too deep, too large). */
export function prettyJsonResult(text: string, maxDepth = PRETTY_MAX_DEPTH, maxChars = PRETTY_MAX_CHARS): PrettyResult {
  const t = text.trim()
  if (!t || (t[0] !== '{' && t[0] !== '[')) return { ok: false, reason: 'not-json' }
  if (t.length > maxChars) return { ok: false, reason: 'too-large' }
  if (jsonDepth(t, maxDepth) > maxDepth) return { ok: false, reason: 'too-deep' }
  try {
    return { ok: true, text: JSON.stringify(JSON.parse(t), null, 2) }
  } catch {
    return { ok: false, reason: 'not-json' }
  }
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
