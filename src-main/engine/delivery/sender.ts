// Sends one HTTP attempt with undici: one keep-alive Agent (a pool per origin), a hard
// per-request timeout covering connect, headers and body, redirects never followed, the
// response body kept up to 64 KB and the rest drained and dropped, errors mapped to stable codes.
// https to this machine may accept a dev server's certificate (local-tls.ts).
import { Agent } from 'undici'
import type { Dispatcher } from 'undici'
import { performance } from 'node:perf_hooks'
import type { ErrorCode } from '../errors'
import type { HeaderPairs } from '../signing/types'
import { createLocalTls, isLocalHttps, isTlsCode } from '../local-tls'

export const RESPONSE_BODY_CAP = 64 * 1024
/** Past this many bytes we stop draining and drop the connection instead. */
const DRAIN_LIMIT = 1024 * 1024

export interface SendRequest {
  url: string
  method: string
  headers: HeaderPairs
  body: Buffer
  timeoutMs: number
}

export interface SendResult {
  status: number | null
  headers: HeaderPairs
  body: Buffer
  truncated: boolean
  error: { code: ErrorCode; message: string } | null
  /** Time until the request had a connected socket to be written on (~0 when a kept-alive one was reused). */
  connectMs: number | null
  firstByteMs: number | null
  totalMs: number
}

export interface Sender {
  send(req: SendRequest): Promise<SendResult>
  /** Ends every request on the wire now (their connections are dropped); each resolves with E_STOPPED. */
  abortAll(message: string): void
  close(): Promise<void>
}

export interface SenderOptions {
  connections?: number
  dispatcher?: Dispatcher
  /** Accept unverified certificates from https://localhost, 127.x and ::1 (asked per request: a setting). */
  trustLocalTls?: () => boolean
}

export function createSender(options: SenderOptions = {}): Sender {
  const agentOptions = { connections: options.connections ?? 128, keepAliveTimeout: 30_000, pipelining: 1, connect: { timeout: 30_000 } }
  const agent = options.dispatcher ?? new Agent(agentOptions)
  const localTls = createLocalTls(agent, agentOptions, options.trustLocalTls ?? (() => false))

  // Most attempts go to a handful of URLs: parse each once, not per request (bounded: cleared when large).
  const targets = new Map<string, { origin: string; path: string; local: boolean } | null>()
  function parseTarget(raw: string): { origin: string; path: string; local: boolean } | null {
    let t = targets.get(raw)
    if (t !== undefined) return t
    try {
      const url = new URL(raw)
      t = { origin: url.origin, path: `${url.pathname}${url.search}`, local: isLocalHttps(url) }
    } catch {
      t = null
    }
    if (targets.size >= 1024) targets.clear()
    targets.set(raw, t)
    return t
  }

  // How to end each request on the wire (abortAll): the engine stopping must not leave one running.
  const live = new Set<(message: string) => void>()

  function send(req: SendRequest): Promise<SendResult> {
    return new Promise((resolve) => {
      const t0 = performance.now()
      let connectAt: number | null = null
      let firstByteAt: number | null = null
      let status: number | null = null
      let headers: HeaderPairs = []
      const chunks: Buffer[] = []
      let kept = 0
      let seen = 0
      let done = false
      let controllerRef: Dispatcher.DispatchController | null = null

      // An error after the answer started (its body too slow, the connection closed mid-body) keeps what
      // arrived: the status, headers and the partial body, marked truncated. "My handler answered 200 but
      // never finished the body" is a different bug from "my handler never answered".
      const finish = (error: SendResult['error']): void => {
        if (done) return
        done = true
        live.delete(stop)
        clearTimeout(timer)
        const now = performance.now()
        resolve({
          status,
          headers,
          body: Buffer.concat(chunks, kept),
          truncated: seen > kept || (error !== null && status !== null),
          error: error && status !== null ? midBody(error, status, firstByteAt === null ? null : firstByteAt - t0, req.timeoutMs) : error,
          connectMs: connectAt === null ? null : round(connectAt - t0),
          firstByteMs: firstByteAt === null ? null : round(firstByteAt - t0),
          totalMs: round(now - t0),
        })
      }

      const timer = setTimeout(() => {
        const err = new Error(`no response headers within ${req.timeoutMs} ms`)
        finish({ code: 'E_TIMEOUT', message: err.message })
        controllerRef?.abort(err)
      }, req.timeoutMs)
      const stop = (message: string): void => {
        finish({ code: 'E_STOPPED', message })
        controllerRef?.abort(new Error(message))
      }
      live.add(stop)

      const target = parseTarget(req.url)
      if (!target) {
        finish({ code: 'E_NETWORK', message: `invalid URL ${req.url}` })
        return
      }
      const flat: string[] = []
      for (const [name, value] of req.headers) flat.push(name, value)

      const handler: Dispatcher.DispatchHandler = {
        onRequestStart(controller) {
          controllerRef = controller
          if (done) controller.abort(new Error('timed out before the request started'))
          connectAt = performance.now()
        },
        onResponseStart(controller, statusCode, resHeaders) {
          if (statusCode < 200 && statusCode !== 101) return // 1xx informational
          firstByteAt = performance.now()
          status = statusCode
          headers = headerPairs(controller.rawHeaders, resHeaders)
        },
        onResponseData(controller, chunk) {
          seen += chunk.length
          if (kept < RESPONSE_BODY_CAP) {
            const take = chunk.subarray(0, RESPONSE_BODY_CAP - kept)
            chunks.push(Buffer.from(take))
            kept += take.length
          }
          if (seen > DRAIN_LIMIT) {
            finish(null)
            controller.abort(new Error('response body too large; connection dropped'))
          }
        },
        onResponseEnd() {
          finish(null)
        },
        onResponseError(_controller, err) {
          finish(withLocalHint(mapError(err, req.timeoutMs), target.local))
        },
      }

      try {
        localTls.pick(target.local).dispatch(
          {
            origin: target.origin,
            path: target.path,
            method: req.method as Dispatcher.HttpMethod,
            headers: flat,
            body: req.body,
            headersTimeout: req.timeoutMs,
            bodyTimeout: req.timeoutMs,
          },
          handler,
        )
      } catch (err) {
        finish(withLocalHint(mapError(err, req.timeoutMs), target.local))
      }
    })
  }

  const withLocalHint = (e: { code: ErrorCode; message: string }, local: boolean): { code: ErrorCode; message: string } =>
    e.code === 'E_TLS' ? { ...e, message: localTls.hint(e.message, local) } : e

  return {
    send,
    abortAll(message) {
      for (const stop of [...live]) stop(message)
    },
    async close() {
      if (!options.dispatcher) await agent.close()
      await localTls.close()
    },
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100
}

function headerPairs(raw: Dispatcher.DispatchController['rawHeaders'], parsed: Record<string, string | string[] | undefined>): HeaderPairs {
  const out: HeaderPairs = []
  if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) out.push([String(raw[i]), String(raw[i + 1])])
    return out
  }
  for (const [name, value] of Object.entries(parsed)) {
    if (Array.isArray(value)) for (const v of value) out.push([name, v])
    else if (value !== undefined) out.push([name, value])
  }
  return out
}

