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

export function b64ToText(b64: string): string {
  return bytesToText(b64ToBytes(b64))
}

/** Classic 16-bytes-per-line hex dump; capped so a huge body never freezes the view. */
export function hexDump(b: Uint8Array, max = 64 * 1024): string {
  const lines: string[] = []
  const n = Math.min(b.length, max)
  for (let off = 0; off < n; off += 16) {
    const chunk = b.subarray(off, Math.min(off + 16, n))
    const hex = Array.from(chunk, (x) => x.toString(16).padStart(2, '0')).join(' ')
    const ascii = Array.from(chunk, (x) => (x >= 32 && x < 127 ? String.fromCharCode(x) : '.')).join('')
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`)
  }
  if (b.length > max) lines.push(`… ${b.length - max} more bytes`)
  return lines.join('\n')
}

/** Pretty-prints JSON text; returns null when it is not JSON. */
export function prettyJson(text: string): string | null {
  const t = text.trim()
  if (!t || (t[0] !== '{' && t[0] !== '[')) return null
  try {
    return JSON.stringify(JSON.parse(t), null, 2)
  } catch {
    return null
  }
}

export function headerValue(headers: [string, string][], name: string): string | undefined {
  const lower = name.toLowerCase()
  return headers.find(([k]) => k.toLowerCase() === lower)?.[1]
}
