// Browser mode (`hooklab serve`): the built renderer plus a WebSocket carrying exactly the
// contract, on 127.0.0.1 only. Every request needs the token and our own Host/Origin.
// captures.import may need a message of 100 MB: it comes on a socket of its own (BULK_WS_PATH),
// so the UI's socket holds every other call to a size the contract's inputs need.
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { WebSocket } from 'ws'
import type { EventName, EventPayload } from '../../src-preload/contract'
import { BULK_METHODS, BULK_WS_PATH, FIRST_PAGE_INPUT, FIRST_PAGE_PATH, WS_PATH } from '../../src-preload/wire'
import type { RpcResult, WsEvent, WsResponse } from '../../src-preload/wire'
import { dispatch } from '../api/dispatch'
import { listenOn } from '../engine/listen'
import type { DispatchOptions } from '../api/dispatch'
import type { Handlers } from '../api/types'
import type { Logger } from '../engine/logger'
import { silentLogger } from '../engine/logger'
import { DOWNLOAD_PREFIX } from './downloads'
import { exportFileName } from '../api/export-stream'
import type { ExportDownloads } from './downloads'
import {
  cookieName,
  fetchSiteAllowed,
  hostAllowed,
  newToken,
  originAllowed,
  readCookies,
  securityHeaders,
  tokenMatches,
} from './security'
import { resolveStatic, sendFile } from './static'

export interface HostOptions {
  handlers: Handlers
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 = ephemeral. */
  port?: number
  host?: '127.0.0.1'
  /** `hooklab serve` passes the one kept in the home (token-file.ts); random 32 bytes otherwise. */
  token?: string
  downloads?: ExportDownloads
  logger?: Logger
  /** Largest message on the UI's socket (default MAX_CALL_BYTES). */
  maxMessageBytes?: number
  /** Largest message on the bulk socket (default MAX_MESSAGE_BYTES). */
  maxBulkMessageBytes?: number
  /** Events to a socket are dropped while this much is still unsent to it (a stuck tab). */
  maxBufferedBytes?: number
  dispatch?: DispatchOptions
  /** Calls one socket may have unanswered at once; beyond it the socket is closed. */
  maxInFlight?: number
}

export interface Host {
  start(): Promise<{ url: string; port: number; token: string }>
  stop(): Promise<void>
  /** Sends an event to every connected UI. */
  broadcast<E extends EventName>(event: E, payload: EventPayload<E>): void
  readonly clientCount: number
}

/**
 * The largest WebSocket message a UI may send. The biggest call is captures.import: its text may be 50 MB
 * (contract.ts, InboxView.tsx), and JSON-encoding it into the message can double it (each `"` and `\\` of a
 * captures document is escaped), so 50 MB × 2 plus the envelope; still a bound, so a runaway tab cannot
 * make the host buffer without limit.
 */
export const MAX_MESSAGE_BYTES = 112 * 1024 * 1024

/**
 * The largest message on the UI's socket. Every other input is at most 10 M characters (a body, a
 * cURL command, a settings file: contract.ts), 30 MB once UTF-8 encoded if each is 3 bytes, plus the
 * envelope. A bigger message is refused by its length, before any of it is read into memory.
 */
export const MAX_CALL_BYTES = 32 * 1024 * 1024

