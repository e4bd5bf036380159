// multipart/form-data bodies (SendGrid's Inbound Parse, Mailgun's routes, file uploads) split into
// their parts: name, filename, type and bytes, in order. Works on bytes, so binary parts stay intact.
import { decodeText } from './format'

export interface Part {
  name: string | null
  filename: string | null
  contentType: string | null
  /** The part's header lines as sent. */
  headers: [string, string][]
  data: Uint8Array
}

/** The boundary of a multipart/form-data Content-Type, or null when it is not one. */
export function multipartBoundary(contentType: string | null | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType)
  return m ? (m[1] ?? m[2] ?? null) : null
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]
  outer: for (let i = hay.indexOf(first as number, from); i !== -1 && i <= hay.length - needle.length; i = hay.indexOf(first as number, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}

/** A Content-Disposition parameter (quoted or not). */
function param(value: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"|;\\s*${name}=([^;\\s]+)`, 'i').exec(value)
  if (!m) return null
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? null)
}

const utf8 = new TextDecoder('utf-8')

/**
 * The parts of a multipart body, or null when it does not parse as one (no opening boundary, a part
 * without its blank line, no closing boundary): the body is then shown raw, as received.
 */
export function multipartParts(body: Uint8Array, boundary: string): Part[] | null {
  const enc = new TextEncoder()
  const delim = enc.encode(`--${boundary}`)
  let at = indexOf(body, delim, 0)
  if (at === -1) return null
  const parts: Part[] = []
  for (;;) {
    let start = at + delim.length
    if (body[start] === 0x2d && body[start + 1] === 0x2d) return parts // "--": the closing boundary
    if (body[start] === 0x0d && body[start + 1] === 0x0a) start += 2
    else if (body[start] === 0x0a) start += 1
    else return null
    const next = indexOf(body, enc.encode(`\r\n--${boundary}`), start)
    const nextLf = next === -1 ? indexOf(body, enc.encode(`\n--${boundary}`), start) : -1
    if (next === -1 && nextLf === -1) return null
    const end = next !== -1 ? next : nextLf
    const part = body.subarray(start, end)
    let split = indexOf(part, enc.encode('\r\n\r\n'), 0)
    let gap = 4
    if (split === -1) {
      split = indexOf(part, enc.encode('\n\n'), 0)
      gap = 2
    }
    if (split === -1) return null
    const headers = utf8
      .decode(part.subarray(0, split))
      .split(/\r?\n/)
      .filter((l) => l.includes(':'))
      .map((l): [string, string] => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()])
    const header = (n: string) => headers.find(([k]) => k.toLowerCase() === n)?.[1] ?? null
    const disposition = header('content-disposition') ?? ''
    parts.push({
      name: param(disposition, 'name'),
      filename: param(disposition, 'filename'),
      contentType: header('content-type'),
      headers,
      data: part.subarray(split + gap),
    })
    at = end + (next !== -1 ? 2 : 1)
  }
}

/** A part's value as text when it is text (no filename, a text type or none, valid UTF-8); else null. */
export function partText(p: Part): string | null {
  if (p.filename !== null) return null
  if (p.contentType && !/^text\/|json|xml|x-www-form-urlencoded/i.test(p.contentType)) return null
  const { text, utf8 } = decodeText(p.data)
  return utf8 ? text : null
}
