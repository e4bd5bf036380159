// `hooklab serve` under a test's control, for specs that stop and restart it on one home and port
// (the shared fixture, fixtures.ts, starts one per test with it and only stops it at the end).
import { spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { resolve } from 'node:path'

const CLI = resolve(__dirname, '..', '..', 'out', 'main', 'cli.js')

export interface ServeRun {
  /** The UI URL with its token, as printed on the first line. */
  url: string
  port: number
  token: string
  receiverUrl: string
  /** What it printed so far (stdout, then stderr), for failure messages. */
  output(): string
  /** Ends it (SIGTERM, or SIGKILL as a crash would) and waits for the exit. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>
}

export async function startServeOn(home: string, port: number, extra: readonly string[] = []): Promise<ServeRun> {
  const env = { ...process.env }
  delete env.HOOKLAB_HOME
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--receiver-port', '0', '--home', home, ...extra], { env })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  const lines = await new Promise<string[]>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`hooklab serve printed no URL within 20 s:\n${stdout}\n${stderr}`)), 20_000)
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString()
      const got = stdout.split('\n').filter(Boolean)
      if (got.length >= 2) {
        clearTimeout(timer)
        resolvePromise(got)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`hooklab serve exited with ${code} (did you run npm run build?):\n${stdout}\n${stderr}`))
    })
  })
  const url = lines[0] ?? ''
  const m = /^http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+)$/.exec(url)
  if (!m) throw new Error(`unexpected first line: ${url}`)
  const receiverUrl = /(http:\/\/127\.0\.0\.1:\d+)/.exec(lines[1] ?? '')?.[1] ?? ''
  return { url, port: Number(m[1]), token: m[2] ?? '', receiverUrl, output: () => `${stdout}\n${stderr}`, stop: (signal) => stopServe(child, signal) }
}

async function stopServe(child: ChildProcessWithoutNullStreams, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  child.kill(signal)
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

/** One contract call over a fresh socket, as a second tab would make it (the test's view of the engine). */
export async function callServe<T = unknown>(uiUrl: string, method: string, input: unknown = {}): Promise<T> {
  const { default: WebSocket } = await import('ws')
  const u = new URL(uiUrl)
  const ws = new WebSocket(`ws://${u.host}/ws${u.search}`, { headers: { Origin: u.origin } })
  try {
    await new Promise((r, j) => {
      ws.once('open', r)
      ws.once('error', j)
    })
    const reply = new Promise<{ ok: boolean; result?: T; error?: { message: string } }>((r) => ws.once('message', (d) => r(JSON.parse(String(d)))))
    ws.send(JSON.stringify({ id: 1, method, input }))
    const got = await reply
    if (!got.ok) throw new Error(`${method}: ${got.error?.message}`)
    return got.result as T
  } finally {
    ws.close()
  }
}
