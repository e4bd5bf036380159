// createHandlers: every contract method mapped to engine calls, one area per file.
import type { Engine } from '../engine/engine'
import { appHandlers } from './app'
import { capturesVerifyHandlers } from './captures-verify'
import { composeHandlers } from './compose'
import type { ApiEnv } from './context'
import { deliveryHandlers } from './deliveries'
import { endpointHandlers } from './endpoints'
import { receivingHandlers } from './receiving'
import type { Handlers } from './types'

export function createHandlers(engine: Engine, env: ApiEnv): Handlers {
  const ctx = { engine, env }
  return {
    ...appHandlers(ctx),
    ...endpointHandlers(ctx),
    ...composeHandlers(ctx),
    ...deliveryHandlers(ctx),
    ...receivingHandlers(ctx),
    ...capturesVerifyHandlers(ctx),
  }
}
