// A body over a megabyte (an export, a batch webhook, often minified on one line) is edited plainly: CodeMirror's
// wrapping, JSON highlighting and bracket matching lay out and parse the whole line, which froze the tab for
// seconds at 9 MB, and a JSON check on every key costs a full parse. So above this size the editor is plain,
// the draft keeps the body as captured (not pretty-printed), and the check and preview wait for a pause in typing.
import { useEffect, useState } from 'react'

/** Bodies longer than this (in characters) get the plain editor and the checks after a pause. */
export const LARGE_BODY_CHARS = 1_000_000

/** How long typing in a large body pauses before it is checked and previewed, in ms. */
export const LARGE_BODY_SETTLE_MS = 600

/** For a string, or CodeMirror's document. */
export const isLargeBody = (text: { readonly length: number }): boolean => text.length > LARGE_BODY_CHARS

/**
 * `text` as of the last pause in typing while a large body is being edited; as it is otherwise (a small body,
 * or one that has just become large, like a capture opened in Send: that one is checked at once).
 */
export function useSettledBody(text: string): string {
  const large = isLargeBody(text)
  const [settled, setSettled] = useState(text)
  useEffect(() => {
    if (!large || text === settled) return
    const t = setTimeout(() => setSettled(text), LARGE_BODY_SETTLE_MS)
    return () => clearTimeout(t)
  }, [text, settled, large])
  return large && isLargeBody(settled) ? settled : text
}

/** What stands in for the editor while its chunk loads: the start of a large body (a 9 MB <pre> takes seconds to lay out). */
export function bodyHead(text: string): string {
  return isLargeBody(text) ? `${text.slice(0, 20_000)}…` : text
}

/** The UTF-8 size of `text` in bytes, counted without encoding it (a large body's copy took a quarter second). */
export function utf8Length(text: string): number {
  // Most bodies are ASCII: one byte a character, found by one fast scan.
  if (!/[^\u0000-\u007f]/.test(text)) return text.length
  let n = text.length
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) continue
    if (c < 0x800) n += 1
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2 // a surrogate pair: 4 bytes for 2 UTF-16 units
      i++
    } else n += 2 // 3 bytes (a lone surrogate becomes U+FFFD, also 3)
  }
  return n
}
