// Forwarding a capture to the user's own server (like `stripe listen --forward-to`):
// same method, headers (minus hop-by-hop) and bytes. A failed forward is recorded, never thrown.
// An https dev server on this machine may use its own certificate (local-tls.ts).
import { performance } from 'node:perf_hooks'
import { request } from 'undici'
import { HOP_HEADERS } from '../../../src-preload/header-sets'
import { isLocalHttps, isLoopbackHost, isTlsCode } from '../local-tls'
import type { LocalTls } from '../local-tls'
import type { HeaderPairs } from '../signing/types'
import type { ForwardResult } from './types'

/** How much of the forward target's answer a capture keeps. */
export const FORWARD_BODY_CAP = 64 * 1024

/** The forward target's answer: its headers too, and whether the body was longer than asked for. */
export interface ForwardOutcome extends ForwardResult {
  headers: HeaderPairs
  truncated: boolean
}

/** True when `url` is this receiver's own address (on `port`): forwarding there would forward each capture to itself, forever. */
export function pointsAtReceiver(url: string, port: number | null): boolean {
  if (port === null) return false
  try {
    const u = new URL(url)
    const p = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80
    return p === port && (isLoopbackHost(u.hostname) || u.hostname === '0.0.0.0')
  } catch {
    return false
  }
}

export const SELF_FORWARD = 'the forward-to URL is this receiver itself: each capture would be forwarded to itself, forever'

export function forwardableHeaders(headers: HeaderPairs): string[] {
  const flat: string[] = []
  for (const [name, value] of headers) if (!HOP_HEADERS.has(name.toLowerCase())) flat.push(name, value)
  return flat
}

/** A forward not sent, for `why`. */
export function refused(url: string, why: string): ForwardOutcome {
  return { url, status: null, headers: [], truncated: false, body: null, durationMs: 0, error: why }
}

export async function forwardCapture(
  localTls: LocalTls,
  url: string,
  input: { method: string; headers: HeaderPairs; body: Buffer },
  timeoutMs: number,
  bodyCap = FORWARD_BODY_CAP,
): Promise<ForwardOutcome> {
  const started = performance.now()
  const local = isLocalHttps(url)
  try {
    const res = await request(url, {
      dispatcher: localTls.pick(local),
      method: input.method,
      headers: forwardableHeaders(input.headers),
      body: input.body.length > 0 ? input.body : null,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    })
    const chunks: Buffer[] = []
    let kept = 0
    let truncated = false
    for await (const chunk of res.body) {
      const buf = chunk as Buffer
      if (kept + buf.length > bodyCap) truncated = true
      if (kept < bodyCap) {
        const part = buf.subarray(0, bodyCap - kept)
        chunks.push(part)
        kept += part.length
      }
    }
    const headers: HeaderPairs = []
    for (const [name, value] of Object.entries(res.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.push([name, v])
      else if (value !== undefined) headers.push([name, value])
    }
    return { url, status: res.statusCode, headers, body: Buffer.concat(chunks), truncated, durationMs: performance.now() - started, error: null }
  } catch (err) {
    const code = (err as { code?: string }).code
    const message = err instanceof Error ? err.message : String(err)
    return {
      url,
      status: null,
      headers: [],
      truncated: false,
      body: null,
      durationMs: performance.now() - started,
      error: code ? `${code}: ${isTlsCode(code) ? localTls.hint(message, local) : message}` : message,
    }
  }
}
