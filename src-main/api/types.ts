// The api layer's shapes: one handler per contract method, typed from the contract.
import type { z } from 'zod'
import type { EventName, EventPayload, MethodName, MethodOutput, methods } from '../../src-preload/contract'

/** A method's input after the contract schema parsed it (defaults filled in). */
export type ParsedInput<M extends MethodName> = z.output<(typeof methods)[M]['input']>

export type Handler<M extends MethodName> = (input: ParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M>

export type Handlers = { [M in MethodName]: Handler<M> }

/** Pushes one contract event to the UI (every window / every socket). */
export type EventSender = <E extends EventName>(event: E, payload: EventPayload<E>) => void
