// Request values in an inbox's answer: {{body.challenge}}, {{query.validationToken}}, {{header.X-Id}} …
// What a provider's handshake wants echoed when a webhook URL is registered (Slack's url_verification,
// Microsoft Graph's validationToken, Dropbox's challenge), and what an echo server sends back.
import { HooklabError } from '../errors'
import type { HeaderPairs } from '../signing/types'
import { decodeContent } from './content-encoding'

const VAR = /\{\{\s*([A-Za-z]+)(?:\.([^{}\s]+))?\s*\}\}/g
const NAMES = new Set(['body', 'query', 'header', 'method', 'path', 'captureId'])
/** Names that take a `.part` (body's is optional: {{body}} is the whole body). */
const WITH_PART = new Set(['query', 'header'])
const WITHOUT_PART = new Set(['method', 'path', 'captureId'])

export const RESPONSE_VARS_HELP = '{{body}}, {{body.a.b[0]}}, {{query.name}}, {{header.Name}}, {{method}}, {{path}}, {{captureId}}'

/** The request an answer is filled from. */
export interface RequestFacts {
  method: string
  path: string
  query: string
  headers: HeaderPairs
  contentType: string | null
}

export function hasVars(text: string): boolean {
  return text.includes('{{')
}

/** Throws E_INVALID_INPUT naming `where` and the variable when one is not known. */
export function checkVars(text: string, where: string): void {
  if (!hasVars(text)) return
  for (const m of text.matchAll(VAR)) {
    const [all, name, part] = m
    const bad = (why: string) => new HooklabError('E_INVALID_INPUT', `${where}: ${all} ${why}; use ${RESPONSE_VARS_HELP}`)
    if (!NAMES.has(name!)) throw bad('is not a request value')
    if (WITH_PART.has(name!) && !part) throw bad(`needs a name, like {{${name}.name}}`)
    if (WITHOUT_PART.has(name!) && part) throw bad('takes no name after a dot')
  }
}

/** a.b[0].c → ['a', 'b', '0', 'c'] */
function pathOf(part: string): string[] {
  return part.split(/\.|\[(\d+)\]/).filter((p): p is string => p !== undefined && p !== '')
}

function textOf(v: unknown): string {
  if (v === undefined || v === null) return ''
  return typeof v === 'string' ? v : JSON.stringify(v)
}

/**
 * `text` with each variable replaced by the request's value ('' when it has none). A JSON body is read
 * by path; a form body (application/x-www-form-urlencoded) by field name; a body sent with a
 * Content-Encoding (gzip …) as decoded. `header: true` keeps line breaks and other characters a header
 * value cannot carry out.
 *
 * Request header values are bytes, one char each (as Node reads them), and a header value is written
 * the same way: an echoed header goes back into a header as it came, and into a body as the UTF-8 text
 * its bytes spell (as Latin-1 when they are not UTF-8). Text (body fields, query values) goes into a
 * header as its UTF-8 bytes.
 */
export function fillVars(text: string, req: RequestFacts, body: Buffer | null, captureId: string, opts: { header?: boolean; json?: boolean } = {}): string {
  let parsed: { value: unknown } | null = null
  let decoded: Buffer | null = null
  /** The body as the sender meant it: Content-Encoding undone (as sent when it does not decode). */
  const plainBody = (): Buffer | null => {
    if (!body || body.length === 0) return body
    decoded ??= decodeContent(req.headers, body)?.body ?? body
    return decoded
  }
  const bodyValue = (part: string): unknown => {
    const b = plainBody()
    if (!b || b.length === 0) return undefined
    if (!parsed) {
      const raw = b.toString('utf8')
      if (req.contentType && /x-www-form-urlencoded/i.test(req.contentType)) parsed = { value: Object.fromEntries(new URLSearchParams(raw)) }
      else {
        try {
          parsed = { value: JSON.parse(raw) as unknown }
        } catch {
          parsed = { value: undefined }
        }
      }
    }
    let v: unknown = parsed.value
    for (const key of pathOf(part)) {
      // A form field holding JSON (Slack's interactivity posts payload=<json>) is read into: {{body.payload.type}}.
      if (typeof v === 'string' && /^\s*[[{]/.test(v)) {
        try {
          v = JSON.parse(v) as unknown
        } catch {
          return undefined
        }
      }
      if (v === null || typeof v !== 'object') return undefined
      v = (v as Record<string, unknown>)[key]
    }
    return v
  }
  // In a JSON answer a value that lands inside a string is escaped as string content: a quote or a line
  // break in it must not break the document ({"challenge":"{{body.challenge}}"}).
  const inString = opts.json ? stringPositions(text) : null
  const out = text.replace(VAR, (_all, name: string, part: string | undefined, offset: number) => {
    let value = valueOf(name, part)
    const bytes = name === 'header' || name === 'path'
    if (opts.header && !bytes) value = Buffer.from(value, 'utf8').toString('latin1')
    else if (!opts.header && bytes) value = bytesAsText(value)
    return inString?.(offset) ? JSON.stringify(value).slice(1, -1) : value
  })
  // What a header value can carry (Node's own rule): tab, printable ASCII and Latin-1; the rest becomes '?'.
  return opts.header ? out.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?') : out

  function valueOf(name: string, part: string | undefined): string {
    switch (name) {
      case 'body':
        return part ? textOf(bodyValue(part)) : (plainBody()?.toString('utf8') ?? '')
      case 'query':
        return new URLSearchParams(req.query).get(part ?? '') ?? ''
      case 'header':
        return req.headers.find(([n]) => n.toLowerCase() === (part ?? '').toLowerCase())?.[1] ?? ''
      case 'method':
        return req.method
      case 'path':
        return req.path
      case 'captureId':
        return captureId
      default:
        return ''
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
/** A value read one char per byte, as text: its bytes as UTF-8 when they are, else each byte as its Latin-1 char. */
function bytesAsText(value: string): string {
  if (!/[^\x00-\x7f]/.test(value)) return value
  try {
    return utf8.decode(Buffer.from(value, 'latin1'))
  } catch {
    return value
  }
}

/** For a JSON text: is the character at this offset inside a string literal? (Scanned once, left to right.) */
function stringPositions(text: string): (offset: number) => boolean {
  const inside = new Uint8Array(text.length)
  let open = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (!open) {
      open = c === '"'
      continue
    }
    if (c === '"') {
      open = false
      continue
    }
    inside[i] = 1
    // An escape and the character it escapes are both inside (an escaped quote does not close).
    if (c === '\\' && i + 1 < text.length) inside[++i] = 1
  }
  return (offset) => inside[offset] === 1
}
