// A bare node:http sink in its own process: answers 200 after an optional delay, counts
// requests, and (when asked) records each webhook-id and its arrival time for B3/B4.
import { createServer } from 'node:http'
import { performance } from 'node:perf_hooks'
import { announceReady, childParams, cpuMsSince, serveCalls } from '../lib/child-side'

interface SinkParams {
  delayMs?: number
  recordIds?: boolean
}

const params = childParams<SinkParams>()
let count = 0
let inFlight = 0
let cpu0 = process.cpuUsage()
const seen = new Map<string, number>()
const stamps: Array<[string, number]> = []

const server = createServer((req, res) => {
  // Stamped when the request head is parsed: the first bytes of the attempt reached us.
  const at = performance.timeOrigin + performance.now()
  inFlight++
  const id = req.headers['webhook-id']
  req.on('data', () => {})
  req.on('end', () => {
    // Counted on receipt: a request the sender dies waiting on was still delivered once.
    count++
    if (params.recordIds && typeof id === 'string') {
      seen.set(id, (seen.get(id) ?? 0) + 1)
      stamps.push([id, at])
    }
    const answer = (): void => {
      inFlight--
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' })
      res.end('ok')
    }
    if (params.delayMs) setTimeout(answer, params.delayMs)
    else answer()
  })
})
server.keepAliveTimeout = 60_000
server.headersTimeout = 65_000

serveCalls({
  stats: () => {
    let duplicates = 0
    for (const n of seen.values()) if (n > 1) duplicates += n - 1
    return { count, inFlight, distinct: seen.size, duplicates, cpuMs: cpuMsSince(cpu0) }
  },
  ids: () => [...seen.entries()],
  stamps: () => stamps,
  reset: () => {
    count = 0
    seen.clear()
    stamps.length = 0
    cpu0 = process.cpuUsage()
    return true
  },
})

server.listen(0, '127.0.0.1', () => {
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  announceReady({ port, url: `http://127.0.0.1:${port}/hook` })
})
