// The engine never reads the wall clock directly, so tests can move time.
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }
