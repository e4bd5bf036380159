// "Answer with your server's response": an inbox that relays gives each sender what its forward target
// answered (status, headers, body), like a proxy in front of a dev server, so a failing handler makes
// the sender retry. When that server cannot be reached or answers with more than we relay, the sender
// gets a 502/504 that says why, naming the capture.
import { HOP_HEADERS } from '../../../src-preload/header-sets'
import type { HeaderPairs } from '../signing/types'
import type { ForwardOutcome } from './forward'

/** The most of the forward target's body a relayed answer carries. */
export const RELAY_BODY_CAP = 1024 * 1024

export interface RelayedAnswer {
  status: number
  /** As sent, Content-Length included (none for 204). */
  headers: HeaderPairs
  body: Buffer
}

/** 204 and 304 go back without a body or (204) a Content-Length, as answer.ts sends them. */
const bodiless = (status: number): boolean => status === 204 || status === 304

function problem(status: number, error: string, captureId: string): RelayedAnswer {
  const body = Buffer.from(JSON.stringify({ error, captureId }))
  return { status, headers: [['Content-Type', 'application/json'], ['Content-Length', String(body.length)]], body }
}

/** `head`: the sender asked with HEAD, so the dev server's Content-Length (the length its GET would have) goes back as it is. */
export function relayedAnswer(result: ForwardOutcome, captureId: string, head = false): RelayedAnswer {
  if (result.status === null || result.error !== null) {
    const error = result.error ?? 'no response'
    return problem(/TIMEOUT/i.test(error) ? 504 : 502, `Hooklab could not get an answer from ${result.url}: ${error}`, captureId)
  }
  if (result.truncated) return problem(502, `${result.url} answered with more than ${RELAY_BODY_CAP} bytes; Hooklab relays up to that`, captureId)
  // Framing is ours to set for this hop (RFC 9110 §7.6.1); everything else goes back as it came.
  const headers: HeaderPairs = result.headers.filter(([n]) => !HOP_HEADERS.has(n.toLowerCase()))
  if (bodiless(result.status)) return { status: result.status, headers, body: Buffer.alloc(0) }
  const body = result.body ?? Buffer.alloc(0)
  const length = head ? result.headers.find(([n]) => n.toLowerCase() === 'content-length')?.[1] : undefined
  headers.push(['Content-Length', length ?? String(body.length)])
  return { status: result.status, headers, body }
}
