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

/**
 * The document written piece by piece (a delivery, a capture): small pieces are gathered into chunks
 * of about `chunkChars`, a big one goes out with at most that much before it. Never a page joined into
 * one string: with bodies near 10 MB that passed V8's largest string (~512 MB).
 */
export function pieceWriter(out: Writable, chunkChars = 64 * 1024): { add(piece: string): Promise<void>; end(piece: string): Promise<void> } {
  const write = backpressured(out)
  let pending = ''
  return {
    async add(piece) {
      pending += piece
      if (pending.length < chunkChars) return
      const chunk = pending
      pending = ''
      await write(chunk)
    },
    async end(piece) {
      const chunk = pending + piece
      pending = ''
      await write(chunk)
    },
  }
}
