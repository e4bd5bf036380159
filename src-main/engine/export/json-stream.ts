// What both exports share: bodies as UTF-8 text or base64, ISO times, and writes that wait for
// 'drain', so a slow destination holds one page in memory, never the whole log.
import { once } from 'node:events'
import type { Writable } from 'node:stream'

// ignoreBOM keeps a leading BOM in the text (the default drops it), so the text is the body's bytes exactly.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Text when the bytes are valid UTF-8 without control characters other than whitespace, else base64. */
export function encodeBody(body: Buffer): { encoding: 'utf8' | 'base64'; body: string } {
  try {
    const text = utf8.decode(body)
    if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) return { encoding: 'utf8', body: text }
  } catch {
    // not UTF-8
  }
  return { encoding: 'base64', body: body.toString('base64') }
}

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())

/** Writes `chunk`, resolving once the destination can take more. */
export function backpressured(out: Writable): (chunk: string) => Promise<void> {
  return async (chunk) => {
    if (!out.write(chunk)) await once(out, 'drain')
  }
}
