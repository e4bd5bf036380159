// The {{counter}} of composed webhooks keeps counting across sends and reloads (order 41, 42, 43 …):
// the renderer keeps it and tells main where a send starts; main fills in every variable
// (src-preload/template-vars.ts).
export { fillVariables, substituteForLint } from '../../../src-preload/template-vars'

const COUNTER_KEY = 'hooklab.template.counter'

const last = (): number => Number(localStorage.getItem(COUNTER_KEY) ?? '0') || 0

/** The counter the next message will get (the preview shows it; nothing is used up). */
export function peekCounter(): number {
  return last() + 1
}

/** Takes `n` counter values for a send of n messages; returns the first. */
export function takeCounters(n: number): number {
  const first = last() + 1
  localStorage.setItem(COUNTER_KEY, String(first + n - 1))
  return first
}
