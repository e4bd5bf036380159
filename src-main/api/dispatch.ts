// The single entry for every call from a UI, over IPC or the WebSocket: the method name is
// checked against the contract, the input parsed with its schema, and every failure becomes
// `{code, message}` so no stack trace ever crosses the bridge.
import type { z } from 'zod'
import { isMethodName, methods } from '../../src-preload/contract'
import type { RpcResult } from '../../src-preload/wire'
import { toErrorPayload } from '../engine/errors'
import type { Logger } from '../engine/logger'
import type { Handlers } from './types'

export interface DispatchOptions {
  /** Parse outputs too (strips fields the contract does not name); on by default. */
  checkOutput?: boolean
  logger?: Logger
}

export function formatIssues(error: z.ZodError, root: string): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${[root, ...issue.path.map(String)].join('.')}: ${issue.message}`)
    .join('; ')
}

export async function dispatch(
  handlers: Handlers,
  method: unknown,
  input: unknown,
  options: DispatchOptions = {},
): Promise<RpcResult> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'E_INVALID_INPUT', message: `unknown method ${describe(method)}` } }
  }
  const schema = methods[method]
  const parsed = schema.input.safeParse(input ?? {})
  if (!parsed.success) {
    return { ok: false, error: { code: 'E_INVALID_INPUT', message: `${method}: ${formatIssues(parsed.error, 'input')}` } }
  }
  try {
    const handler = handlers[method] as (input: unknown) => unknown
    const result: unknown = await handler(parsed.data)
    if (options.checkOutput === false) return { ok: true, result }
    const out = schema.output.safeParse(result)
    if (!out.success) {
      options.logger?.error('handler output does not match the contract', { method, issues: formatIssues(out.error, 'output') })
      return { ok: false, error: { code: 'E_INTERNAL', message: `${method} returned an invalid result (${formatIssues(out.error, 'output')})` } }
    }
    return { ok: true, result: out.data }
  } catch (err) {
    const payload = toErrorPayload(err)
    if (payload.code === 'E_INTERNAL') options.logger?.error('handler failed', { method, message: payload.message })
    return { ok: false, error: payload }
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 80))
  return typeof value
}
