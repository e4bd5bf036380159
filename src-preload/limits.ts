// Bounds the engine, the contract and the CLI share (plain values: this runs everywhere).

/** A per-attempt timeout, in ms: the endpoint dialog's range, and what `send --timeout` and the engine accept. */
export const ATTEMPT_TIMEOUT_MS = { min: 100, max: 300_000 } as const

/** Most captures one "Replay all" (replay --inbox) takes: it refuses more, sending none. */
export const REPLAY_MANY_MAX = 1000
