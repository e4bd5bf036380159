// The one cURL rendering of a request: the compose preview (main) and the "Copy as cURL" buttons of
// attempts and captures (renderer) share it. Arguments are single-quoted for POSIX shells. A body
// that is not UTF-8 text is piped in from base64, and a header's bytes that are not UTF-8 are written
// as $'\xHH', so every byte arrives as it was sent or captured.
// Pure (TextDecoder is the only API it uses), so both sides can import it.
import { utf8Text } from './header-bytes'

export interface CurlRequest {
  method: string
  url: string
  headers: ReadonlyArray<readonly [string, string]>
  /** Text as is, or the bytes as base64 when they are not text; null for no body. */
  body: { text: string } | { base64: string } | null
}

// curl works these out itself from the URL and the body; copying them would only conflict.
const DERIVED = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive'])

/** One POSIX shell word, single-quoted (also for the CLI commands the UI suggests). */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`
const quote = shellQuote

/**
 * A header line quoted so that curl sends its bytes. Header strings hold one byte per character
 * (latin1: how Node reads them and undici writes them), while the copied command is UTF-8 text: bytes
 * that are UTF-8 are written as the text they spell, others as $'\xHH' (bash, zsh).
 */
function headerArg(line: string): string {
  const text = utf8Text(line)
  if (text !== null) return quote(text)
  if (!/[\u0080-\u00ff]/.test(line) || /[^\u0000-\u00ff]/.test(line)) return quote(line)
  return `$'${line.replace(/[\\']/g, '\\$&').replace(/[\u0080-\u00ff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).toUpperCase()}`)}'`
}

/** Past this many bytes a body is piped in (printf is a shell builtin): one argument may hold 128 KiB at most. */
export const INLINE_BODY_MAX = 64 * 1024

/**
 * Headers curl adds on its own when the request has none: each is cancelled (`-H 'Name:'`) so that only the
 * request's own headers arrive. Content-Type: curl says x-www-form-urlencoded for any body; Expect: it asks
 * for 100-continue before a large one (1 KB in older curls).
 */
function cancelled(req: CurlRequest, bodyBytes: number): string[] {
  const has = new Set(req.headers.map(([n]) => n.toLowerCase()))
  const out: string[] = []
  if (!has.has('user-agent')) out.push('User-Agent')
  if (!has.has('accept')) out.push('Accept')
  if (bodyBytes > 0 && !has.has('content-type')) out.push('Content-Type')
  if (bodyBytes > 1024 && !has.has('expect')) out.push('Expect')
  return out
}

export function curlCommand(req: CurlRequest): string {
  // A captured method is whatever the sender sent: quoted unless it is plain letters.
  const method = /^[A-Za-z]+$/.test(req.method) ? req.method : quote(req.method)
  // -g: brackets and braces in a URL (filter[status]=open) are curl's globbing syntax otherwise.
  const parts = [`curl${/[[\]{}]/.test(req.url) ? ' -g' : ''} -X ${method} ${quote(req.url)}`]
  for (const [name, value] of req.headers) {
    if (DERIVED.has(name.toLowerCase())) continue
    // "Name:" would remove the header; "Name;" is curl's way to send it empty.
    parts.push(`  -H ${value === '' ? headerArg(`${name};`) : headerArg(`${name}: ${value}`)}`)
  }
  const text = req.body && 'text' in req.body && req.body.text.length > 0 ? req.body.text : null
  const base64 = req.body && 'base64' in req.body && req.body.base64.length > 0 ? req.body.base64 : null
  const bodyBytes = text !== null ? new TextEncoder().encode(text).length : base64 !== null ? Math.floor((base64.length * 3) / 4) : 0
  for (const name of cancelled(req, bodyBytes)) parts.push(`  -H '${name}:'`)
  // --data-raw, not --data-binary: a body that starts with @ would make curl read that file instead.
  if (text !== null && bodyBytes <= INLINE_BODY_MAX) parts.push(`  --data-raw ${quote(text)}`)
  else if (text !== null) return `printf %s ${quote(text)} | ${[...parts, '  --data-binary @-'].join(' \\\n')}`
  else if (base64 !== null) return `printf %s ${quote(base64)} | base64 -d | ${[...parts, '  --data-binary @-'].join(' \\\n')}`
  return parts.join(' \\\n')
}

/** The body as curlCommand wants it: text when the bytes are UTF-8 without control characters (tab and newlines aside). */
export function curlBody(bytes: Uint8Array, base64: string): CurlRequest['body'] {
  if (bytes.length === 0) return null
  try {
    // ignoreBOM keeps a leading BOM (the default drops it): signatures cover those bytes too.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
    if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return { text }
  } catch {
    /* not UTF-8 */
  }
  return { base64 }
}
