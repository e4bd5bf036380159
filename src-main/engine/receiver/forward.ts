// Forwarding a capture to the user's own server (like `stripe listen --forward-to`):
// same method, headers (minus hop-by-hop) and bytes. A failed forward is recorded, never thrown.
// An https dev server on this machine may use its own certificate (local-tls.ts).
import { performance } from 'node:perf_hooks'
import { request } from 'undici'
import { HOP_HEADERS } from '../../../src-preload/header-sets'
import { isLocalHttps, isTlsCode } from '../local-tls'
import type { LocalTls } from '../local-tls'
import type { HeaderPairs } from '../signing/types'
import type { ForwardResult } from './types'

export const FORWARD_BODY_CAP = 64 * 1024

export function forwardableHeaders(headers: HeaderPairs): string[] {
  const flat: string[] = []
  for (const [name, value] of headers) if (!HOP_HEADERS.has(name.toLowerCase())) flat.push(name, value)
  return flat
}

export async function forwardCapture(
  localTls: LocalTls,
  url: string,
  input: { method: string; headers: HeaderPairs; body: Buffer },
  timeoutMs: number,
): Promise<ForwardResult> {
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
    for await (const chunk of res.body) {
      const buf = chunk as Buffer
      if (kept < FORWARD_BODY_CAP) {
        const part = buf.subarray(0, FORWARD_BODY_CAP - kept)
        chunks.push(part)
        kept += part.length
      }
    }
    return { url, status: res.statusCode, body: Buffer.concat(chunks), durationMs: performance.now() - started, error: null }
  } catch (err) {
    const code = (err as { code?: string }).code
    const message = err instanceof Error ? err.message : String(err)
    return {
      url,
      status: null,
      body: null,
      durationMs: performance.now() - started,
      error: code ? `${code}: ${isTlsCode(code) ? localTls.hint(message, local) : message}` : message,
    }
  }
}
