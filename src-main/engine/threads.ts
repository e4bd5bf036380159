// What the engine's worker threads share: finding their script, and errors crossing the thread.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { ERROR_CODES, HooklabError, toErrorPayload } from './errors'
import type { ErrorCode } from './errors'

/**
 * A worker's script: the built entry (out/main/<name>.js, next to the bundle that loads it) or,
 * from source, the tsx shim (<name>.cjs) in the loading module's folder `dir`.
 */
export function threadScript(dir: string, name: string): string | null {
  const candidates = [join(dir, `${name}.js`), join(dir, '..', `${name}.js`), join(dir, `${name}.cjs`)]
  return candidates.find((f) => existsSync(f)) ?? null
}

/** `{code, message}` keeping SQLite's own code (SQLITE_FULL …): the dispatcher's hold path reads it. */
export function errorPayload(err: unknown): { code: string; message: string } {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code)
    return { code, message: err instanceof Error ? err.message : String(err) }
  return toErrorPayload(err)
}

/** The error a payload stood for, on this side of the thread. */
export function errorFromPayload(p: { code: string; message: string }): Error {
  if ((ERROR_CODES as readonly string[]).includes(p.code))
    return new HooklabError(p.code as ErrorCode, p.message)
  return Object.assign(new Error(p.message), { code: p.code })
}

/** Asks a worker to close its connection and end; past two seconds it is terminated. */
export async function endWorker(w: Worker): Promise<void> {
  const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()))
  w.postMessage({ type: 'close' })
  // A ref'd timer on purpose (see checkpointer.ts): an unref'd wait lets Node end a CLI here.
  let timer: NodeJS.Timeout | undefined
  await Promise.race([exited, new Promise<void>((r) => (timer = setTimeout(r, 2000)))])
  clearTimeout(timer)
  await w.terminate().catch(() => undefined)
}