export function createHost(options: HostOptions): Host {
  const logger = options.logger ?? silentLogger
  const token = options.token ?? newToken()
  const maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024
  const maxInFlight = options.maxInFlight ?? 256
  const dispatchOptions: DispatchOptions = { logger, ...options.dispatch }
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? MAX_CALL_BYTES })
  // Not in wss.clients: events go to the UI's sockets only.
  const bulk = new WebSocketServer({ noServer: true, maxPayload: options.maxBulkMessageBytes ?? MAX_MESSAGE_BYTES })
  const server = createServer((req, res) => {
    handleHttp(req, res).catch((err: unknown) => {
      logger.error('browser-mode request failed', { message: err instanceof Error ? err.message : String(err) })
      if (!res.headersSent) plain(res, 500, 'internal error')
      else res.destroy()
    })
  })
  let port = 0

  function plain(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { ...securityHeaders(port), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
    res.end(`${text}\n`)
  }

  /** null when allowed, else the status and reason to refuse with. */
  function gate(req: IncomingMessage, url: URL): [number, string] | null {
    if (!hostAllowed(req, port)) return [403, 'forbidden: unexpected Host header']
    if (!originAllowed(req, port)) return [403, 'forbidden: cross-origin request']
    if (!fetchSiteAllowed(req)) return [403, 'forbidden: cross-site request']
    const fromQuery = url.searchParams.get('token')
    const fromCookies = readCookies(req, cookieName(port))
    if (!tokenMatches(token, fromQuery) && !fromCookies.some((c) => tokenMatches(token, c))) {
      return [401, 'unauthorized: open the URL printed by `hooklab serve` (it carries the token)']
    }
    return null
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    for (const [name, value] of Object.entries(securityHeaders(port))) res.setHeader(name, value)
    const refused = gate(req, url)
    if (refused) return plain(res, refused[0], refused[1])
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed')

    // The token moves from the URL into an HttpOnly cookie, and the URL is cleaned so it does
    // not linger in history or screenshots.
    if (url.searchParams.has('token')) {
      url.searchParams.delete('token')
      res.setHeader('Set-Cookie', `${cookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`)
      res.writeHead(303, { Location: url.pathname + url.search, 'Cache-Control': 'no-store' })
      res.end()
      return
    }

    if (url.pathname.startsWith(DOWNLOAD_PREFIX)) return download(url.pathname.slice(DOWNLOAD_PREFIX.length), res)
    if (url.pathname === FIRST_PAGE_PATH) return firstPage(res, req.method === 'HEAD')

    const file = resolveStatic(options.rendererDir, url.pathname)
    if (!file) return plain(res, 404, 'not found')
    // The page's first query starts with its scripts instead of after them and a handshake.
    if (file.endsWith('.html')) res.setHeader('Link', `<${FIRST_PAGE_PATH}>; rel=preload; as=fetch; crossorigin`)
    sendFile(res, file, req.method === 'HEAD')
  }

  /** The first deliveries page as the socket would answer it (an RpcResult), never cached. */
  async function firstPage(res: ServerResponse, headOnly: boolean): Promise<void> {
    const body = JSON.stringify(await dispatch(options.handlers, 'deliveries.list', FIRST_PAGE_INPUT, dispatchOptions))
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      'Cache-Control': 'no-store',
    })
    res.end(headOnly ? undefined : body)
  }

  async function download(id: string, res: ServerResponse): Promise<void> {
    const job = options.downloads?.take(id)
    if (!options.downloads || !job) return plain(res, 404, 'this export link was already used or has expired')
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${exportFileName(job.kind)}"`,
      'Cache-Control': 'no-store',
    })
    await options.downloads.run(job, res)
    if (!res.writableEnded) res.end()
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    // No request, however malformed, may take the server (and the engine in it) down.
    try {
      upgrade(req, socket, head, refuse)
    } catch (err) {
      logger.error('browser-mode upgrade failed', { message: err instanceof Error ? err.message : String(err) })
      refuse(500, 'Internal Server Error')
    }
  })

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, refuse: (status: number, text: string) => void): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const server = url.pathname === WS_PATH ? wss : url.pathname === BULK_WS_PATH ? bulk : null
    if (!server) return refuse(404, 'Not Found')
    // A WebSocket is not bound by CORS, so Origin is required and must be ours.
    if (req.headers.origin === undefined) return refuse(403, 'Forbidden')
    const refused = gate(req, url)
    if (refused) return refuse(refused[0], refused[0] === 401 ? 'Unauthorized' : 'Forbidden')
    server.handleUpgrade(req, socket, head, (ws) => server.emit('connection', ws, req))
  }

  const serve =
    (allowed: readonly string[] | null) =>
    (ws: WebSocket): void => {
      let inFlight = 0
      ws.on('message', (data, isBinary) => {
        if (isBinary) return ws.close(1003, 'text frames only')
        // A runaway page cannot queue unbounded work in the engine.
        if (inFlight >= maxInFlight) return ws.close(1008, 'too many calls in flight')
        inFlight++
        void onMessage(ws, data.toString(), allowed).finally(() => inFlight--)
      })
      ws.on('error', () => ws.terminate())
    }
  wss.on('connection', serve(null))
  // Its big limit is for these methods only: anything else sent there is refused unread by the engine.
  bulk.on('connection', serve(BULK_METHODS))

  async function onMessage(ws: WebSocket, text: string, allowed: readonly string[] | null): Promise<void> {
    let frame: unknown
    try {
      frame = JSON.parse(text)
    } catch {
      return ws.close(1007, 'invalid JSON')
    }
    if (typeof frame !== 'object' || frame === null || typeof (frame as { id?: unknown }).id !== 'number') {
      return ws.close(1008, 'frames are {id, method, input}')
    }
    const { id, method, input } = frame as { id: number; method: unknown; input: unknown }
    const result: RpcResult =
      allowed && !allowed.includes(String(method))
        ? { ok: false, error: { code: 'E_INVALID_INPUT', message: `${typeof method === 'string' ? method.slice(0, 64) : typeof method} is not taken on ${BULK_WS_PATH}; use ${WS_PATH}` } }
        : await dispatch(options.handlers, method, input, dispatchOptions)
    if (ws.readyState !== ws.OPEN) return
    const reply: WsResponse = { id, ...result }
    ws.send(JSON.stringify(reply))
  }

  return {
    get clientCount() {
      return wss.clients.size
    },
    async start() {
      await listenOn(server, options.port ?? 0, options.host ?? '127.0.0.1', 'browser mode')
      port = (server.address() as AddressInfo).port
      return { url: `http://127.0.0.1:${port}/?token=${token}`, port, token }
    },
    async stop() {
      for (const ws of [...wss.clients, ...bulk.clients]) ws.close(1001, 'Hooklab is shutting down')
      wss.close()
      bulk.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
    broadcast(event, payload) {
      if (wss.clients.size === 0) return
      const frame: WsEvent = { event, payload }
      const text = JSON.stringify(frame)
      for (const ws of wss.clients) {
        if (ws.readyState === ws.OPEN && ws.bufferedAmount < maxBuffered) ws.send(text)
      }
    },
  }
}
