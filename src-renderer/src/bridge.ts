// The one way views call main: typed by the contract, errors surfaced as toasts with the engine's code.
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../src-preload/contract'
import { getBridge } from './transport'
import { toast } from './stores/toasts'

export interface CallError {
  code: string
  message: string
}

export function asCallError(e: unknown): CallError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    return { code: String((e as CallError).code), message: String((e as CallError).message) }
  }
  return { code: 'E_INTERNAL', message: e instanceof Error ? e.message : String(e) }
}

/** Calls a contract method; on failure shows a toast and rethrows the {code, message}. */
export function call<M extends MethodName>(method: M, input: MethodInput<M>, opts: { quiet?: boolean } = {}): Promise<MethodOutput<M>> {
  return reported(getBridge().invoke(method, input), opts)
}

/** A call already made (e.g. before the UI loaded), failing the way `call` does. */
export async function reported<T>(pending: Promise<T>, opts: { quiet?: boolean } = {}): Promise<T> {
  try {
    return await pending
  } catch (e) {
    const err = asCallError(e)
    if (!opts.quiet) toast.error(err.code, err.message)
    throw err
  }
}

export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return getBridge().on(event, listener)
}