/** undici / Node errors -> our stable codes (the cause chain is searched; undici wraps socket errors). */
export function mapError(err: unknown, timeoutMs: number): { code: ErrorCode; message: string } {
  const codes: string[] = []
  let cur: unknown = err
  for (let depth = 0; cur && depth < 5; depth++) {
    const c = (cur as { code?: unknown }).code
    if (typeof c === 'string') codes.push(c)
    cur = (cur as { cause?: unknown }).cause
  }
  const message = err instanceof Error ? err.message : String(err)
  const has = (...xs: string[]): boolean => codes.some((c) => xs.includes(c))
  // (A timeout once the answer started is reworded by midBody.)
  if (has('UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT'))
    return { code: 'E_TIMEOUT', message: `no response headers within ${timeoutMs} ms` }
  if (has('ECONNREFUSED')) return { code: 'E_CONN_REFUSED', message: 'connection refused' }
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL')) return { code: 'E_DNS', message: `DNS lookup failed: ${message}` }
  if (codes.some(isTlsCode)) return { code: 'E_TLS', message: `TLS error: ${message}` }
  // undici refused to build the request (a header it cannot send, a wrong Content-Length): no retry makes it sendable.
  if (has('UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH'))
    return { code: 'E_INVALID_INPUT', message: `the request cannot be sent as built: ${message}` }
  if (has('ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED')) return { code: 'E_RESET', message: `connection reset: ${message}` }
  return { code: 'E_NETWORK', message }
}

/** An error that came after the status and headers: says that the answer started, and which way it broke off. */
function midBody(e: { code: ErrorCode; message: string }, status: number, headersMs: number | null, timeoutMs: number): { code: ErrorCode; message: string } {
  const started = `the answer started (HTTP ${status}${headersMs === null ? '' : ` after ${Math.round(headersMs)} ms`})`
  if (e.code === 'E_TIMEOUT') return { code: e.code, message: `${started} but its body was not complete within ${timeoutMs} ms` }
  if (e.code === 'E_RESET') return { code: e.code, message: `${started} but the connection closed mid-body (${e.message})` }
  return { code: e.code, message: `${started}; then ${e.message}` }
}
