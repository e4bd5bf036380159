// Header pairs a user gives (an endpoint's, a message's, an inbox's answer): checked when saved, so a
// name or value HTTP cannot carry is refused with its name instead of failing every attempt later; and
// layered (defaults, an endpoint's, a message's, a signature's) into what goes out.
import { validateHeaderName, validateHeaderValue } from 'node:http'
import { HooklabError } from './errors'
import type { HeaderPairs } from './signing/types'

/** Headers a webhook request cannot carry as given: undici refuses them (or the body sets them). */
export const REQUEST_RESERVED: ReadonlyMap<string, string> = new Map([
  ['content-length', 'is set from the body'],
  ['transfer-encoding', 'is set from the body'],
  ['expect', 'cannot be sent (the body always goes with the request)'],
  ['upgrade', 'cannot be sent on a webhook request'],
  ['keep-alive', 'cannot be sent (connections are kept alive by Hooklab)'],
])

/** Throws E_INVALID_INPUT naming `where` and the header when it could not go out; `reserved` maps names to why not. */
export function checkHeaderPairs(headers: HeaderPairs, where: string, reserved: ReadonlyMap<string, string>): void {
  for (const [name, value] of headers) {
    try {
      validateHeaderName(name)
    } catch {
      throw new HooklabError('E_INVALID_INPUT', `${where}: "${name}" is not a valid header name`)
    }
    const why = reserved.get(name.toLowerCase())
    if (why) throw new HooklabError('E_INVALID_INPUT', `${where}: ${name} ${why}`)
    try {
      validateHeaderValue(name, value)
    } catch {
      throw new HooklabError('E_INVALID_INPUT', `${where}: the value of ${name} has ${unsendable(value)}, which a header cannot carry`)
    }
  }
}

/**
 * The layers merged in order: a layer's header replaces those of the same name (any case) from the
 * layers before it, and keeps its own repeats (two X-Tag headers given together both go out).
 */
export function mergeHeaderLayers(...layers: HeaderPairs[]): HeaderPairs {
  const out: HeaderPairs = []
  const names: string[] = []
  for (const layer of layers) {
    if (layer.length === 0) continue
    const own = layer.map(([n]) => n.toLowerCase())
    for (let i = names.length - 1; i >= 0; i--) {
      if (own.includes(names[i]!)) {
        out.splice(i, 1)
        names.splice(i, 1)
      }
    }
    for (let i = 0; i < layer.length; i++) {
      out.push(layer[i]!)
      names.push(own[i]!)
    }
  }
  return out
}

/** The first character of a header value that cannot go out, as a person would name it. */
function unsendable(value: string): string {
  for (const ch of value) {
    const c = ch.codePointAt(0)!
    if (c === 10 || c === 13) return 'a line break'
    if (c === 0) return 'a NUL character'
    if (c < 32 && c !== 9) return `a control character (U+${c.toString(16).toUpperCase().padStart(4, '0')})`
    if (c > 0xff) return `"${ch}" (headers carry single bytes: only Latin-1 text)`
  }
  return 'a character'
}
