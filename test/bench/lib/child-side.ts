// Child side of the bench protocol: params arrive as argv[2] (JSON); the child reports
// `ready`, answers `call`s, and sends one `result` (or `failed`).

export function childParams<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T
}

function send(msg: Record<string, unknown>): void {
  process.send?.(msg)
}

export function announceReady(info: Record<string, unknown> = {}): void {
  send({ ...info, type: 'ready' })
}

export function sendResult(value: Record<string, unknown>): void {
  send({ ...value, type: 'result' })
}

export function sendFailure(err: unknown): void {
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err)
  send({ type: 'failed', error: text })
}

/** CPU time this process (every thread) has used since `since` (a process.cpuUsage() reading), in ms. */
export function cpuMsSince(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since)
  return (d.user + d.system) / 1000
}

export type Handler = (args: unknown) => unknown

export function serveCalls(handlers: Record<string, Handler>): void {
  process.on('message', (raw) => {
    const msg = raw as { type: string; id: number; op: string; args: unknown }
    if (msg.type !== 'call') return
    const handler = handlers[msg.op]
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown op ${msg.op}`)
        return handler(msg.args)
      })
      .then(
        (value) => send({ type: 'reply', id: msg.id, value }),
        (err: unknown) => send({ type: 'reply', id: msg.id, error: err instanceof Error ? err.message : String(err) }),
      )
  })
}

/** Runs a one-shot child body and reports its result or failure, then lets the process end. */
export function runOnce(body: () => Promise<Record<string, unknown>>): void {
  body().then(
    (value) => {
      sendResult(value)
      process.disconnect?.()
    },
    (err: unknown) => {
      sendFailure(err)
      process.disconnect?.()
      process.exitCode = 1
    },
  )
}
