// Parent side of the bench's child processes: every load generator, sink and engine runs in
// its own process so no two share an event loop (the machine has few cores).
import { fork, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'

export interface ChildHandle<R = Record<string, unknown>> {
  proc: ChildProcess
  /** The child's first `ready` message (e.g. the port it listens on). */
  ready: Promise<R>
  /** Resolves with the child's `result` message; rejects if it exits without one. */
  result: Promise<Record<string, unknown>>
  call<T>(op: string, args?: unknown): Promise<T>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  stop(signal?: NodeJS.Signals): Promise<void>
}

const CHILDREN_DIR = resolve(__dirname, '../children')

// BENCH_CPU_PROF=<dir> profiles every child that exits normally (node --cpu-prof).
function profileArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []
}

export function startChild<R = Record<string, unknown>>(
  name: string,
  params: unknown,
  opts: { execArgv?: string[]; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): ChildHandle<R> {
  const file = resolve(CHILDREN_DIR, `${name}.ts`)
  const proc = fork(file, [JSON.stringify(params)], {
    execArgv: ['--import', 'tsx', ...profileArgs(), ...(opts.execArgv ?? [])],
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const pending = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>()
  let nextId = 1
  let readyOk!: (v: R) => void
  let readyFail!: (e: Error) => void
  const ready = new Promise<R>((ok, fail) => {
    readyOk = ok
    readyFail = fail
  })
  let resultOk!: (v: Record<string, unknown>) => void
  let resultFail!: (e: Error) => void
  const result = new Promise<Record<string, unknown>>((ok, fail) => {
    resultOk = ok
    resultFail = fail
  })
  // Callers that only use `ready` must not see an unhandled rejection from `result`.
  result.catch(() => {})
  ready.catch(() => {})
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => {
    proc.on('exit', (code, signal) => {
      const err = new Error(`child ${name} exited (code ${code}, signal ${signal})`)
      readyFail(err)
      resultFail(err)
      for (const p of pending.values()) p.fail(err)
      pending.clear()
      ok({ code, signal })
    })
  })
  const timer = opts.timeoutMs
    ? setTimeout(() => {
        resultFail(new Error(`child ${name} timed out after ${opts.timeoutMs} ms`))
        proc.kill('SIGKILL')
      }, opts.timeoutMs)
    : null
  timer?.unref()
  proc.on('message', (raw) => {
    const msg = raw as { type: string; id?: number; value?: unknown; error?: string } & Record<string, unknown>
    if (msg.type === 'ready') readyOk(msg as unknown as R)
    else if (msg.type === 'result') resultOk(msg)
    else if (msg.type === 'failed') {
      const err = new Error(`child ${name} failed: ${String(msg.error)}`)
      readyFail(err)
      resultFail(err)
    } else if (msg.type === 'reply' && msg.id !== undefined) {
      const p = pending.get(msg.id)
      pending.delete(msg.id)
      if (msg.error !== undefined) p?.fail(new Error(msg.error))
      else p?.ok(msg.value)
    }
  })
  return {
    proc,
    ready,
    result,
    exited,
    call<T>(op: string, args?: unknown): Promise<T> {
      const id = nextId++
      return new Promise<T>((ok, fail) => {
        pending.set(id, { ok: ok as (v: unknown) => void, fail })
        proc.send({ type: 'call', id, op, args })
      })
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (timer) clearTimeout(timer)
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill(signal)
        const force = setTimeout(() => proc.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(force)
      }
    },
  }
}
