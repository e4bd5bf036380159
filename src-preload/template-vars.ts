// The template variables of a composed webhook, filled in by main for every message it sends (body
// and extra headers, the same values in both): {{uuid}} (a fresh one per occurrence), {{now}} (ISO
// time), {{timestamp}} (unix seconds) and {{counter}} (one number per message). The renderer uses the
// same pattern for its JSON check. Pure (globalThis.crypto exists in Node 20 and in browsers), so
// both sides import it, as they do curl.ts.

const VARIABLE = /\{\{\s*(uuid|now|timestamp|counter)\s*\}\}/g

/** `text` with its variables filled in for the message numbered `counter`, sent at `now` (ms). */
export function fillVariables(text: string, counter: number, now: number): string {
  if (!text.includes('{{')) return text
  return text.replace(VARIABLE, (_m, name: string) =>
    name === 'uuid' ? globalThis.crypto.randomUUID() : name === 'now' ? new Date(now).toISOString() : name === 'timestamp' ? String(Math.floor(now / 1000)) : String(counter),
  )
}

/** For a JSON syntax check: each variable replaced by a stand-in that is valid where it is used (quoted or not). */
export function substituteForLint(text: string): string {
  return text.replace(VARIABLE, (_m, name: string) => (name === 'counter' || name === 'timestamp' ? '1' : 'x'))
}
