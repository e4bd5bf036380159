// What a failed call throws in the renderer, whichever transport carried it.
import type { ErrorPayload } from '../../../src-preload/contract'

export class BridgeError extends Error {
  readonly code: string
  constructor(payload: ErrorPayload) {
    super(payload.message)
    this.name = 'BridgeError'
    this.code = payload.code
  }
}

export function isBridgeError(err: unknown): err is BridgeError {
  return err instanceof BridgeError
}
