// Header values are held one byte per character (latin1: how Node reads them and undici writes them).
// Shared by Copy as cURL (preload, both sides) and the headers table (renderer).

/** The text a header value's bytes spell when they are UTF-8 beyond ASCII ("cafÃ©" → "café"); null otherwise
 *  (plain ASCII, bytes that are not UTF-8, or a value that is already text, with characters above 0xFF). */
export function utf8Text(value: string): string | null {
  if (!/[\u0080-\u00ff]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return null
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(value, (c) => c.charCodeAt(0)))
  } catch {
    return null
  }
}
