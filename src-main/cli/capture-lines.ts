// How the CLI prints a capture: one human line (plus the forward's ↳ line), or the stable JSON line
// (DESIGN.md "CLI"). Shared by `listen` and `wait`.
import { DEFAULT_INBOX_SLUG } from '../engine/receiver'
import type { CaptureDetail } from '../engine/receiver'

/** The stable `--json` capture line (DESIGN.md "CLI"). */
export function captureJsonLine(c: CaptureDetail): Record<string, unknown> {
  return {
    id: c.id,
    inbox: c.inboxSlug,
    receivedAt: c.receivedAt,
    method: c.method,
    path: c.path,
    query: c.query,
    headers: c.headers,
    bodyBase64: c.body.toString('base64'),
    verification: c.verification ? { scheme: c.verification.scheme, valid: c.verification.valid, reason: c.verification.reason } : null,
  }
}

/**
 * Text a sender chose (an event name from the body, a path, an error carrying a server's words) with its
 * control and bidi characters shown as \u escapes: printed raw, an ESC sequence could clear the terminal or
 * a newline forge a capture line ending in 'signature valid'.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

export function humanLine(c: CaptureDetail): string {
  const target = c.query ? `${c.path}?${c.query}` : c.path
  // A relayed capture is printed as it arrives: its answer is the forward target's, on the ↳ line.
  const status = c.responseStatus !== null ? String(c.responseStatus) : c.relayed ? 'relaying' : 'hang'
  const parts = [new Date(c.receivedAt).toISOString().slice(11, 23), c.method, target, status, `${c.size} B`]
  if (c.event) parts.push(c.event)
  if (c.inboxSlug !== DEFAULT_INBOX_SLUG) parts.push(`[${c.inboxSlug}]`)
  if (c.verification) parts.push(c.verification.valid ? `signature ${c.verification.reason}` : `signature INVALID: ${c.verification.reason}`)
  if (c.duplicateOf) parts.push(`duplicate of ${c.duplicateOf}`)
  if (c.oversize) parts.push(c.busy ? 'receiver busy, body not read' : 'oversize, body not kept')
  let line = parts.map(printable).join('  ')
  if (c.verification?.explanation) line += `\n    ${c.verification.explanation}`
  return line
}

/** Which capture a forward belongs to (forwards finish in any order), where it went and what came back. */
export function forwardLine(c: CaptureDetail): string {
  const f = c.forward!
  const target = c.query ? `${c.path}?${c.query}` : c.path
  const result = f.error ?? (f.status === null ? 'no response' : `HTTP ${f.status}`)
  const took = f.durationMs === null ? '' : ` in ${Math.round(f.durationMs)} ms`
  const relayed = c.relayed && c.responseStatus !== null ? `, answered ${c.responseStatus} to the sender` : ''
  const said = f.status !== null && f.status >= 400 && f.body ? firstLine(f.body) : ''
  return `    ↳ ${c.method} ${printable(target)} forwarded to ${f.url}: ${printable(result)}${took}${relayed}${said ? `: ${said}` : ''}  (${c.id})`
}

/** What a failed forward's body shows on its ↳ line, like `stripe listen`'s: so a handler's error is read without opening the app. */
const FORWARD_BODY_SHOWN = 200

/** The body's first non-blank line, escaped (it is the dev server's text) and cut at FORWARD_BODY_SHOWN characters. */
function firstLine(body: Buffer): string {
  const line = body.subarray(0, FORWARD_BODY_SHOWN * 4).toString('utf8').split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? ''
  const chars = [...line]
  return printable(chars.length > FORWARD_BODY_SHOWN ? `${chars.slice(0, FORWARD_BODY_SHOWN).join('')}…` : line)
}

/** The answer never went out: how long the connection was open, and who closed it (testing a sender's timeout). */
export function unansweredLine(id: string, u: { afterMs: number; by: 'sender' | 'hooklab' }): string {
  const after = u.afterMs < 10_000 ? `${Math.round(u.afterMs)} ms` : `${(u.afterMs / 1000).toFixed(1)} s`
  const who = u.by === 'sender' ? `the sender closed the connection after ${after} (its timeout)` : `Hooklab closed the connection after ${after}`
  return `    ↳ no answer sent: ${who}  (${id})`
}
