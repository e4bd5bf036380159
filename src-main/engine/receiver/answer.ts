// The answer a response step gives, built once per step and reused for every request it answers:
// the header list, its stored JSON, and the flat array writeHead takes, per body length.
import type { HeaderPairs } from '../signing/types'
import type { ResponseStep } from './response-rules'
import { fillVars, hasVars, type RequestFacts } from './response-vars'

export interface Answer {
  /** What writeHead gets (name, value, name, value …); shared between requests, never mutated. */
  flatHeaders: readonly string[]
  /** The header pairs as stored with the capture (JSON of HeaderPairs). */
  headersJson: string
  /** The body as sent; `bodyText` is the same bytes as text, so the head and body go out in one write. */
  body: Buffer
  bodyText: string
  /**
   * Send `body`, not `bodyText`: the body is not UTF-8 text, or a header value holds a byte over 0x7f
   * (one char per byte, as request headers are read). Node writes a head joined to a text body in the
   * body's encoding (UTF-8), which would turn such a byte into two; given a Buffer it writes the head as latin1.
   */
  sendBytes: boolean
}

/** A step whose body is bytes that are not UTF-8 text (`listen --respond-body @FILE` of an image): sent as they are. */
export type StepWithBytes = ResponseStep & { bodyBytes?: Buffer }

interface Prepared {
  /** Content-Type added when the step has none, Content-Length left out (we set the real one). */
  pairs: HeaderPairs
  flatByLength: Map<number, readonly string[]>
  jsonPrefix: string
  staticBody: { text: string; buffer: Buffer } | null
  /** The body or a header value holds request variables ({{body.challenge}} …): built per request. */
  templated: boolean
  sendBytes: boolean
}

const HANG: Answer = Object.freeze({ flatHeaders: Object.freeze([]), headersJson: '[]', body: Buffer.alloc(0), bodyText: '', sendBytes: false })
/** A header value that cannot go out joined to a UTF-8 body unchanged. */
const overAscii = (pairs: HeaderPairs): boolean => pairs.some(([, v]) => /[^\x00-\x7f]/.test(v))
const EMPTY = Buffer.alloc(0)

/** 204 and 304 carry no body and, for 204, no Content-Length (a strict client such as undici refuses a mismatch). */
const bodiless = (status: number): boolean => status === 204 || status === 304
const cache = new WeakMap<ResponseStep, Prepared>()

// Only the step's own headers (no default Content-Type, no Content-Length); built once per step.
const noBodyCache = new WeakMap<ResponseStep, Answer>()
function noBody(step: ResponseStep): Answer {
  let a = noBodyCache.get(step)
  if (!a) {
    const pairs: HeaderPairs = step.headers.filter(([n]) => n.toLowerCase() !== 'content-length')
    a = Object.freeze({ flatHeaders: Object.freeze(pairs.flat()), headersJson: JSON.stringify(pairs), body: EMPTY, bodyText: '', sendBytes: false })
    noBodyCache.set(step, a)
  }
  return a
}

function prepare(step: StepWithBytes): Prepared {
  const pairs: HeaderPairs = []
  const bytes = step.bodyBytes
  if (!step.headers.some(([n]) => n.toLowerCase() === 'content-type')) pairs.push(['Content-Type', bytes ? 'application/octet-stream' : defaultType(step.body)])
  for (const h of step.headers) if (h[0].toLowerCase() !== 'content-length') pairs.push([h[0], h[1]])
  const json = JSON.stringify(pairs)
  return {
    pairs,
    flatByLength: new Map(),
    // `[…pairs,` to which each answer appends its own ["Content-Length","n"]].
    jsonPrefix: pairs.length > 0 ? `${json.slice(0, -1)},` : '[',
    staticBody: bytes ? { text: '', buffer: bytes } : step.body !== '' ? { text: step.body, buffer: Buffer.from(step.body, 'utf8') } : null,
    templated: (!bytes && hasVars(step.body)) || step.headers.some(([, v]) => hasVars(v)),
    sendBytes: !!bytes || overAscii(pairs),
  }
}

/** A step whose body or headers name request values, filled in for this request (a 204/304 gets its headers only). */
function filled(step: StepWithBytes, status: number, captureId: string, req: RequestFacts, body: Buffer | null): Answer {
  const none = bodiless(status)
  const type = step.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1]
  const json = type !== undefined ? /json/i.test(type) : /^\s*[[{]/.test(step.body)
  // An empty body is the default one, as for a step without variables (only its headers are templated).
  const text = none || step.bodyBytes ? '' : step.body === '' ? defaultBody(status, captureId) : fillVars(step.body, req, body, captureId, { json })
  const pairs: HeaderPairs = []
  if (!none && !step.headers.some(([n]) => n.toLowerCase() === 'content-type')) pairs.push(['Content-Type', step.bodyBytes ? 'application/octet-stream' : defaultType(text)])
  for (const [n, v] of step.headers) {
    if (n.toLowerCase() === 'content-length') continue
    const value = fillVars(v, req, body, captureId, { header: true })
    // A header filled from a request value the request lacks (echoing its Content-Type when it sent none) is left out.
    if (value !== '' || !hasVars(v)) pairs.push([n, value])
  }
  const bytes = none ? EMPTY : (step.bodyBytes ?? Buffer.from(text, 'utf8'))
  if (!none) pairs.push(['Content-Length', String(bytes.length)])
  return { flatHeaders: pairs.flat(), headersJson: JSON.stringify(pairs), body: bytes, bodyText: text, sendBytes: !!step.bodyBytes || overAscii(pairs) }
}

/** The answer's body when the inbox sets none. Same text as JSON.stringify({ ok, captureId }): ids are [a-z0-9_]. */
function defaultBody(status: number, captureId: string): string {
  return `{"ok":${status < 400 ? 'true' : 'false'},"captureId":"${captureId}"}`
}

/** A body without a Content-Type: JSON when it is (the default body is), else UTF-8 text. */
function defaultType(body: string): string {
  if (body === '') return 'application/json'
  try {
    JSON.parse(body)
    return 'application/json'
  } catch {
    return 'text/plain; charset=utf-8'
  }
}

/** The answer to one request; the default body carries the capture id, a templated one the request's values. */
export function answerFor(step: StepWithBytes, captureId: string, req?: RequestFacts, reqBody?: Buffer | null): Answer {
  if (step.status === null) return HANG
  let p = cache.get(step)
  if (!p) {
    p = prepare(step)
    cache.set(step, p)
  }
  if (p.templated && req) return filled(step, step.status, captureId, req, reqBody ?? null)
  if (bodiless(step.status)) return noBody(step)
  let bodyText: string
  let body: Buffer
  if (p.staticBody) {
    bodyText = p.staticBody.text
    body = p.staticBody.buffer
  } else {
    bodyText = defaultBody(step.status, captureId)
    body = Buffer.from(bodyText, 'latin1')
  }
  const length = body.length
  let flat = p.flatByLength.get(length)
  if (!flat) {
    const f: string[] = []
    for (const [n, v] of p.pairs) f.push(n, v)
    f.push('Content-Length', String(length))
    flat = Object.freeze(f)
    // Bodies of a step differ in length only when ids or scripted bodies do: a few entries at most.
    if (p.flatByLength.size < 16) p.flatByLength.set(length, flat)
  }
  return { flatHeaders: flat, headersJson: `${p.jsonPrefix}["Content-Length","${length}"]]`, body, bodyText, sendBytes: p.sendBytes }
}
