// Reading a hooklab.captures/v1 document for import (captures.import, `hooklab import`): the JSON is
// checked against the format, each body decoded from its encoding; an error names the capture (by its
// position) and the field, and nothing is imported from a document that has one.
import { z } from 'zod'
import { CAPTURES_FORMAT } from '../engine/export/captures'
import { HooklabError } from '../engine/errors'
import type { ImportedCapture } from '../engine/receiver'

const Header = z.tuple([z.string(), z.string()])
const Encoded = { encoding: z.enum(['utf8', 'base64']), body: z.string() }
const Capture = z.object({
  id: z.string().regex(/^cap_[0-9a-z]{1,64}$/, 'an id like cap_…'),
  inbox: z.object({ slug: z.string() }),
  receivedAt: z.string().refine((t) => !Number.isNaN(Date.parse(t)), 'an ISO time'),
  remoteAddress: z.string().nullable(),
  request: z.object({
    method: z.string().min(1).max(32),
    path: z.string(),
    query: z.string(),
    headers: z.array(Header),
    contentType: z.string().nullable(),
    size: z.number().int().nonnegative(),
    oversize: z.boolean(),
    ...Encoded,
  }),
  response: z
    .object({
      status: z.number().int().nullable(),
      headers: z.array(Header),
      relayed: z.boolean().optional(),
      unanswered: z.object({ afterMs: z.number().nonnegative(), by: z.enum(['sender', 'hooklab']) }).nullable().optional(),
      ...Encoded,
    })
    .nullable(),
  verification: z.object({ scheme: z.enum(['standard', 'stripe', 'github', 'shopify', 'slack', 'hmac']), valid: z.boolean(), reason: z.string(), explanation: z.string().nullable().optional() }).nullable(),
  forward: z
    .object({ url: z.string(), status: z.number().int().nullable(), durationMs: z.number().nullable(), error: z.string().nullable(), response: z.object(Encoded).nullable() })
    .nullable(),
})
const Doc = z.object({ format: z.string(), captures: z.array(z.unknown()) })

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** The bytes an exported body stands for; base64 that is not (Buffer.from would skip the bad characters) is refused. */
function decode(e: { encoding: 'utf8' | 'base64'; body: string }, what: string): Buffer {
  if (e.encoding === 'utf8') return Buffer.from(e.body, 'utf8')
  if (!BASE64.test(e.body)) throw new HooklabError('E_INVALID_INPUT', `${what}: the body is marked base64 but is not base64`)
  return Buffer.from(e.body, 'base64')
}

// Exports written before 2026-11-24 dropped a leading UTF-8 byte-order mark from a text body (TextDecoder's
// default): exactly those three bytes are missing, and the recorded size still counts them.
const BOM = Buffer.from([0xef, 0xbb, 0xbf])

/** The request body as captured, checked against its recorded size. */
function requestBody(r: { encoding: 'utf8' | 'base64'; body: string; size: number; oversize: boolean }, what: string): Buffer {
  const bytes = decode(r, what)
  if (r.oversize) return bytes
  if (r.encoding === 'utf8' && r.size === bytes.length + BOM.length && !bytes.subarray(0, 3).equals(BOM)) return Buffer.concat([BOM, bytes])
  if (bytes.length !== r.size) throw new HooklabError('E_INVALID_INPUT', `${what}: request.size says ${r.size} bytes, but its body has ${bytes.length}`)
  return bytes
}

// A header a request can carry: an HTTP token for its name, no line break or NUL in its value (captured
// values may hold latin1 bytes, so nothing stricter). Checked here so a crafted document is refused whole
// instead of a later replay stopping half-way.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const BAD_VALUE = /[\r\n\0]/

function checkHeaders(headers: readonly (readonly [string, string])[], what: string): void {
  for (const [name, value] of headers) {
    if (!TOKEN.test(name)) throw new HooklabError('E_INVALID_INPUT', `${what}: request header ${JSON.stringify(name)} is not a valid header name`)
    if (BAD_VALUE.test(value)) throw new HooklabError('E_INVALID_INPUT', `${what}: the value of request header ${name} holds a line break or NUL, which a header cannot carry`)
  }
}

function where(issue: z.core.$ZodIssue): string {
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message
}

export function parseCapturesDocument(text: string): ImportedCapture[] {
  let json: unknown
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) // one byte-order mark (Windows editors, PowerShell)
  } catch (err) {
    throw new HooklabError('E_INVALID_INPUT', `Not a JSON document: ${(err as Error).message}`)
  }
  const doc = Doc.safeParse(json)
  if (!doc.success || doc.data.format !== CAPTURES_FORMAT) {
    const format = (json as { format?: unknown } | null)?.format
    throw new HooklabError('E_INVALID_INPUT', `Not a ${CAPTURES_FORMAT} document${typeof format === 'string' ? ` (its format is "${format}")` : ''}: export one from an Inbox, or with hooklab export --captures.`)
  }
  return doc.data.captures.map((raw, i) => {
    const r = Capture.safeParse(raw)
    if (!r.success) throw new HooklabError('E_INVALID_INPUT', `capture ${i + 1}: ${where(r.error.issues[0]!)}`)
    const c = r.data
    const what = `capture ${i + 1} (${c.id})`
    checkHeaders(c.request.headers, what)
    return {
      id: c.id,
      inboxSlug: c.inbox.slug,
      receivedAt: Date.parse(c.receivedAt),
      remoteAddress: c.remoteAddress,
      method: c.request.method,
      path: c.request.path,
      query: c.request.query,
      headers: c.request.headers,
      contentType: c.request.contentType,
      body: requestBody(c.request, what),
      size: c.request.size,
      oversize: c.request.oversize,
      response: c.response
        ? { status: c.response.status, headers: c.response.headers, body: decode(c.response, what), relayed: c.response.relayed === true, unanswered: c.response.unanswered ?? null }
        : null,
      verification: c.verification ? { ...c.verification, explanation: c.verification.explanation ?? null } : null,
      forward: c.forward ? { url: c.forward.url, status: c.forward.status, durationMs: c.forward.durationMs, error: c.forward.error, body: c.forward.response ? decode(c.forward.response, what) : null } : null,
    }
  })
}
